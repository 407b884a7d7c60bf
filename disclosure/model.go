package disclosure

import (
	"slices"

	"ownwords"
)

// model is the linear system a reader of a table knows: every published
// value (cells, group sizes, row totals) indexed as one entry, and the
// linear constraints between entries that hold for the true counts.
type model struct {
	t      *Table
	k      int // the threshold: values 1..k-1 are sensitive
	nr, nc int
	n      int     // entries: cells row-major, then column totals, then row totals
	cons   []mcons // constraints, all of the form Σ coef·entry (= or <=) 0
	consOf [][]int // for each entry, the constraints it appears in
	// cache holds the ranges of the sensitive entries of each component
	// solved so far, by componentKey: they depend only on which entries
	// the component holds, so they stay valid as suppression grows.
	cache map[string]map[int]interval
}

// mcons is one constraint of the model: Σ coef·entry = 0, or <= 0 when le.
type mcons struct {
	terms []term
	le    bool
}

type term struct {
	at   int
	coef int64
}

// newModel validates t, rels and k and builds the model.
func newModel(t *Table, rels []Relation, k int) (*model, error) {
	if err := checkK(k); err != nil {
		return nil, err
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	m := &model{t: t, k: k, nr: len(t.Rows), nc: len(t.Cols), cache: map[string]map[int]interval{}}
	m.n = m.nr*m.nc + m.nc
	if t.RowTotals != nil {
		m.n += m.nr
	}
	m.consOf = make([][]int, m.n)
	if err := m.addRelations(rels); err != nil {
		return nil, err
	}
	for c := range m.nc {
		if t.Shape == Partition { // the rows of a column sum to its total
			terms := []term{{m.index(Entry{Margin, c}), -1}}
			for r := range m.nr {
				terms = append(terms, term{m.index(Entry{r, c}), 1})
			}
			m.add(terms, false)
			continue
		}
		for r := range m.nr { // no cell exceeds its group size
			m.add([]term{{m.index(Entry{r, c}), 1}, {m.index(Entry{Margin, c}), -1}}, true)
		}
	}
	for r := range t.RowTotals {
		terms := []term{{m.index(Entry{r, Margin}), -1}}
		for c := range m.nc {
			terms = append(terms, term{m.index(Entry{r, c}), 1})
		}
		m.add(terms, false)
	}
	return m, nil
}

// addRelations adds each relation for the group sizes and for every row,
// after checking that the true counts satisfy it.
func (m *model) addRelations(rels []Relation) error {
	col := make(map[string]int, m.nc)
	for c, name := range m.t.Cols {
		col[name] = c
	}
	for _, rel := range rels {
		if err := rel.check(); err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: relation %q: %s", rel, ownwords.ErrorMessage(err))
		}
		cols := make([]int, 0, 1+len(rel.Parts))
		for _, name := range append([]string{rel.Total}, rel.Parts...) {
			c, ok := col[name]
			if !ok {
				return ownwords.Errorf(ownwords.EINVALID, "disclosure: relation %q names group %q, which is not a column of the table", rel, name)
			}
			cols = append(cols, c)
		}
		for r := Margin; r < m.nr; r++ {
			terms := make([]term, len(cols))
			sum := 0
			for i, c := range cols {
				terms[i] = term{m.index(Entry{r, c}), 1}
				if i > 0 {
					terms[i].coef = -1
					sum += m.t.value(Entry{r, c})
				}
			}
			if got := m.t.value(Entry{r, cols[0]}); got != sum {
				return ownwords.Errorf(ownwords.EINVALID, "disclosure: relation %q does not hold for %s: %d, but the parts sum to %d; are the parts disjoint and complete?", rel, m.t.label(Entry{r, cols[0]}), got, sum)
			}
			m.add(terms, false)
		}
	}
	return nil
}

func (m *model) add(terms []term, le bool) {
	for _, tm := range terms {
		m.consOf[tm.at] = append(m.consOf[tm.at], len(m.cons))
	}
	m.cons = append(m.cons, mcons{terms, le})
}

// index and entry convert between an Entry and its model index.
func (m *model) index(e Entry) int {
	switch {
	case e.Row == Margin:
		return m.nr*m.nc + e.Col
	case e.Col == Margin:
		return m.nr*m.nc + m.nc + e.Row
	}
	return e.Row*m.nc + e.Col
}

func (m *model) entry(i int) Entry {
	switch {
	case i < m.nr*m.nc:
		return Entry{i / m.nc, i % m.nc}
	case i < m.nr*m.nc+m.nc:
		return Entry{Margin, i - m.nr*m.nc}
	}
	return Entry{i - m.nr*m.nc - m.nc, Margin}
}

func (m *model) value(i int) int { return m.t.value(m.entry(i)) }

// isMargin reports whether entry i is a group size or row total.
func (m *model) isMargin(i int) bool {
	e := m.entry(i)
	return e.Row == Margin || e.Col == Margin
}

// line returns the cells whose percentage has entry i (a margin) as
// denominator; nil for a cell.
func (m *model) line(i int) []int {
	e := m.entry(i)
	var out []int
	switch {
	case e.Row == Margin:
		for r := range m.nr {
			out = append(out, m.index(Entry{r, e.Col}))
		}
	case e.Col == Margin:
		for c := range m.nc {
			out = append(out, m.index(Entry{e.Row, c}))
		}
	}
	return out
}

// sensitive reports whether entry i must be protected: a count 1..k-1, or
// any cell of a row or column whose margin is 1..k-1.
func (m *model) sensitive(i int) bool {
	k := m.k
	small := func(v int) bool { return v >= 1 && v <= k-1 }
	if small(m.value(i)) {
		return true
	}
	e := m.entry(i)
	if e.Row == Margin || e.Col == Margin {
		return false
	}
	return small(m.t.ColTotals[e.Col]) || (m.t.RowTotals != nil && small(m.t.RowTotals[e.Row]))
}

// published reports, for every entry, whether a reader knows its value: it
// is shown, or it is a hidden margin with a shown non-zero cell in its line,
// whose percentage gives the margin back.
func (m *model) published() []bool {
	pub := make([]bool, m.n)
	for i := range pub {
		if !m.t.hidden(m.entry(i)) {
			pub[i] = true
			continue
		}
		pub[i] = slices.ContainsFunc(m.line(i), func(j int) bool {
			return !m.t.hidden(m.entry(j)) && m.value(j) > 0
		})
	}
	return pub
}
