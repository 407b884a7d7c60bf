package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
)

// TestPlanListDeleteAndImportRoles: `plan list` shows the study's plans
// and the default one (text and JSON); importing a plan file and `plan
// delete` are an owner's (or, on a study file, the passphrase's) through
// the application layer: a coder or an analyst naming their account is
// refused and nothing changes; every change is audited under who made it.
func TestPlanListDeleteAndImportRoles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo study")
	}
	x := mustPlanStudy(t)
	// plan runs `plan SUB` with the study's flags, as user when named.
	plan := func(user, sub string, args ...string) (int, string, string) {
		t.Helper()
		flags := []string{"plan", sub, "--store", x.store}
		if user != "" {
			flags = append(flags, "--user", user, "--password-file", x.pw[user])
		}
		return cli(t, x.vars, append(flags, args...)...)
	}
	mustPlan := func(user, sub string, args ...string) string {
		t.Helper()
		code, out, errOut := plan(user, sub, args...)
		if code != 0 {
			t.Fatalf("ownwords plan %s %s: exit %d\n%s%s", sub, strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	list := func(user string) []map[string]any {
		t.Helper()
		var got []map[string]any
		out := mustPlan(user, "list", "--format", "json")
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("plan list --format json: %v\n%s", err, out)
		}
		return got
	}
	names := func() []string {
		var out []string
		for _, p := range list("") {
			out = append(out, p["name"].(string))
		}
		return out
	}
	if got := list("analyst"); len(got) != 1 || got[0]["name"] != "reference" || got[0]["default"] != true {
		t.Fatalf("the demo's plans: %v", got)
	}
	ref, err := os.ReadFile(filepath.Join("..", "..", "demo", "reference-plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	other := writeFile(t, x.dir, "other.json", strings.Replace(string(ref), `"name": "reference"`, `"name": "other"`, 1))
	for _, user := range []string{"coder-a", "analyst"} {
		code, _, errOut := x.cli(t, user, "import", other)
		if code != 5 || !strings.Contains(errOut, "changing the study's analysis plans needs one of: owner") {
			t.Fatalf("import of a plan as %s: exit %d, %s", user, code, errOut)
		}
	}
	if got := names(); !slices.Equal(got, []string{"reference"}) {
		t.Fatalf("refused imports left the plans %v", got)
	}
	x.must(t, "owner", "import", other)
	x.must(t, "", "import", "--replace-plans", other)
	out := mustPlan("coder-a", "list")
	if !strings.Contains(out, "  other ") || !strings.Contains(out, "* reference ") || !strings.Contains(out, "crosstabs: ") {
		t.Fatalf("plan list:\n%s", out)
	}

	code, _, errOut := plan("analyst", "delete", "other")
	if code != 5 || !strings.Contains(errOut, "changing the study's analysis plans needs one of: owner") {
		t.Fatalf("plan delete as analyst: exit %d, %s", code, errOut)
	}
	if code, _, errOut := plan("owner", "delete", "nosuch"); code != 3 || !strings.Contains(errOut, `no analysis plan "nosuch"`) {
		t.Fatalf("plan delete of an unknown plan: exit %d, %s", code, errOut)
	}
	if out := mustPlan("owner", "delete", "other"); !strings.Contains(out, "The default plan is reference.") {
		t.Fatalf("plan delete:\n%s", out)
	}
	if got := names(); !slices.Equal(got, []string{"reference"}) {
		t.Fatalf("plans after the delete: %v", got)
	}

	log := auditOf(t, x.store, func(e *ownwords.AuditEntry) string {
		if (e.Action == "plan.save" || e.Action == "plan.delete") && e.Object == "other" {
			return e.Actor + " " + e.Action
		}
		return ""
	})
	if want := []string{"owner plan.save", "key-holder plan.save", "owner plan.delete"}; !slices.Equal(log, want) {
		t.Fatalf("audit entries of plan other: %q, want %q", log, want)
	}
}
