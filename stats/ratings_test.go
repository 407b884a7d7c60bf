package stats_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"ownwords"
	"ownwords/stats"
)

// mustAgrRead runs ReadRatings on text and fails the test on error.
func mustAgrRead(tb testing.TB, text string) *stats.Ratings {
	tb.Helper()
	r, err := stats.ReadRatings(strings.NewReader(text), "ratings.csv")
	if err != nil {
		tb.Fatalf("ReadRatings: %v", err)
	}
	return r
}

func TestReadRatings(t *testing.T) {
	tests := []struct {
		name string
		text string
		want *stats.Ratings
	}{
		{"OK", "A,B\n1,2\n3,\n", &stats.Ratings{Coders: []string{"A", "B"}, Values: [][]string{{"1", "2"}, {"3", ""}}}},
		{"OKUnitColumn", "Unit,A,B\nu1,x,y\nu2,,y\n", &stats.Ratings{
			Coders: []string{"A", "B"}, Units: []string{"u1", "u2"}, Values: [][]string{{"x", "y"}, {"", "y"}}}},
		{"OKBOMAndCRLF", "\uFEFFunit,A,B\r\n1, a ,b\r\n2,  ,c\r\n", &stats.Ratings{
			Coders: []string{"A", "B"}, Units: []string{"1", "2"}, Values: [][]string{{"a", "b"}, {"", "c"}}}},
		{"OKQuotedAndBlankLines", "A,B\n\n\"x, y\",\"\"\n\n", &stats.Ratings{Coders: []string{"A", "B"}, Values: [][]string{{"x, y", ""}}}},
		{"OKHeaderOnly", "unit,A,B\n", &stats.Ratings{Coders: []string{"A", "B"}, Units: []string{}, Values: [][]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustAgrRead(t, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestReadRatingsErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"ErrEmpty", "", "ratings.csv: empty file"},
		{"ErrCellCount", "A,B,C\n1,2,3\n1,2,3,4\n", "ratings.csv line 3: 4 cells, header has 3"},
		{"ErrCellCountAfterQuotedNewline", "A,B\n\"multi\nline\",2\n1\n", "ratings.csv line 4: 1 cells, header has 2"},
		{"ErrNoCoders", "unit\nu1\n", "ratings.csv line 1: the header names no coders"},
		{"ErrBlankCoder", "A,,C\n", "ratings.csv line 1: column 2 has no coder name"},
		{"ErrBlankCoderAfterBlankLines", "\n\nA,,C\n", "ratings.csv line 3: column 2 has no coder name"},
		{"ErrRepeatedCoder", "unit,A,B,A\n", `ratings.csv line 1: coder "A" names columns 2 and 4`},
		{"ErrBlankUnit", "unit,A,B\nu1,1,2\n ,1,2\n", "ratings.csv line 3: the unit cell is blank"},
		{"ErrRepeatedUnit", "unit,A,B\nu1,1,2\nu2,1,2\nu1,2,2\n", `ratings.csv line 4: unit "u1" is already on line 2`},
		{"ErrBareQuote", "A,B\n1,x\"y\n", "ratings.csv line 2:"},
		{"ErrInvalidUTF8", "A,B\n1,\xff\n", "ratings.csv line 2: not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.ReadRatings(strings.NewReader(tt.text), "ratings.csv")
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(ownwords.ErrorMessage(err), tt.want) {
				t.Errorf("error = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

// The first repeated unit in file order is reported, with the line of its
// first occurrence, however many rows there are (a brute-force map here).
func TestReadRatingsReportsFirstRepeatedUnit(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 200 {
		rows := 1 + rng.IntN(3000)
		names := 1 + rng.IntN(4*rows)
		var buf bytes.Buffer
		buf.WriteString("unit,A\n")
		seen := map[string]int{}
		want := ""
		for i := range rows {
			name := "u" + strconv.Itoa(rng.IntN(names))
			buf.WriteString(name + ",1\n")
			if first, ok := seen[name]; ok && want == "" {
				want = fmt.Sprintf("line %d: unit %q is already on line %d", i+2, name, first+2)
			}
			if _, ok := seen[name]; !ok {
				seen[name] = i
			}
		}
		_, err := stats.ReadRatings(&buf, "r.csv")
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Fatalf("trial %d: error %v, want %q", trial, err, want)
		}
	}
}

// agrFailingReader fails on its first read.
type agrFailingReader struct{}

func (agrFailingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadRatingsWrapsReadErrorsAsInternal(t *testing.T) {
	_, err := stats.ReadRatings(agrFailingReader{}, "ratings.csv")
	if ownwords.ErrorCode(err) != ownwords.EINTERNAL || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("error = %v, want an internal error wrapping the read error", err)
	}
}

// agrQuoteCSV writes fields as CSV with every field quoted, so that the
// text survives a round trip exactly.
func agrQuoteCSV(buf *bytes.Buffer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
	}
	buf.WriteByte('\n')
}

// FuzzReadRatings checks that ReadRatings never panics, that every error
// is EINVALID, and that what it accepts is a valid table that reads back
// the same after being written out again.
func FuzzReadRatings(f *testing.F) {
	for _, seed := range []string{
		"A,B\n1,2\n3,\n", "unit,A,B\nu1,x,y\n", "\uFEFFunit,A\r\n1,a\r\n", "A,B\n\"x\ny\",\"\"\"\"\n",
		"A,B,C\n1,2\n", "unit,A\n,1\n", "A,A\n", "", "\xff,A\n", "a\"b,c\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := stats.ReadRatings(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.HasPrefix(ownwords.ErrorMessage(err), "fuzz.csv") {
				t.Fatalf("error %v: want EINVALID naming the file", err)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("accepted table does not validate: %v", err)
		}
		for _, row := range r.Values {
			for _, v := range row {
				if v != strings.TrimSpace(v) || !utf8.ValidString(v) {
					t.Fatalf("cell %q is not trimmed UTF-8", v)
				}
			}
		}
		var buf bytes.Buffer
		header := r.Coders
		if r.Units != nil {
			header = append([]string{"unit"}, r.Coders...)
		}
		agrQuoteCSV(&buf, header)
		for u, row := range r.Values {
			if r.Units != nil {
				row = append([]string{r.Units[u]}, row...)
			}
			agrQuoteCSV(&buf, row)
		}
		back, err := stats.ReadRatings(&buf, "again.csv")
		if err != nil || !reflect.DeepEqual(back, r) {
			t.Fatalf("round trip: %v\n%#v\nwant %#v", err, back, r)
		}
	})
}

// BenchmarkReadRatings reads a 1,000,000-unit × 3-coder CSV built in memory.
func BenchmarkReadRatings(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("unit,A,B,C\n")
	for u := range 1_000_000 {
		buf.WriteString("u" + strconv.Itoa(u))
		for c := range 3 {
			buf.WriteByte(',')
			if (u+c)%50 != 0 {
				buf.WriteString(strconv.Itoa((u*7 + c*(u%3)) % 5))
			}
		}
		buf.WriteByte('\n')
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := stats.ReadRatings(bytes.NewReader(data), "bench.csv")
		if err != nil || len(r.Values) != 1_000_000 {
			b.Fatalf("ReadRatings: %v", err)
		}
	}
}
