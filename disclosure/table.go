package disclosure

import (
	"ownwords"
)

// Shape says how a table's rows relate to its column totals.
type Shape int

const (
	// MultiResponse tables have items as rows: each cell counts the members
	// of the column's group who endorse the row's item, out of the group
	// size. A participant may endorse several items, so rows are not a
	// partition and do not sum to the column total; the only relations are
	// those between columns (see Relation).
	MultiResponse Shape = iota
	// Partition tables have the values of one attribute as rows: every
	// group member falls in exactly one row, so each column sums to its
	// total. Include a row for missing values; if the report does not
	// print that row, pass it already suppressed.
	Partition
)

// Margin in an Entry stands for the total of a row or column: Entry{Margin,
// c} is the size of group c, Entry{r, Margin} the total of row r.
const Margin = -1

// Entry addresses one published value of a Table: a cell, or a margin.
type Entry struct {
	Row, Col int
}

// Table is a table of participant counts to publish. Cells[r][c] counts the
// members of group Cols[c] in row Rows[r]. The margins are published too,
// and may be figures shown elsewhere in the report: ColTotals are the group
// sizes (required); RowTotals, when not nil, are row totals over all
// columns, which only make sense when the columns partition the sample (a
// crosstab); leave them nil for group tables, whose columns overlap.
//
// Suppressed[r][c] (and RowTotalSuppressed, ColTotalSuppressed for the
// margins) mark the values that must not be shown; the renderer must hide
// the percentage of every hidden count too. Suppression functions allocate
// them when nil and only ever add marks, so a value may be hidden in
// advance (for instance a missing-values row the report does not print).
type Table struct {
	Rows, Cols []string
	Shape      Shape
	Cells      [][]int
	RowTotals  []int
	ColTotals  []int

	Suppressed         [][]bool
	RowTotalSuppressed []bool
	ColTotalSuppressed []bool
}

// value returns the count at e.
func (t *Table) value(e Entry) int {
	switch {
	case e.Row == Margin:
		return t.ColTotals[e.Col]
	case e.Col == Margin:
		return t.RowTotals[e.Row]
	}
	return t.Cells[e.Row][e.Col]
}

// hidden reports whether e is marked suppressed.
func (t *Table) hidden(e Entry) bool {
	switch {
	case e.Row == Margin:
		return t.ColTotalSuppressed[e.Col]
	case e.Col == Margin:
		return t.RowTotalSuppressed[e.Row]
	}
	return t.Suppressed[e.Row][e.Col]
}

// hide marks e suppressed.
func (t *Table) hide(e Entry) {
	switch {
	case e.Row == Margin:
		t.ColTotalSuppressed[e.Col] = true
	case e.Col == Margin:
		t.RowTotalSuppressed[e.Row] = true
	default:
		t.Suppressed[e.Row][e.Col] = true
	}
}

// label names e for messages, e.g. "women / poverty" or "women / total".
func (t *Table) label(e Entry) string {
	row, col := "total", "total"
	if e.Row != Margin {
		row = t.Rows[e.Row]
	}
	if e.Col != Margin {
		col = t.Cols[e.Col]
	}
	return col + " / " + row
}

// check validates the table's shape and counts, and allocates the
// suppression marks. It does not check relations (see newModel).
func (t *Table) check() error {
	nr, nc := len(t.Rows), len(t.Cols)
	switch {
	case nc == 0:
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: table has no columns")
	case len(t.Cells) != nr:
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: table has %d rows of cells for %d row names", len(t.Cells), nr)
	case len(t.ColTotals) != nc:
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: table has %d column totals for %d columns; give every group size", len(t.ColTotals), nc)
	case t.RowTotals != nil && len(t.RowTotals) != nr:
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: table has %d row totals for %d rows", len(t.RowTotals), nr)
	case t.Shape != MultiResponse && t.Shape != Partition:
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: unknown table shape %d", t.Shape)
	}
	if err := uniqueNames("column", t.Cols); err != nil {
		return err
	}
	if err := uniqueNames("row", t.Rows); err != nil {
		return err
	}
	for r, row := range t.Cells {
		if len(row) != nc {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: row %q has %d cells for %d columns", t.Rows[r], len(row), nc)
		}
		for c, v := range row {
			if v < 0 || v > t.ColTotals[c] {
				return ownwords.Errorf(ownwords.EINVALID, "disclosure: cell %s is %d, outside 0..%d (the group size)", t.label(Entry{r, c}), v, t.ColTotals[c])
			}
		}
	}
	for c, v := range t.ColTotals {
		if v < 0 {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: group %q has negative size %d", t.Cols[c], v)
		}
	}
	if err := t.checkSums(); err != nil {
		return err
	}
	return t.allocMarks()
}

// checkSums checks the sums a partition table and row totals promise.
func (t *Table) checkSums() error {
	if t.Shape == Partition {
		for c := range t.Cols {
			sum := 0
			for r := range t.Rows {
				sum += t.Cells[r][c]
			}
			if sum != t.ColTotals[c] {
				return ownwords.Errorf(ownwords.EINVALID, "disclosure: column %q sums to %d but its total is %d; a partition table needs a row for every value, missing included", t.Cols[c], sum, t.ColTotals[c])
			}
		}
	}
	for r, total := range t.RowTotals {
		sum := 0
		for c := range t.Cols {
			sum += t.Cells[r][c]
		}
		if sum != total {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: row %q sums to %d but its total is %d; row totals need columns that partition the sample", t.Rows[r], sum, total)
		}
	}
	return nil
}

// allocMarks allocates missing suppression marks and checks given ones.
func (t *Table) allocMarks() error {
	nr, nc := len(t.Rows), len(t.Cols)
	if t.Suppressed == nil {
		t.Suppressed = make([][]bool, nr)
		for r := range t.Suppressed {
			t.Suppressed[r] = make([]bool, nc)
		}
	}
	if t.ColTotalSuppressed == nil {
		t.ColTotalSuppressed = make([]bool, nc)
	}
	if t.RowTotals != nil && t.RowTotalSuppressed == nil {
		t.RowTotalSuppressed = make([]bool, nr)
	}
	bad := len(t.Suppressed) != nr || len(t.ColTotalSuppressed) != nc ||
		(t.RowTotals != nil && len(t.RowTotalSuppressed) != nr)
	for _, row := range t.Suppressed {
		bad = bad || len(row) != nc
	}
	if bad {
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: suppression marks do not match the table's %d rows and %d columns", nr, nc)
	}
	return nil
}

// uniqueNames rejects empty or repeated row or column names.
func uniqueNames(what string, names []string) error {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if n == "" {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: a %s has no name", what)
		}
		if seen[n] {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: %s %q appears twice", what, n)
		}
		seen[n] = true
	}
	return nil
}
