package disclosure

import (
	"math/rand/v2"
	"testing"
)

// TestRangesMatchBruteForce checks the exact simplex against enumeration:
// on tiny random tables (both shapes, one- and two-level relations,
// random hidden cells and group sizes), every hidden value's range from
// linear programming, rounded inward, equals the range of that value over
// all integer tables consistent with what is shown.
func TestRangesMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	designs := [][]int{{0, 1, 2}, {0, 1, 2, 5, 7}, {1, 5, 7}, {0, 1, 2, 3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8}}
	compared := 0
	for i := 0; compared < 400; i++ {
		n := 1 + rng.IntN(7)
		groups := designs[rng.IntN(len(designs))]
		ps := randomSample(rng, n, 1+rng.IntN(2), 2)
		tab := itemTable(ps, groups)
		if rng.IntN(2) == 0 {
			tab = statusTable(ps, groups, 2, false)
		}
		rels := mustRelations(t, relationsAmong(groups)...)
		if err := tab.check(); err != nil {
			t.Fatal(err)
		}
		var unknown []Entry
		for r := Margin; r < len(tab.Rows); r++ {
			for c := range tab.Cols {
				if e := (Entry{r, c}); (r != Margin || c != 0) && rng.IntN(9) < 4 {
					tab.hide(e)
				}
			}
		}
		closeLines(tab)
		for r := Margin; r < len(tab.Rows); r++ {
			for c := range tab.Cols {
				if tab.hidden(Entry{r, c}) {
					unknown = append(unknown, Entry{r, c})
				}
			}
		}
		if len(unknown) == 0 || len(unknown) > 5 {
			continue
		}
		want := bruteRanges(tab, rels, unknown, max(tab.ColTotals[0], tab.ColTotals[len(groups)-1]))
		got := mustRanges(t, tab, rels)
		for _, e := range unknown {
			if g := got[tab.label(e)]; g != want[e] {
				t.Errorf("table %d, %s: simplex range %v, enumeration %v\n%s", i, tab.label(e), g, want[e], grid(tab))
			}
		}
		compared++
	}
}

// bruteRanges enumerates every assignment of 0..bound to the unknown
// entries, keeps those that make a consistent table, and returns each
// unknown's smallest and largest value.
func bruteRanges(t *Table, rels []Relation, unknown []Entry, bound int) map[Entry][2]int {
	trial := *t
	trial.Cells = make([][]int, len(t.Cells))
	for r := range t.Cells {
		trial.Cells[r] = append([]int(nil), t.Cells[r]...)
	}
	trial.ColTotals = append([]int(nil), t.ColTotals...)
	set := func(e Entry, v int) {
		if e.Row == Margin {
			trial.ColTotals[e.Col] = v
		} else {
			trial.Cells[e.Row][e.Col] = v
		}
	}
	out := map[Entry][2]int{}
	seen := false
	vals := make([]int, len(unknown))
	for {
		for j, e := range unknown {
			set(e, vals[j])
		}
		if consistent(&trial, rels) {
			for j, e := range unknown {
				r, ok := out[e]
				if !seen || !ok {
					r = [2]int{vals[j], vals[j]}
				}
				out[e] = [2]int{min(r[0], vals[j]), max(r[1], vals[j])}
			}
			seen = true
		}
		j := 0
		for ; j < len(vals) && vals[j] == bound; j++ {
			vals[j] = 0
		}
		if j == len(vals) {
			return out
		}
		vals[j]++
	}
}

// consistent reports whether t's counts obey what a reader knows of any
// such table: counts between 0 and the group size, partition sums, row
// totals, and the relations in every row and for the group sizes. It is
// written apart from the model on purpose.
func consistent(t *Table, rels []Relation) bool {
	col := map[string]int{}
	for c, name := range t.Cols {
		col[name] = c
	}
	for c := range t.Cols {
		sum := 0
		for r := range t.Rows {
			v := t.Cells[r][c]
			if v < 0 || v > t.ColTotals[c] {
				return false
			}
			sum += v
		}
		if t.Shape == Partition && sum != t.ColTotals[c] {
			return false
		}
	}
	for r, total := range t.RowTotals {
		sum := 0
		for c := range t.Cols {
			sum += t.Cells[r][c]
		}
		if sum != total {
			return false
		}
	}
	for _, rel := range rels {
		lines := append([][]int{t.ColTotals}, t.Cells...)
		for _, line := range lines {
			sum := 0
			for _, p := range rel.Parts {
				sum += line[col[p]]
			}
			if line[col[rel.Total]] != sum {
				return false
			}
		}
	}
	return true
}
