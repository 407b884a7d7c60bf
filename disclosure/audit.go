package disclosure

import (
	"fmt"
	"slices"

	"ownwords"
)

// Exposure is a sensitive value that the published table gives away: shown
// as is, or hidden but confined by the published values and relations to a
// range narrower than the rule allows. It holds true counts: show it to the
// team, never in a public output.
type Exposure struct {
	Entry
	// Label names the value as "group / row" ("total" for margins).
	Label string
	Value int
	// Shown is true when the value is published as is.
	Shown bool
	// Min and Max bound the values consistent with everything published.
	Min, Max int
}

// String describes the exposure for the team.
func (e Exposure) String() string {
	if e.Shown {
		return fmt.Sprintf("%s = %d is shown", e.Label, e.Value)
	}
	return fmt.Sprintf("%s = %d is hidden but lies in [%d, %d]", e.Label, e.Value, e.Min, e.Max)
}

// Audit lists the sensitive values of t that its suppression marks leave
// exposed under relations rels and threshold k (see the package comment for
// the rule), in table order; nil means t is safe to publish. A hidden value
// is exposed when its feasible range [Min, Max] has Max - Min < k-1. The
// range is computed exactly by linear programming over all hidden values
// (each between 0 and its group size, the relations, partition sums and
// row totals holding) and rounded inward to integers; on the table shapes
// of ownwords (groups in one or two crossed hierarchies) the tests find it
// equal to the range over integer tables. Audit returns EINVALID for a
// malformed table, relations that the counts do not satisfy, or k < 1.
func Audit(t *Table, rels []Relation, k int) ([]Exposure, error) {
	m, err := newModel(t, rels, k)
	if err != nil {
		return nil, err
	}
	return m.audit()
}

// audit implements Audit.
func (m *model) audit() ([]Exposure, error) {
	pub := m.published()
	var out []Exposure
	for i := range m.n {
		if pub[i] && m.sensitive(i) {
			out = append(out, m.exposure(i, interval{m.value(i), m.value(i)}))
		}
	}
	for _, comp := range m.components(pub) {
		rs, err := m.ranges(comp, pub, false)
		if err != nil {
			return nil, err
		}
		for _, i := range comp {
			if r, ok := rs[i]; ok && !protected(r, m.k) {
				out = append(out, m.exposure(i, r))
			}
		}
	}
	// Table order: cells row by row, then margins.
	slices.SortFunc(out, func(a, b Exposure) int { return m.index(a.Entry) - m.index(b.Entry) })
	return out, nil
}

func (m *model) exposure(i int, r interval) Exposure {
	e := m.entry(i)
	return Exposure{Entry: e, Label: m.t.label(e), Value: m.value(i), Shown: !m.t.hidden(e), Min: r.lo, Max: r.hi}
}

func checkK(k int) error {
	if k < 1 {
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: threshold k must be at least 1, got %d", k)
	}
	return nil
}
