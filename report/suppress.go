package report

// primary suppresses every count from 1 to k-1 of a table: cells, column
// totals and row totals.
func primary(t *Table, k int) {
	mark := func(c *Cell) {
		if c.N >= 1 && c.N < k {
			c.Suppressed = true
		}
	}
	for r := range t.Rows {
		for c := range t.Rows[r].Cells {
			mark(&t.Rows[r].Cells[c])
		}
	}
	for i := range t.Totals {
		mark(&t.Totals[i])
	}
	for i := range t.RowTotals {
		mark(&t.RowTotals[i])
	}
}

// finalize makes a suppressed table safe to render: a column whose total
// is suppressed is hidden whole (counts and denominators, shown "—"), and
// suppressed counts are zeroed so that no renderer can leak them. Other
// suppressed counts are marked Below (shown "<k") only when every one of
// them is a primary suppression; as soon as one hides a larger count, all
// show "—", so that the marks do not tell primary from complementary cells.
func finalize(t *Table, k int) {
	hidden := make([]bool, len(t.Totals))
	for i, tot := range t.Totals {
		hidden[i] = tot.Suppressed
	}
	var cells []*Cell // every suppressed count outside hidden columns
	for r := range t.Rows {
		for c := range t.Rows[r].Cells {
			cell := &t.Rows[r].Cells[c]
			if c < len(hidden) && hidden[c] {
				*cell = Cell{Suppressed: true, DenominatorSuppressed: true}
			} else if cell.Suppressed {
				cells = append(cells, cell)
			}
		}
	}
	for i := range t.Totals {
		if t.Totals[i].Suppressed {
			cells = append(cells, &t.Totals[i])
		}
	}
	for i := range t.RowTotals {
		if t.RowTotals[i].Suppressed {
			cells = append(cells, &t.RowTotals[i])
		}
	}
	allPrimary := true
	for _, c := range cells {
		allPrimary = allPrimary && c.N >= 1 && c.N < k
	}
	for _, c := range cells {
		c.Below, c.N = allPrimary, 0
	}
}
