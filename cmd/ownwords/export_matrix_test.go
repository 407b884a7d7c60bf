package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
)

// mustReadCSV reads a whole CSV file.
func mustReadCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// TestExportMatrix exports the demo study's participant × item matrix:
// publicly as CSV with its dictionary (pseudonyms, no participant code,
// withheld columns listed, audited), for the team only with an owner or
// analyst account, and refuses a public export whose kept
// quasi-identifiers single someone out.
func TestExportMatrix(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "demo.ownwords")
	vars := map[string]string{EnvPassphrase: demoPassphrase}
	mustCLI(t, vars, "demo", "--store", store, "--no-serve")
	pw := writeFile(t, dir, "pw", "analyst-demo-password")

	teamCSV := filepath.Join(dir, "team.csv")
	if code, _, errOut := cli(t, vars, "export", "--store", store, "--format", "csv", "--audience", "team", "-o", teamCSV); code != 5 || !strings.Contains(errOut, "--user") {
		t.Fatalf("team without --user: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(teamCSV); !os.IsNotExist(err) {
		t.Fatalf("a refused export left a file: %v", err)
	}
	mustCLI(t, vars, "export", "--store", store, "--format", "csv", "--audience", "team", "--user", "analyst", "--password-file", pw, "-o", teamCSV)
	team := mustReadCSV(t, teamCSV)
	if len(team) != 221 || team[0][0] != "participant" {
		t.Fatalf("team CSV: %d rows, header %v", len(team), team[0][:3])
	}

	publicCSV := filepath.Join(dir, "public.csv")
	out := mustCLI(t, vars, "export", "--store", store, "--format", "csv", "-o", publicCSV)
	for _, want := range []string{"220 participants", "public.dictionary.csv", "Withheld country: quasi-identifier dropped"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	public := mustReadCSV(t, publicCSV)
	if len(public) != 221 || public[0][0] != "pseudonym" || len(public[0]) >= len(team[0]) {
		t.Fatalf("public CSV: %d rows, %d columns (team %d)", len(public), len(public[0]), len(team[0]))
	}
	data, _ := os.ReadFile(publicCSV)
	for _, row := range team[1:] {
		if bytes.Contains(data, []byte(row[0])) {
			t.Fatalf("participant code %s in the public export", row[0])
		}
	}
	dict := mustReadCSV(t, filepath.Join(dir, "public.dictionary.csv"))
	if len(dict) != len(public[0])+1 || dict[1][0] != "pseudonym" {
		t.Fatalf("dictionary: %d rows for %d variables", len(dict)-1, len(public[0]))
	}

	xlsx := filepath.Join(dir, "team.xlsx")
	mustCLI(t, vars, "export", "--store", store, "--format", "xlsx", "--audience", "team", "--user", "analyst", "--password-file", pw, "-o", xlsx)
	if b, err := os.ReadFile(xlsx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("xlsx: %v", err)
	}

	refused := filepath.Join(dir, "refused.csv")
	code, _, errOut := cli(t, vars, "export", "--store", store, "--format", "csv", "--keep-quasi", "interview_date", "-o", refused)
	if code != 5 || !strings.Contains(errOut, "single people out") {
		t.Fatalf("kept interview year: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Fatalf("a refused export left a file: %v", err)
	}

	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(demoPassphrase)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var exports []string
	st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Action == "study.export" {
			exports = append(exports, e.Actor+" "+e.Object+" "+e.Detail)
		}
		return true
	})
	if len(exports) != 3 || !strings.HasPrefix(exports[0], "analyst csv ") || !strings.Contains(exports[1], "audience public") ||
		!strings.Contains(exports[1], "withheld ") || !strings.HasPrefix(exports[2], "analyst xlsx ") {
		t.Fatalf("audited exports:\n%s", strings.Join(exports, "\n"))
	}
}
