package ingest_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ownwords"
	"ownwords/ingest"
)

// mustXLSX builds a workbook: fill gets the file with one sheet, "Sheet1".
func mustXLSX(tb testing.TB, fill func(f *excelize.File)) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// mustSet sets cells from a row-major table starting at A1; nil leaves a
// cell empty.
func mustSet(tb testing.TB, f *excelize.File, sheet string, rows [][]any) {
	tb.Helper()
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// peopleXLSX has a "People" sheet (first) and an "Other" sheet. Row 10
// is empty; C7 holds "abc".
func peopleXLSX(tb testing.TB) []byte {
	return mustXLSX(tb, func(f *excelize.File) {
		if err := f.SetSheetName("Sheet1", "People"); err != nil {
			tb.Fatal(err)
		}
		mustSet(tb, f, "People", [][]any{
			{"ID", "Gender", "Age", "Interview date", "Joined", "Flag", "Notes"},
			{"P-0001", "man", 34, day(2016, 3, 15), 42430, true, "one"},
			{"P-0002", "woman", "NA", day(2017, 1, 2), 42430, false, "two"},
			{"P-0003", "man", -99, day(2015, 12, 31), nil, true, "three"},
			{"P-0004", "woman", 29, nil, 42430, false, "four"},
			{"P-0005", "man", "abc", day(2018, 6, 1), 42430, true, "five"},
			{"P-0006", "man", 40, day(2019, 6, 1), 42430, true, "six"},
			{"P-0007", "woman", 41, day(2019, 7, 1), 42430, false, "seven"},
			{"P-0008", "man", 42, day(2019, 8, 1), 42430, true, "eight"},
			{},
			{42, "woman", 43, day(2019, 9, 1), 42430, false, "nine"},
		})
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`[$-409]yyyy\-mm;@`)})
		if err != nil {
			tb.Fatal(err)
		}
		if err := f.SetCellStyle("People", "E2", "E11", style); err != nil {
			tb.Fatal(err)
		}
		if _, err := f.NewSheet("Other"); err != nil {
			tb.Fatal(err)
		}
		mustSet(tb, f, "Other", [][]any{{"participant", "score"}, {"P-0001", 1.5}})
	})
}

func ptr[T any](v T) *T { return &v }

func TestReadXLSX(t *testing.T) {
	in := peopleXLSX(t)
	t.Run("OKFirstSheetInferred", func(t *testing.T) {
		sch := mustReadSchema(t, `{"attributes": [{"slug": "age", "type": "text"}]}`)
		tab, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{Schema: sch})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]ownwords.AttrType{
			"gender": ownwords.AttrCategory, "age": ownwords.AttrText, "interview_date": ownwords.AttrDate,
			"joined": ownwords.AttrDate, "flag": ownwords.AttrBoolean, "notes": ownwords.AttrText,
		}
		got := types(tab)
		for slug, typ := range want {
			if got[slug] != typ {
				t.Errorf("%s: %s, want %s", slug, got[slug], typ)
			}
		}
		vals := valueStrings(tab)
		for k, w := range map[string]string{
			"P-0001/interview_date": "2016-03-15", "P-0004/interview_date": "<missing>",
			"P-0001/joined": "2016-03-01", "P-0002/flag": "false", "P-0001/flag": "true",
			"P-0002/age": "<missing>", "P-0003/age": "<missing>", "P-0001/age": "34",
			"42/gender": "woman",
		} {
			if vals[k] != w {
				t.Errorf("%s = %q, want %q", k, vals[k], w)
			}
		}
		last := tab.Participants[len(tab.Participants)-1]
		if last.Code != "42" || last.Place != "row 11" || last.Cells["age"] != "cell C11" {
			t.Errorf("last row: %q at %q, age in %q", last.Code, last.Place, last.Cells["age"])
		}
	})
	t.Run("OKNamedSheet", func(t *testing.T) {
		tab, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{Sheet: "other"})
		if err != nil {
			t.Fatal(err)
		}
		if v := tab.Participants[0].Values["score"]; tab.Participants[0].Code != "P-0001" || v.Type != ownwords.AttrNumber || v.Num != 1.5 {
			t.Errorf("other sheet: %+v", tab.Participants[0])
		}
	})
	t.Run("ErrBadCell", func(t *testing.T) {
		sch := mustReadSchema(t, `{"attributes": [{"slug": "age", "type": "integer"}]}`)
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{Schema: sch})
		wantError(t, err, ownwords.EINVALID, `people.xlsx cell C6: "abc" is not an integer`)
	})
	t.Run("ErrNoSuchSheet", func(t *testing.T) {
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{Sheet: "Nope"})
		wantError(t, err, ownwords.EINVALID, `people.xlsx: no sheet "Nope"; the sheets are: People, Other`)
	})
	t.Run("ErrNotWorkbook", func(t *testing.T) {
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader([]byte("id,age\n")), ingest.TableOptions{})
		wantError(t, err, ownwords.EINVALID, "people.xlsx: not an .xlsx workbook")
	})
}

func TestReadXLSXErrors(t *testing.T) {
	tests := []struct {
		name  string
		rows  [][]any
		parts []string
	}{
		{"ErrDuplicateID", [][]any{{"code", "x"}, {"A", 1}, {"B", 2}, {"A", 3}}, []string{"people.xlsx: participant A appears twice, in row 2 and row 4"}},
		{"ErrBadCellC7", [][]any{{"id", "n", "date"}, {"A", 1, "2016"}, {"B", 2, "2016"}, {"C", 3, "2016"}, {"D", 4, "2016"}, {"E", 5, "2016"}, {"F", 6, "2016-13"}}, []string{`people.xlsx cell C7: date 2016-13: month out of range`}},
		{"ErrNoHeaderForValue", [][]any{{"id", nil, "x"}, {"A", "v", 1}}, []string{"people.xlsx cell B2: a value in a column without a header; name the column in cell B1"}},
		{"ErrBadHeader", [][]any{{"id", "Âge"}, {"A", 1}}, []string{`people.xlsx column B ("Âge"): the header is not a usable attribute name`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mustXLSX(t, func(f *excelize.File) { mustSet(t, f, "Sheet1", tt.rows) })
			sch := mustReadSchema(t, `{"attributes": [{"slug": "date", "type": "date"}]}`)
			_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{Schema: sch})
			wantError(t, err, ownwords.EINVALID, tt.parts...)
		})
	}
}

// mustRezip rewrites one entry of a ZIP archive with edit.
func mustRezip(tb testing.TB, in []byte, name string, edit func(string) string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		tb.Fatal(err)
	}
	var parts []part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		body := string(b)
		if f.Name == name {
			body = edit(body)
		}
		parts = append(parts, part{f.Name, body})
	}
	return mustZip(tb, parts...)
}

func TestReadXLSXHostile(t *testing.T) {
	t.Run("ErrSpreadsheetErrorCell", func(t *testing.T) {
		in := mustXLSX(t, func(f *excelize.File) {
			mustSet(t, f, "Sheet1", [][]any{{"id", "x"}, {"A"}})
			if err := f.SetCellFormula("Sheet1", "B2", "1/0"); err != nil {
				t.Fatal(err)
			}
		})
		const formula = `<c r="B2" t="str"><f>1/0</f></c>`
		in = mustRezip(t, in, "xl/worksheets/sheet1.xml", func(s string) string {
			if !strings.Contains(s, formula) {
				t.Fatalf("excelize wrote the formula cell differently: %s", s)
			}
			return strings.Replace(s, formula, `<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`, 1)
		})
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{})
		wantError(t, err, ownwords.EINVALID, "people.xlsx cell B2: the cell holds the spreadsheet error #DIV/0!")
	})
	t.Run("ErrDoctype", func(t *testing.T) {
		in := mustXLSX(t, func(f *excelize.File) { mustSet(t, f, "Sheet1", [][]any{{"id", "x"}, {"A", "&lol2;"}}) })
		in = mustRezip(t, in, "xl/worksheets/sheet1.xml", func(s string) string {
			return strings.Replace(s, "?>", `?>`+"\n"+`<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>`, 1)
		})
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{})
		wantError(t, err, ownwords.EINVALID, "people.xlsx xl/worksheets/sheet1.xml line 2:", "DOCTYPE or other <!...> declaration is refused")
	})
	t.Run("OKComment", func(t *testing.T) {
		in := mustXLSX(t, func(f *excelize.File) { mustSet(t, f, "Sheet1", [][]any{{"id", "x"}, {"A", "1"}}) })
		in = mustRezip(t, in, "xl/worksheets/sheet1.xml", func(s string) string {
			return strings.Replace(s, "?>", `?><!-- saved by hand -->`, 1)
		})
		if _, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrTooManyColumns", func(t *testing.T) {
		header := []any{"id"}
		for i := range 1000 {
			header = append(header, fmt.Sprintf("c%d", i))
		}
		in := mustXLSX(t, func(f *excelize.File) { mustSet(t, f, "Sheet1", [][]any{header, {"A"}}) })
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{})
		wantError(t, err, ownwords.EINVALID, "people.xlsx row 1: 1001 columns; an attribute table has at most 1000")
	})
	t.Run("ErrCellTooLarge", func(t *testing.T) {
		// excelize writes at most Excel's 32,767 characters to a cell; a
		// hand-made file can hold more.
		in := mustXLSX(t, func(f *excelize.File) { mustSet(t, f, "Sheet1", [][]any{{"id", "notes"}, {"A", "placeholder"}}) })
		in = mustRezip(t, in, "xl/sharedStrings.xml", func(s string) string {
			if !strings.Contains(s, ">placeholder<") {
				t.Fatalf("excelize wrote the string differently: %s", s)
			}
			// Letters that do not compress well, or the archive limits
			// refuse the file first.
			big := make([]byte, 1<<20+1)
			rnd := rand.New(rand.NewPCG(1, 2))
			for i := range big {
				big[i] = 'a' + byte(rnd.IntN(26))
			}
			return strings.Replace(s, ">placeholder<", ">"+string(big)+"<", 1)
		})
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{})
		wantError(t, err, ownwords.EINVALID, "people.xlsx cell B2: the cell holds 1024 KiB")
	})
	t.Run("ErrZipBomb", func(t *testing.T) {
		in := mustZip(t, part{"xl/worksheets/sheet1.xml", string(make([]byte, 4<<20))})
		_, err := ingest.ReadXLSX("people.xlsx", bytes.NewReader(in), ingest.TableOptions{})
		wantError(t, err, ownwords.EINVALID, "people.xlsx:", "zip bomb")
	})
}
