package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// ReadCSV reads a participant attribute table from CSV (see the package
// documentation for the header, delimiter, missing values and types).
// Errors are EINVALID and name the file, line and column.
func ReadCSV(name string, r io.Reader, opt TableOptions) (*AttributeTable, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTableBytes+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if len(b) > maxTableBytes {
		return nil, inputErrorf(name, "", "larger than %d MiB; split the table", maxTableBytes>>20)
	}
	text, err := decodeText(name, b, opt.Encoding)
	if err != nil {
		return nil, err
	}
	// A lone CR (old Mac files) ends a line too; encoding/csv only knows
	// LF and CRLF.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	g, err := csvGrid(name, text)
	if err != nil {
		return nil, err
	}
	return buildTable(g, opt)
}

// csvGrid parses CSV text into a grid of trimmed cells in NFC.
func csvGrid(name, text string) (*grid, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = detectDelimiter(text)
	cr.FieldsPerRecord = -1
	var (
		rows  [][]string
		lines []int
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, inputErrorf(name, fmt.Sprintf("line %d, character %d", pe.Line, pe.Column), "%s; put fields holding quotes or delimiters in double quotes and double any quote inside them", pe.Err)
			}
			return nil, readError(name, err)
		}
		line, _ := cr.FieldPos(0)
		err = checkRow(name, rec, func() string { return fmt.Sprintf("line %d", line) }, func(c int) string {
			l, _ := cr.FieldPos(c)
			return fmt.Sprintf("line %d, column %d", l, c+1)
		})
		if err != nil {
			return nil, err
		}
		for i := range rec {
			rec[i] = norm.NFC.String(strings.TrimSpace(rec[i]))
		}
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	return &grid{
		name:     name,
		rows:     rows,
		rowPlace: func(r int) string { return fmt.Sprintf("line %d", lines[r]) },
		cellPlace: func(r, c int, header string) string {
			if header == "" {
				return fmt.Sprintf("line %d, column %d", lines[r], c+1)
			}
			return fmt.Sprintf("line %d, column %q", lines[r], header)
		},
		colName: func(c int) string { return strconv.Itoa(c + 1) },
	}, nil
}

// detectDelimiter picks ',', ';' or tab: whichever occurs most often
// outside double quotes in the first line, ',' on a tie or if none does.
func detectDelimiter(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (r == '\n' || r == '\r') {
			break
		}
		if !quoted {
			counts[r]++
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}
