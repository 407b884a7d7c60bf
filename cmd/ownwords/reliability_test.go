package main

import (
	"encoding/json"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// twoCoderPassword is the password of every account of mustTwoCoderStore.
const twoCoderPassword = "a long enough password"

// mustTwoCoderStore writes a small study file in which coder-a and
// coder-b coded two interviews: they agree on topic/food in both, and
// coder-a alone applied topic/prices in the second. Interview "one" has its
// comparison open. Analyst ana and viewer vic have accounts too.
func mustTwoCoderStore(t *testing.T) string {
	t.Helper()
	ctx := t.Context()
	db, path := sqldbtest.OpenSQLite(t)
	study := sqldbtest.MustStudy(t, db, "Pilot")
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := &ownwords.Participant{StudyID: study.ID, Code: "P-1"}
	check(db.CreateParticipant(ctx, p))
	text := "We had no food. Prices rose every week. Then we left."
	var ivs []*ownwords.Interview
	for _, title := range []string{"one", "two"} {
		iv := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: title, Transcript: text}
		check(db.CreateInterview(ctx, iv))
		ivs = append(ivs, iv)
	}
	section := &ownwords.Code{StudyID: study.ID, Slug: "topic"}
	check(db.CreateCode(ctx, section))
	food := &ownwords.Code{StudyID: study.ID, ParentID: section.ID, Slug: "food"}
	prices := &ownwords.Code{StudyID: study.ID, ParentID: section.ID, Slug: "prices"}
	check(db.CreateCode(ctx, food))
	check(db.CreateCode(ctx, prices))
	hash, err := vault.HashPassword([]byte(twoCoderPassword))
	check(err)
	users := map[string]*ownwords.User{}
	for name, role := range map[string]ownwords.Role{"coder-a": ownwords.RoleCoder, "coder-b": ownwords.RoleCoder,
		"ana": ownwords.RoleAnalyst, "vic": ownwords.RoleViewer} {
		u := &ownwords.User{Name: name, PasswordHash: hash}
		check(db.CreateUser(ctx, u))
		check(db.SetRole(ctx, study.ID, u.ID, role))
		users[name] = u
	}
	add := func(iv *ownwords.Interview, coder string, code *ownwords.Code, start, end int) {
		quote, _ := ownwords.Slice(text, start, end)
		check(db.CreateSegment(ctx, &ownwords.Segment{StudyID: study.ID, InterviewID: iv.ID, CodeID: code.ID,
			CoderID: users[coder].ID, Layer: ownwords.LayerCoder, Start: start, End: end, TextHash: ownwords.HashText(quote)}))
	}
	for _, iv := range ivs {
		add(iv, "coder-a", food, 0, 15)
		add(iv, "coder-b", food, 3, 15)
	}
	add(ivs[1], "coder-a", prices, 16, 39)
	check(db.OpenComparison(ctx, ivs[0].ID))
	check(db.Close())
	return path
}

func TestReliabilityPrintsPerCodeTable(t *testing.T) {
	store := mustTwoCoderStore(t)
	vars := map[string]string{EnvPassphrase: sqldbtest.Passphrase}
	pw := writeFile(t, t.TempDir(), "pw", twoCoderPassword+"\n")
	as := func(user string, args ...string) []string {
		return append([]string{"reliability", "--store", store, "--user", user, "--password-file", pw}, args...)
	}
	out := mustCLI(t, vars, as("ana", "--format", "json")...)
	var tab struct {
		Coders     []string
		Interviews int
		Codes      []struct {
			Code     string
			Flag     string
			Presence struct {
				Alpha struct {
					Value  *float64
					Reason string
				} `json:"krippendorff_alpha"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &tab); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if tab.Interviews != 2 || len(tab.Codes) != 2 || tab.Codes[0].Code != "topic/food" || tab.Codes[1].Code != "topic/prices" {
		t.Fatalf("table: %s", out)
	}
	if f := tab.Codes[0]; f.Flag != "undefined" || f.Presence.Alpha.Value != nil || f.Presence.Alpha.Reason == "" {
		t.Errorf("food (both coders everywhere) should be undefined with a reason: %+v", f)
	}
	if p := tab.Codes[1]; p.Flag != "unacceptable" || p.Presence.Alpha.Value == nil {
		t.Errorf("prices (one coder once) should be unacceptable: %+v", p)
	}
	text := mustCLI(t, vars, as("ana", "--codes", "topic/prices")...)
	if !strings.Contains(text, "topic/prices") || strings.Contains(text, "topic/food") || !strings.Contains(text, "(pooled)") {
		t.Errorf("text for one code:\n%s", text)
	}
	if code, _, errOut := cli(t, vars, as("ana", "--codes", "topic/nothing")...); code != 2 || !strings.Contains(errOut, "topic/nothing") {
		t.Errorf("unknown code: exit %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, vars, as("ana", "--coders", "coder-a")...); code != 2 || !strings.Contains(errOut, "two or more coders") {
		t.Errorf("one coder: exit %d %s", code, errOut)
	}
}

// TestReliabilityRoles: coders get the table over the interviews whose
// comparison is open only (and are told so), viewers and the public
// nothing.
func TestReliabilityRoles(t *testing.T) {
	store := mustTwoCoderStore(t)
	vars := map[string]string{EnvPassphrase: sqldbtest.Passphrase}
	pw := writeFile(t, t.TempDir(), "pw", twoCoderPassword+"\n")
	code, out, errOut := cli(t, vars, "reliability", "--store", store, "--user", "coder-b", "--password-file", pw, "--format", "json")
	var tab struct {
		Interviews int
		Codes      []struct{ Code string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &tab) != nil || !strings.Contains(errOut, "blind coding are left out") {
		t.Fatalf("coder: exit %d\n%s%s", code, out, errOut)
	}
	if tab.Interviews != 1 || len(tab.Codes) != 1 || tab.Codes[0].Code != "topic/food" {
		t.Errorf("coder's table should cover the opened interview only (topic/prices is coded in the blind one): %s", out)
	}
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ErrViewer", []string{"--user", "vic", "--password-file", pw}, 5, "needs one of"},
		{"ErrPublic", nil, 5, "needs an account"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, vars, append([]string{"reliability", "--store", store}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d %s, want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}
