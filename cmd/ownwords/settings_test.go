package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
)

// TestSettings changes k, the search budget, the redaction list and the export tiers as an
// owner, and checks the refusals: other roles, tiers above a role's
// maximum, and redaction terms on the command line.
func TestSettings(t *testing.T) {
	dir, store, vars, pw := ownerAndAnalyst(t, "Settings")
	terms := writeFile(t, dir, "terms.txt", "Zorvath Quillby\n\n  Tal Zafar  \nzorvath quillby\n")
	as := func(user string, args ...string) []string {
		return append([]string{"settings", "--store", store, "--user", user, "--password-file", pw}, args...)
	}

	var v settingsView
	out := mustCLI(t, vars, as("own", "--format", "json", "--k", "7", "--search-counts-per-day", "40", "--redact-file", terms, "--export-tier", "analyst=none")...)
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.DisclosureK != 7 || v.SearchCounts != 40 || v.RedactionCount != 2 || v.Redactions != nil || v.ExportTiers["analyst"] != "none" || v.ExportTiers["coder"] != "limited" {
		t.Fatalf("settings after the change: %+v", v)
	}
	if strings.Contains(out, "Zorvath") {
		t.Fatal("redaction terms printed without --show-redactions")
	}
	out = mustCLI(t, vars, as("own", "--format", "json", "--show-redactions", "--export-tier", "analyst=default")...)
	v = settingsView{}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if strings.Join(v.Redactions, "|") != "Zorvath Quillby|Tal Zafar" || v.ExportTiers["analyst"] != "deidentified" {
		t.Fatalf("shown: %+v", v)
	}
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(vars[EnvPassphrase])})
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	err = st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Action == "study.settings" || e.Action == "study.redactions_shown" {
			details = append(details, e.Actor+": "+e.Detail)
		}
		return true
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := "own: k 5 → 7; search counts per day 100 → 40; 2 redaction terms added; export tier of analyst → none|own: export tier of analyst → default (deidentified)|own: 2 terms"
	if got := strings.Join(details, "|"); got != want {
		t.Fatalf("audit details %q, want %q (and never a term)", got, want)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"ErrAnalyst", as("ana"), 5, "needs one of"},
		{"ErrNoAccount", []string{"settings", "--store", store}, 5, "needs an account"},
		{"ErrTierAboveMaximum", as("own", "--export-tier", "analyst=full"), 2, "at most the deidentified tier"},
		{"ErrUnknownRole", as("own", "--export-tier", "boss=full"), 2, "role=tier"},
		{"ErrTermOnCommandLine", as("own", "Zorvath"), 2, "never from the command line"},
		{"ErrSmallK", as("own", "--k", "1"), 2, "2 or more"},
		{"ErrLargeK", as("own", "--k", "101"), 2, "at most 100"},
		{"ErrNegativeSearchCounts", as("own", "--search-counts-per-day", "-1"), 2, "1 to 10000"},
		{"ErrManySearchCounts", as("own", "--search-counts-per-day", "10001"), 2, "1 to 10000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := cli(t, vars, c.args...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Fatalf("exit %d, %s", code, errOut)
			}
		})
	}
}

// ownerAndAnalyst makes a study named name in a new store, with an owner
// "own" and an analyst "ana" whose password is in the file pw; it returns
// the directory, the store, the variables to run the CLI with and pw.
func ownerAndAnalyst(t *testing.T, name string) (dir, store string, vars map[string]string, pw string) {
	t.Helper()
	dir = t.TempDir()
	store = filepath.Join(dir, "s.ownwords")
	vars = map[string]string{EnvPassphrase: "correct horse battery"}
	pw = writeFile(t, dir, "pw", "a long enough password\n")
	mustCLI(t, vars, "init", "--store", store, "--name", name)
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "analyst", "--password-file", pw, "ana")
	return dir, store, vars, pw
}
