package report

import (
	"fmt"
	"strconv"
)

// countText shows a count: the number, "<k" for a count known to lie in
// 1..k-1, "—" for any other suppressed count.
func countText(c Cell, k int) string {
	switch {
	case c.Suppressed && c.Below:
		return "<" + strconv.Itoa(k)
	case c.Suppressed:
		return "—"
	}
	return strconv.Itoa(c.N)
}

// percentText shows a cell's percent, e.g. "51.6%", or "" when it has none.
func percentText(c Cell) string {
	t, ok := c.Tenths()
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d.%d%%", t/10, t%10)
}

// cellText shows a count with its percent, e.g. "94 (51.6%)".
func cellText(c Cell, k int) string {
	if p := percentText(c); p != "" {
		return countText(c, k) + " (" + p + ")"
	}
	return countText(c, k)
}

// liftText shows a lift to two decimals, "—" when it is not shown.
func liftText(l *float64) string {
	if l == nil {
		return "—"
	}
	return strconv.FormatFloat(*l, 'f', 2, 64)
}

// rankText shows a rank, "=" marking ties, "—" for an unranked entry.
func rankText(e RankEntry) string {
	switch {
	case e.Rank == 0:
		return "—"
	case e.Tied:
		return strconv.Itoa(e.Rank) + "="
	}
	return strconv.Itoa(e.Rank)
}

// groupDescription describes a group's filter for readers.
func groupDescription(g Group) string {
	if g.Filter == "" {
		return "the whole analysis sample"
	}
	return g.Filter
}

// rowLabel marks derived items with an asterisk.
func rowLabel(r Row) string {
	if r.Derived {
		return r.Label + " *"
	}
	return r.Label
}

// derivedNote explains the asterisk of derived items.
const derivedNote = "* derived item: computed from the items it combines, not ranked"

// hasDerived reports whether a table has a derived item.
func hasDerived(t *Table) bool {
	for _, r := range t.Rows {
		if r.Derived {
			return true
		}
	}
	return false
}

// namedPairs returns the co-occurrence rows of the pairs the plan names:
// the ones text, Markdown and HTML print.
func namedPairs(rep *Report) []Cooccurrence {
	var out []Cooccurrence
	for _, c := range rep.Cooccurrence {
		if c.Named {
			out = append(out, c)
		}
	}
	return out
}

// pairsNote says where the other pairs are.
const pairsNote = "Pairs named by the analysis plan; every pair of items within a section is in the JSON output."
