package report

import (
	"strings"

	"ownwords/analysis"
)

// cooccurrenceTable builds the joint counts of every pair in every group.
// In a public report they go through suppression as a table of their own.
func (b *builder) cooccurrenceTable() (*Table, error) {
	t := b.groupTable("cooccurrence", "Co-occurrence", KindCooccurrence, false)
	for pi, p := range b.res.Pairs {
		t.Rows = append(t.Rows, Row{Key: Clean(p.A + "|" + p.B), Label: Clean(b.itemLabel(p.A) + " × " + b.itemLabel(p.B)),
			Cells: b.cells(func(g *analysis.GroupResult) analysis.Count {
				c := g.Cooccurrence[pi]
				return analysis.Count{N: c.NAB, Denominator: c.N}
			})})
	}
	return t, b.suppress(t)
}

// cooccurrence reports every pair in every group from the finalized table
// t: the single counts follow the section tables, and the lift is shown
// only when all its counts are.
func (b *builder) cooccurrence(rep *Report, t *Table) {
	res := b.res
	named := map[[2]string]bool{}
	for _, p := range res.Plan.Cooccurrence {
		named[[2]string{p.A, p.B}], named[[2]string{p.B, p.A}] = true, true
	}
	for gi, g := range res.Groups {
		size := rep.Sample.Rows[0].Cells[gi]
		size.Denominator, size.DenominatorSuppressed = 0, false // N is the whole group, no share
		for pi, c := range g.Cooccurrence {
			co := Cooccurrence{
				Group: rep.Groups[gi].Name, A: Clean(c.A), B: Clean(c.B),
				ALabel: Clean(b.itemLabel(c.A)), BLabel: Clean(b.itemLabel(c.B)),
				NAB:   t.Rows[pi].Cells[gi],
				NA:    b.itemCell(rep, c.A, gi, c.NA),
				NB:    b.itemCell(rep, c.B, gi, c.NB),
				N:     size,
				Named: named[[2]string{c.A, c.B}],
			}
			if lift, ok := c.Lift(); ok && !co.NAB.Suppressed && !co.NA.Suppressed && !co.NB.Suppressed {
				co.Lift = &lift
			}
			rep.Cooccurrence = append(rep.Cooccurrence, co)
		}
	}
}

// itemCell returns the cell an item shows in its section table, or, for
// an item of a section the report does not show, a cell suppressed by the
// same rules.
func (b *builder) itemCell(rep *Report, path string, gi, n int) Cell {
	section, slug, _ := strings.Cut(path, "/")
	for _, s := range rep.Sections {
		if s.Table.ID != Clean(section) {
			continue
		}
		for _, row := range s.Table.Rows {
			if row.Key == Clean(slug) {
				return row.Cells[gi]
			}
		}
	}
	t := b.groupTable(path, path, KindItems, false)
	t.Rows = []Row{{Cells: b.cells(func(g *analysis.GroupResult) analysis.Count { return analysis.Count{N: n, Denominator: g.Size.N} })}}
	if b.public {
		primary(t, b.opt.K)
	}
	finalize(t, b.opt.K)
	return t.Rows[0].Cells[gi]
}
