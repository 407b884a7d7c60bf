package disclosure

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// components groups the unpublished entries that share a constraint,
// directly or through other unpublished entries. Each group is sorted, and
// groups come in order of their first entry.
func (m *model) components(pub []bool) [][]int {
	parent := make([]int, m.n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, c := range m.cons {
		first := -1
		for _, tm := range c.terms {
			if pub[tm.at] {
				continue
			}
			if first < 0 {
				first = tm.at
				continue
			}
			a, b := find(first), find(tm.at)
			parent[max(a, b)] = min(a, b)
		}
	}
	byRoot := map[int]int{}
	var out [][]int
	for i := range m.n {
		if pub[i] {
			continue
		}
		root := find(i)
		g, ok := byRoot[root]
		if !ok {
			g = len(out)
			byRoot[root] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], i)
	}
	return out
}

// componentRanges returns the feasible range of each target of one
// component (comp sorted), given the published values; ranges of at least
// enough may be inner approximations (see feasibleRanges).
func (m *model) componentRanges(comp []int, pub []bool, targets []int, enough int) ([]interval, error) {
	return m.solve(comp, m.constraintsOf(comp, pub, false), pub, targets, enough)
}

// constraintsOf returns the constraints that involve entries of comp. The
// relaxed view leaves out the bounds of cells by hidden group sizes:
// those link every row of a hidden group's column, and without them the
// rows come apart into small problems. Ranges in the relaxed view contain
// the exact ones; they only guide the choice of candidates.
func (m *model) constraintsOf(comp []int, pub []bool, relaxed bool) []int {
	var cis []int
	seen := map[int]bool{}
	for _, i := range comp {
		for _, ci := range m.consOf[i] {
			if !seen[ci] && m.kept(ci, pub, relaxed) {
				seen[ci] = true
				cis = append(cis, ci)
			}
		}
	}
	return cis
}

// kept reports whether constraint ci belongs to the exact view, or to the
// relaxed one (see constraintsOf).
func (m *model) kept(ci int, pub []bool, relaxed bool) bool {
	c := m.cons[ci]
	return !relaxed || !c.le || !slices.ContainsFunc(c.terms, func(tm term) bool { return m.isMargin(tm.at) && !pub[tm.at] })
}

// solve returns the ranges of the targets among the unknowns under the
// constraints cis, published entries taking their true values; every
// unpublished entry of those constraints must be among the unknowns.
func (m *model) solve(unknowns, cis []int, pub []bool, targets []int, enough int) ([]interval, error) {
	local := make(map[int]int, len(unknowns))
	for j, i := range unknowns {
		local[i] = j
	}
	cons := make([]constraint, len(cis))
	for n, ci := range cis {
		c := constraint{coef: make([]int64, len(unknowns)), le: m.cons[ci].le}
		for _, tm := range m.cons[ci].terms {
			if pub[tm.at] {
				c.rhs -= tm.coef * int64(m.value(tm.at))
			} else {
				c.coef[local[tm.at]] += tm.coef
			}
		}
		cons[n] = c
	}
	lt := make([]int, len(targets))
	for j, i := range targets {
		lt[j] = local[i]
	}
	return feasibleRanges(len(unknowns), tightest(cons), lt, enough)
}

// tightest drops the inequalities that another one on the same single
// unknown makes redundant, keeping for each unknown its tightest upper
// and lower bound. With published values substituted, a hidden group size
// gets one bound per published cell of its column (a cell is at most its
// group's size): hundreds of rows in a tableau whose cost grows with its
// rows, all but one of them redundant. The feasible set is unchanged.
func tightest(cons []constraint) []constraint {
	type side struct{ v, sign int }
	best := map[side]int{} // index in out
	out := cons[:0:0]
	for _, c := range cons {
		at, n := -1, 0
		for v, a := range c.coef {
			if a != 0 {
				at, n = v, n+1
			}
		}
		if !c.le || n != 1 {
			out = append(out, c)
			continue
		}
		a := c.coef[at]
		sd := side{at, 1}
		if a < 0 {
			sd.sign = -1
		}
		j, ok := best[sd]
		if !ok {
			best[sd] = len(out)
			out = append(out, c)
			continue
		}
		// a·x <= rhs bounds x by rhs/a from above (a > 0) or below (a < 0),
		// the kept b·x <= r (b of a's sign) by r/b. Above, the smaller
		// bound is tighter; below, the larger; in both cases that is the
		// smaller of rhs/|a| and r/|b|: compare rhs·|b| with r·|a|.
		b := out[j].coef[at]
		if c.rhs*abs64(b) < out[j].rhs*abs64(a) {
			out[j] = c
		}
	}
	return out
}

// componentOf returns the sorted component of the unpublished entry i,
// in the exact or the relaxed view (see constraintsOf).
func (m *model) componentOf(i int, pub []bool, relaxed bool) []int {
	seen := map[int]bool{i: true}
	comp := []int{i}
	for next := 0; next < len(comp); next++ {
		for _, ci := range m.consOf[comp[next]] {
			if !m.kept(ci, pub, relaxed) {
				continue
			}
			for _, tm := range m.cons[ci].terms {
				if !pub[tm.at] && !seen[tm.at] {
					seen[tm.at] = true
					comp = append(comp, tm.at)
				}
			}
		}
	}
	slices.Sort(comp)
	return comp
}

// neighbours returns the published entries that share a constraint with an
// entry of comp, in table order.
func (m *model) neighbours(comp []int, pub []bool) []int {
	seen := map[int]bool{}
	var out []int
	for _, i := range comp {
		for _, ci := range m.consOf[i] {
			for _, tm := range m.cons[ci].terms {
				if pub[tm.at] && !seen[tm.at] {
					seen[tm.at] = true
					out = append(out, tm.at)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// hiddenToo returns a copy of pub with entry j hidden, and with it, if j
// is a margin, its line.
func (m *model) hiddenToo(pub []bool, j int) []bool {
	out := slices.Clone(pub)
	out[j] = false
	for _, c := range m.line(j) {
		out[c] = false
	}
	return out
}

// rangeOf returns the feasible range of the unpublished sensitive entry i,
// in the exact or the relaxed view (see constraintsOf).
func (m *model) rangeOf(i int, pub []bool, relaxed bool) (interval, error) {
	rs, err := m.ranges(m.componentOf(i, pub, relaxed), pub, relaxed)
	return rs[i], err
}

// ranges returns the feasible ranges of the sensitive entries of one
// component (sorted), from the cache when it was solved before. A range
// that protects its entry may be narrower than the exact one (it is still
// wide enough); a range that does not is exact (in the view asked for).
func (m *model) ranges(comp []int, pub []bool, relaxed bool) (map[int]interval, error) {
	key := componentKey(comp, relaxed)
	if rs, ok := m.cache[key]; ok {
		return rs, nil
	}
	var targets []int
	for _, i := range comp {
		if m.sensitive(i) {
			targets = append(targets, i)
		}
	}
	rs := make(map[int]interval, len(targets))
	if !relaxed && len(comp) > lookaheadLimit {
		done, err := m.distinctRowRanges(comp, pub, targets, rs)
		if err != nil {
			return nil, err
		}
		if done {
			m.cache[key] = rs
			return rs, nil
		}
	}
	if len(targets) > 0 {
		out, err := m.solve(comp, m.constraintsOf(comp, pub, relaxed), pub, targets, m.k-1)
		if err != nil {
			return nil, fmt.Errorf("disclosure: ranges around %s: %w", m.t.label(m.entry(comp[0])), err)
		}
		for j, i := range targets {
			rs[i] = out[j]
		}
	}
	m.cache[key] = rs
	return rs, nil
}

// distinctRowRanges solves a large component of a multi-response table
// (no row totals) with one row of each kind: rows that show the same
// values in the same columns and hide the same columns are the same
// constraints on different unknowns, linked to the rest only through the
// hidden group sizes (a cell is at most its group's size). Any feasible
// values of one such row are feasible values of all the others, so the
// group sizes can take exactly the values they take with one of them, and
// each hidden cell ranges exactly as its twin in the row kept. The ranges
// are those of the whole component, from a programme of a few rows rather
// than hundreds (a small study's co-occurrence table, whose small groups
// hide whole columns and whose rows are mostly alike). It reports false,
// leaving rs alone, where this does not apply.
func (m *model) distinctRowRanges(comp []int, pub []bool, targets []int, rs map[int]interval) (bool, error) {
	if m.t.Shape != MultiResponse || m.t.RowTotals != nil {
		return false, nil
	}
	kept := map[string]int{} // row signature -> row kept
	twin := map[int]int{}    // row -> row kept
	var b strings.Builder
	for _, i := range comp {
		e := m.entry(i)
		if e.Row == Margin {
			continue
		}
		if _, seen := twin[e.Row]; seen {
			continue
		}
		b.Reset()
		for c := range m.nc {
			j := m.index(Entry{e.Row, c})
			if pub[j] {
				b.WriteString(strconv.Itoa(m.value(j)))
			} else {
				b.WriteByte('h')
			}
			b.WriteByte(',')
		}
		sig := b.String()
		if r, ok := kept[sig]; ok {
			twin[e.Row] = r
		} else {
			kept[sig] = e.Row
			twin[e.Row] = e.Row
		}
	}
	if len(kept) == len(twin) {
		return false, nil // every row differs: nothing to gain
	}
	var sub []int
	in := map[int]bool{}
	for _, i := range comp {
		if e := m.entry(i); e.Row == Margin || twin[e.Row] == e.Row {
			sub = append(sub, i)
			in[i] = true
		}
	}
	// The constraints among the kept unknowns only: a group size's bounds
	// by the cells of rows left out go with those rows.
	var cis []int
	for _, ci := range m.constraintsOf(sub, pub, false) {
		if !slices.ContainsFunc(m.cons[ci].terms, func(tm term) bool { return !pub[tm.at] && !in[tm.at] }) {
			cis = append(cis, ci)
		}
	}
	out, err := m.solve(sub, cis, pub, sub, m.k-1)
	if err != nil {
		return false, fmt.Errorf("disclosure: ranges around %s: %w", m.t.label(m.entry(comp[0])), err)
	}
	at := make(map[int]interval, len(sub))
	for n, i := range sub {
		at[i] = out[n]
	}
	for _, i := range targets {
		j := i
		if e := m.entry(i); e.Row != Margin {
			j = m.index(Entry{twin[e.Row], e.Col})
		}
		rs[i] = at[j]
	}
	return true, nil
}

// componentKey identifies a component and view: the entries it holds
// determine its linear program.
func componentKey(comp []int, relaxed bool) string {
	var b strings.Builder
	if relaxed {
		b.WriteString("relaxed:")
	}
	for _, i := range comp {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(',')
	}
	return b.String()
}
