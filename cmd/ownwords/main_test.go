package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords/sqldb/sqldbtest"
	"ownwords/vault/vaulttest"
)

// cli runs one command in-process with the given environment variables and
// returns its exit code, stdout and stderr. Study files and accounts it
// makes get vault's cheap test parameters (vaulttest.UseTestCost).
func cli(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	vaulttest.UseTestCost(t)
	var out, errOut bytes.Buffer
	e := &env{stdin: nil, stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
	code := run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

func mustCLI(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, vars, args...)
	if code != 0 {
		t.Fatalf("ownwords %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// referenceCodebook is the reference study's codebook as the repository
// holds it: the demo's copy of the team's file.
var referenceCodebook = filepath.Join("..", "..", "demo", "codebook.json")

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestInitImportReopen is the foundation's acceptance path: a study created
// with init and filled by import (codebook, participants, transcripts)
// reopens with the right passphrase, refuses a wrong one, and its audit log
// verifies.
func TestInitImportReopen(t *testing.T) {
	dir := t.TempDir()
	stores := map[string]string{"sqlite": filepath.Join(dir, "pilot.ownwords")}
	if dsn := os.Getenv(sqldbtest.EnvPostgres); dsn != "" {
		_ = dsn
		stores["postgres"] = sqldbtest.FreshPostgresDSN(t)
	} else if os.Getenv(sqldbtest.EnvRequire) == "1" {
		t.Fatal("the PostgreSQL suite must run")
	}
	people := writeFile(t, dir, "people.csv", "id,gender,origin,birth_year\nP-0001,woman,foreign,1994\nP-0002,man,local,-99\n")
	iv := writeFile(t, dir, "iv-0001.txt", "Interviewer: Why did you go?\r\nP-0001: We had no food. École.\r\n")
	writeFile(t, dir, "iv-0001.json", `{"participant": "P-0001", "date": "2016-03", "language": "fr"}`)
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	for name, store := range stores {
		t.Run(name, func(t *testing.T) {
			mustCLI(t, vars, "init", "--store", store, "--name", "Pilot")
			var sum struct {
				Participants, Interviews, Codes struct{ Created int }
			}
			out := mustCLI(t, vars, "import", "--store", store, "--format", "json", referenceCodebook, people, iv)
			if err := json.Unmarshal([]byte(out), &sum); err != nil {
				t.Fatalf("import json: %v\n%s", err, out)
			}
			if sum.Participants.Created != 2 || sum.Interviews.Created != 1 || sum.Codes.Created < 90 {
				t.Fatalf("import summary = %+v", sum)
			}
			bad := writeFile(t, dir, "bad-"+name+".csv", "id,gender\nP-0009,woman\nP-0009,man\n")
			if code, _, errOut := cli(t, vars, "import", "--store", store, bad); code != 2 || !strings.Contains(errOut, "bad-"+name+".csv") {
				t.Fatalf("bad import: exit %d, %s", code, errOut)
			}
			out = mustCLI(t, vars, "user", "list", "--store", store, "--format", "json")
			if strings.TrimSpace(out) != "[]" {
				t.Fatalf("user list = %s", out)
			}
			out = mustCLI(t, vars, "audit", "verify", "--store", store, "--format", "json")
			if !strings.Contains(out, `"ok": true`) {
				t.Fatalf("audit verify = %s", out)
			}
			if name == "sqlite" {
				code, _, errOut := cli(t, map[string]string{EnvPassphrase: "wrong horse battery"}, "audit", "verify", "--store", store)
				if code != 5 || !strings.Contains(errOut, "wrong passphrase") {
					t.Fatalf("wrong passphrase: exit %d, %s", code, errOut)
				}
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
		// never is text stderr must not hold.
		never string
	}{
		{"UnknownCommand", []string{"frobnicate"}, 2, "unknown command", ""},
		{"UnknownCommandNamesOnlyItsWord", []string{"frobnicate", "correct", "horse battery"}, 2, `unknown command "frobnicate"` + "\n", "horse"},
		{"UnknownSubcommandNamesOnlyItsWord", []string{"user", "correct-horse-battery"}, 2, `unknown command "user"` + "\n", "horse"},
		{"StoreRequired", []string{"user", "list"}, 2, "--store is required", ""},
		{"BadFormat", []string{"user", "list", "--store", "x", "--format", "xml"}, 2, "--format must be text or json", ""},
		{"MissingStudyFile", []string{"user", "list", "--store", "/nonexistent/x.ownwords"}, 3, "not found", ""},
		{"Help", []string{"init", "--help"}, 0, "Usage: ownwords init", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, map[string]string{EnvPassphrase: "whatever-long"}, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
			if tt.never != "" && strings.Contains(errOut, tt.never) {
				t.Fatalf("stderr %q holds %q", errOut, tt.never)
			}
		})
	}
}

func TestAgree(t *testing.T) {
	dir := t.TempDir()
	// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
	// 4 observers, 12 units, missing values; nominal alpha = 0.743.
	good := writeFile(t, dir, "k.csv", "unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n")
	out := mustCLI(t, nil, "agree", "--format", "json", good)
	var res struct {
		Units          int      `json:"units"`
		Coders         int      `json:"coders"`
		Pairable       int      `json:"pairable_values"`
		Alpha          float64  `json:"krippendorff_alpha"`
		Fleiss         *float64 `json:"fleiss_kappa"`
		FleissReason   string   `json:"fleiss_kappa_reason"`
		CohenKappaSeen *float64 `json:"cohen_kappa"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Units != 12 || res.Coders != 4 || res.Pairable != 40 || fmt.Sprintf("%.3f", res.Alpha) != "0.743" ||
		res.Fleiss != nil || res.FleissReason == "" || res.CohenKappaSeen != nil {
		t.Fatalf("agree = %+v", res)
	}
	bad := writeFile(t, dir, "bad.csv", "A,B\n1,2\n1,2,3\n")
	if code, _, errOut := cli(t, nil, "agree", bad); code != 2 || !strings.Contains(errOut, "bad.csv line 3") {
		t.Fatalf("bad CSV: exit %d, %s", code, errOut)
	}
}
