package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords/analysis"
)

// planStudy is the demo study with a custodian, for plan file tests.
type planStudy struct {
	dir, store string
	vars       map[string]string
	custodian  *age.X25519Identity
	pw         map[string]string
}

func mustPlanStudy(t *testing.T) *planStudy {
	t.Helper()
	dir := t.TempDir()
	x := &planStudy{dir: dir, store: filepath.Join(dir, "demo.ownwords"), vars: map[string]string{EnvPassphrase: demoPassphrase}, pw: map[string]string{}}
	mustCLI(t, x.vars, "demo", "--store", x.store, "--no-serve")
	x.custodian, _ = age.GenerateX25519Identity()
	mustCLI(t, x.vars, "key", "custodian", "add", "--store", x.store, x.custodian.Recipient().String())
	for _, u := range []string{"owner", "coder-a", "analyst"} {
		x.pw[u] = writeFile(t, dir, u+".pw", u+"-demo-password")
	}
	return x
}

// cli runs ownwords on the study, as user when one is named.
func (x *planStudy) cli(t *testing.T, user string, args ...string) (int, string, string) {
	t.Helper()
	flags := []string{args[0], "--store", x.store}
	if user != "" {
		flags = append(flags, "--user", user, "--password-file", x.pw[user])
	}
	return cli(t, x.vars, append(flags, args[1:]...)...)
}

func (x *planStudy) must(t *testing.T, user string, args ...string) string {
	t.Helper()
	code, out, errOut := x.cli(t, user, args...)
	if code != 0 {
		t.Fatalf("ownwords %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// exportPlan exports the plans (the one named, or all) as user and
// returns the decrypted file.
func (x *planStudy) exportPlan(t *testing.T, user, name, plan string) []byte {
	t.Helper()
	out := filepath.Join(x.dir, name)
	args := []string{"export", "--format", "plan", "-o", out}
	if plan != "" {
		args = append(args, "--plan", plan)
	}
	x.must(t, user, args...)
	return mustDecrypt(t, out, x.custodian)
}

// reports returns the public and the owner's team report as JSON.
func (x *planStudy) reports(t *testing.T) string {
	t.Helper()
	return x.must(t, "", "report", "--format", "json") +
		x.must(t, "owner", "report", "--format", "json", "--audience", "team")
}

// TestPlanFileRoundTrip exports the demo's plan, imports it back (one plan
// and the wrapper of two) and checks the reports are unchanged; the plan
// exported is the demo's reference plan.
func TestPlanFileRoundTrip(t *testing.T) {
	x := mustPlanStudy(t)
	before := x.reports(t)
	one := x.exportPlan(t, "analyst", "plan.json", "")
	ref, err := os.ReadFile(filepath.Join("..", "..", "demo", "reference-plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := analysis.ParsePlanFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	got, err := analysis.ParsePlanFile(one)
	if err != nil {
		t.Fatalf("exported plan: %v\n%s", err, one)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("exported plan differs from demo/reference-plan.json:\n%s", one)
	}
	path := writeFile(t, x.dir, "back.json", string(one))
	if code, _, errOut := x.cli(t, "", "import", path); code != 4 || !strings.Contains(errOut, "back.json") || !strings.Contains(errOut, "--replace-plans") {
		t.Fatalf("import over the existing plan: exit %d, %s", code, errOut)
	}
	if out := x.must(t, "", "import", "--replace-plans", path); !strings.Contains(out, "analysis plans: reference") {
		t.Fatalf("import summary: %s", out)
	}
	if after := x.reports(t); after != before {
		t.Fatal("the reports changed after the plan's round trip")
	}

	// A second plan: the export of all is the wrapper, whose import
	// leaves the reference plan and its reports as they were.
	copyPlan := strings.Replace(string(one), `"name": "reference"`, `"name": "copy"`, 1)
	x.must(t, "", "import", writeFile(t, x.dir, "copy.json", copyPlan))
	all := x.exportPlan(t, "owner", "plans.json", "")
	var wrapper struct {
		Version int               `json:"ownwords_plans"`
		Plans   []json.RawMessage `json:"plans"`
	}
	if err := json.Unmarshal(all, &wrapper); err != nil || wrapper.Version != 1 || len(wrapper.Plans) != 2 {
		t.Fatalf("export of two plans: %v\n%s", err, all)
	}
	x.must(t, "", "import", "--replace-plans", writeFile(t, x.dir, "all.json", string(all)))
	if after := x.reports(t); after != before {
		t.Fatal("the reports changed after the plans' round trip")
	}
	if b := x.exportPlan(t, "owner", "ref.json", "reference"); string(b) != string(one) {
		t.Fatalf("export --plan reference:\n%s\nwant\n%s", b, one)
	}
}

// TestPlanFileRefusals checks who may export plans and that a plan file
// naming what the study lacks is refused with the file and the key named,
// storing nothing.
func TestPlanFileRefusals(t *testing.T) {
	x := mustPlanStudy(t)
	t.Run("Export", func(t *testing.T) {
		tests := []struct {
			name, user string
			args       []string
			code       int
			want       string
		}{
			{"ErrCoder", "coder-a", nil, 5, "owner, analyst"},
			{"ErrPublic", "", nil, 5, "--user"},
			{"ErrUnknownPlan", "owner", []string{"--plan", "nope"}, 3, `"nope"`},
			{"ErrTier", "owner", []string{"--tier", "full"}, 2, "--tier"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				out := filepath.Join(x.dir, tt.name+".json")
				args := append([]string{"export", "--format", "plan", "-o", out}, tt.args...)
				code, _, errOut := x.cli(t, tt.user, args...)
				if code != tt.code || !strings.Contains(errOut, tt.want) {
					t.Fatalf("exit %d (want %d), %s", code, tt.code, errOut)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Fatal("a refused export wrote its file")
				}
			})
		}
	})
	ref, err := os.ReadFile(filepath.Join("..", "..", "demo", "reference-plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Replace(string(ref), `"name": "reference"`, `"name": "other"`, 1)
	tests := []struct {
		name, body, want string
	}{
		{"ErrSection", strings.Replace(plan, `"roles", "disillusionment"`, `"roles", "disilusionment"`, 1), `sections: unknown codebook section "disilusionment"`},
		{"ErrGroupFilter", strings.Replace(plan, `"region": "Western Europe"`, `"regon": "Western Europe"`, 1), `group european_women: unknown attribute "regon"`},
		{"ErrCooccurrence", strings.Replace(plan, `"b": "vulnerabilities/substance_abuse"`, `"b": "vulnerabilities/nope"`, 1), `cooccurrence 1`},
		{"ErrCrosstab", strings.Replace(plan, `"cols": "roles/fighter_or_ribat"`, `"cols": "roles/nope"`, 1), `crosstab 3`},
		{"ErrUnknownKey", strings.Replace(plan, `"distinct"`, `"distinkt"`, 1), `distinkt`},
		{"ErrVersion", `{"ownwords_plans": 2, "plans": [` + plan + `]}`, `ownwords_plans: version 2`},
		{"ErrTwice", `{"ownwords_plans": 1, "plans": [` + plan + `,` + plan + `]}`, `listed twice`},
		{"ErrSyntax", `{"groups": [`, `invalid JSON`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, x.dir, tt.name+".json", tt.body)
			code, _, errOut := x.cli(t, "", "import", path)
			if code != 2 || !strings.Contains(errOut, tt.name+".json") || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, %s\nwant %q", code, errOut, tt.want)
			}
		})
	}
	if b := x.exportPlan(t, "owner", "after.json", ""); strings.Contains(string(b), "ownwords_plans") {
		t.Fatalf("a refused import stored a plan:\n%s", b)
	}
}
