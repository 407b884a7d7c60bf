package analysis

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"ownwords"
)

// randomSurvivalRows is a small study of n participants for
// mustTimelines: a gender (sometimes none), a year of joining, and first
// doubts, a departure (censoring) or neither.
func randomSurvivalRows(r *rand.Rand, n int) []string {
	genders := []string{"man", "man", "man", "woman", "woman", "-"}
	var rows []string
	for i := range n {
		year, month := 2013+r.IntN(4), 1+r.IntN(12)
		row := fmt.Sprintf("P-%03d %s joined@%d-%02d-01", i, genders[r.IntN(len(genders))], year, month)
		end := fmt.Sprintf("%d-%02d-15", year+1+r.IntN(3), 1+r.IntN(12))
		switch x := r.IntN(10); {
		case x < 6:
			row += " first_doubts@" + end
		case x < 9:
			row += " left@" + end
		}
		rows = append(rows, row)
	}
	return rows
}

// checkNoDifference checks the public curves of one spec by group
// against the team's exact groups and the public curve of everyone: no
// count of 1..k−1 of a group can be read or worked out from them.
func checkNoDifference(t *testing.T, tl *Timelines, spec SurvivalSpec, k int) {
	t.Helper()
	team, err := tl.Survival(spec)
	if err != nil {
		t.Fatal(err)
	}
	spec.K = k
	res, err := tl.Survival(spec)
	if err != nil {
		t.Fatal(err)
	}
	grouped := res.Public(k)
	everyone := spec
	everyone.By = ""
	overall, err := tl.Survival(everyone)
	if err != nil {
		t.Fatal(err)
	}
	all := overall.Public(k)
	what := fmt.Sprintf("%s→%s by %q, k = %d", spec.From, spec.To, spec.By, k)

	small := func(n int) bool { return n >= 1 && n < k }
	truth := map[string][2]int{} // the team's n and events per group
	for _, g := range team.Groups {
		truth[g.Name] = [2]int{g.N, g.Fit.Events}
	}
	sumN, sumEvents, withheld := 0, 0, 0
	var grid [][2]float64
	for _, g := range grouped.Groups {
		if g.Suppressed && len(grouped.Groups) > 1 {
			t.Errorf("%s: group %s listed as suppressed; groups are shown all or none", what, g.Name)
			continue
		}
		if g.Suppressed {
			continue // everyone, fewer than k
		}
		if g.N < k {
			t.Errorf("%s: group %s shows n = %d", what, g.Name, g.N)
		}
		sumN += g.N
		if g.Events == nil {
			withheld++
		} else {
			sumEvents += *g.Events
			if small(*g.Events) || small(g.N-*g.Events) {
				t.Errorf("%s: group %s shows %d events of %d", what, g.Name, *g.Events, g.N)
			}
		}
		if tr, ok := truth[g.Name]; ok && (tr[0] != g.N || g.Events != nil && *g.Events != tr[1]) {
			t.Errorf("%s: group %s shows n = %d, events %v; it has %v", what, g.Name, g.N, g.Events, tr)
		}
		for _, p := range g.Points {
			if p.Events < k {
				t.Errorf("%s: group %s interval %v–%v shows %d events", what, g.Name, p.From, p.Until, p.Events)
			}
			grid = append(grid, [2]float64{p.From, p.Until})
		}
	}
	// Groups come all or none: every team group is shown (and
	// NoValueGroup), or one curve of everyone.
	if len(grouped.Groups) > 1 {
		for name := range truth {
			if !slices.ContainsFunc(grouped.Groups, func(g PublicCurve) bool { return g.Name == name }) {
				t.Errorf("%s: group %s is not shown beside the others: %+v", what, name, grouped.Groups)
			}
		}
		for _, g := range grouped.Groups {
			if _, ok := truth[g.Name]; !ok && g.Name != NoValueGroup {
				t.Errorf("%s: group %s is no value of the grouping", what, g.Name)
			}
		}
	} else if g := grouped.Groups; len(g) == 1 && g[0].Name != "all" && len(truth) > 1 {
		t.Errorf("%s: the lone group is %s", what, g[0].Name)
	}
	// A withheld group beside others would be the difference with the
	// curve of everyone.
	if withheld > 0 && len(grouped.Groups) > 1 {
		t.Errorf("%s: %d groups withhold their events beside others: %+v", what, withheld, grouped.Groups)
	}
	// The groups cover everyone: the curve of everyone minus the groups
	// is nobody.
	if len(all.Groups) != 1 {
		t.Fatalf("%s: the curve of everyone has groups %+v", what, all.Groups)
	}
	if a := all.Groups[0]; !a.Suppressed && a.N != sumN || a.Events != nil && withheld == 0 && *a.Events != sumEvents {
		t.Errorf("%s: everyone n = %d events %v, the groups n = %d events %d", what, a.N, a.Events, sumN, sumEvents)
	}
	// The groups' intervals come from one grid: equal or apart.
	for _, x := range grid {
		for _, y := range grid {
			if x != y && x[0] < y[1] && y[0] < x[1] {
				t.Errorf("%s: intervals %v and %v overlap: a difference of them would be shown", what, x, y)
			}
		}
	}
	// The log-rank test counts only groups shown, with their numbers.
	if lr := grouped.LogRank; lr != nil {
		for _, lg := range lr.Groups {
			if !slices.ContainsFunc(grouped.Groups, func(g PublicCurve) bool {
				return g.N == lg.N && g.Events != nil && *g.Events == lg.Observed
			}) {
				t.Errorf("%s: log-rank group n = %d observed %d is no group shown", what, lg.N, lg.Observed)
			}
		}
	}
	for reason, n := range grouped.Excluded {
		if small(n) {
			t.Errorf("%s: excluded (%s) = %d", what, reason, n)
		}
	}
}

// TestPublicCurvesByGroupLeaveNoDifference tries, on random small studies
// and on the demo, to work out a hidden group's participants or events
// from the public curves by group and the public curve of everyone.
func TestPublicCurvesByGroupLeaveNoDifference(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 14))
		tl := mustTimelines(t, randomSurvivalRows(r, 6+r.IntN(40)), nil, nil)
		for _, by := range []string{"gender", ByFromYear} {
			for _, k := range []int{3, 5} {
				checkNoDifference(t, tl, SurvivalSpec{From: "joined", To: "first_doubts", By: by}, k)
			}
		}
	}
	tl := demoTimelines(t)
	var bys []string
	for _, a := range tl.In.Attributes {
		if a.Type == ownwords.AttrCategory || a.Type == ownwords.AttrBoolean || a.Type == ownwords.AttrDate || a.Type == ownwords.AttrInteger {
			bys = append(bys, a.Slug)
		}
	}
	bys = append(bys, ByFromYear)
	for _, by := range bys {
		for _, to := range []string{ownwords.EventLeft, ownwords.EventFirstDoubts} {
			checkNoDifference(t, tl, SurvivalSpec{From: ownwords.EventJoined, To: to, By: by}, tl.In.Study.Settings.DisclosureK)
		}
	}
}
