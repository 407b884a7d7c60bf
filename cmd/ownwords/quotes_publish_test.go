package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
	"ownwords/quotes"
	"ownwords/sqldb"
)

// publishStudy is a study file with two owners (ann, bob) and a coder
// (cat), all with the password in pw, and six participants whose consensus
// passages back the figure vulnerabilities/poverty; k is 3.
type publishStudy struct {
	path, pw string
	vars     map[string]string
	st       ownwords.Store
	study    *ownwords.Study
	poverty  *ownwords.Code
	coderID  string
	n        int
}

func newPublishStudy(t *testing.T) *publishStudy {
	t.Helper()
	dir := t.TempDir()
	s := &publishStudy{path: filepath.Join(dir, "q.ownwords"), pw: writeFile(t, dir, "pw", "a-long-enough-password\n"),
		vars: map[string]string{EnvPassphrase: "correct horse battery"}}
	mustCLI(t, s.vars, "init", "--store", s.path, "--name", "Publish")
	for name, role := range map[string]string{"ann": "owner", "bob": "owner", "cat": "coder"} {
		mustCLI(t, s.vars, "user", "add", "--store", s.path, "--role", role, "--password-file", s.pw, name)
	}
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: s.path, Passphrase: []byte(s.vars[EnvPassphrase])})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s.st = st
	ctx := t.Context()
	if s.study, err = resolveStudy(ctx, st, ""); err != nil {
		t.Fatal(err)
	}
	s.study.Settings.DisclosureK = 3
	s.study.Settings.Redactions = []string{"Abu Omar"}
	mustDo(t, st.UpdateStudy(ctx, s.study))
	for i, slug := range []string{"gender", "origin"} {
		mustDo(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: s.study.ID, Slug: slug, Type: ownwords.AttrCategory, Position: i}))
	}
	section := &ownwords.Code{StudyID: s.study.ID, Slug: "vulnerabilities", Label: "Vulnerabilities"}
	mustDo(t, st.CreateCode(ctx, section))
	s.poverty = &ownwords.Code{StudyID: s.study.ID, ParentID: section.ID, Slug: "poverty", Label: "Poverty"}
	mustDo(t, st.CreateCode(ctx, s.poverty))
	coder, err := st.UserByName(ctx, "cat")
	mustDo(t, err)
	s.coderID = coder.ID
	for range 3 {
		s.add(t, "woman", "Tal Afar", "")
	}
	for range 3 {
		s.add(t, "man", "foreign", "")
	}
	mustDo(t, st.SavePlan(ctx, &ownwords.Plan{StudyID: s.study.ID, Name: "reference",
		Body: []byte(`{"name": "reference", "groups": [{"name": "all", "filter": {}}], "sections": ["vulnerabilities"], "attributes": ["gender"]}`)}))
	return s
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// add adds a participant whose interview's passage (a numbered sentence,
// or quote) is coded poverty in consensus.
func (s *publishStudy) add(t *testing.T, gender, origin, quote string) {
	t.Helper()
	ctx := t.Context()
	s.n++
	if quote == "" {
		quote = fmt.Sprintf("We had no food for %d days.", s.n)
	}
	cat := func(v string) ownwords.Value { return ownwords.Value{Type: ownwords.AttrCategory, Str: v} }
	p := &ownwords.Participant{StudyID: s.study.ID, Code: fmt.Sprintf("P-%02d", s.n), Values: map[string]ownwords.Value{"gender": cat(gender), "origin": cat(origin)}}
	mustDo(t, s.st.CreateParticipant(ctx, p))
	text := "Interviewer: Why?\nAnswer: " + quote
	iv := &ownwords.Interview{StudyID: s.study.ID, ParticipantID: p.ID, Title: p.Code, Language: "en", Transcript: text}
	mustDo(t, s.st.CreateInterview(ctx, iv))
	start := len([]rune("Interviewer: Why?\nAnswer: "))
	mustDo(t, s.st.CreateSegment(ctx, &ownwords.Segment{StudyID: s.study.ID, InterviewID: iv.ID, CodeID: s.poverty.ID, CoderID: s.coderID,
		Layer: ownwords.LayerConsensus, Start: start, End: start + len([]rune(quote)), TextHash: ownwords.HashText(quote)}))
}

// redact sets the study's redaction list, keeping the other settings as
// the commands left them.
func (s *publishStudy) redact(t *testing.T, terms ...string) {
	t.Helper()
	study, err := s.st.Study(t.Context(), s.study.ID)
	mustDo(t, err)
	study.Settings.Redactions = terms
	mustDo(t, s.st.UpdateStudy(t.Context(), study))
}

// publish runs `quotes publish OP` as who with the study's flags.
func (s *publishStudy) publish(t *testing.T, op, who string, args ...string) (int, string, string) {
	t.Helper()
	return cli(t, s.vars, append([]string{"quotes", "publish", op, "--store", s.path, "--user", who, "--password-file", s.pw}, args...)...)
}

// request has who request the poverty quotes and returns the request.
func (s *publishStudy) request(t *testing.T, who string) (*quotes.Request, *quotes.Publication) {
	t.Helper()
	code, out, errOut := s.publish(t, "request", who, "--item", "vulnerabilities/poverty", "--format", "json")
	if code != 0 {
		t.Fatalf("request: exit %d %s", code, errOut)
	}
	var res struct {
		Request     *quotes.Request
		Publication *quotes.Publication
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("request json: %v\n%s", err, out)
	}
	return res.Request, res.Publication
}

// TestQuotesPublish runs the publication workflow through the command
// line: without a second owner's approval the export is refused; with it,
// the file holds exactly the approved text, and the request, the approval
// by another owner and the publication are in the audit log with its hash.
func TestQuotesPublish(t *testing.T) {
	s := newPublishStudy(t)
	custodian, _ := age.GenerateX25519Identity()
	mustCLI(t, s.vars, "key", "custodian", "add", "--store", s.path, custodian.Recipient().String())
	out := filepath.Join(t.TempDir(), "quotes.txt.age")

	if code, _, errOut := s.publish(t, "request", "cat", "--item", "vulnerabilities/poverty"); code != 5 || !strings.Contains(errOut, "cat is coder") {
		t.Fatalf("coder's request: exit %d %s", code, errOut)
	}
	req, pub := s.request(t, "ann")
	if req.Quotes != 6 || pub.Document != "" || len(pub.SHA256) != 64 {
		t.Fatalf("request %+v, publication %+v", req, pub)
	}
	refusals := []struct {
		name, op, who, want string
		code                int
	}{
		{"ErrExportWithoutSecondApprover", "export", "ann", "no approval by a second owner", 5},
		{"ErrApproveByRequester", "approve", "ann", "a second owner must approve it", 5},
		{"ErrApproveByCoder", "approve", "cat", "cat is coder", 5},
		{"ErrApproveWrongPassword", "approve", "bob", "wrong name or password", 5},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			pw := s.pw
			if r.name == "ErrApproveWrongPassword" {
				s.pw = writeFile(t, t.TempDir(), "bad", "not-the-password\n")
			}
			args := []string{"--request", req.ID}
			if r.op == "export" {
				args = append(args, "-o", out)
			}
			code, _, errOut := s.publish(t, r.op, r.who, args...)
			s.pw = pw
			if code != r.code || !strings.Contains(errOut, r.want) {
				t.Fatalf("exit %d %s; want %d and %q", code, errOut, r.code, r.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("a refused step wrote the file")
			}
		})
	}

	code, shown, errOut := s.publish(t, "show", "bob", "--request", req.ID)
	if code != 0 || !strings.Contains(shown, "1. “We had no food for 1 days.”\n   — a Tal Afar woman\n") || !strings.Contains(shown, req.SHA256) {
		t.Fatalf("show: exit %d %s\n%s", code, errOut, shown)
	}
	if code, out, errOut := s.publish(t, "approve", "bob", "--request", req.ID); code != 0 || !strings.Contains(out, "approved by bob") {
		t.Fatalf("approve: exit %d %s %s", code, out, errOut)
	}
	if code, _, errOut := s.publish(t, "export", "ann", "--request", req.ID, "-o", out); code != 0 {
		t.Fatalf("export: exit %d %s", code, errOut)
	}
	data, err := os.ReadFile(out)
	mustDo(t, err)
	r, err := age.Decrypt(bytes.NewReader(data), custodian)
	mustDo(t, err)
	text, err := io.ReadAll(r)
	mustDo(t, err)
	sum := sha256.Sum256(text)
	if hex.EncodeToString(sum[:]) != req.SHA256 || !strings.Contains(shown, string(text)) {
		t.Fatalf("exported text (SHA-256 %x, request %s):\n%s", sum, req.SHA256, text)
	}
	var log []string
	mustDo(t, s.st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Object == req.ID || e.Action == "export.encrypted" {
			log = append(log, fmt.Sprint(e.Actor, " ", e.Action, " ", strings.Contains(e.Detail, req.SHA256)))
		}
		return true
	}))
	want := []string{
		"ann quotes.publish_requested true", "bob quotes.publish_reviewed true", "bob quotes.publish_approved true",
		"ann export.encrypted true", "ann quotes.published true",
	}
	if strings.Join(log, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(log, "\n"), strings.Join(want, "\n"))
	}

	t.Run("ErrChangedAfterApproval", func(t *testing.T) {
		s.add(t, "man", "foreign", "")
		code, _, errOut := s.publish(t, "export", "bob", "--request", req.ID, "-o", out+"2")
		if code != 4 || !strings.Contains(errOut, "changed since it was made") {
			t.Fatalf("exit %d %s", code, errOut)
		}
	})
	t.Run("PlantedNameIsWithheld", func(t *testing.T) {
		s.add(t, "woman", "Tal Afar", "Abu Omar gave us bread when we had no food.")
		req, _ := s.request(t, "bob")
		mustCLI(t, s.vars, "quotes", "publish", "approve", "--store", s.path, "--user", "ann", "--password-file", s.pw, "--request", req.ID)
		_, shown, _ := s.publish(t, "show", "ann", "--request", req.ID)
		if req.Quotes != 7 || strings.Contains(shown, "Omar") || !strings.Contains(shown, "(1 passage withheld") {
			t.Fatalf("request %+v:\n%s", req, shown)
		}
	})
	t.Run("ErrScanFlagsAttribution", func(t *testing.T) {
		// "Tal Afar" is also the origin of three women: once it is on the
		// redaction list, the attribution "a Tal Afar woman" would name it.
		s.redact(t, "Abu Omar", "Tal Afar")
		code, _, errOut := s.publish(t, "request", "ann", "--item", "vulnerabilities/poverty")
		if code != 5 || !strings.Contains(errOut, `quote 1 attribution: names "Tal Afar" of the redaction list`) {
			t.Fatalf("exit %d %s", code, errOut)
		}
	})
}

// TestQuotesPublishUsage checks the subcommand's argument errors.
func TestQuotesPublishUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoOp", []string{"quotes", "publish"}, 2, "Usage: ownwords quotes publish request"},
		{"UnknownOp", []string{"quotes", "publish", "delete"}, 2, "Usage: ownwords quotes publish request"},
		{"ErrNoItem", []string{"quotes", "publish", "request", "--store", "x"}, 2, "--item is required"},
		{"ErrNoRequest", []string{"quotes", "publish", "approve", "--store", "x"}, 2, "--request is required"},
		{"ErrNoOutput", []string{"quotes", "publish", "export", "--store", "x", "--request", "qp-1"}, 2, "-o FILE is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}
