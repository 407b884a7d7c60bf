package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"ownwords"
)

// dictionaryHeader heads the data dictionary.
var dictionaryHeader = []string{"variable", "label", "type", "measure", "values", "missing", "source", "note"}

// dictionaryRows returns the data dictionary: one row per variable, its
// value labels as "code=label" joined by "; ".
func (m *Matrix) dictionaryRows() [][]string {
	rows := [][]string{dictionaryHeader}
	for _, v := range m.Variables {
		typ := "string"
		if v.Numeric {
			typ = "numeric"
		}
		labels := make([]string, len(v.Values))
		for i, l := range v.Values {
			labels[i] = l.Code + "=" + l.Label
		}
		rows = append(rows, []string{v.Name, v.Label, typ, v.Measure, strings.Join(labels, "; "), v.Missing, v.Source, v.Note})
	}
	return rows
}

// WriteMatrixCSV writes the matrix to data and its dictionary to dict as
// RFC 4180 CSV: UTF-8 without a byte-order mark, since the variable names
// in the header row are ASCII and a BOM would stick to the first name in
// Stata, pandas and R's read.csv; Excel users should take the XLSX, which
// Excel opens with every character right. Missing values are empty cells,
// which SPSS, Stata and R read as missing. Text cells that a spreadsheet
// would run as a formula (starting with = + - @, tab or CR) get a leading
// apostrophe.
func WriteMatrixCSV(data, dict io.Writer, m *Matrix) error {
	rows := [][]string{make([]string, len(m.Variables))}
	for i, v := range m.Variables {
		rows[0][i] = v.Name
	}
	for _, r := range m.Rows {
		out := make([]string, len(r))
		for i, cell := range r {
			if m.Variables[i].Numeric {
				out[i] = cell
			} else {
				out[i] = defuseFormula(cell)
			}
		}
		rows = append(rows, out)
	}
	if err := writeCSV(data, rows); err != nil {
		return fmt.Errorf("report: matrix csv: %w", err)
	}
	drows := m.dictionaryRows()
	for _, r := range drows[1:] {
		for i := range r {
			r[i] = defuseFormula(r[i])
		}
	}
	if err := writeCSV(dict, drows); err != nil {
		return fmt.Errorf("report: matrix dictionary csv: %w", err)
	}
	return nil
}

func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// defuseFormula prefixes an apostrophe to text a spreadsheet would
// evaluate as a formula.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Sheet names of the XLSX matrix export.
const (
	SheetData       = "data"
	SheetDictionary = "dictionary"
)

// WriteMatrixXLSX writes the matrix as a workbook with the sheets "data"
// (category attributes as their labels, which a spreadsheet reader wants,
// other numeric columns as numbers, full dates as date cells, header row
// frozen) and "dictionary" (which still maps the CSV's numeric codes to
// the labels, and says which dates stay text). Cells are written as
// values, never as formulas.
func WriteMatrixXLSX(w io.Writer, m *Matrix) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetData); err != nil {
		return fmt.Errorf("report: matrix xlsx: %w", err)
	}
	if _, err := f.NewSheet(SheetDictionary); err != nil {
		return fmt.Errorf("report: matrix xlsx: %w", err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &xlsxDateFormat})
	if err != nil {
		return fmt.Errorf("report: matrix xlsx: %w", err)
	}
	header := make([]any, len(m.Variables))
	for i, v := range m.Variables {
		header[i] = v.Name
	}
	rows := [][]any{header}
	labels := m.categoryLabels()
	for _, r := range m.Rows {
		out := make([]any, len(r))
		for i, cell := range r {
			if l, ok := labels[i][cell]; ok {
				out[i] = l
				continue
			}
			if m.Variables[i].Date {
				out[i] = xlsxDate(cell, dateStyle)
				continue
			}
			out[i] = xlsxCell(cell, m.Variables[i].Numeric)
		}
		rows = append(rows, out)
	}
	if err := writeSheet(f, SheetData, rows); err != nil {
		return fmt.Errorf("report: matrix xlsx data: %w", err)
	}
	var dict [][]any
	for _, r := range m.xlsxDictionaryRows() {
		out := make([]any, len(r))
		for i, s := range r {
			out[i] = s
		}
		dict = append(dict, out)
	}
	if err := writeSheet(f, SheetDictionary, dict); err != nil {
		return fmt.Errorf("report: matrix xlsx dictionary: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: matrix xlsx: %w", err)
	}
	return nil
}

// xlsxDateFormat is the number format of date cells: ISO 8601, the way
// the CSV writes them, whatever the reader's locale.
var xlsxDateFormat = "yyyy-mm-dd"

// xlsxDateNote closes the dictionary note of a date column in the XLSX.
const xlsxDateNote = "in this workbook full dates are date cells (yyyy-mm-dd); dates known only to the month or year, and dates before 1900-03-01, stay text (YYYY-MM, YYYY) so that no day is invented"

// xlsxDictionaryRows is the data dictionary of the XLSX: the CSV's, with
// the note of each date column saying how the workbook writes dates.
func (m *Matrix) xlsxDictionaryRows() [][]string {
	rows := m.dictionaryRows()
	note := slices.Index(dictionaryHeader, "note")
	for i, v := range m.Variables {
		if v.Date {
			rows[i+1][note] = strings.TrimPrefix(rows[i+1][note]+"; "+xlsxDateNote, "; ")
		}
	}
	return rows
}

// xlsxDate returns a date column's cell: a full date as a date cell
// (style), anything known only to the month or year as its text, and a
// missing date as an empty cell. Excel's calendar starts in 1900 (and
// counts a day that never was, 1900-02-29): earlier dates stay text.
func xlsxDate(s string, style int) any {
	if s == "" {
		return nil
	}
	d, err := ownwords.ParseDate(s)
	if err != nil || d.Precision() != ownwords.PrecisionDay || d.Earliest().Before(excelDatesFrom) {
		return s
	}
	return excelize.Cell{StyleID: style, Value: d.Earliest()}
}

// excelDatesFrom is the first day written as a date cell.
var excelDatesFrom = time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC)

// xlsxCell returns a numeric cell as a number (an empty cell when
// missing) and any other cell as text.
func xlsxCell(s string, numeric bool) any {
	if !numeric {
		return s
	}
	if s == "" {
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return x
	}
	return s
}

// writeSheet streams rows into sheet with its header row frozen; the
// stream writer skips excelize's per-cell model, which a 20,000-participant
// matrix would make slow.
func writeSheet(f *excelize.File, sheet string, rows [][]any) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// categoryLabels maps, for each column of a coded attribute (a nominal
// column with value labels whose source is an attribute, not an item's
// 0/1), each code to its label; nil for other columns.
func (m *Matrix) categoryLabels() []map[string]string {
	out := make([]map[string]string, len(m.Variables))
	for i, v := range m.Variables {
		if len(v.Values) == 0 || strings.Contains(v.Source, "/") {
			continue
		}
		out[i] = make(map[string]string, len(v.Values))
		for _, l := range v.Values {
			out[i][l.Code] = l.Label
		}
	}
	return out
}
