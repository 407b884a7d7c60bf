package ingest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// xlsxLimits are the archive limits for workbooks: excelize unpacks every
// part into memory, and an attribute table is small.
var xlsxLimits = archiveLimits{
	Input:      32 << 20,
	Entries:    10000,
	Entry:      128 << 20,
	Total:      256 << 20,
	Ratio:      100,
	RatioFloor: 1 << 20,
}

// ReadXLSX reads a participant attribute table from the first worksheet of
// an .xlsx workbook, or from opt.Sheet. Cells formatted as dates become
// dates; error cells (#N/A, #DIV/0!) are errors. Errors are EINVALID and
// name the file and the cell ("people.xlsx cell C7: ...").
func ReadXLSX(name string, r io.Reader, opt TableOptions) (*AttributeTable, error) {
	a, err := openArchive(name, r, xlsxLimits, "an .xlsx workbook", "if it is an old .xls file or password-protected, save it as .xlsx without a password")
	if err != nil {
		return nil, err
	}
	if err := refuseDeclarations(a); err != nil {
		return nil, err
	}
	g, err := xlsxGrid(name, a.data, opt.Sheet)
	if err != nil {
		return nil, err
	}
	return buildTable(g, opt)
}

// refuseDeclarations checks every XML part of a workbook as walkXML checks
// a document's: excelize would parse a DOCTYPE without complaint. Parts
// without "<!" cannot hold one and are not parsed twice.
func refuseDeclarations(a *archive) error {
	for _, f := range a.zr.File {
		ext := strings.ToLower(path.Ext(f.Name))
		if ext != ".xml" && ext != ".rels" && ext != ".vml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return inputErrorf(a.name, "", "cannot open archive entry %q (%v); the file is damaged: open and save it again", f.Name, err)
		}
		b, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)))
		rc.Close()
		if err != nil {
			return inputErrorf(a.name, "", "cannot read archive entry %q (%v); the file is damaged: open and save it again", f.Name, err)
		}
		if !bytes.Contains(b, []byte("<!")) {
			continue
		}
		if err := walkXML(a.name, f.Name, bytes.NewReader(b), func(*xml.Decoder, xml.Token) error { return nil }); err != nil {
			return err
		}
	}
	return nil
}

// xlsxGrid reads one worksheet into a grid. excelize is a large parser fed
// untrusted bytes: a panic inside it becomes an input error, not a crash.
func xlsxGrid(name string, data []byte, sheet string) (g *grid, err error) {
	defer func() {
		if p := recover(); p != nil {
			g, err = nil, inputErrorf(name, "", "cannot read the workbook; the file is damaged: open and save it again")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// Equal limits keep excelize from spilling large sheets to
		// temporary files: participant data never touches the disk.
		UnzipSizeLimit:    int64(xlsxLimits.Total),
		UnzipXMLSizeLimit: int64(xlsxLimits.Total),
	})
	if err != nil {
		return nil, inputErrorf(name, "", "not a readable .xlsx workbook (%v); if it is an old .xls file or password-protected, save it as .xlsx without a password", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, inputErrorf(name, "", "the workbook has no worksheet")
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if i := slices.IndexFunc(sheets, func(s string) bool { return strings.EqualFold(s, sheet) }); i >= 0 {
		sheet = sheets[i]
	} else {
		return nil, inputErrorf(name, "", "no sheet %q; the sheets are: %s", sheet, strings.Join(sheets, ", "))
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, inputErrorf(name, "", "cannot read sheet %q (%v); the file is damaged: open and save it again", sheet, err)
	}
	x := &xlsxCells{f: f, sheet: sheet}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	for r, row := range rows {
		err := checkRow(name, row, func() string { return fmt.Sprintf("row %d", r+1) }, func(c int) string { return "cell " + cellName(r, c) })
		if err != nil {
			return nil, err
		}
		for c, raw := range row {
			if row[c], err = x.text(name, r, c, raw); err != nil {
				return nil, err
			}
		}
	}
	return &grid{
		name:      name,
		rows:      rows,
		rowPlace:  func(r int) string { return fmt.Sprintf("row %d", r+1) },
		cellPlace: func(r, c int, _ string) string { return "cell " + cellName(r, c) },
		colName: func(c int) string {
			s, _ := excelize.ColumnNumberToName(c + 1)
			return s
		},
	}, nil
}

func cellName(r, c int) string {
	s, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return s
}

// xlsxCells turns raw cell values into the text the table rules read.
type xlsxCells struct {
	f        *excelize.File
	sheet    string
	date1904 bool
}

// text returns the trimmed NFC text of the cell at row r, column c (0-based)
// whose raw value is raw: booleans as true/false, date-formatted numbers
// and date cells as YYYY-MM-DD.
func (x *xlsxCells) text(name string, r, c int, raw string) (string, error) {
	raw = norm.NFC.String(strings.TrimSpace(raw))
	if raw == "" {
		return "", nil
	}
	ref := cellName(r, c)
	typ, err := x.f.GetCellType(x.sheet, ref)
	if err != nil {
		return raw, nil
	}
	switch typ {
	case excelize.CellTypeBool:
		return strconv.FormatBool(raw == "1" || strings.EqualFold(raw, "true")), nil
	case excelize.CellTypeError:
		return "", inputErrorf(name, "cell "+ref, "the cell holds the spreadsheet error %s; fix its formula or clear it", raw)
	case excelize.CellTypeDate:
		if t, err := time.Parse(time.RFC3339, raw); err == nil {
			return t.Format(time.DateOnly), nil
		}
		if len(raw) >= 10 {
			if t, err := time.Parse(time.DateOnly, raw[:10]); err == nil {
				return t.Format(time.DateOnly), nil
			}
		}
		return raw, nil
	case excelize.CellTypeNumber, excelize.CellTypeUnset:
		if x.dateFormatted(ref) {
			return x.serialDate(name, ref, raw)
		}
	}
	return raw, nil
}

// serialDate converts a date-formatted serial number to YYYY-MM-DD (the
// time of day is dropped: attributes are dates).
func (x *xlsxCells) serialDate(name, ref, raw string) (string, error) {
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw, nil
	}
	t, err := excelize.ExcelDateToTime(serial, x.date1904)
	if err != nil || t.Year() < 1000 || t.Year() > 9999 {
		return "", inputErrorf(name, "cell "+ref, "the date %s is outside the years 1000-9999; correct the cell", raw)
	}
	return t.Format(time.DateOnly), nil
}

// dateFormatted reports whether the cell's number format shows a date.
func (x *xlsxCells) dateFormatted(ref string) bool {
	idx, err := x.f.GetCellStyle(x.sheet, ref)
	if err != nil {
		return false
	}
	st, err := x.f.GetStyle(idx)
	if err != nil {
		return false
	}
	if st.CustomNumFmt != nil {
		return isDateFormatCode(*st.CustomNumFmt)
	}
	return isDateNumFmt(st.NumFmt)
}

// isDateNumFmt reports whether a built-in number format shows a date:
// 14-17 and 22 (ECMA-376 §18.8.30), 27-36 and 50-58 (East Asian dates).
// Time-only formats (18-21, 45-47) are not dates.
func isDateNumFmt(id int) bool {
	return id >= 14 && id <= 17 || id == 22 || id >= 27 && id <= 36 || id >= 50 && id <= 58
}

// isDateFormatCode reports whether a custom format code shows a date: it
// has a year or day token once quoted text, escapes and [bracketed]
// sections (colours, locales, elapsed time) are removed.
func isDateFormatCode(code string) bool {
	var sb strings.Builder
	quoted, bracket, escaped := false, false, false
	for _, r := range code {
		switch {
		case escaped:
			escaped = false
		case quoted:
			quoted = r != '"'
		case bracket:
			bracket = r != ']'
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = true
		case r == '[':
			bracket = true
		default:
			sb.WriteRune(r)
		}
	}
	return strings.ContainsAny(strings.ToLower(sb.String()), "yd")
}
