package report

import (
	"fmt"
	"maps"
	"slices"

	"ownwords/disclosure"
)

// Disclosure is the Suppressor of public reports: complementary suppression
// by package disclosure, so that no hidden count can be worked out from the
// shown cells, the group sizes and the relations between groups. Build uses
// it for every public report unless Options.Suppressor says otherwise.
type Disclosure struct{}

// Suppress converts t, derives the relations between its groups, runs
// disclosure.Suppress and copies the marks back.
func (Disclosure) Suppress(t *Table, k int) error {
	dt := toDisclosure(t)
	rels := groupRelations(t)
	if err := disclosure.Suppress(dt, rels, k); err != nil {
		return err
	}
	// Fail closed: a table that is still exposed is never published.
	exps, err := disclosure.Audit(dt, rels, k)
	if err != nil {
		return err
	}
	if len(exps) > 0 {
		return fmt.Errorf("report: table %s still exposes %s after suppression (relations %v)", t.ID, exps[0], rels)
	}
	for r := range t.Rows {
		for c := range t.Rows[r].Cells {
			t.Rows[r].Cells[c].Suppressed = t.Rows[r].Cells[c].Suppressed || dt.Suppressed[r][c]
		}
	}
	for c := range t.Totals {
		t.Totals[c].Suppressed = t.Totals[c].Suppressed || dt.ColTotalSuppressed[c]
	}
	for r := range t.RowTotals {
		t.RowTotals[r].Suppressed = t.RowTotals[r].Suppressed || dt.RowTotalSuppressed[r]
	}
	return nil
}

// toDisclosure copies counts and the marks already made.
func toDisclosure(t *Table) *disclosure.Table {
	dt := &disclosure.Table{Shape: disclosure.MultiResponse}
	if t.Partition {
		dt.Shape = disclosure.Partition
	}
	for _, col := range t.Columns {
		dt.Cols = append(dt.Cols, col.Key)
	}
	for _, row := range t.Rows {
		name := row.Key
		if name == "" {
			name = "(missing)" // the missing-values row of an attribute table
		}
		dt.Rows = append(dt.Rows, name)
		counts := make([]int, len(row.Cells))
		marks := make([]bool, len(row.Cells))
		for c, cell := range row.Cells {
			counts[c], marks[c] = cell.N, cell.Suppressed
		}
		dt.Cells = append(dt.Cells, counts)
		dt.Suppressed = append(dt.Suppressed, marks)
	}
	for _, tot := range t.Totals {
		dt.ColTotals = append(dt.ColTotals, tot.N)
		dt.ColTotalSuppressed = append(dt.ColTotalSuppressed, tot.Suppressed)
	}
	if t.RowTotals != nil {
		for _, tot := range t.RowTotals {
			dt.RowTotals = append(dt.RowTotals, tot.N)
			dt.RowTotalSuppressed = append(dt.RowTotalSuppressed, tot.Suppressed)
		}
	}
	return dt
}

// groupRelations finds the groups that are disjoint unions of others: G =
// P1 + … + Pn when each Pi's filter is G's plus one more attribute, the
// same attribute with a different value for each Pi (so they are
// disjoint), and their sizes add up to G's (so they cover G: nobody in G
// lacks the attribute). Such relations let a reader subtract, so the
// suppression must respect them.
func groupRelations(t *Table) []disclosure.Relation {
	var rels []disclosure.Relation
	for gi, g := range t.Columns {
		if g.Filter == nil {
			continue
		}
		// parts by the extra attribute they add to g's filter
		byAttr := map[string][]int{}
		for pi, p := range t.Columns {
			if attr, ok := extends(p.Filter, g.Filter); ok {
				byAttr[attr] = append(byAttr[attr], pi)
			}
		}
		for _, attr := range slices.Sorted(maps.Keys(byAttr)) {
			parts := byAttr[attr]
			sum := 0
			for _, pi := range parts {
				sum += t.Totals[pi].N
			}
			if len(parts) < 2 || sum != t.Totals[gi].N {
				continue
			}
			rel := disclosure.Relation{Total: g.Key}
			for _, pi := range parts {
				rel.Parts = append(rel.Parts, t.Columns[pi].Key)
			}
			rels = append(rels, rel)
		}
	}
	return rels
}

// extends reports whether filter p is filter g plus exactly one attribute,
// and names it.
func extends(p, g map[string]string) (string, bool) {
	if p == nil || len(p) != len(g)+1 {
		return "", false
	}
	extra := ""
	for k, v := range p {
		gv, ok := g[k]
		switch {
		case ok && gv != v:
			return "", false
		case !ok && extra != "":
			return "", false // two attributes more: not a part of g
		case !ok:
			extra = k
		}
	}
	return extra, extra != ""
}
