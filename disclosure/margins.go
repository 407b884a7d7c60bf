package disclosure

import (
	"math/bits"
	"slices"
)

// marginSearchLimit bounds the shown margins among which protectMargins
// tries every subset (2^12 small linear programs at most).
const marginSearchLimit = 12

// protectMargins hides the cheapest set of shown group sizes that
// protects every sensitive hidden margin under the constraints
// between margins alone, the relations between group sizes: fewest margins
// first, then the smallest total. Hiding a margin hides its whole line, so
// the greedy cell-by-cell search, which cannot see that three sizes
// together protect a fourth where no one of them does, would pay dearly
// for its mistakes here; the margin system is small enough to search
// exhaustively. It leaves the margins alone when more than
// marginSearchLimit are candidates or no subset protects them; Suppress's
// audit, on the full model, has the last word in any case.
func (m *model) protectMargins() error {
	var cis []int // constraints between margins only
	for ci, c := range m.cons {
		if !slices.ContainsFunc(c.terms, func(tm term) bool { return !m.isMargin(tm.at) }) {
			cis = append(cis, ci)
		}
	}
	pub := m.published()
	var targets, cands []int
	for i := range m.n {
		switch {
		case !m.isMargin(i) || len(m.consOf[i]) == 0:
		case !pub[i] && m.sensitive(i):
			targets = append(targets, i)
		case pub[i] && slices.ContainsFunc(m.consOf[i], func(ci int) bool { return slices.Contains(cis, ci) }):
			cands = append(cands, i)
		}
	}
	if len(targets) == 0 || len(cands) > marginSearchLimit {
		return nil
	}
	best, bestCost := -1, 0
	for size := 0; size <= len(cands) && best < 0; size++ {
		for set := range 1 << len(cands) {
			if bits.OnesCount(uint(set)) != size {
				continue
			}
			ok, cost, err := m.marginsProtected(set, cands, targets, cis, pub)
			if err != nil {
				return err
			}
			if ok && (best < 0 || cost < bestCost) {
				best, bestCost = set, cost
			}
		}
	}
	for b, i := range cands {
		if best > 0 && best>>b&1 == 1 {
			m.hide(i, nil)
		}
	}
	return nil
}

// marginsProtected reports whether hiding the candidates in set protects
// every target under the margin constraints cis, and the set's total count.
func (m *model) marginsProtected(set int, cands, targets, cis []int, pub []bool) (bool, int, error) {
	p := slices.Clone(pub)
	cost := 0
	for b, i := range cands {
		if set>>b&1 == 1 {
			p[i] = false
			cost += m.value(i)
		}
	}
	var unknowns, used []int
	for _, ci := range cis {
		hidden := false
		for _, tm := range m.cons[ci].terms {
			if !p[tm.at] {
				hidden = true
				if !slices.Contains(unknowns, tm.at) {
					unknowns = append(unknowns, tm.at)
				}
			}
		}
		if hidden {
			used = append(used, ci)
		}
	}
	for _, i := range targets {
		if !slices.Contains(unknowns, i) {
			unknowns = append(unknowns, i)
		}
	}
	rs, err := m.solve(unknowns, used, p, targets, m.k-1)
	if err != nil {
		return false, 0, err
	}
	for _, r := range rs {
		if !protected(r, m.k) {
			return false, cost, nil
		}
	}
	return true, cost, nil
}
