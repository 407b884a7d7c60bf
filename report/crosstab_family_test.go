package report

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"ownwords/analysis"
	"ownwords/stats"
)

// familyPlan is the fixture plan with three crosstabs: a family of tests.
var familyPlan = strings.Replace(fixturePlan, `"crosstabs": [{"rows": "origin", "cols": "vulnerabilities/poverty"}]`,
	`"crosstabs": [{"rows": "origin", "cols": "vulnerabilities/poverty"}, {"rows": "gender", "cols": "roles/wife_and_mother"}, {"rows": "gender", "cols": "origin"}]`, 1)

func mustFamilyReport(t *testing.T, audience string) *Report {
	t.Helper()
	plan, err := analysis.ParsePlan([]byte(familyPlan))
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Run(fixtureInput(t), plan)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Build(res, Options{Audience: audience, Suppressor: &lineComplement{}, Quotes: fixtureQuotes})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The team report adjusts the Fisher p of every crosstab for the family
// of the report's crosstabs, named, as stats.Holm and
// stats.BenjaminiHochberg do, and every output says so.
func TestCrosstabFamilyAdjustedTeam(t *testing.T) {
	rep := mustFamilyReport(t, AudienceTeam)
	var ps []float64
	for _, x := range rep.Crosstabs {
		ps = append(ps, x.Stats.Fisher.P)
	}
	holm, bh := stats.Holm(ps), stats.BenjaminiHochberg(ps)
	for i, x := range rep.Crosstabs {
		a := x.Adjusted
		if a == nil || a.Tests != 3 || math.Abs(a.Holm-holm[i]) > 1e-15 || math.Abs(a.BH-bh[i]) > 1e-15 ||
			a.Family != "Fisher's exact p of the 3 tested crosstabs of plan fixture" {
			t.Fatalf("crosstab %d: adjusted %+v, want Holm %v BH %v of the named family", i, a, holm[i], bh[i])
		}
		if txt := statsText(x); !strings.Contains(txt, "Holm") || !strings.Contains(txt, a.Family) {
			t.Errorf("crosstab %d text lacks the adjusted p: %s", i, txt)
		}
	}
	var b strings.Builder
	if err := WriteJSON(&b, rep); err != nil || !strings.Contains(b.String(), `"adjusted":{"family"`) && !strings.Contains(b.String(), `"adjusted": {`) {
		t.Errorf("JSON lacks the adjusted p-values (%v)", err)
	}
}

// Disclosure: in the public report every new figure (exact p, effect
// sizes and their intervals, adjusted p-values) is computed only from
// what the public report shows. A crosstab with any suppressed count
// shows none of them; a crosstab shown whole carries exactly the figures
// its published counts give (recomputed here from the published cells);
// and once any crosstab's tests are withheld, no crosstab carries adjusted
// p-values, which would depend on the hidden one's p.
func TestCrosstabFamilyPublicDiscloses(t *testing.T) {
	rep := mustFamilyReport(t, AudiencePublic)
	anyHidden, anyShown := false, false
	for i, x := range rep.Crosstabs {
		if anySuppressed(x.Table) {
			anyHidden = true
			if x.Stats != nil {
				t.Errorf("crosstab %d hides counts but shows its tests", i)
			}
			continue
		}
		if x.Stats == nil {
			t.Fatalf("crosstab %d shows every count but no tests", i)
		}
		anyShown = true
		var rows, cols []string
		var counts [][]int
		for _, r := range x.Table.Rows {
			rows = append(rows, r.Key)
			var row []int
			for _, c := range r.Cells {
				row = append(row, c.N)
			}
			counts = append(counts, row)
		}
		for _, c := range x.Table.Columns {
			cols = append(cols, c.Key)
		}
		want, err := stats.NewCrosstab(rows, cols, counts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(want.Fisher, x.Stats.Fisher) || !reflect.DeepEqual(want.Effects.CramersV, x.Stats.Effects.CramersV) ||
			!reflect.DeepEqual(want.Effects.OddsRatio, x.Stats.Effects.OddsRatio) {
			t.Errorf("crosstab %d: figures %+v differ from those of its published counts %+v", i, x.Stats, want)
		}
	}
	if !anyHidden || !anyShown {
		t.Fatal("the fixture's public report should both suppress a crosstab and show one whole: the test cannot fail otherwise")
	}
	for i, x := range rep.Crosstabs {
		if x.Adjusted != nil || x.AdjustedWithheld == "" {
			t.Errorf("crosstab %d: adjusted %+v, withheld %q; want withheld with a reason", i, x.Adjusted, x.AdjustedWithheld)
		}
		if x.Stats != nil && !strings.Contains(statsText(x), "withheld") {
			t.Errorf("crosstab %d text does not say the adjustment is withheld: %s", i, statsText(x))
		}
	}
}
