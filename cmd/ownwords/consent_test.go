package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestConsentCommands records consent through the CLI on both stores:
// owners only, every change audited, a withdrawal offering and then
// performing the destruction of the participant's transcripts.
func TestConsentCommands(t *testing.T) {
	stores := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "c.ownwords") },
		"postgres": func(t *testing.T) string { return sqldbtest.FreshPostgresDSN(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			store := stores[name](t)
			dir := t.TempDir()
			vars := map[string]string{EnvPassphrase: "correct horse battery"}
			pw := writeFile(t, dir, "pw", "a-long-enough-password\n")
			mustCLI(t, vars, "init", "--store", store, "--name", "Consent")
			mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
			mustCLI(t, vars, "user", "add", "--store", store, "--role", "coder", "--password-file", pw, "--user", "own", "--user-password-file", pw, "cod")
			table := writeFile(t, dir, "people.csv", "participant,gender\nP-1,woman\nP-2,man\n")
			interview := writeFile(t, dir, "p1.txt", "[00:00:05] Interviewer: Why?\n[00:00:09] P-1: We had no food.\n")
			mustCLI(t, vars, "import", "--store", store, table)
			mustCLI(t, vars, "import", "--store", store, "--participant", "P-1", interview)
			asOwner := []string{"--store", store, "--user", "own", "--password-file", pw}
			asCoder := []string{"--store", store, "--user", "cod", "--password-file", pw}

			for _, args := range [][]string{
				append([]string{"consent", "set", "--participant", "P-1", "--quotes", "no"}, asCoder...),
				append([]string{"consent", "show"}, asCoder...),
				{"consent", "show", "--store", store},
			} {
				if code, out, errOut := cli(t, vars, args...); code == 0 {
					t.Errorf("%q: exit 0\n%s%s; want a refusal", args, out, errOut)
				}
			}
			if code, _, errOut := cli(t, vars, append([]string{"consent", "set", "--participant", "P-1", "--quotes", "perhaps"}, asOwner...)...); code == 0 || !strings.Contains(errOut, "want yes or no") {
				t.Errorf("a bad answer: exit %d, %s", code, errOut)
			}
			out := mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-1", "--quotes", "no", "--voice", "yes", "--date", "2024-02-03"}, asOwner...)...)
			if !strings.Contains(out, "quotes ✗") || !strings.Contains(out, "voice ✓") {
				t.Errorf("consent set printed %q", out)
			}
			js := mustCLI(t, vars, append([]string{"consent", "show", "--participant", "P-1", "--format", "json"}, asOwner...)...)
			var shown struct {
				Participants []struct {
					Participant string
					Consent     map[string]struct {
						Answer, Date string
						Allowed      bool
					}
					Recorded bool
				}
			}
			if err := json.Unmarshal([]byte(js), &shown); err != nil {
				t.Fatalf("%v\n%s", err, js)
			}
			if len(shown.Participants) != 1 || shown.Participants[0].Consent["quotes"].Answer != "no" ||
				shown.Participants[0].Consent["quotes"].Date != "2024-02-03" || !shown.Participants[0].Consent["analysis"].Allowed {
				t.Errorf("consent show: %s", js)
			}

			out = mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-1", "--withdraw"}, asOwner...)...)
			if !strings.Contains(out, "left out of every") || !strings.Contains(out, "--withdraw --shred") {
				t.Errorf("a withdrawal printed %q; want the offer to destroy the transcripts", out)
			}
			out = mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-1", "--withdraw", "--shred"}, asOwner...)...)
			if !strings.Contains(out, "Destroyed the transcripts of 1 interviews") {
				t.Errorf("--shred printed %q", out)
			}

			st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(vars[EnvPassphrase])})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			var sets, purges int
			if err := st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
				switch {
				case e.Action == ownwords.ActionConsentSet && e.Actor == "own":
					sets++
				case e.Action == "interview.purge" && strings.HasPrefix(e.Detail, "consent withdrawn"):
					purges++
				}
				return true
			}); err != nil {
				t.Fatal(err)
			}
			if sets != 3 || purges != 1 {
				t.Errorf("audit: %d consent changes by own, %d purges; want 3 and 1", sets, purges)
			}
		})
	}
}
