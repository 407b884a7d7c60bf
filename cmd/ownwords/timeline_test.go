package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTimeline imports participants and events in one import, prints the
// curves for the public (small groups hidden) and the team, exports the
// events CSV and re-imports it without change.
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
	out := mustCLI(t, vars, "import", "--store", store, "--format", "json", pf, ef)
	if !strings.Contains(out, `"events": {`) || !strings.Contains(out, `"created": 24`) {
		t.Fatalf("import: %s", out)
	}
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "analyst", "--password-file", pw, "ana")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")

	var res struct {
		Groups []struct {
			Name       string
			N          int
			Suppressed bool
			Fit        *struct{ Events int }
		}
		LogRank *struct{ P float64 } `json:"log_rank"`
	}
	out = mustCLI(t, vars, "timeline", "--store", store, "--to", "first_doubts", "--by", "gender", "--format", "json")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 2 || res.Groups[0].Fit == nil || res.Groups[0].Fit.Events != 4 || !res.Groups[1].Suppressed || res.Groups[1].Fit != nil || res.LogRank != nil {
		t.Fatalf("public timeline: %s", out)
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
	// Analysts get the events without their notes, which often paraphrase
	// the interview; the owner gets them whole.
	anaOut := filepath.Join(dir, "analyst.csv")
	mustCLI(t, vars, "timeline", "--store", store, "--events-csv", anaOut, "--user", "ana", "--password-file", pw)
	if got, err := os.ReadFile(anaOut); err != nil || !strings.HasPrefix(string(got), "participant,kind,date,note\nP-0,joined,2014-01-10,\nP-0,first_doubts,2015-01,\n") {
		t.Fatalf("analyst's events CSV: %v\n%s", err, got)
	}
	csvOut := filepath.Join(dir, "out.csv")
	mustCLI(t, vars, "timeline", "--store", store, "--events-csv", csvOut, "--user", "own", "--password-file", pw)
	got, err := os.ReadFile(csvOut)
	if err != nil || !strings.HasPrefix(string(got), "participant,kind,date,note\nP-0,joined,2014-01-10,\nP-0,first_doubts,2015-01,\"food, water\"\nP-0,left,2016..2017,\n") {
		t.Fatalf("events CSV: %v\n%s", err, got)
	}
	out = mustCLI(t, vars, "import", "--store", store, csvOut)
	if !strings.Contains(out, "events: 0 created, 24 unchanged") {
		t.Fatalf("re-import: %s", out)
	}
	bad := writeFile(t, dir, "bad.csv", "participant,kind,date\nP-1,left,2016-13\n")
	if code, _, errOut := cli(t, vars, "import", "--store", store, bad); code != 2 || !strings.Contains(errOut, "bad.csv line 2") {
		t.Fatalf("bad events: exit %d %s", code, errOut)
	}
}
