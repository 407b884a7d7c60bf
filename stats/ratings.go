package stats

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// Ratings is a reliability data table: units (rows) × coders (columns), as
// Krippendorff (2011) calls it, transposed. Values[u][c] is the value coder c
// gave unit u, as text; the empty string means the coder gave that unit no
// value (missing). Values are compared as strings at the nominal level and
// read as numbers at the numeric levels (see Level).
type Ratings struct {
	// Coders names the columns, in order.
	Coders []string
	// Units names the rows. It is nil when the source had no unit column;
	// units are then referred to by their 1-based row number.
	Units []string
	// Values holds one row per unit, each with len(Coders) cells.
	Values [][]string
	// Categories optionally lists the possible values in order, lowest
	// first. Only the ordinal level on values that are not numbers needs it;
	// when it is set, every value must be one of them.
	Categories []string
}

// Validate reports an EINVALID error if the table is malformed: a blank or
// repeated coder name, a row whose length differs from the number of coders,
// Units of the wrong length, or a blank or repeated category.
func (r *Ratings) Validate() error {
	if r == nil {
		return ownwords.Errorf(ownwords.EINVALID, "no ratings table")
	}
	if err := agrUniqueNames("coder", r.Coders); err != nil {
		return err
	}
	if err := agrUniqueNames("category", r.Categories); err != nil {
		return err
	}
	if r.Units != nil && len(r.Units) != len(r.Values) {
		return ownwords.Errorf(ownwords.EINVALID, "ratings: %d unit names for %d rows", len(r.Units), len(r.Values))
	}
	for u, row := range r.Values {
		if len(row) != len(r.Coders) {
			return ownwords.Errorf(ownwords.EINVALID, "ratings: unit %s has %d cells, there are %d coders", agrUnitName(r, u), len(row), len(r.Coders))
		}
	}
	return nil
}

// Level is the level of measurement of the values in a Ratings table. It
// chooses the difference function δ² of Krippendorff's alpha (Krippendorff
// 2011): nominal δ² = 0 if c = k, else 1; ordinal δ²_ck =
// (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the ranks of the values; interval
// δ² = (c − k)²; ratio δ² = ((c − k)/(c + k))².
//
// At the nominal level values are labels compared as strings. The interval
// and ratio levels need finite numbers (ratio: not negative). The ordinal
// level ranks values by Ratings.Categories when that is set, otherwise by
// their numeric value.
type Level int

// The four levels of measurement.
const (
	Nominal Level = iota
	Ordinal
	Interval
	Ratio
)

// agrLevelNames holds the levels' names, indexed by Level.
var agrLevelNames = [...]string{"nominal", "ordinal", "interval", "ratio"}

// String returns the level's lower-case name, e.g. "nominal".
func (l Level) String() string {
	if l < 0 || int(l) >= len(agrLevelNames) {
		return "level(" + strconv.Itoa(int(l)) + ")"
	}
	return agrLevelNames[l]
}

// ParseLevel returns the level named s ("nominal", "ordinal", "interval" or
// "ratio", any case), or an EINVALID error.
func ParseLevel(s string) (Level, error) {
	for i, name := range agrLevelNames {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return Level(i), nil
		}
	}
	return 0, ownwords.Errorf(ownwords.EINVALID, "unknown level of measurement %q: use nominal, ordinal, interval or ratio", s)
}

// MarshalText encodes the level as its name, so that it appears in JSON as
// "nominal", "ordinal", "interval" or "ratio".
func (l Level) MarshalText() ([]byte, error) {
	if l < 0 || int(l) >= len(agrLevelNames) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "unknown level of measurement %d", int(l))
	}
	return []byte(l.String()), nil
}

// UnmarshalText decodes a level from its name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err == nil {
		*l = v
	}
	return err
}

// agrUniqueNames checks that names are non-blank and distinct.
func agrUniqueNames(what string, names []string) error {
	seen := make(map[string]bool, len(names))
	for i, s := range names {
		if strings.TrimSpace(s) == "" {
			return ownwords.Errorf(ownwords.EINVALID, "ratings: %s %d has a blank name", what, i+1)
		}
		if seen[s] {
			return ownwords.Errorf(ownwords.EINVALID, "ratings: %s %q appears twice", what, s)
		}
		seen[s] = true
	}
	return nil
}

// agrUnitName names unit u for messages: its name, or its row number.
func agrUnitName(r *Ratings, u int) string {
	if r.Units != nil {
		return strconv.Quote(r.Units[u])
	}
	return "in row " + strconv.Itoa(u+1)
}

// agrBOM is the UTF-8 byte order mark that spreadsheet programs put first.
const agrBOM = "\uFEFF"

// ReadRatings reads a ratings table from CSV. The first row names the
// coders; if its first cell is "unit" (any case), the first column holds unit
// names, which must be non-blank and distinct. Every later row is one unit
// and must have as many cells as the header. Cells are trimmed of
// surrounding white space, and a blank cell is a missing value. A leading
// byte order mark and CRLF line ends are accepted; text must be UTF-8.
//
// Errors about the content are EINVALID and name the file (name) and line,
// e.g. "ratings.csv line 7: 4 cells, header has 3". Errors from r itself are
// returned wrapped, as internal errors.
func ReadRatings(r io.Reader, name string) (*Ratings, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(len(agrBOM)); err == nil && string(b) == agrBOM {
		_, _ = br.Discard(len(agrBOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // checked here, to name the line and both counts
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "%s: empty file: the first row must name the coders", name)
	} else if err != nil {
		return nil, agrCSVError(name, err)
	}
	line, _ := cr.FieldPos(0) // blank lines before the header are skipped
	rd := agrReader{name: name, width: len(header)}
	rt, err := rd.header(header, line)
	if err != nil {
		return nil, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, agrCSVError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := rd.row(rec, line); err != nil {
			return nil, err
		}
	}
	if err := rd.finish(rt); err != nil {
		return nil, err
	}
	return rt, nil
}

// agrRepeatedUnit finds the first row, in file order, whose unit name
// repeats an earlier row's, and that earlier row. A map of a million names
// is slow to build; instead each name's hash picks a bit in a bitmap about
// 16 times larger than the number of names, and only the names whose bit
// was hit more than once (a few percent, unless names repeat) are compared
// exactly.
func agrRepeatedUnit(units []string) (row, first int, ok bool) {
	size := uint64(64)
	for size < 16*uint64(len(units)) && size < 1<<28 {
		size *= 2
	}
	once, twice := make([]uint64, size/64), make([]uint64, size/64)
	seed := maphash.MakeSeed()
	slot := make([]uint32, len(units))
	for i, u := range units {
		h := maphash.String(seed, u) % size
		slot[i] = uint32(h)
		if once[h/64]&(1<<(h%64)) != 0 {
			twice[h/64] |= 1 << (h % 64)
		}
		once[h/64] |= 1 << (h % 64)
	}
	seen := make(map[string]int)
	for i, h := range slot {
		if twice[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		if first, ok := seen[units[i]]; ok {
			return i, first, true
		}
		seen[units[i]] = i
	}
	return 0, 0, false
}

// agrReader holds the state of ReadRatings between rows. Rows, cells,
// unit names and line numbers are collected in fixed-size chunks: a
// growing slice would copy a million rows over and over, and the garbage
// that leaves behind costs more than reading the file.
type agrReader struct {
	name    string
	width   int
	hasUnit bool
	block   []string // cells of the latest rows; rows are cut from it
	rows    agrChunks[[]string]
	units   agrChunks[string]
	lines   agrChunks[int32] // file line of each row, for messages
}

// agrChunkLen is the length of one chunk of agrChunks.
const agrChunkLen = 1 << 14

// agrChunks collects values in chunks of agrChunkLen.
type agrChunks[T any] struct {
	full [][]T
	cur  []T
}

// add appends v.
func (c *agrChunks[T]) add(v T) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, agrChunkLen)
	}
	c.cur = append(c.cur, v)
}

// at returns the i-th value added.
func (c *agrChunks[T]) at(i int) T {
	if k := i / agrChunkLen; k < len(c.full) {
		return c.full[k][i%agrChunkLen]
	}
	return c.cur[i%agrChunkLen]
}

// all returns the values added, in one slice that is never nil.
func (c *agrChunks[T]) all() []T {
	out := make([]T, 0, len(c.full)*agrChunkLen+len(c.cur))
	for _, f := range c.full {
		out = append(out, f...)
	}
	return append(out, c.cur...)
}

// header reads the header row, found on the given line, into a new table.
func (rd *agrReader) header(rec []string, line int) (*Ratings, error) {
	names := make([]string, len(rec))
	for i, s := range rec {
		if !utf8.ValidString(s) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "%s line %d: not valid UTF-8 text", rd.name, line)
		}
		names[i] = strings.TrimSpace(s)
	}
	rt := &Ratings{}
	if strings.EqualFold(names[0], "unit") {
		rd.hasUnit = true
		names = names[1:]
	}
	if len(names) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "%s line %d: the header names no coders", rd.name, line)
	}
	seen := make(map[string]int, len(names))
	for i, s := range names {
		col := i + 1
		if rd.hasUnit {
			col++
		}
		if s == "" {
			return nil, ownwords.Errorf(ownwords.EINVALID, "%s line %d: column %d has no coder name", rd.name, line, col)
		}
		if prev, ok := seen[s]; ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "%s line %d: coder %q names columns %d and %d", rd.name, line, s, prev, col)
		}
		seen[s] = col
	}
	rt.Coders = names
	return rt, nil
}

// row reads one unit's row, found on the given line of the file.
func (rd *agrReader) row(rec []string, line int) error {
	if len(rec) != rd.width {
		return ownwords.Errorf(ownwords.EINVALID, "%s line %d: %d cells, header has %d", rd.name, line, len(rec), rd.width)
	}
	for _, s := range rec {
		if !utf8.ValidString(s) {
			return ownwords.Errorf(ownwords.EINVALID, "%s line %d: not valid UTF-8 text", rd.name, line)
		}
	}
	if rd.hasUnit {
		unit := strings.TrimSpace(rec[0])
		if unit == "" {
			return ownwords.Errorf(ownwords.EINVALID, "%s line %d: the unit cell is blank", rd.name, line)
		}
		rd.units.add(unit)
		rd.lines.add(int32(line))
		rec = rec[1:]
	}
	if len(rd.block)+len(rec) > cap(rd.block) {
		rd.block = make([]string, 0, agrChunkLen*len(rec))
	}
	start := len(rd.block)
	for _, s := range rec {
		rd.block = append(rd.block, strings.TrimSpace(s))
	}
	rd.rows.add(rd.block[start:len(rd.block):len(rd.block)])
	return nil
}

// finish moves the collected rows and unit names into the table, or
// reports a repeated unit name.
func (rd *agrReader) finish(rt *Ratings) error {
	rt.Values = rd.rows.all()
	if !rd.hasUnit {
		return nil
	}
	rt.Units = rd.units.all()
	if row, first, ok := agrRepeatedUnit(rt.Units); ok {
		return ownwords.Errorf(ownwords.EINVALID, "%s line %d: unit %q is already on line %d", rd.name, rd.lines.at(row), rt.Units[row], rd.lines.at(first))
	}
	return nil
}

// agrCSVError turns an encoding/csv error into a message that names the
// file and line; other read errors are wrapped as internal.
func agrCSVError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return ownwords.Errorf(ownwords.EINVALID, "%s line %d: %v", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("stats: read %s: %w", name, err)
}

// agrValueIndex numbers distinct values in order of appearance. Before
// its map it tries the value last seen with the same first byte: coded
// data have few values, mostly with distinct first bytes ("yes", "no";
// "1" to "5"), and one string comparison is much cheaper than hashing.
type agrValueIndex struct {
	vals   []string
	recent [256]int32 // 1 + code of the last value seen with this first byte
	index  map[string]int32
}

// code returns the number of v, which must not be empty, and whether v is
// new.
func (x *agrValueIndex) code(v string) (int32, bool) {
	r := &x.recent[v[0]]
	if *r > 0 && x.vals[*r-1] == v {
		return *r - 1, false
	}
	if x.index == nil {
		x.index = make(map[string]int32)
	}
	c, ok := x.index[v]
	if !ok {
		c = int32(len(x.vals))
		x.index[v] = c
		x.vals = append(x.vals, v)
	}
	*r = c + 1
	return c, !ok
}

// agrSortSmall sorts a unit's few codes; insertion sort beats the general
// sort for a handful of coders.
func agrSortSmall(a []int32) {
	if len(a) > 16 {
		slices.Sort(a)
		return
	}
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
