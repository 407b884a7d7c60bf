package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"ownwords/sqldb/sqldbtest"
)

// modelJSON is the part of `model --format json` the test reads.
type modelJSON struct {
	N, Events  int
	SampleSize int `json:"sample_size"`
	Audience   string
	Predictors []struct {
		Slug, Reference string
		ReferenceRule   string `json:"reference_rule"`
	}
	Fit struct {
		Interval     string
		Deviance     float64
		AIC          float64
		Coefficients []struct {
			Term         string
			Estimate, SE float64
			OddsRatio    *float64 `json:"odds_ratio"`
			ORLow        *float64 `json:"or_low"`
			ORHigh       *float64 `json:"or_high"`
		}
	}
}

// TestModelCommand runs `ownwords model` on the demo study on both
// stores: a model of poverty on gender and local/foreign origin for the
// analyst (text, json, md, csv), checked against the crosstab command's
// counts (one predictor: the closed form of the log odds ratio and its
// standard error); the reference level chosen with --ref; separation and
// the rule of ten refused, the latter fitted with --allow-low-epv and a
// warning; the team audience refused without an account.
func TestModelCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo study")
	}
	stores := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "demo.ownwords") },
		"postgres": func(t *testing.T) string { return sqldbtest.FreshPostgresDSN(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) { testModelCommand(t, stores[name](t)) })
	}
}

func testModelCommand(t *testing.T, store string) {
	dir := t.TempDir()
	vars := map[string]string{EnvPassphrase: "ownwords demo - synthetic data only"}
	mustCLI(t, vars, "demo", "--store", store, "--no-serve", "--custodian-identity", filepath.Join(dir, "custodian.agekey"))
	as := []string{"--store", store, "--user", "analyst", "--password-file", writeFile(t, dir, "pw", "analyst-demo-password")}
	model := func(args ...string) string {
		return mustCLI(t, vars, append(append([]string{"model"}, as...), args...)...)
	}
	poverty := []string{"--outcome", "vulnerabilities/poverty"}

	text := model(append(poverty, "--predictors", "gender,origin")...)
	for _, want := range []string{"Logistic regression of vulnerabilities/poverty (plan reference, team audience)", "n = 220 of 220",
		"gender: categorical, reference man (most frequent)", "origin: categorical, reference foreign (most frequent)",
		"OR 95% CI (profile likelihood)", "gender=woman", "origin=local", "residual deviance", "AIC"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	var both, flipped modelJSON
	mustUnmarshal(t, model(append(poverty, "--predictors", "gender,origin", "--format", "json")...), &both)
	mustUnmarshal(t, model(append(poverty, "--predictors", "gender,origin", "--ref", "origin=local", "--format", "json")...), &flipped)
	if len(both.Fit.Coefficients) != 3 || both.Fit.Interval != "profile likelihood" || both.Events == 0 || both.N != 220 {
		t.Fatalf("json: %+v", both)
	}
	// Reversing the reference negates the coefficient; the fit is the same.
	if b, f := both.Fit.Coefficients[2], flipped.Fit.Coefficients[2]; f.Term != "origin=foreign" || math.Abs(b.Estimate+f.Estimate) > 1e-9 ||
		math.Abs(b.SE-f.SE) > 1e-9 || math.Abs(both.Fit.Deviance-flipped.Fit.Deviance) > 1e-9 || flipped.Predictors[1].ReferenceRule != "chosen" ||
		math.Abs(*b.ORLow**f.ORHigh-1) > 1e-9 {
		t.Errorf("--ref origin=local: %+v against %+v", f, b)
	}

	// One predictor: the closed form from the crosstab's cells.
	var x struct {
		RowValues []string `json:"row_values"`
		Counts    [][]int
	}
	mustUnmarshal(t, mustCLI(t, vars, append([]string{"crosstab", "--rows", "gender", "--cols", "vulnerabilities/poverty", "--audience", "team", "--format", "json"}, as...)...), &x)
	var one modelJSON
	mustUnmarshal(t, model(append(poverty, "--predictors", "gender", "--format", "json")...), &one)
	a, b, c, d := float64(x.Counts[0][0]), float64(x.Counts[0][1]), float64(x.Counts[1][0]), float64(x.Counts[1][1])
	if x.RowValues[0] != "man" || math.Abs(one.Fit.Coefficients[1].Estimate-math.Log(c*b/(d*a))) > 1e-9 ||
		math.Abs(one.Fit.Coefficients[1].SE-math.Sqrt(1/a+1/b+1/c+1/d)) > 1e-9 {
		t.Errorf("gender alone: %+v; crosstab %v %v", one.Fit.Coefficients, x.RowValues, x.Counts)
	}

	md := model(append(poverty, "--predictors", "gender,origin", "--format", "md", "--interval", "wald")...)
	if !strings.Contains(md, "| term | estimate | SE | z | p | odds ratio | OR 95% CI (Wald) |") || strings.Count(md, "\n| ") != 4 {
		t.Errorf("md:\n%s", md)
	}
	rows, err := csv.NewReader(strings.NewReader(model(append(poverty, "--predictors", "gender,origin", "--format", "csv")...))).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][0] != "term" || rows[3][0] != "origin=local" {
		t.Errorf("csv: %v %v", rows, err)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--outcome", "roles/fighter_or_ribat", "--predictors", "gender"}, 2, "none of the participants with gender = woman (38) have roles/fighter_or_ribat"},
		{append(poverty, "--predictors", "region,status"), 2, "below 10, the rule of ten"},
		{append(poverty, "--predictors", "gender", "--format", "xml"), 2, "--format must be"},
		{append(poverty, "--predictors", "gender", "--ref", "gender"), 2, "ATTR=LEVEL"},
	} {
		code, out, errOut := cli(t, vars, append(append([]string{"model"}, as...), tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d\n%s%s; want %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
	code, out, errOut := cli(t, vars, append(append([]string{"model"}, as...), append(poverty, "--predictors", "region,status", "--allow-low-epv")...)...)
	if code != 0 || !strings.Contains(out, "warning: 7.8 events per parameter") {
		t.Errorf("--allow-low-epv: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, vars, append(append([]string{"model"}, as...), append(poverty, "--predictors", "region,status", "--allow-low-epv", "--format", "json")...)...)
	if code != 0 || !strings.Contains(errOut, "warning: 7.8 events per parameter") || !strings.Contains(out, `"warnings": [`) {
		t.Errorf("--allow-low-epv --format json: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := cli(t, vars, append([]string{"model", "--store", store}, append(poverty, "--predictors", "gender")...)...); code != 5 || !strings.Contains(errOut, "--user") {
		t.Errorf("team without an account: exit %d %s", code, errOut)
	}
	var pub modelJSON
	mustUnmarshal(t, mustCLI(t, vars, append([]string{"model", "--store", store, "--audience", "public", "--format", "json"}, append(poverty, "--predictors", "gender")...)...), &pub)
	if pub.Audience != "public" || len(pub.Fit.Coefficients) != 2 {
		t.Errorf("public: %+v", pub)
	}
}

func mustUnmarshal(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%v:\n%s", err, s)
	}
}
