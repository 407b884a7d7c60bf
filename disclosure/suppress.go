package disclosure

import (
	"fmt"
	"slices"
)

// Primary marks in t every count 1..k-1 as suppressed, and every group (or
// row with a published total) of 1..k-1 people entirely: its total and all
// its cells, zeros included. Zeros and counts of at least k stay shown; see
// the package comment for why. Primary alone does not stop margins and
// relations from giving hidden counts back: use Suppress to publish.
// EINVALID for a malformed table or k < 1.
func Primary(t *Table, k int) error {
	if err := checkK(k); err != nil {
		return err
	}
	if err := t.check(); err != nil {
		return err
	}
	small := func(v int) bool { return v >= 1 && v <= k-1 }
	for c, v := range t.ColTotals {
		t.ColTotalSuppressed[c] = t.ColTotalSuppressed[c] || small(v)
	}
	for r, v := range t.RowTotals {
		t.RowTotalSuppressed[r] = t.RowTotalSuppressed[r] || small(v)
	}
	for r, row := range t.Cells {
		for c, v := range row {
			t.Suppressed[r][c] = t.Suppressed[r][c] || small(v)
		}
	}
	closeLines(t)
	return nil
}

// closeLines hides every cell of a row or column whose total is hidden: a
// shown count and its percentage would give the total back.
func closeLines(t *Table) {
	for r, row := range t.Suppressed {
		for c := range row {
			row[c] = row[c] || t.ColTotalSuppressed[c] || (t.RowTotals != nil && t.RowTotalSuppressed[r])
		}
	}
}

// Suppress marks in t the values to hide before t is published under
// threshold k with relations rels among its columns. After the primary
// suppressions it protects the hidden group sizes, trying every small set
// of other sizes to hide (each takes its column with it, so the choice is
// worth an exhaustive search). Then, greedily, it hides complementary
// cells until Audit finds no exposure: each round, for every value still
// exposed, it tries hiding the shown cells linked to it by a relation or
// partition sum, nearest first, and keeps the smallest count that protects
// it, else the one that widens its range most. The result protects every
// sensitive value but is not the smallest possible suppression. Marks
// already in t are kept. EINVALID for a malformed table, relations that
// the counts do not satisfy, or k < 1.
func Suppress(t *Table, rels []Relation, k int) error {
	m, err := newModel(t, rels, k)
	if err != nil {
		return err
	}
	if err := Primary(t, k); err != nil {
		return err
	}
	if err := m.protectMargins(); err != nil {
		return err
	}
	for {
		exps, err := m.audit()
		if err != nil {
			return err
		}
		if len(exps) == 0 {
			return nil
		}
		progress, err := m.complement(exps)
		if err != nil {
			return err
		}
		if !progress {
			return fmt.Errorf("disclosure: cannot protect %s: no value left to hide", exps[0].Label)
		}
	}
}

// complement hides values to protect the exposures, at most one per
// exposure, in table order. Earlier choices of the round may already
// protect an exposure: in a small component its range is solved again; in
// a large one, if a value near it was hidden this round and the relaxed
// view (which contains the exact one) finds it protected, it waits for the
// next audit. It reports whether it hid anything.
func (m *model) complement(exps []Exposure) (bool, error) {
	touched := make([]bool, len(m.cons))
	progress := false
	for _, e := range exps {
		pub := m.published()
		i := m.index(e.Entry)
		if pub[i] { // shown, or a hidden margin shown through its line
			m.hide(i, touched)
			progress = true
			continue
		}
		r := interval{e.Min, e.Max}
		if comp := m.componentOf(i, pub, false); len(comp) <= lookaheadLimit {
			rs, err := m.ranges(comp, pub, false)
			if err != nil {
				return false, err
			}
			r = rs[i]
		} else if near := m.constraintsOf(m.componentOf(i, pub, true), pub, true); slices.ContainsFunc(near, func(ci int) bool { return touched[ci] }) {
			relaxed, err := m.rangeOf(i, pub, true)
			if err != nil {
				return false, err
			}
			if protected(relaxed, m.k) {
				continue
			}
		}
		if protected(r, m.k) {
			continue
		}
		j, ok, err := m.candidate(i, r, pub)
		if err != nil {
			return false, err
		}
		if ok {
			m.hide(j, touched)
			progress = true
		}
	}
	return progress, nil
}

// hide marks entry i suppressed, with its line if it is a margin, and
// notes in touched (if not nil) the constraints that gained a hidden value.
func (m *model) hide(i int, touched []bool) {
	m.t.hide(m.entry(i))
	closeLines(m.t)
	if touched == nil {
		return
	}
	for _, j := range append(m.line(i), i) {
		for _, ci := range m.consOf[j] {
			touched[ci] = true
		}
	}
}

// protected applies the rule to a feasible range: at least k values.
func protected(r interval, k int) bool {
	return r.hi == unbounded || r.hi-r.lo >= k-1
}

// lookaheadLimit bounds the components (hidden values linked together)
// whose linear programs are solved again within a round: once per exposure
// in complement, once per candidate in candidate. Larger components rely
// on the audit's ranges and judge candidates by their counts.
const lookaheadLimit = 24

// candidate picks the published value to hide for the entry i, whose
// range r is too narrow. The candidates come in tiers: the published
// values that share a constraint with i (cells only, unless i is itself a
// margin), then the cells linked to i through hidden values, and only when
// there are none of those, the group sizes and row totals. Links are
// followed in the relaxed view (see constraintsOf), or in the exact one
// when that finds nothing. Candidates are tried one by one, smallest count
// first, and the first that protects i is taken; if none does, the one
// that widens i's range most, the earliest tier and smallest count among
// equals.
func (m *model) candidate(i int, r interval, pub []bool) (int, bool, error) {
	comp := m.componentOf(i, pub, true)
	tiers := m.tiers(i, comp, pub)
	if len(tiers[0])+len(tiers[1])+len(tiers[2]) == 0 {
		comp = m.componentOf(i, pub, false)
		tiers = m.tiers(i, comp, pub)
	}
	best, bestWidth := -1, -1
	for _, tier := range tiers {
		slices.SortStableFunc(tier, func(a, b int) int { return m.value(a) - m.value(b) })
		for _, j := range tier {
			var w int
			if len(comp) > lookaheadLimit { // judged by its count alone
				w = r.hi - r.lo + m.value(j)
			} else {
				got, err := m.rangeOf(i, m.hiddenToo(pub, j), true)
				if err != nil {
					return 0, false, err
				}
				w = got.hi - got.lo
			}
			if w >= m.k-1 {
				return j, true, nil
			}
			if w > bestWidth {
				best, bestWidth = j, w
			}
		}
	}
	return best, best >= 0, nil
}

// tiers sorts the published neighbours of comp, the component of i, into
// candidate tiers (see candidate).
func (m *model) tiers(i int, comp []int, pub []bool) [3][]int {
	direct := m.neighbours([]int{i}, pub)
	var tiers [3][]int // direct, linked cells, other margins
	for _, j := range m.neighbours(comp, pub) {
		switch {
		case slices.Contains(direct, j) && (!m.isMargin(j) || m.isMargin(i)):
			tiers[0] = append(tiers[0], j)
		case m.isMargin(j):
			tiers[2] = append(tiers[2], j)
		default:
			tiers[1] = append(tiers[1], j)
		}
	}
	if len(tiers[0])+len(tiers[1]) > 0 {
		tiers[2] = nil
	}
	return tiers
}
