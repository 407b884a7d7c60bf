package disclosure

import (
	"fmt"
	"testing"
)

// mustRelations parses relations or fails the test.
func mustRelations(tb testing.TB, ss ...string) []Relation {
	tb.Helper()
	var out []Relation
	for _, s := range ss {
		rel, err := ParseRelation(s)
		if err != nil {
			tb.Fatalf("ParseRelation(%q): %v", s, err)
		}
		out = append(out, rel)
	}
	return out
}

// mustModel builds the model of t or fails the test.
func mustModel(tb testing.TB, t *Table, rels []Relation) *model {
	tb.Helper()
	m, err := newModel(t, rels, 5)
	if err != nil {
		tb.Fatalf("newModel: %v", err)
	}
	return m
}

// hiddenLabels lists the hidden entries of t as "group / row" labels, in
// table order.
func hiddenLabels(t *Table) []string {
	var out []string
	for r := range t.Rows {
		for c := range t.Cols {
			if t.Suppressed[r][c] {
				out = append(out, t.label(Entry{r, c}))
			}
		}
	}
	for c := range t.Cols {
		if t.ColTotalSuppressed[c] {
			out = append(out, t.label(Entry{Margin, c}))
		}
	}
	for r := range t.RowTotalSuppressed {
		if t.RowTotalSuppressed[r] {
			out = append(out, t.label(Entry{r, Margin}))
		}
	}
	return out
}

// ranges returns the exact feasible range of every unpublished entry of t,
// keyed by label, as Audit computes them.
func mustRanges(tb testing.TB, t *Table, rels []Relation) map[string][2]int {
	tb.Helper()
	m := mustModel(tb, t, rels)
	pub := m.published()
	out := map[string][2]int{}
	for _, comp := range m.components(pub) {
		rs, err := m.componentRanges(comp, pub, comp, 0)
		if err != nil {
			tb.Fatalf("componentRanges: %v", err)
		}
		for j, i := range comp {
			out[t.label(m.entry(i))] = [2]int{rs[j].lo, rs[j].hi}
		}
	}
	return out
}

// checkPublishable fails the test if t, as marked, shows a count 1..k-1,
// describes a group smaller than k, or leaves Audit an exposure.
func checkPublishable(tb testing.TB, t *Table, rels []Relation, k int) {
	tb.Helper()
	small := func(v int) bool { return v >= 1 && v < k }
	for r := range t.Rows {
		for c := range t.Cols {
			if t.Suppressed[r][c] {
				continue
			}
			if small(t.Cells[r][c]) || small(t.ColTotals[c]) || (t.RowTotals != nil && small(t.RowTotals[r])) {
				tb.Errorf("%s = %d shown (group size %d, k %d)", t.label(Entry{r, c}), t.Cells[r][c], t.ColTotals[c], k)
			}
		}
	}
	for c, v := range t.ColTotals {
		if !t.ColTotalSuppressed[c] && small(v) {
			tb.Errorf("group %s of size %d shown (k %d)", t.Cols[c], v, k)
		}
	}
	for r, v := range t.RowTotals {
		if !t.RowTotalSuppressed[r] && small(v) {
			tb.Errorf("row total %s = %d shown (k %d)", t.Rows[r], v, k)
		}
	}
	exps, err := Audit(t, rels, k)
	if err != nil {
		tb.Fatalf("Audit: %v", err)
	}
	for _, e := range exps {
		tb.Errorf("exposure: %v", e)
	}
}

// grid formats a table's cells with hidden ones as "·", for failure
// messages.
func grid(t *Table) string {
	s := fmt.Sprintf("%-10s", "")
	for c, name := range t.Cols {
		s += fmt.Sprintf("%8s", mark(name, t.ColTotals[c], t.ColTotalSuppressed[c]))
	}
	s += "\n"
	for r, row := range t.Cells {
		s += fmt.Sprintf("%-10s", t.Rows[r])
		for c, v := range row {
			s += fmt.Sprintf("%8s", mark("", v, t.Suppressed[r][c]))
		}
		if t.RowTotals != nil {
			s += fmt.Sprintf("%8s", mark("", t.RowTotals[r], t.RowTotalSuppressed[r]))
		}
		s += "\n"
	}
	return s
}

func mark(name string, v int, hidden bool) string {
	h := ""
	if hidden {
		h = "*"
	}
	if name != "" {
		return fmt.Sprintf("%s:%d%s", name[:min(3, len(name))], v, h)
	}
	return fmt.Sprintf("%d%s", v, h)
}
