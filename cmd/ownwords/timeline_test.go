package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords/analysis"
)

// TestTimeline imports participants and events in one import, prints the
// curves for the public (small groups hidden) and the team, exports the
// events CSV (encrypted, shaped by the account's tier) and re-imports the
// owner's without change.
func TestTimeline(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "t.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	people, events := "id,gender\n", "participant,kind,date,note\n"
	for i := range 9 {
		g := "man"
		if i >= 6 {
			g = "woman"
		}
		people += fmt.Sprintf("P-%d,%s\n", i, g)
		events += fmt.Sprintf("P-%d,joined,2014-%02d-10,\n", i, 1+i)
		if i%3 != 2 {
			events += fmt.Sprintf("P-%d,first_doubts,2015-%02d,\"food, water\"\n", i, 1+i)
		}
		events += fmt.Sprintf("P-%d,left,2016..2017,\n", i)
	}
	pf, ef := writeFile(t, dir, "people.csv", people), writeFile(t, dir, "events.csv", events)
	pw := writeFile(t, dir, "pw", "analyst-password-long")
	mustCLI(t, vars, "init", "--store", store, "--name", "Pilot")
	custodian, _ := age.GenerateX25519Identity()
	mustCLI(t, vars, "key", "custodian", "add", "--store", store, custodian.Recipient().String())
	out := mustCLI(t, vars, "import", "--store", store, "--format", "json", pf, ef)
	if !strings.Contains(out, `"events": {`) || !strings.Contains(out, `"created": 24`) {
		t.Fatalf("import: %s", out)
	}
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "analyst", "--password-file", pw, "ana")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")

	// The public curve: yearly intervals of at least k events, no at-risk
	// or censoring counts, no group on its own: the women (3, k = 5) and
	// the men (2 censored) are merged into one curve of everyone.
	var res analysis.PublicSurvival
	out = mustCLI(t, vars, "timeline", "--store", store, "--to", "first_doubts", "--by", "gender", "--format", "json")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	// Everyone (9) has 3 censored: too few to show when the events happened.
	if len(res.Groups) != 1 || res.Spec.K != 5 || res.Groups[0].Name != "all" || res.Groups[0].N != 9 || res.Groups[0].Events != nil ||
		res.Groups[0].Points != nil || res.LogRank != nil || res.GroupsNote == "" ||
		strings.Contains(out, "n_risk") || strings.Contains(out, `"censored`) || strings.Contains(out, "woman") {
		t.Fatalf("public timeline: %s", out)
	}
	if text := mustCLI(t, vars, "timeline", "--store", store, "--to", "first_doubts", "--by", "gender"); strings.Contains(text, "at_risk") ||
		!strings.Contains(text, "all: n = 9, events or censorings 1 to 4, no curve shown") || strings.Contains(text, "man") {
		t.Errorf("public text:\n%s", text)
	}
	out = mustCLI(t, vars, "timeline", "--store", store, "--to", "first_doubts", "--by", "gender", "--audience", "team", "--user", "ana", "--password-file", pw)
	for _, want := range []string{"woman: n = 3, events = 2", "at_risk", "Log-rank test: chi-square"} {
		if !strings.Contains(out, want) {
			t.Errorf("team text lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := cli(t, vars, "timeline", "--store", store, "--to", "first_doubts", "--audience", "team"); code != 5 || !strings.Contains(errOut, "--user") {
		t.Errorf("team without user: exit %d %s", code, errOut)
	}
	// Analysts get de-identified events: keyed pseudonyms, years, no
	// notes (which often paraphrase the interview); the owner gets them
	// whole.
	anaOut := filepath.Join(dir, "analyst.csv")
	mustCLI(t, vars, "timeline", "--store", store, "--events-csv", anaOut, "--user", "ana", "--password-file", pw)
	rows := mustParseCSV(t, "analyst.csv", mustDecrypt(t, anaOut, custodian))
	if len(rows) != 25 || strings.Join(rows[0], ",") != "pseudonym,kind,date" {
		t.Fatalf("analyst's events CSV: %d rows, header %v", len(rows), rows[0])
	}
	pseudonyms := map[string]int{}
	for _, r := range rows[1:] {
		pseudonyms[r[0]]++
		if !strings.HasPrefix(r[0], "X-") || !yearPeriodRE.MatchString(r[2]) {
			t.Fatalf("analyst's event %v", r)
		}
	}
	if len(pseudonyms) != 9 {
		t.Fatalf("%d pseudonyms for 9 participants: %v", len(pseudonyms), pseudonyms)
	}
	csvOut := filepath.Join(dir, "out.csv.age")
	mustCLI(t, vars, "timeline", "--store", store, "--events-csv", csvOut, "--user", "own", "--password-file", pw)
	got := mustDecrypt(t, csvOut, custodian)
	if !strings.HasPrefix(string(got), "participant,kind,date,note\nP-0,joined,2014-01-10,\nP-0,first_doubts,2015-01,\"food, water\"\nP-0,left,2016..2017,\n") {
		t.Fatalf("events CSV:\n%s", got)
	}
	csvOut = writeFile(t, dir, "out.csv", string(got))
	out = mustCLI(t, vars, "import", "--store", store, csvOut)
	if !strings.Contains(out, "events: 0 created, 24 unchanged") {
		t.Fatalf("re-import: %s", out)
	}
	bad := writeFile(t, dir, "bad.csv", "participant,kind,date\nP-1,left,2016-13\n")
	if code, _, errOut := cli(t, vars, "import", "--store", store, bad); code != 2 || !strings.Contains(errOut, "bad.csv line 2") {
		t.Fatalf("bad events: exit %d %s", code, errOut)
	}
}
