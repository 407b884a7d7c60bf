package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/vault/vaulttest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// exportStudy is the demo study made ready for export tests: a custodian,
// a viewer account, and canaries that no de-identified export may carry.
type exportStudy struct {
	dir, store string
	vars       map[string]string
	custodian  *age.X25519Identity
	// pw maps an account to its password file.
	pw map[string]string
	// codes are the participant codes of the store.
	codes []string
	// dates are the slugs of the date attributes.
	dates []string
	// identifier is the value of an identifier attribute (legal_name) of
	// one participant.
	identifier string
	// phrase is a passage of that participant's transcript, planted as a
	// free-text attribute (remarks) and as an event note.
	phrase string
	// quote is a quote of the owner's team report.
	quote string
}

func mustExportStudy(t *testing.T) *exportStudy {
	t.Helper()
	dir := t.TempDir()
	x := &exportStudy{dir: dir, store: filepath.Join(dir, "demo.ownwords"), vars: map[string]string{EnvPassphrase: demoPassphrase},
		identifier: "Quentavia Orlobrand", pw: map[string]string{}}
	mustCLI(t, x.vars, "demo", "--store", x.store, "--no-serve")
	x.custodian, _ = age.GenerateX25519Identity()
	mustCLI(t, x.vars, "key", "custodian", "add", "--store", x.store, x.custodian.Recipient().String())
	for _, u := range []string{"owner", "coder-a", "analyst"} {
		x.pw[u] = writeFile(t, dir, u+".pw", u+"-demo-password")
	}
	x.pw["viewer"] = writeFile(t, dir, "viewer.pw", "viewer-password-long")
	mustCLI(t, x.vars, "user", "add", "--store", x.store, "--role", "viewer", "--password-file", x.pw["viewer"], "viewer")
	x.plant(t)

	var rep struct{ Quotes []struct{ Text string } }
	out := mustCLI(t, x.vars, "report", "--store", x.store, "--audience", "team", "--format", "json", "--user", "owner", "--password-file", x.pw["owner"])
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("owner's team report: %v", err)
	}
	// A quote that reads the same in JSON, HTML and CSV.
	for _, q := range rep.Quotes {
		if len(q.Text) > 20 && !strings.ContainsAny(q.Text, "<>&\"'\\") {
			x.quote = q.Text
			break
		}
	}
	if x.quote == "" {
		t.Fatalf("no plain quote among the %d of the owner's report", len(rep.Quotes))
	}
	return x
}

// plant adds the canaries through the store.
func (x *exportStudy) plant(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	st, err := sqldb.Open(ctx, sqldb.Config{DSN: x.store, Passphrase: []byte(demoPassphrase)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	study, err := resolveStudy(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := st.Attributes(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range attrs {
		if a.Type == ownwords.AttrDate {
			x.dates = append(x.dates, a.Slug)
		}
	}
	for _, a := range []*ownwords.Attribute{
		{StudyID: study.ID, Slug: "legal_name", Type: ownwords.AttrCategory, Tag: ownwords.TagIdentifier, Position: 100},
		{StudyID: study.ID, Slug: "remarks", Type: ownwords.AttrText, Position: 101},
	} {
		if err := st.CreateAttribute(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: study.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		x.codes = append(x.codes, p.Code)
	}
	p := ps[0]
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID, ParticipantID: p.ID, WithText: true})
	if err != nil || len(ivs) == 0 {
		t.Fatalf("interviews of %s: %d, %v", p.Code, len(ivs), err)
	}
	x.phrase = transcriptPhrase(t, ivs[0].Transcript)
	p.Values["legal_name"] = ownwords.Value{Type: ownwords.AttrCategory, Str: x.identifier}
	p.Values["remarks"] = ownwords.Value{Type: ownwords.AttrText, Str: x.phrase}
	if err := st.UpdateParticipant(ctx, p); err != nil {
		t.Fatal(err)
	}
	ev := &ownwords.Event{StudyID: study.ID, ParticipantID: p.ID, Kind: ownwords.EventFirstDoubts,
		Date: ownwords.Period{From: ownwords.Date{Year: 2015, Month: 6, Day: 14}}, Note: x.phrase}
	if err := st.CreateEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
}

// transcriptPhrase picks six consecutive words of letters only from the
// transcript, so that the phrase reads the same in every format.
func transcriptPhrase(t *testing.T, transcript string) string {
	t.Helper()
	letters := regexp.MustCompile(`^\p{L}+$`)
	for line := range strings.Lines(transcript) {
		var run []string
		for _, w := range strings.Fields(line) {
			if !letters.MatchString(w) {
				run = run[:0]
				continue
			}
			if run = append(run, w); len(run) == 6 {
				return strings.Join(run, " ")
			}
		}
	}
	t.Fatal("no six words of letters in a row in the transcript")
	return ""
}

// run runs the command as account user (with its password file) and
// fails the test unless it succeeds.
func (x *exportStudy) as(t *testing.T, user string, args ...string) string {
	t.Helper()
	args = append(args, "--store", x.store)
	if user != "" {
		args = append(args, "--user", user, "--password-file", x.pw[user])
	}
	return mustCLI(t, x.vars, args...)
}

// path returns a file name in the test's directory.
func (x *exportStudy) path(name string) string { return filepath.Join(x.dir, name) }

// mustDecrypt decrypts an export file with the custodian's identity.
func mustDecrypt(t *testing.T, path string, id age.Identity) []byte {
	t.Helper()
	ct, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(ct, []byte("age-encryption.org/v1\n")) {
		t.Fatalf("%s is not an age file: %q…", filepath.Base(path), ct[:min(len(ct), 24)])
	}
	b, err := decryptBytes(ct, id)
	if err != nil {
		t.Fatalf("decrypt %s: %v", filepath.Base(path), err)
	}
	return b
}

func decryptBytes(ct []byte, id age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(ct), id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func mustParseCSV(t *testing.T, name string, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

// mustGoldenColumns compares a CSV header with testdata/export_tiers/name,
// one column a line; -update rewrites it.
func mustGoldenColumns(t *testing.T, name string, header []string) {
	t.Helper()
	path := filepath.Join("testdata", "export_tiers", name)
	got := strings.Join(header, "\n") + "\n"
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("columns differ from %s (run with -update after checking the change):\n%s", path, got)
	}
}

// unzipAll returns the concatenated entries of a zip archive.
func unzipAll(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&all, rc)
		rc.Close()
	}
	return all.Bytes()
}

var (
	yearRE       = regexp.MustCompile(`^(\d{4})?$`)
	yearPeriodRE = regexp.MustCompile(`^\d{4}(\.\.\d{4})?$`)
)

// TestExportTiers exports the demo study, with canaries planted, as each
// role: every file is age-encrypted to the custodian; the matrix and events
// CSV have exactly the columns of their tier (golden lists); de-identified
// files carry no participant code, no date finer than the year and none of
// the canaries, which the full tier's files do carry; exports below a
// format's tier are refused and leave no file.
func TestExportTiers(t *testing.T) {
	x := mustExportStudy(t)
	// deidentified collects the de-identified files, decrypted, for the
	// canary check.
	deidentified := map[string][]byte{}

	// The limited tier is a coder's; coders may not take the team matrix
	// (it holds the consensus, which blind coding hides from them), so the
	// owner lowers their own tier for it.
	accounts := []struct {
		user  string
		tier  ownwords.ExportTier
		lower []string
	}{{"owner", ownwords.TierFull, nil}, {"owner", ownwords.TierLimited, []string{"--tier", "limited"}}, {"analyst", ownwords.TierDeidentified, nil}}
	for _, a := range accounts {
		t.Run("Columns/"+string(a.tier), func(t *testing.T) {
			tier := string(a.tier)
			data, dict, events := x.path(tier+".csv"), x.path(tier+".dictionary.csv"), x.path(tier+".events.csv")
			out := x.as(t, a.user, append([]string{"export", "--format", "csv", "--audience", "team", "-o", data}, a.lower...)...)
			if !strings.Contains(out, "at tier "+string(a.tier)) || !strings.Contains(out, "age-encrypted") {
				t.Errorf("export summary: %s", out)
			}
			x.as(t, a.user, append([]string{"timeline", "--events-csv", events}, a.lower...)...)
			matrix := mustParseCSV(t, "matrix", mustDecrypt(t, data, x.custodian))
			ev := mustParseCSV(t, "events", mustDecrypt(t, events, x.custodian))
			mustGoldenColumns(t, string(a.tier)+".matrix.columns", matrix[0])
			mustGoldenColumns(t, string(a.tier)+".events.columns", ev[0])
			// The matrix holds the plan's analysis sample, the events all participants.
			if len(matrix) != 221 || len(ev) < len(x.codes) {
				t.Fatalf("%d matrix rows, %d events for %d participants", len(matrix)-1, len(ev)-1, len(x.codes))
			}
			all := bytes.Join([][]byte{mustDecrypt(t, data, x.custodian), mustDecrypt(t, dict, x.custodian), mustDecrypt(t, events, x.custodian)}, nil)
			if a.tier == ownwords.TierFull {
				for _, canary := range []string{x.identifier, x.phrase} {
					if !bytes.Contains(all, []byte(canary)) {
						t.Errorf("the full tier lacks %q: the canary check would prove nothing", canary)
					}
				}
			}
			if a.tier != ownwords.TierDeidentified {
				return
			}
			deidentified["matrix and events"] = all
			checkDeidentifiedRows(t, x, matrix, ev)
		})
	}

	t.Run("ShiftedDates", func(t *testing.T) {
		events := x.path("shifted.events.csv")
		x.as(t, "analyst", "timeline", "--events-csv", events, "--shift-dates")
		b := mustDecrypt(t, events, x.custodian)
		deidentified["shifted events"] = b
		rows := mustParseCSV(t, "events", b)
		finer := 0
		for _, r := range rows[1:] {
			if slices.Contains(x.codes, r[0]) || !strings.HasPrefix(r[0], "X-") {
				t.Fatalf("row %v names a participant code", r)
			}
			if !yearPeriodRE.MatchString(r[2]) {
				finer++
			}
		}
		if finer == 0 {
			t.Error("shifted dates were all cut to the year")
		}
	})

	t.Run("Report", func(t *testing.T) {
		full, fullHTML, deid := x.path("full.json"), x.path("full.html"), x.path("deid.html")
		x.as(t, "owner", "report", "--audience", "team", "--format", "json", "-o", full)
		if !bytes.Contains(mustDecrypt(t, full, x.custodian), []byte(x.quote)) {
			t.Fatal("the owner's full report lacks the quote: the canary check would prove nothing")
		}
		x.as(t, "owner", "report", "--audience", "team", "--format", "html", "-o", fullHTML)
		// Team quotes are attributed "P-0051, a foreign man, defector".
		if b := mustDecrypt(t, fullHTML, x.custodian); !slices.ContainsFunc(x.codes, func(c string) bool { return bytes.Contains(b, []byte(c+", ")) }) {
			t.Fatal("the owner's full HTML report shows no participant code: the check below would prove nothing")
		}
		x.as(t, "owner", "report", "--audience", "team", "--format", "html", "--tier", "deidentified", "-o", deid)
		deidentified["report"] = mustDecrypt(t, deid, x.custodian)
		for _, code := range x.codes {
			if bytes.Contains(deidentified["report"], []byte(code+", ")) || bytes.Contains(deidentified["report"], []byte(">"+code+"<")) {
				t.Fatalf("participant code %s in the de-identified report", code)
			}
		}
	})

	t.Run("REFIQDA", func(t *testing.T) {
		full, limited, qdc := x.path("full.qdpx"), x.path("limited.qdpx"), x.path("deid.qdc")
		x.as(t, "owner", "export", "--format", "qdpx", "-o", full)
		x.as(t, "owner", "export", "--format", "qdpx", "--tier", "limited", "-o", limited)
		x.as(t, "analyst", "export", "--format", "qdc", "-o", qdc)
		fullText, limitedText := unzipAll(t, mustDecrypt(t, full, x.custodian)), unzipAll(t, mustDecrypt(t, limited, x.custodian))
		if !bytes.Contains(fullText, []byte(x.identifier)) || !bytes.Contains(fullText, []byte(x.phrase)) {
			t.Error("the full project lacks the identifier or the transcript phrase")
		}
		if bytes.Contains(limitedText, []byte(x.identifier)) || !bytes.Contains(limitedText, []byte(x.phrase)) {
			t.Error("the limited project holds the identifier, or lost the transcripts")
		}
		deidentified["codebook"] = mustDecrypt(t, qdc, x.custodian)
	})

	t.Run("Canaries", func(t *testing.T) {
		if len(deidentified) != 4 {
			t.Fatalf("only %d de-identified files collected", len(deidentified))
		}
		for name, b := range deidentified {
			for _, canary := range []string{x.identifier, x.phrase, x.quote} {
				if bytes.Contains(b, []byte(canary)) {
					t.Errorf("the de-identified %s holds %q", name, canary)
				}
			}
		}
	})

	t.Run("Refused", func(t *testing.T) { testExportRefusals(t, x) })
	t.Run("Encrypted", func(t *testing.T) { testExportEncryption(t, x) })
	t.Run("Plaintext", func(t *testing.T) { testExportPlaintext(t, x) })
	t.Run("PublicMatrix", func(t *testing.T) { testPublicMatrix(t, x) })
}

// checkDeidentifiedRows checks the de-identified matrix and events: keyed
// pseudonyms, no participant code, years only, no free text.
func checkDeidentifiedRows(t *testing.T, x *exportStudy, matrix, events [][]string) {
	t.Helper()
	dateCols := map[int]bool{}
	for i, name := range matrix[0] {
		if slices.Contains(x.dates, name) {
			dateCols[i] = true
		}
	}
	if len(dateCols) == 0 {
		t.Fatal("no date column to check")
	}
	for _, row := range matrix[1:] {
		if !strings.HasPrefix(row[0], "X-") {
			t.Fatalf("row id %q is not a pseudonym", row[0])
		}
		for i, cell := range row {
			if slices.Contains(x.codes, cell) {
				t.Fatalf("participant code %s in the de-identified matrix", cell)
			}
			if dateCols[i] && !yearRE.MatchString(cell) {
				t.Fatalf("%s = %q: more than the year", matrix[0][i], cell)
			}
		}
	}
	for _, row := range events[1:] {
		if slices.Contains(x.codes, row[0]) || !strings.HasPrefix(row[0], "X-") || !yearPeriodRE.MatchString(row[2]) {
			t.Fatalf("de-identified event %v", row)
		}
	}
}

// testExportRefusals runs exports that must be refused, and checks that
// none left a file.
func testExportRefusals(t *testing.T, x *exportStudy) {
	tests := []struct {
		name string
		user string
		args []string
		code int
		want string
	}{
		{"ErrProjectWithoutUser", "", []string{"export", "--format", "qdpx"}, 5, "--user"},
		{"ErrCodebookWithoutUser", "", []string{"export", "--format", "qdc"}, 5, "--user"},
		{"ErrTeamMatrixWithoutUser", "", []string{"export", "--format", "csv", "--audience", "team"}, 5, "--user"},
		{"ErrEventsWithoutUser", "", []string{"timeline", "--events-csv"}, 5, "--user"},
		{"ErrProjectAnalyst", "analyst", []string{"export", "--format", "qdpx"}, 5, "needs one of"},
		{"ErrProjectCoder", "coder-a", []string{"export", "--format", "qdpx"}, 5, "needs one of"},
		{"ErrTeamMatrixCoder", "coder-a", []string{"export", "--format", "csv", "--audience", "team"}, 5, "needs one of"},
		{"ErrProjectOwnerAskedDeidentified", "owner", []string{"export", "--format", "qdpx", "--tier", "deidentified"}, 5, "needs the limited tier"},
		{"ErrCoderAsksFull", "coder-a", []string{"timeline", "--tier", "full", "--events-csv"}, 5, "asks for more"},
		{"ErrViewerEvents", "viewer", []string{"timeline", "--events-csv"}, 5, "tier in this study is none"},
		{"ErrViewerTeamMatrix", "viewer", []string{"export", "--format", "xlsx", "--audience", "team"}, 5, "needs one of"},
		{"ErrViewerCodebook", "viewer", []string{"export", "--format", "qdc"}, 5, "tier in this study is none"},
		{"ErrUnknownTier", "owner", []string{"export", "--format", "csv", "--audience", "team", "--tier", "most"}, 2, "unknown export tier"},
		{"ErrShiftDatesAtFull", "owner", []string{"export", "--format", "csv", "--audience", "team", "--shift-dates"}, 2, "--shift-dates"},
		{"ErrTierOnPublicMatrix", "", []string{"export", "--format", "csv", "--tier", "limited"}, 2, "team audience"},
		{"ErrReportTierOnPublic", "", []string{"report", "--tier", "limited"}, 2, "team audience"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := x.path("refused-" + tt.name)
			args := append(slices.Clone(tt.args), "-o", out, "--store", x.store)
			if tt.args[0] == "timeline" {
				args = append(slices.Clone(tt.args), out, "--store", x.store)
			}
			if tt.user != "" {
				args = append(args, "--user", tt.user, "--password-file", x.pw[tt.user])
			}
			code, _, errOut := cli(t, x.vars, args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, %s; want %d and %q", code, errOut, tt.code, tt.want)
			}
			matches, _ := filepath.Glob(out + "*")
			matches2, _ := filepath.Glob(filepath.Join(x.dir, ".refused-"+tt.name+"*"))
			if len(matches)+len(matches2) > 0 {
				t.Fatalf("a refused export left %v %v", matches, matches2)
			}
		})
	}
	t.Run("ErrCSVToStdout", func(t *testing.T) {
		code, out, errOut := cli(t, x.vars, "export", "--store", x.store, "--format", "csv", "-o", "-")
		if code != 2 || out != "" || !strings.Contains(errOut, "two files") {
			t.Fatalf("exit %d, %q, %s", code, out, errOut)
		}
	})
}

// testExportEncryption checks an export file through the command's
// output: it decrypts with the custodian's identity only, and a truncated
// or altered copy is refused.
func testExportEncryption(t *testing.T, x *exportStudy) {
	path := x.path("encrypted.xlsx")
	x.as(t, "analyst", "export", "--format", "xlsx", "--audience", "team", "-o", path)
	ct, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b := mustDecrypt(t, path, x.custodian); !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("decrypted xlsx starts %q", b[:min(4, len(b))])
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600", info.Mode().Perm())
	}
	stranger, _ := age.GenerateX25519Identity()
	flipped := bytes.Clone(ct)
	flipped[len(flipped)/2] ^= 0x20
	tests := []struct {
		name string
		data []byte
		id   age.Identity
	}{
		{"ErrOtherKey", ct, stranger},
		{"ErrTruncated", ct[:len(ct)-20], x.custodian},
		{"ErrBitFlipped", flipped, x.custodian},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decryptBytes(tt.data, tt.id); err == nil {
				t.Fatal("decrypted")
			}
		})
	}
}

// cliTerminal runs a command whose standard input is a terminal (as far
// as the command can tell) on which answer is typed.
func cliTerminal(t *testing.T, vars map[string]string, answer string, args ...string) (int, string, string) {
	t.Helper()
	vaulttest.UseTestCost(t)
	old := isTerminal
	isTerminal = func(*os.File) bool { return true }
	defer func() { isTerminal = old }()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	io.WriteString(w, answer)
	w.Close()
	var out, errOut bytes.Buffer
	e := &env{stdin: r, stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
	code := run(t.Context(), e, args)
	return code, out.String(), errOut.String()
}

// exportAudit returns the export.* audit entries as "action actor object".
func exportAudit(t *testing.T, x *exportStudy) []string {
	t.Helper()
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: x.store, Passphrase: []byte(demoPassphrase)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []string
	st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if strings.HasPrefix(e.Action, "export.") {
			out = append(out, e.Action+" "+e.Actor+" "+e.Object)
		}
		return true
	})
	return out
}

// testExportPlaintext checks that a plaintext export needs --plaintext and
// the confirmation typed on a terminal, writes nothing otherwise, and is
// audited.
func testExportPlaintext(t *testing.T, x *exportStudy) {
	data := x.path("plain.csv")
	dict := x.path("plain.dictionary.csv")
	args := []string{"export", "--store", x.store, "--format", "csv", "--audience", "team", "--user", "analyst", "--password-file", x.pw["analyst"], "-o", data, "--plaintext"}
	before := exportAudit(t, x)
	tests := []struct {
		name     string
		terminal bool
		answer   string
	}{
		{"ErrNoTerminal", false, ""},
		{"ErrWrongAnswer", true, "yes\n"},
		{"ErrNoAnswer", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var code int
			var errOut string
			if tt.terminal {
				code, _, errOut = cliTerminal(t, x.vars, tt.answer, args...)
			} else {
				code, _, errOut = cli(t, x.vars, args...)
			}
			if code != 5 {
				t.Fatalf("exit %d, %s", code, errOut)
			}
			for _, p := range []string{data, dict} {
				if _, err := os.Stat(p); !os.IsNotExist(err) {
					t.Fatalf("a refused plaintext export wrote %s", filepath.Base(p))
				}
			}
			if got := exportAudit(t, x); len(got) != len(before) {
				t.Fatalf("a refused export was audited: %v", got[len(before):])
			}
		})
	}
	t.Run("Confirmed", func(t *testing.T) {
		code, out, errOut := cliTerminal(t, x.vars, "plaintext\n", args...)
		if code != 0 || !strings.Contains(out, "UNENCRYPTED") || !strings.Contains(errOut, "UNENCRYPTED") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		b, err := os.ReadFile(data)
		if err != nil || !bytes.HasPrefix(b, []byte("pseudonym,")) {
			t.Fatalf("plaintext data: %v, %q", err, b[:min(len(b), 20)])
		}
		got := exportAudit(t, x)[len(before):]
		want := []string{"export.plaintext analyst " + dict, "export.plaintext analyst " + data}
		if !slices.Equal(got, want) {
			t.Fatalf("audit %v, want %v", got, want)
		}
	})
}

// testPublicMatrix exports the public matrix without an account: CSV and
// dictionary encrypted, pseudonyms instead of codes, withheld attributes
// listed and audited; kept quasi-identifiers that single people out stop
// the export before any file is written.
func testPublicMatrix(t *testing.T, x *exportStudy) {
	data, dict := x.path("public.csv"), x.path("public.dictionary.csv")
	out := mustCLI(t, x.vars, "export", "--store", x.store, "--format", "csv", "-o", data)
	for _, want := range []string{"220 participants", "public.dictionary.csv", "Withheld country: quasi-identifier dropped", "Withheld legal_name: direct identifier", "Withheld remarks: free text"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	public := mustParseCSV(t, "public", mustDecrypt(t, data, x.custodian))
	if len(public) != 221 || public[0][0] != "pseudonym" {
		t.Fatalf("public CSV: %d rows, header %v", len(public), public[0][:3])
	}
	plain := mustDecrypt(t, data, x.custodian)
	for _, code := range x.codes {
		if bytes.Contains(plain, []byte(","+code+",")) || bytes.HasPrefix(plain, []byte(code+",")) {
			t.Fatalf("participant code %s in the public export", code)
		}
	}
	if bytes.Contains(plain, []byte(x.identifier)) || bytes.Contains(plain, []byte(x.phrase)) {
		t.Fatal("a canary in the public export")
	}
	dictRows := mustParseCSV(t, "dictionary", mustDecrypt(t, dict, x.custodian))
	if len(dictRows) != len(public[0])+1 || dictRows[1][0] != "pseudonym" {
		t.Fatalf("dictionary: %d rows for %d variables", len(dictRows)-1, len(public[0]))
	}

	refused := x.path("refused.csv")
	code, _, errOut := cli(t, x.vars, "export", "--store", x.store, "--format", "csv", "--keep-quasi", "interview_date", "-o", refused)
	if code != 5 || !strings.Contains(errOut, "single people out") {
		t.Fatalf("kept interview year: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Fatalf("a refused export left a file: %v", err)
	}

	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: x.store, Passphrase: []byte(demoPassphrase)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var last *ownwords.AuditEntry
	st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Action == "study.export" {
			last = e
		}
		return true
	})
	if last == nil || last.Actor != ownwords.SystemActor || !strings.Contains(last.Detail, "audience public") ||
		!strings.Contains(last.Detail, "legal_name") || !strings.Contains(last.Detail, "remarks") {
		t.Fatalf("audited public export: %+v", last)
	}
}
