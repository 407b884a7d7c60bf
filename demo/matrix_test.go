package demo

import (
	"encoding/json"
	"maps"
	"testing"
)

// TestPublishedChecksHold computes the participant x item matrix from the
// consensus segments (report_test.go), builds the report figures from it and
// evaluates every published check, for several seeds: the counts are
// designed per stratum, so no seed may break them.
func TestPublishedChecksHold(t *testing.T) {
	for _, seed := range []uint64{DefaultSeed, 1, 2, 7, 1234567} {
		s := Generate(seed)
		report := mustJSON(t, mustReport(t, s))
		results := EvaluateChecks(report, PublishedChecks())
		if len(results) != len(PublishedChecks().Checks) {
			t.Fatalf("seed %d: %d results", seed, len(results))
		}
		for _, r := range results {
			if !r.OK {
				t.Errorf("seed %d: %s: got %s", seed, r.Check, r.Got)
			}
		}
	}
}

// TestPlanNamesThePublishedGroups checks that the reference plan defines
// every group of published.json with the same filter, and the published
// co-occurrence pairs.
func TestPlanNamesThePublishedGroups(t *testing.T) {
	var plan testPlan
	if err := json.Unmarshal(ReferencePlan(), &plan); err != nil {
		t.Fatal(err)
	}
	filters := map[string]map[string]string{}
	for _, g := range plan.Groups {
		filters[g.Name] = g.Filter
	}
	for name, f := range PublishedChecks().Groups {
		if !maps.Equal(filters[name], f) {
			t.Errorf("group %s: plan filter %v, published %v", name, filters[name], f)
		}
	}
	pairs := map[[2]string]bool{}
	for _, p := range plan.Cooccurrence {
		pairs[[2]string{p.A, p.B}] = true
	}
	for _, c := range PublishedChecks().Checks {
		if c.Kind == "cooccur" && !pairs[[2]string{c.A, c.B}] {
			t.Errorf("plan lacks the co-occurrence pair %s & %s", c.A, c.B)
		}
	}
	if plan.Sample.OrderBy != "interview_date" || plan.Sample.First != SampleSize {
		t.Errorf("sample = %+v, want the first %d by interview_date", plan.Sample, SampleSize)
	}
}

// TestEveryItemHasWording checks that every codable item has a target and
// that every item a stratum can endorse has an English passage template
// that fits its members.
func TestEveryItemHasWording(t *testing.T) {
	people := map[cell]*person{}
	for c := range nCells {
		p := &person{cell: c, travelled: !c.local(), status: "prisoner"}
		people[c] = p
	}
	all := append(append(append([]target{}, offlineInfluences...), motivations...), targets...)
	for i, it := range onlineCover.items {
		all = append(all, target{item: it, n: onlineCover.n[i]})
	}
	for i, it := range fighterCover.items {
		all = append(all, target{item: it, n: fighterCover.n[i]})
	}
	targeted := map[string]bool{}
	for _, tg := range all {
		targeted[tg.item] = true
		for c := range nCells {
			if tg.n[c] > 0 && !englishBank().has(tg.item, people[c]) {
				t.Errorf("%s: no English passage fits cell %d", tg.item, c)
			}
		}
	}
	for _, it := range itemPaths() {
		if !targeted[it] {
			t.Errorf("%s: no target", it)
		}
	}
}
