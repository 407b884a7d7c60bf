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

// mentioned returns the entries of a ranking that someone in the group
// mentioned (a count above 0, or hidden, which is 1..k-1) and, when it left
// entries out, the words that close the list instead: a ranking that ends
// in items at 0 reads as a finding. The table still shows every 0.
func mentioned(entries []RankEntry) (kept []RankEntry, closing string) {
	for _, e := range entries {
		if e.N.Suppressed || e.N.N > 0 {
			kept = append(kept, e)
		}
	}
	switch {
	case len(kept) == len(entries):
		return kept, ""
	case len(kept) == 0:
		return nil, "no item was mentioned"
	}
	return kept, "no other item was mentioned"
}

// rankingParts formats a ranking's entries as "rank label (count)", label
// passed through esc, closed as mentioned says.
func rankingParts(r Ranking, k int, esc func(string) string) []string {
	kept, closing := mentioned(r.Entries)
	var parts []string
	for _, e := range kept {
		parts = append(parts, fmt.Sprintf("%s %s (%s)", rankText(e), esc(e.Label), countText(e.N, k)))
	}
	if closing != "" {
		parts = append(parts, closing)
	}
	return parts
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
