package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteMatrixXLSXDates: in the XLSX data sheet a full date is a date
// cell (an Excel serial number formatted yyyy-mm-dd), a date known only to
// the month or year stays text (no day is invented), as does a date before
// Excel's calendar; a missing date is an empty cell. The dictionary sheet
// says so; the CSV keeps every date as ISO text.
func TestWriteMatrixXLSXDates(t *testing.T) {
	m := mustMatrix(t, fixtureInput(t), MatrixOptions{Audience: AudienceTeam})
	col := slices.IndexFunc(m.Variables, func(v Variable) bool { return v.Source == "interview_date" })
	if col < 0 || !m.Variables[col].Date {
		t.Fatalf("team matrix: interview_date column %d is not a date column", col)
	}
	if pub := mustMatrix(t, taggedFixture(t), MatrixOptions{Audience: AudiencePublic, Rand: seeded(1)}); slices.ContainsFunc(pub.Variables, func(v Variable) bool { return v.Date }) {
		t.Fatal("the public matrix, whose dates are years, has a date column")
	}
	tests := []struct {
		cell string
		// serial is the raw value of a date cell; "" for a text or empty cell.
		serial string
	}{
		{"2016-03-14", "42443"},
		{"1900-03-01", "61"},
		{"2016-03", ""},
		{"2016", ""},
		{"1850-06-01", ""},
		{"", ""},
	}
	if len(m.Rows) < len(tests) {
		t.Fatalf("fixture has %d rows", len(m.Rows))
	}
	for i, tt := range tests {
		m.Rows[i][col] = tt.cell
	}
	f := mustXLSX(t, m)
	defer f.Close()
	for i, tt := range tests {
		cell, _ := excelize.CoordinatesToCellName(col+1, i+2)
		raw, err := f.GetCellValue(SheetData, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		shown, _ := f.GetCellValue(SheetData, cell)
		typ, _ := f.GetCellType(SheetData, cell)
		styleID, _ := f.GetCellStyle(SheetData, cell)
		var format string
		if style, err := f.GetStyle(styleID); err == nil && style.CustomNumFmt != nil {
			format = *style.CustomNumFmt
		}
		if shown != tt.cell {
			t.Errorf("%q: shown as %q", tt.cell, shown)
		}
		switch {
		case tt.serial != "":
			if raw != tt.serial || format != "yyyy-mm-dd" || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%q: raw %q, type %v, format %q; want the date cell %s formatted yyyy-mm-dd", tt.cell, raw, typ, format, tt.serial)
			}
		case tt.cell != "":
			if raw != tt.cell || format != "" || typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%q: raw %q, type %v, format %q; want text", tt.cell, raw, typ, format)
			}
		default:
			if raw != "" || typ != excelize.CellTypeUnset {
				t.Errorf("missing date: raw %q, type %v; want an empty cell", raw, typ)
			}
		}
	}
	dict, err := f.GetRows(SheetDictionary)
	if err != nil {
		t.Fatal(err)
	}
	if note := dict[col+1][slices.Index(dictionaryHeader, "note")]; !strings.Contains(note, "full dates are date cells") || !strings.Contains(note, "stay text") {
		t.Errorf("dictionary note of the date column: %q", note)
	}

	var data, dictCSV bytes.Buffer
	if err := WriteMatrixCSV(&data, &dictCSV, m); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&data).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if got := rows[i+1][col]; got != tt.cell {
			t.Errorf("CSV: %q written as %q", tt.cell, got)
		}
	}
	if strings.Contains(dictCSV.String(), "date cells") {
		t.Error("the CSV dictionary speaks of the workbook's date cells")
	}
}

// mustXLSX writes m as a workbook and opens it.
func mustXLSX(t *testing.T, m *Matrix) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMatrixXLSX(&buf, m); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
