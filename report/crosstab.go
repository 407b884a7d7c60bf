package report

import (
	"fmt"
	"slices"
	"strings"

	"ownwords/stats"
)

// crosstabs builds the plan's crosstabs. Cells carry row percentages
// (denominator: the row total). A public crosstab with any suppressed
// count loses its tests and Wilson intervals (crosstabStats).
func (b *builder) crosstabs(rep *Report) error {
	for _, x := range b.res.Crosstabs {
		t := &Table{ID: Clean("crosstab." + x.Rows + "." + x.Cols), Kind: KindCrosstab, Partition: true,
			Title: Clean(b.variableLabel(x.Rows) + " × " + b.variableLabel(x.Cols))}
		colTotals := make([]int, len(x.ColValues))
		for ri, v := range x.RowValues {
			row := Row{Key: Clean(v), Label: b.crosstabLabel(x.Rows, v)}
			total := 0
			for _, n := range x.Counts[ri] {
				total += n
			}
			for ci, n := range x.Counts[ri] {
				row.Cells = append(row.Cells, Cell{N: n, Denominator: total})
				colTotals[ci] += n
			}
			t.Rows = append(t.Rows, row)
			t.RowTotals = append(t.RowTotals, Cell{N: total})
		}
		for ci, v := range x.ColValues {
			t.Columns = append(t.Columns, Column{Key: Clean(v), Label: b.crosstabLabel(x.Cols, v)})
			t.Totals = append(t.Totals, Cell{N: colTotals[ci]})
		}
		if err := b.suppress(t); err != nil {
			return err
		}
		rep.Crosstabs = append(rep.Crosstabs, Crosstab{Rows: Clean(x.Rows), Cols: Clean(x.Cols), Table: t})
	}
	return nil
}

// crosstabStats adds the tests to every crosstab whose (finalized) table
// hides nothing: every figure of stats.Crosstab (chi-square, Fisher's
// exact p, the effect sizes and their intervals) is computed from the
// counts, so it is shown only where all the counts are. Then, with two or
// more tests, each gets its Fisher p adjusted for the family of the
// report's crosstabs — only when no crosstab's tests are withheld, since
// an adjusted p-value depends on every p-value of its family.
func (b *builder) crosstabStats(rep *Report) {
	withheld := false
	for i, x := range b.res.Crosstabs {
		if !anySuppressed(rep.Crosstabs[i].Table) {
			st := x.Stats
			rep.Crosstabs[i].Stats = &st
		} else {
			withheld = true
		}
	}
	var ps []float64
	var tested []int
	for i, x := range rep.Crosstabs {
		if x.Stats != nil && x.Stats.Fisher != nil {
			ps = append(ps, x.Stats.Fisher.P)
			tested = append(tested, i)
		}
	}
	if len(rep.Crosstabs) < 2 {
		return
	}
	if withheld {
		for i := range rep.Crosstabs {
			rep.Crosstabs[i].AdjustedWithheld = "adjusted p-values withheld: the tests of a crosstab of this report are withheld (suppressed counts), and the adjustment depends on them"
		}
		return
	}
	if len(ps) < 2 {
		return
	}
	family := fmt.Sprintf("Fisher's exact p of the %d tested crosstabs of plan %s", len(ps), rep.Plan)
	for k, adj := range stats.AdjustFamily(family, ps) {
		rep.Crosstabs[tested[k]].Adjusted = &adj
	}
}

// crosstabLabel names a crosstab value: an item side reads "endorses" or
// "does not", an attribute side its value.
func (b *builder) crosstabLabel(variable, v string) string {
	if strings.Contains(variable, "/") {
		return map[string]string{"true": "endorses", "false": "does not"}[v]
	}
	return b.attrValueLabel(variable, v)
}

// anySuppressed reports whether a table hides any count.
func anySuppressed(t *Table) bool {
	hides := func(c Cell) bool { return c.Suppressed }
	for _, r := range t.Rows {
		if slices.ContainsFunc(r.Cells, hides) {
			return true
		}
	}
	return slices.ContainsFunc(t.Totals, hides) || slices.ContainsFunc(t.RowTotals, hides)
}
