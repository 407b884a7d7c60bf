package disclosure

import (
	"fmt"
	"math/rand/v2"
)

// person is a synthetic participant: gender, origin, a status (one of
// several, for partition tables) and the items they endorse.
type person struct {
	man, local bool
	status     int
	items      []bool
}

// groupDefs are the groups of the synthetic tables and the relations
// among them: two crossed binary attributes and their four cells.
var groupDefs = []struct {
	name string
	in   func(p person) bool
}{
	{"all", func(person) bool { return true }},
	{"men", func(p person) bool { return p.man }},
	{"women", func(p person) bool { return !p.man }},
	{"local", func(p person) bool { return p.local }},
	{"foreign", func(p person) bool { return !p.local }},
	{"local_men", func(p person) bool { return p.local && p.man }},
	{"local_women", func(p person) bool { return p.local && !p.man }},
	{"foreign_men", func(p person) bool { return !p.local && p.man }},
	{"foreign_women", func(p person) bool { return !p.local && !p.man }},
	{"returnees", func(p person) bool { return p.status == 0 }},
}

var groupRelations = []string{
	"all = men + women",
	"all = local + foreign",
	"men = local_men + foreign_men",
	"women = local_women + foreign_women",
	"local = local_men + local_women",
	"foreign = foreign_men + foreign_women",
}

// randomSample draws n people with skewed attributes and items whose
// prevalence ranges from rare to common, so that tables have many small
// cells and some small groups.
func randomSample(rng *rand.Rand, n, items, statuses int) []person {
	pMan, pLocal := 0.05+0.9*rng.Float64(), 0.05+0.9*rng.Float64()
	prev := make([]float64, items)
	for i := range prev {
		prev[i] = rng.Float64() * rng.Float64() // mostly rare
	}
	out := make([]person, n)
	for i := range out {
		p := person{man: rng.Float64() < pMan, local: rng.Float64() < pLocal, items: make([]bool, items)}
		p.status = min(statuses-1, int(float64(statuses)*rng.Float64()*rng.Float64()*1.7))
		for j := range p.items {
			p.items[j] = rng.Float64() < prev[j]
		}
		out[i] = p
	}
	return out
}

// itemTable tabulates items × groups (a multi-response table).
func itemTable(ps []person, groups []int) *Table {
	t := &Table{Shape: MultiResponse}
	for j := range ps[0].items {
		t.Rows = append(t.Rows, fmt.Sprintf("item%02d", j))
	}
	t.Cells = make([][]int, len(t.Rows))
	for r := range t.Cells {
		t.Cells[r] = make([]int, len(groups))
	}
	t.ColTotals = make([]int, len(groups))
	for c, g := range groups {
		t.Cols = append(t.Cols, groupDefs[g].name)
		for _, p := range ps {
			if !groupDefs[g].in(p) {
				continue
			}
			t.ColTotals[c]++
			for r, yes := range p.items {
				if yes {
					t.Cells[r][c]++
				}
			}
		}
	}
	return t
}

// statusTable tabulates status × groups (a partition table), with row
// totals when the groups partition the sample.
func statusTable(ps []person, groups []int, statuses int, rowTotals bool) *Table {
	t := &Table{Shape: Partition}
	for s := range statuses {
		t.Rows = append(t.Rows, fmt.Sprintf("status%d", s))
	}
	t.Cells = make([][]int, statuses)
	for r := range t.Cells {
		t.Cells[r] = make([]int, len(groups))
	}
	t.ColTotals = make([]int, len(groups))
	for c, g := range groups {
		t.Cols = append(t.Cols, groupDefs[g].name)
		for _, p := range ps {
			if groupDefs[g].in(p) {
				t.ColTotals[c]++
				t.Cells[p.status][c]++
			}
		}
	}
	if rowTotals {
		t.RowTotals = make([]int, statuses)
		for r, row := range t.Cells {
			for _, v := range row {
				t.RowTotals[r] += v
			}
		}
	}
	return t
}

// relationsAmong keeps the relations whose groups are all present.
func relationsAmong(groups []int) []string {
	have := map[string]bool{}
	for _, g := range groups {
		have[groupDefs[g].name] = true
	}
	var out []string
	for _, s := range groupRelations {
		rel, _ := ParseRelation(s)
		ok := have[rel.Total]
		for _, p := range rel.Parts {
			ok = ok && have[p]
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}
