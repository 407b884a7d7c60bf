package analysis

import (
	"fmt"

	"ownwords/stats"
)

// Crosstab counts the analysis sample by two variables. Each side is an
// attribute (its values, in AttributeInfo order) or an item ("true" =
// endorses, "false" = does not). Participants missing an attribute value
// are left out and counted in Excluded. Stats holds the row percentages
// with Wilson intervals, the tests of association (chi-square, Fisher's
// exact test for any r×c table) and the effect sizes with their intervals,
// computed by package stats.
type Crosstab struct {
	Rows, Cols           string
	RowValues, ColValues []string
	// Counts is indexed [row][col].
	Counts   [][]int
	Excluded int
	Stats    stats.Crosstab
}

// crosstabs computes the plan's crosstabs over the whole sample.
func (r *Result) crosstabs(specs []CrosstabSpec) ([]*Crosstab, error) {
	var out []*Crosstab
	for _, s := range specs {
		rowVals, rowSets := r.variable(s.Rows)
		colVals, colSets := r.variable(s.Cols)
		x := &Crosstab{Rows: s.Rows, Cols: s.Cols, RowValues: rowVals, ColValues: colVals}
		total := 0
		for _, rs := range rowSets {
			row := make([]int, len(colSets))
			for j, cs := range colSets {
				row[j] = AndCount(rs, cs)
				total += row[j]
			}
			x.Counts = append(x.Counts, row)
		}
		x.Excluded = r.SampleSize - total
		var err error
		if x.Stats, err = stats.NewCrosstab(rowVals, colVals, x.Counts); err != nil {
			return nil, fmt.Errorf("analysis: crosstab %s × %s: %w", s.Rows, s.Cols, err)
		}
		out = append(out, x)
	}
	return out, nil
}

// variable returns the values of a crosstab side and the sample members
// holding each.
func (r *Result) variable(name string) ([]string, []Bitset) {
	if isItemName(name) {
		set := r.m.items[r.m.byPath[name]].set
		not := make(Bitset, len(set))
		for i := range r.SampleSize {
			if !set.Has(i) {
				not.Set(i)
			}
		}
		return []string{"true", "false"}, []Bitset{set, not}
	}
	info := r.attrInfo[name]
	sets := make([]Bitset, len(info.Values))
	for i, v := range info.Values {
		sets[i] = r.valueSet[name][v]
	}
	return info.Values, sets
}
