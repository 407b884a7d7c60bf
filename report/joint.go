package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"ownwords/disclosure"
)

// Joint suppression: the tables of a public report are about the same
// people, so a count hidden in one table may be shown in another ("women
// who endorse X" is a cell of the section table and of a crosstab of X by
// gender), and the relations of several tables together may pin a count
// that each table protects on its own (a crosstab's column total is a
// group size; a group's size minus its endorsements is the crosstab's
// "does not" cell). Each table is first suppressed on its own; joint then
// models all of them as one linear system and adds suppression until that
// system protects every sensitive count:
//
//   - Every count is named by the conditions it counts: the group's
//     filter, the row's attribute value or item, a crosstab's two values.
//     Counts with the same conditions are one unknown, wherever they
//     appear; a count hidden in one table is hidden in every table.
//   - The constraints are those of each table (partition sums, row
//     totals, relations between groups, no cell above its group size),
//     and, between tables, that a hidden count of more conditions never
//     exceeds a shown count of fewer (women who endorse X are no more than
//     women), nor a hidden count of fewer conditions falls below a shown
//     count of more.
//   - The rule is the one of package disclosure: every hidden count that
//     is 1..k−1, or of a group or crosstab line of 1..k−1 people, must have
//     a feasible range of at least k values. A zero implied by a zero shown
//     for a larger population ("none of the 40 women" says "none of the 3
//     local women") is exempt: the rule shows zeros of groups of at least
//     k, and what they say holds of every subgroup alike.
//     A range of [0, sample size] is as wide as can be: a sample of fewer
//     than k people shows its size and nothing else.
//   - While a count is exposed, the smallest shown count that shares a
//     constraint with it (or with the hidden counts linked to it) is
//     hidden in every table, each table is suppressed on its own again,
//     and the system is audited again; suppression only grows, and a
//     report that cannot be protected is not built.
//
// The model is at least as tight as what the report says about its tables
// one by one, not the exact model of every combination of attributes and
// items (which the public adversary test in package gate runs on small
// studies): that one grows too fast for a real study.

// jointVar is one unknown of the joint model: a count named by its
// conditions, with the cells that show it.
type jointVar struct {
	// fixed marks a count everyone knows whatever the tables hide: the
	// sample size (no conditions; the report states it) and the counts
	// of contradictory conditions (two values of one attribute), 0.
	fixed     bool
	conds     []string
	value     int
	cells     []*Cell
	tables    []*Table
	sensitive bool
	margin    bool
}

// hidden reports whether a reader does not know v: a cell hides it, or
// no table shows it at all (an unknown that links two that do).
func (v *jointVar) hidden() bool {
	return !v.fixed && (len(v.cells) == 0 || slices.ContainsFunc(v.cells, func(c *Cell) bool { return c.Suppressed }))
}

// jointModel is the linear system of a report's count tables.
type jointModel struct {
	k     int
	vars  []*jointVar
	byKey map[string]int
	cons  []jointCons
}

// jointCons is Σ coef·var = 0, or <= 0 when le.
type jointCons struct {
	vars []int
	coef []int64
	le   bool
	// order marks a bound between tables (see addOrder): hiding the
	// bounding count does not widen a range much, so candidate skips it.
	order bool
}

// joint suppresses the public report's count tables together (see above).
func (b *builder) joint(rep *Report, co *Table) error {
	for round := 0; ; round++ {
		if err := b.syncMarks(); err != nil {
			return err
		}
		m := b.jointModel(rep, co)
		exposed, err := m.audit()
		if err != nil {
			return err
		}
		if len(exposed) == 0 {
			return nil
		}
		progress := false
		for _, i := range exposed {
			if j := m.candidate(i); j >= 0 && !m.vars[j].hidden() {
				m.hide(j)
				progress = true
			}
		}
		if !progress || round > 10*len(m.vars) {
			v := m.vars[exposed[0]]
			return fmt.Errorf("report: cannot protect the count of %s across the report's tables", strings.Join(v.conds, ", "))
		}
	}
}

// syncMarks hides a count in every table once it is hidden in one, and
// suppresses each table on its own again, until nothing changes.
func (b *builder) syncMarks() error {
	for {
		m := b.jointModel(nil, nil)
		var touched []*Table
		for _, v := range m.vars {
			if !v.hidden() {
				continue
			}
			for i, c := range v.cells {
				if !c.Suppressed {
					c.Suppressed = true
					touched = append(touched, v.tables[i])
				}
			}
		}
		if len(touched) == 0 {
			return nil
		}
		for _, t := range slices.Compact(touched) {
			if err := b.resuppress(t); err != nil {
				return err
			}
		}
	}
}

// hide hides every cell of variable j.
func (m *jointModel) hide(j int) {
	for _, c := range m.vars[j].cells {
		c.Suppressed = true
	}
}

// jointModel builds the joint model of the builder's tables.
func (b *builder) jointModel(_ *Report, _ *Table) *jointModel {
	m := &jointModel{k: b.opt.K, byKey: map[string]int{}}
	xi := 0
	for _, t := range b.tables {
		switch t.Kind {
		case KindCrosstab:
			x := b.res.Crosstabs[xi]
			xi++
			m.addCrosstab(t, x.Rows, x.Cols)
		default:
			m.addGroupTable(t)
		}
	}
	m.addComplements()
	m.addOrder()
	return m
}

// addComplements links the counts of "does not endorse X" and "has a
// value of a" (crosstabs) to the counts without that condition: those
// who do not endorse X are the rest of those who do, and those with a
// value of a are the rest of those missing one. A count no table shows
// enters as an unknown.
func (m *jointModel) addComplements() {
	for i := 0; i < len(m.vars); i++ {
		for _, c := range m.vars[i].conds {
			var other string
			if x, ok := strings.CutSuffix(c, "=no"); ok && strings.HasPrefix(c, "item:") {
				other = x
			} else if a, ok := strings.CutPrefix(c, "known:"); ok {
				other = a + "=" + missingValue
			} else {
				continue
			}
			base := slices.DeleteFunc(slices.Clone(m.vars[i].conds), func(d string) bool { return d == c })
			m.cons = append(m.cons, jointCons{vars: []int{i, m.unknown(append(slices.Clone(base), other)), m.unknown(base)}, coef: []int64{1, 1, -1}})
		}
	}
}

// unknown returns the variable of conds, adding it without cells when no
// table shows it.
func (m *jointModel) unknown(conds []string) int {
	conds = normalConds(conds)
	key := strings.Join(conds, "&")
	if i, ok := m.byKey[key]; ok {
		return i
	}
	m.byKey[key] = len(m.vars)
	m.vars = append(m.vars, &jointVar{conds: conds, fixed: len(conds) == 0 || contradictory(conds)})
	return len(m.vars) - 1
}

// variable returns the index of the unknown with conditions conds,
// recording cell c of table t as showing it.
func (m *jointModel) variable(conds []string, t *Table, c *Cell, sensitive, margin bool) int {
	conds = normalConds(conds)
	key := strings.Join(conds, "&")
	i, ok := m.byKey[key]
	if !ok {
		i = len(m.vars)
		m.byKey[key] = i
		m.vars = append(m.vars, &jointVar{conds: conds, value: c.N, fixed: len(conds) == 0 || contradictory(conds)})
	}
	v := m.vars[i]
	v.cells, v.tables = append(v.cells, c), append(v.tables, t)
	v.sensitive = !v.fixed && (v.sensitive || sensitive || m.small(c.N))
	v.margin = v.margin || margin
	return i
}

// contradictory reports whether sorted conditions name two values of one
// attribute or an item both endorsed and not: nobody meets them.
func contradictory(conds []string) bool {
	for i := 1; i < len(conds); i++ {
		a, _, _ := strings.Cut(conds[i-1], "=")
		b, _, _ := strings.Cut(conds[i], "=")
		if a == b {
			return true
		}
	}
	return false
}

func (m *jointModel) small(n int) bool { return n >= 1 && n < m.k }

// normalConds sorts conditions and drops "known:a" (a has a value) when
// a value of a is among them.
func normalConds(conds []string) []string {
	out := slices.Clone(conds)
	out = slices.DeleteFunc(out, func(c string) bool {
		a, ok := strings.CutPrefix(c, "known:")
		return ok && slices.ContainsFunc(conds, func(d string) bool {
			return strings.HasPrefix(d, a+"=") && d != a+"="+missingValue
		})
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// missingValue names a missing attribute value in conditions.
const missingValue = "\x00missing"

// filterConds are the conditions of a group filter.
func filterConds(f map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(f)) {
		out = append(out, k+"="+f[k])
	}
	return out
}

// rowConds are the conditions of a row of a group table.
func rowConds(t *Table, r Row) []string {
	switch t.Kind {
	case KindItems:
		return []string{"item:" + t.ID + "/" + r.Key}
	case KindAttribute:
		slug := strings.TrimPrefix(t.ID, "attributes.")
		if r.Key == "" {
			return []string{slug + "=" + missingValue}
		}
		return []string{slug + "=" + r.Key}
	case KindCooccurrence:
		a, bb, _ := strings.Cut(r.Key, "|")
		return []string{"item:" + a, "item:" + bb}
	}
	return nil
}

// addGroupTable adds a table whose columns are groups.
func (m *jointModel) addGroupTable(t *Table) {
	tot := make([]int, len(t.Columns))
	for c, col := range t.Columns {
		if t.Kind == KindSample { // its totals are the whole sample
			tot[c] = m.variable(nil, t, &t.Totals[c], false, true)
			continue
		}
		tot[c] = m.variable(filterConds(col.Filter), t, &t.Totals[c], false, true)
	}
	cells := make([][]int, len(t.Rows))
	for r, row := range t.Rows {
		for c, col := range t.Columns {
			small := m.small(t.Totals[c].N)
			if t.Kind == KindSample {
				small = false
			}
			conds := append(filterConds(col.Filter), rowConds(t, row)...)
			cells[r] = append(cells[r], m.variable(conds, t, &t.Rows[r].Cells[c], small, t.Kind == KindSample))
		}
	}
	for c := range t.Columns {
		if t.Partition {
			vars, coef := []int{tot[c]}, []int64{-1}
			for r := range t.Rows {
				vars, coef = append(vars, cells[r][c]), append(coef, 1)
			}
			m.cons = append(m.cons, jointCons{vars: vars, coef: coef})
		}
	}
	for _, rel := range groupRelations(t) {
		cols := []int{slices.IndexFunc(t.Columns, func(c Column) bool { return c.Key == rel.Total })}
		for _, p := range rel.Parts {
			cols = append(cols, slices.IndexFunc(t.Columns, func(c Column) bool { return c.Key == p }))
		}
		for r := -1; r < len(t.Rows); r++ {
			var vars []int
			coef := []int64{1}
			for i, c := range cols {
				if r < 0 {
					vars = append(vars, tot[c])
				} else {
					vars = append(vars, cells[r][c])
				}
				if i > 0 {
					coef = append(coef, -1)
				}
			}
			m.cons = append(m.cons, jointCons{vars: vars, coef: coef})
		}
	}
}

// varConds names the value v of a crosstab side: an item ("true" or
// "false") or an attribute value.
func varConds(name, v string) string {
	if strings.Contains(name, "/") {
		if v == "true" {
			return "item:" + name
		}
		return "item:" + name + "=no"
	}
	return name + "=" + v
}

// knownConds is the condition that a crosstab side has a value: items
// always have one.
func knownConds(name string) []string {
	if strings.Contains(name, "/") {
		return nil
	}
	return []string{"known:" + name}
}

// addCrosstab adds a crosstab of rows × cols.
func (m *jointModel) addCrosstab(t *Table, rows, cols string) {
	rowTot := make([]int, len(t.Rows))
	colTot := make([]int, len(t.Columns))
	for r, row := range t.Rows {
		rowTot[r] = m.variable(append(knownConds(cols), varConds(rows, row.Key)), t, &t.RowTotals[r], false, true)
	}
	for c, col := range t.Columns {
		colTot[c] = m.variable(append(knownConds(rows), varConds(cols, col.Key)), t, &t.Totals[c], false, true)
	}
	cells := make([][]int, len(t.Rows))
	for r, row := range t.Rows {
		for c, col := range t.Columns {
			small := m.small(t.RowTotals[r].N) || m.small(t.Totals[c].N)
			cells[r] = append(cells[r], m.variable([]string{varConds(rows, row.Key), varConds(cols, col.Key)}, t, &t.Rows[r].Cells[c], small, false))
		}
	}
	for r := range t.Rows {
		vars, coef := []int{rowTot[r]}, []int64{-1}
		for c := range t.Columns {
			vars, coef = append(vars, cells[r][c]), append(coef, 1)
		}
		m.cons = append(m.cons, jointCons{vars: vars, coef: coef})
	}
	for c := range t.Columns {
		vars, coef := []int{colTot[c]}, []int64{-1}
		for r := range t.Rows {
			vars, coef = append(vars, cells[r][c]), append(coef, 1)
		}
		m.cons = append(m.cons, jointCons{vars: vars, coef: coef})
	}
}

// addOrder bounds every hidden count by the shown counts of fewer
// conditions (it is no more than the least of them) and of more
// conditions (no less than the greatest). Between two hidden counts the
// order is left out: it would link every hidden count of a report into
// one linear program too large to solve; the tables' own constraints
// still link them.
func (m *jointModel) addOrder() {
	for i, v := range m.vars {
		if !v.hidden() {
			continue
		}
		hi, lo := -1, -1
		for j, w := range m.vars {
			switch {
			case w.hidden():
			case subset(w.conds, v.conds) && (hi < 0 || w.value < m.vars[hi].value):
				hi = j
			case subset(v.conds, w.conds) && (lo < 0 || w.value > m.vars[lo].value):
				lo = j
			}
		}
		if hi >= 0 {
			m.cons = append(m.cons, jointCons{vars: []int{i, hi}, coef: []int64{1, -1}, le: true, order: true})
		}
		if lo >= 0 {
			m.cons = append(m.cons, jointCons{vars: []int{lo, i}, coef: []int64{1, -1}, le: true, order: true})
		}
	}
}

// subset reports whether a is a proper subset of b (both sorted).
func subset(a, b []string) bool {
	if len(a) >= len(b) {
		return false
	}
	i := 0
	for _, x := range b {
		if i < len(a) && a[i] == x {
			i++
		}
	}
	return i == len(a)
}

// audit returns the exposed variables: sensitive, and shown, or hidden
// with a feasible range narrower than k−1 (zeros implied by a shown zero
// exempt).
func (m *jointModel) audit() ([]int, error) {
	var out []int
	for i, v := range m.vars {
		if v.sensitive && !v.hidden() {
			out = append(out, i)
		}
	}
	for _, comp := range m.components() {
		var targets []int
		for _, i := range comp {
			if m.vars[i].sensitive {
				targets = append(targets, i)
			}
		}
		if len(targets) == 0 {
			continue
		}
		rs, err := m.ranges(comp, targets)
		if err != nil {
			return nil, err
		}
		for j, i := range targets {
			if rs[j].Narrower(m.k-1) && !m.zeroImplied(i, rs[j]) && !m.wholeSample(rs[j]) {
				out = append(out, i)
			}
		}
	}
	return out, nil
}

// wholeSample reports whether r is [0, sample size], as wide as a range
// can be: in a sample of fewer than k people no suppression widens it, and
// the report states the sample's size in any case.
func (m *jointModel) wholeSample(r disclosure.Range) bool {
	i, ok := m.byKey[""]
	return ok && r.Min == 0 && !r.Unbounded && r.Max >= m.vars[i].value
}

// zeroImplied reports whether r pins variable i at 0 because a count of
// fewer conditions is shown as 0.
func (m *jointModel) zeroImplied(i int, r disclosure.Range) bool {
	if r.Min != 0 || r.Max != 0 {
		return false
	}
	return slices.ContainsFunc(m.vars, func(w *jointVar) bool {
		return !w.hidden() && w.value == 0 && subset(w.conds, m.vars[i].conds)
	})
}

// components groups the hidden variables that share a constraint,
// directly or through other hidden variables, by a search from each.
func (m *jointModel) components() [][]int {
	consOf := make([][]int, len(m.vars))
	for ci, c := range m.cons {
		for _, v := range c.vars {
			consOf[v] = append(consOf[v], ci)
		}
	}
	seen := make([]bool, len(m.vars))
	var out [][]int
	for i, v := range m.vars {
		if seen[i] || !v.hidden() {
			continue
		}
		seen[i] = true
		comp := []int{i}
		for next := 0; next < len(comp); next++ {
			for _, ci := range consOf[comp[next]] {
				for _, w := range m.cons[ci].vars {
					if !seen[w] && m.vars[w].hidden() {
						seen[w] = true
						comp = append(comp, w)
					}
				}
			}
		}
		out = append(out, comp)
	}
	return out
}

// ranges solves one component: the hidden variables comp under every
// constraint that involves them, shown variables at their values.
func (m *jointModel) ranges(comp, targets []int) ([]disclosure.Range, error) {
	local := make(map[int]int, len(comp))
	for j, i := range comp {
		local[i] = j
	}
	var cons []disclosure.LinearConstraint
	for _, c := range m.cons {
		if !slices.ContainsFunc(c.vars, func(v int) bool { _, ok := local[v]; return ok }) {
			continue
		}
		lc := disclosure.LinearConstraint{Coef: make([]int64, len(comp)), LE: c.le}
		for n, v := range c.vars {
			if j, ok := local[v]; ok {
				lc.Coef[j] += c.coef[n]
			} else {
				lc.RHS -= c.coef[n] * int64(m.vars[v].value)
			}
		}
		cons = append(cons, lc)
	}
	lt := make([]int, len(targets))
	for j, i := range targets {
		lt[j] = local[i]
	}
	return disclosure.Ranges(len(comp), cons, lt, m.k-1)
}

// candidate picks the shown count to hide for the exposed variable i: a
// count sharing a constraint with i, else with the hidden counts linked
// to it; cells before margins, smallest first. -1 when there is none.
func (m *jointModel) candidate(i int) int {
	if !m.vars[i].hidden() {
		return i
	}
	comp := []int{i}
	for _, c := range m.components() {
		if slices.Contains(c, i) {
			comp = c
		}
	}
	for _, near := range [][]int{{i}, comp} {
		best := -1
		for _, c := range m.cons {
			if c.order || !slices.ContainsFunc(c.vars, func(v int) bool { return slices.Contains(near, v) }) {
				continue
			}
			for _, j := range c.vars {
				w := m.vars[j]
				if w.hidden() || w.fixed {
					continue
				}
				if best < 0 || m.better(j, best) {
					best = j
				}
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

// better orders candidates: cells before margins, then the smallest count.
func (m *jointModel) better(a, b int) bool {
	va, vb := m.vars[a], m.vars[b]
	if va.margin != vb.margin {
		return !va.margin
	}
	return va.value < vb.value
}
