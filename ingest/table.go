package ingest

import (
	"fmt"
	"strings"
	"unicode"

	"ownwords"
)

// maxTableBytes bounds an attribute table file (a table of 20,000
// participants with 50 attributes is ~10 MiB).
const maxTableBytes = 64 << 20

// maxTableColumns bounds the columns of an attribute table, and
// maxCellBytes one cell: no study has a thousand attributes, and a cell
// holds a value, not a document. Both keep a hostile table from tying up
// an import.
const (
	maxTableColumns = 1000
	maxCellBytes    = 1 << 20
)

// checkRow refuses a row with more than maxTableColumns cells or a cell
// larger than maxCellBytes. rowPlace names the row, cellPlace a cell.
func checkRow(name string, row []string, rowPlace func() string, cellPlace func(c int) string) error {
	if len(row) > maxTableColumns {
		return inputErrorf(name, rowPlace(), "%d columns; an attribute table has at most %d: split it", len(row), maxTableColumns)
	}
	for c, s := range row {
		if len(s) > maxCellBytes {
			return inputErrorf(name, cellPlace(c), "the cell holds %d KiB; a cell holds at most %d KiB: put long text in a transcript or memo", len(s)>>10, maxCellBytes>>10)
		}
	}
	return nil
}

// TableOptions tune how an attribute table is read.
type TableOptions struct {
	// Sheet names the worksheet of an .xlsx file; "" reads the first.
	Sheet string
	// Schema declares column types and missing-value codes; nil infers.
	Schema *Schema
	// Missing replaces the missing-value codes (see the package
	// documentation); nil keeps the schema's or DefaultMissing.
	Missing []string
	// Encoding declares a CSV file's encoding, as TextOptions.Encoding.
	Encoding string
}

// missingCodes returns the codes in force.
func (o TableOptions) missingCodes() []string {
	switch {
	case o.Missing != nil:
		return o.Missing
	case o.Schema != nil && o.Schema.Missing != nil:
		return o.Schema.Missing
	}
	return DefaultMissing
}

// AttributeTable is what an attribute table holds: one definition per
// column and one participant per row.
type AttributeTable struct {
	// Name is the file name.
	Name string
	// Attributes has one definition per attribute column, in column order.
	Attributes []*AttributeDef
	// Participants has one record per data row, in row order; each holds
	// a value (possibly missing) for every attribute column.
	Participants []*ParticipantRecord
}

// grid is a table as read from a file: trimmed cell text plus how to name
// places in it.
type grid struct {
	name string
	rows [][]string
	// rowPlace names a row ("line 7", "row 7"), by index into rows.
	rowPlace func(r int) string
	// cellPlace names a cell ("cell C7", `line 7, column "age"`).
	cellPlace func(r, c int, header string) string
	// colName names a column by index ("C", "3").
	colName func(c int) string
}

func (g *grid) cell(r, c int) string {
	if c < len(g.rows[r]) {
		return g.rows[r][c]
	}
	return ""
}

func (g *grid) blankRow(r int) bool {
	for _, s := range g.rows[r] {
		if s != "" {
			return false
		}
	}
	return true
}

// tableColumn is an attribute column of a grid.
type tableColumn struct {
	index  int
	header string
	attr   *ownwords.Attribute
	// declared is true when the schema gives the type.
	declared bool
}

// buildTable turns a grid into an attribute table (see the package
// documentation for the rules).
func buildTable(g *grid, opt TableOptions) (*AttributeTable, error) {
	h := 0
	for h < len(g.rows) && g.blankRow(h) {
		h++
	}
	if h == len(g.rows) {
		return nil, inputErrorf(g.name, "", "the table is empty; the first row must name the columns (id, then attributes)")
	}
	idCol, cols, err := readHeader(g, h, opt.Schema)
	if err != nil {
		return nil, err
	}
	missing := opt.missingCodes()
	var rows []int
	seen := map[string]int{}
	for r := h + 1; r < len(g.rows); r++ {
		if g.blankRow(r) {
			continue
		}
		if n := len(g.rows[r]); n > len(g.rows[h]) {
			for c := len(g.rows[h]); c < n; c++ {
				if g.rows[r][c] != "" {
					return nil, inputErrorf(g.name, g.cellPlace(r, c, ""), "a value beyond the last named column; add a header for it or clear the cell")
				}
			}
		}
		id := g.cell(r, idCol)
		if id == "" || isMissing(id, missing) {
			return nil, inputErrorf(g.name, g.cellPlace(r, idCol, g.cell(h, idCol)), "no participant id; every row needs the participant's code")
		}
		if err := (&ownwords.Participant{StudyID: "-", Code: id}).Validate(); err != nil {
			return nil, inputErrorf(g.name, g.cellPlace(r, idCol, g.cell(h, idCol)), "%s", ownwords.ErrorMessage(err))
		}
		if prev, ok := seen[id]; ok {
			return nil, inputErrorf(g.name, "", "participant %s appears twice, in %s and %s; keep one row per participant", id, g.rowPlace(prev), g.rowPlace(r))
		}
		seen[id] = r
		rows = append(rows, r)
	}
	t := &AttributeTable{Name: g.name}
	for _, r := range rows {
		t.Participants = append(t.Participants, &ParticipantRecord{
			Code: g.cell(r, idCol), Values: map[string]ownwords.Value{},
			Source: g.name, Place: g.rowPlace(r), Cells: map[string]string{},
		})
	}
	for _, col := range cols {
		if err := typeColumn(g, col, rows, missing, t.Participants); err != nil {
			return nil, err
		}
		t.Attributes = append(t.Attributes, &AttributeDef{Attribute: *col.attr, Inferred: !col.declared, Source: g.name})
	}
	return t, nil
}

// readHeader finds the id column and the attribute columns of header row h.
func readHeader(g *grid, h int, schema *Schema) (int, []*tableColumn, error) {
	idCol := -1
	var cols []*tableColumn
	bySlug := map[string]*tableColumn{}
	for c, head := range g.rows[h] {
		colPlace := fmt.Sprintf("column %s (%q)", g.colName(c), head)
		switch {
		case head == "":
			for r := h + 1; r < len(g.rows); r++ {
				if g.cell(r, c) != "" {
					return 0, nil, inputErrorf(g.name, g.cellPlace(r, c, ""), "a value in a column without a header; name the column in %s or clear it", g.cellPlace(h, c, ""))
				}
			}
			continue
		case isIDHeader(head):
			if idCol >= 0 {
				return 0, nil, inputErrorf(g.name, "", "two participant id columns, %s and %s; keep one", fmt.Sprintf("column %s (%q)", g.colName(idCol), g.rows[h][idCol]), colPlace)
			}
			idCol = c
			continue
		}
		slug := slugify(head)
		if !ownwords.ValidSlug(slug) {
			return 0, nil, inputErrorf(g.name, colPlace, "the header is not a usable attribute name; use lowercase letters, digits, '_' or '-', starting with a letter or digit (at most 64)")
		}
		if prev, ok := bySlug[slug]; ok {
			return 0, nil, inputErrorf(g.name, colPlace, "same attribute %q as column %s (%q); rename one", slug, g.colName(prev.index), prev.header)
		}
		col := &tableColumn{index: c, header: head, attr: &ownwords.Attribute{Slug: slug, Position: len(cols)}}
		if head != slug {
			col.attr.Label = head
		}
		if d := schema.Attribute(slug); d != nil {
			a := *d
			a.Position = col.attr.Position
			if a.Label == "" {
				a.Label = col.attr.Label
			}
			col.attr, col.declared = &a, true
		}
		bySlug[slug] = col
		cols = append(cols, col)
	}
	if idCol < 0 {
		return 0, nil, inputErrorf(g.name, g.rowPlace(h), "no participant id column; name the column holding participant codes \"id\", \"participant\" or \"code\"")
	}
	return idCol, cols, nil
}

// typeColumn gives col its type (declared or inferred) and stores its
// parsed values in the records, one per data row.
func typeColumn(g *grid, col *tableColumn, rows []int, missing []string, recs []*ParticipantRecord) error {
	if !col.declared {
		var present []string
		for _, r := range rows {
			if v := g.cell(r, col.index); v != "" && !isMissing(v, missing) {
				present = append(present, v)
			}
		}
		col.attr.Type = inferType(present)
	}
	a := col.attr
	for i, r := range rows {
		place := g.cellPlace(r, col.index, col.header)
		recs[i].Cells[a.Slug] = place
		s := g.cell(r, col.index)
		if s == "" || isMissing(s, missing) {
			recs[i].Values[a.Slug] = ownwords.Value{Type: a.Type, Missing: true}
			continue
		}
		v, err := ownwords.ParseValue(a.Type, s)
		if err == nil {
			err = a.Check(v)
		}
		if err != nil {
			return inputErrorf(g.name, place, "%s; column %s is declared %s by the schema: correct the cell or mark it missing (%s)", ownwords.ErrorMessage(err), a.Slug, a.Type, missingList(missing))
		}
		recs[i].Values[a.Slug] = v
	}
	return nil
}

// missingList formats missing-value codes for an error message.
func missingList(codes []string) string {
	var out []string
	for _, c := range codes {
		if c != "" {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "leave it empty"
	}
	return "leave it empty or write " + strings.Join(out, ", ")
}

// isMissing reports whether a trimmed cell is a missing-value code.
func isMissing(s string, codes []string) bool {
	for _, c := range codes {
		if strings.EqualFold(s, strings.TrimSpace(c)) {
			return true
		}
	}
	return false
}

// isIDHeader reports whether a header names the participant column.
func isIDHeader(h string) bool {
	for _, id := range []string{"id", "participant", "code"} {
		if strings.EqualFold(h, id) {
			return true
		}
	}
	return false
}

// slugify lower-cases a header and replaces runs of white space by '_'.
func slugify(h string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(h), unicode.IsSpace), "_")
}
