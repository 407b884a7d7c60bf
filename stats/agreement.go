package stats

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"ownwords"
)

// AgreeResult summarises inter-coder agreement on a Ratings table; its JSON
// form is what `ownwords agree --format json` prints. Apart from Krippendorff's
// alpha, which uses Level, every coefficient treats values as nominal
// categories. Undefined coefficients are nil, never NaN.
type AgreeResult struct {
	// Units counts the rows of the table; Coders its columns.
	Units  int `json:"units"`
	Coders int `json:"coders"`
	// PairableValues is n, the number of values in units that have values
	// from at least two coders: the values that alpha is computed from.
	PairableValues int64 `json:"pairable_values"`
	// PercentAgreement is the percentage of agreeing pairs (see
	// PercentAgreement).
	PercentAgreement float64 `json:"percent_agreement"`
	// KrippendorffAlpha is alpha at Level (see KrippendorffAlpha).
	KrippendorffAlpha float64 `json:"krippendorff_alpha"`
	// FleissKappa is Fleiss' kappa over the units that have values, nil
	// when it is not defined, FleissKappaReason then saying why (typically:
	// units have unequal numbers of ratings).
	FleissKappa       *float64 `json:"fleiss_kappa"`
	FleissKappaReason string   `json:"fleiss_kappa_reason,omitempty"`
	// CohenKappa (unweighted) and ScottPi are set only for exactly two
	// coders, over the units that both coded.
	CohenKappa *float64 `json:"cohen_kappa,omitempty"`
	ScottPi    *float64 `json:"scott_pi,omitempty"`
	// AlphaCI is the bootstrap interval of alpha (see BootstrapAlpha).
	AlphaCI AlphaCI `json:"alpha_ci"`
	// Level is the level of measurement alpha was computed at.
	Level Level `json:"level"`
}

// Agree computes the agreement summary of a table at the given level of
// measurement: percent agreement, Krippendorff's alpha with a bootstrap
// interval (AlphaBootstrapSamples resamples drawn from seed), Fleiss'
// kappa, and, for two coders, Cohen's kappa and Scott's pi.
//
// It returns the errors of KrippendorffAlpha: EINVALID for fewer than two
// coders, no units, no pairable values, values that do not fit the level,
// and no variation among the pairable values (alpha undefined); and those
// of BootstrapAlpha. Fleiss' kappa, Cohen's kappa and Scott's pi do not make
// Agree fail: Fleiss' kappa is then nil with a reason.
func Agree(r *Ratings, level Level, seed uint64) (*AgreeResult, error) {
	t, met, err := agrPrepare(r, level)
	if err != nil {
		return nil, err
	}
	alpha, err := agrAlphaOrError(t, met)
	if err != nil {
		return nil, err
	}
	ci, err := agrBootstrap(t, met, AlphaBootstrapSamples, seed)
	if err != nil {
		return nil, err
	}
	res := &AgreeResult{
		Units:             t.units,
		Coders:            t.coders,
		PercentAgreement:  100 * t.pairAgreement(),
		PairableValues:    t.pairableValues(),
		KrippendorffAlpha: alpha,
		AlphaCI:           *ci,
		Level:             level,
	}
	res.FleissKappa, res.FleissKappaReason = t.fleiss(r)
	if t.coders == 2 {
		res.CohenKappa, res.ScottPi = t.twoCoders()
	}
	return res, nil
}

// PercentAgreement returns the percentage of agreeing pairs: for each
// pairable unit (a unit with values from m ≥ 2 coders), the share of its
// m(m − 1)/2 pairs of values that are equal; then the mean of these shares
// over the pairable units, times 100. With two coders it is the percentage
// of units coded by both on which they gave the same value; with equal
// numbers of values per unit it is 100 times Fleiss' P̄. Values are compared
// as strings. Errors are EINVALID, as for KrippendorffAlpha: fewer than two
// coders, no units, or no pairable values.
func PercentAgreement(r *Ratings) (float64, error) {
	t, err := agrEncodePairable(r)
	if err != nil {
		return 0, err
	}
	return 100 * t.pairAgreement(), nil
}

// pairableValues returns n, the number of values in pairable units.
func (t *agrTable) pairableValues() int64 {
	var n int64
	for p, cnt := range t.count {
		n += cnt * int64(t.off[p+1]-t.off[p])
	}
	return n
}

// pairAgreement returns the mean share of agreeing pairs over pairable units.
func (t *agrTable) pairAgreement() float64 {
	var sum float64
	for p, cnt := range t.count {
		codes := t.pattern(p)
		m := len(codes)
		same := agrSquaredRuns(codes) - m // Σ_c m_c(m_c − 1) ordered pairs
		sum += float64(cnt) * float64(same) / float64(m*(m-1))
	}
	return sum / float64(t.pairable)
}

// WriteText writes the result as a short plain-text table, coefficients to
// three decimals.
func (a *AgreeResult) WriteText(w io.Writer) error {
	ew := &agrErrWriter{w: w}
	ew.row("Units", "%d", a.Units)
	ew.row("Coders", "%d", a.Coders)
	ew.row("Pairable values", "%d", a.PairableValues)
	ew.row("Percent agreement", "%.1f%%", a.PercentAgreement)
	ew.row("Krippendorff's alpha", "%.3f (%s)", a.KrippendorffAlpha, a.Level)
	ew.row(fmt.Sprintf("  %g%% interval", 100*a.AlphaCI.Level), "%.3f to %.3f (bootstrap over units, %d resamples, seed %d)",
		a.AlphaCI.Lower, a.AlphaCI.Upper, a.AlphaCI.Samples, a.AlphaCI.Seed)
	if a.FleissKappa != nil {
		ew.row("Fleiss' kappa", "%.3f", *a.FleissKappa)
	} else {
		ew.row("Fleiss' kappa", "not defined: %s", a.FleissKappaReason)
	}
	if a.CohenKappa != nil {
		ew.row("Cohen's kappa", "%.3f", *a.CohenKappa)
	}
	if a.ScottPi != nil {
		ew.row("Scott's pi", "%.3f", *a.ScottPi)
	}
	return ew.err
}

// agrErrWriter keeps the first write error so WriteText can print freely.
type agrErrWriter struct {
	w   io.Writer
	err error
}

// row writes a label and a formatted value as one line, unless an earlier
// write failed.
func (e *agrErrWriter) row(label, format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, "%-22s%s\n", label, fmt.Sprintf(format, args...))
	}
}

// agrEncodePairable encodes r and checks that it has pairable values.
func agrEncodePairable(r *Ratings) (*agrTable, error) {
	t, err := agrEncode(r)
	if err != nil {
		return nil, err
	}
	if t.coders < 2 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "agreement needs at least two coders, the table has %d", t.coders)
	}
	if t.units == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "the table has no units")
	}
	if t.pairable == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "no pairable values: no unit has values from two or more coders")
	}
	return t, nil
}

// agrTable is a Ratings table encoded for counting. Values become codes
// (indexes into vals, which is sorted, so that no result depends on the
// order of units or coders), and pairable units are grouped by the multiset
// of codes they received: a "pattern". Every sum over units in alpha, the
// percent agreement and Fleiss' kappa is a sum over patterns weighted by how
// many units share each, which is what makes a million units cheap, and what
// lets the bootstrap resample units by drawing pattern counts.
type agrTable struct {
	vals    []string
	coders  int
	units   int
	codes   []int32 // units × coders, row-major; -1 = missing
	firstAt []int   // per code, the cell where it first occurs, for messages

	// Pattern p holds the sorted codes code[off[p]:off[p+1]] and occurs in
	// count[p] units; patterns are sorted by their codes.
	off      []int
	code     []int32
	count    []int64
	pairable int64 // units with two or more values

	// Units with at least one value: the fewest and most values one has,
	// and such a unit of each, for Fleiss' kappa.
	minM, maxM, minUnit, maxUnit int
}

// agrEncode validates r and encodes it as an agrTable.
func agrEncode(r *Ratings) (*agrTable, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	k := len(r.Coders)
	t := &agrTable{coders: k, units: len(r.Values), codes: make([]int32, len(r.Values)*k)}
	var index agrValueIndex
	for u, row := range r.Values {
		for c, v := range row {
			i := u*k + c
			if v == "" {
				t.codes[i] = -1
				continue
			}
			code, isNew := index.code(v)
			if isNew {
				t.firstAt = append(t.firstAt, i)
			}
			t.codes[i] = code
		}
	}
	t.vals = index.vals
	if err := agrCheckCategories(r, t); err != nil {
		return nil, err
	}
	t.sortValues()
	t.findPatterns()
	return t, nil
}

// agrCheckCategories checks that every value is one of r.Categories, if set.
func agrCheckCategories(r *Ratings, t *agrTable) error {
	if r.Categories == nil {
		return nil
	}
	known := make(map[string]bool, len(r.Categories))
	for _, c := range r.Categories {
		known[c] = true
	}
	for code, v := range t.vals {
		if !known[v] {
			return ownwords.Errorf(ownwords.EINVALID, "value %q (%s) is not one of the categories", v, t.where(r, code))
		}
	}
	return nil
}

// where names the first cell holding code, e.g. `unit "7", coder "B"`.
func (t *agrTable) where(r *Ratings, code int) string {
	i := t.firstAt[code]
	return "unit " + agrUnitName(r, i/t.coders) + ", coder " + strconv.Quote(r.Coders[i%t.coders])
}

// sortValues renumbers the codes so that vals is sorted.
func (t *agrTable) sortValues() {
	order := make([]int32, len(t.vals))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(t.vals[a], t.vals[b]) })
	remap := make([]int32, len(order))
	vals := make([]string, len(order))
	first := make([]int, len(order))
	for newCode, old := range order {
		remap[old] = int32(newCode)
		vals[newCode] = t.vals[old]
		first[newCode] = t.firstAt[old]
	}
	t.vals, t.firstAt = vals, first
	for i, c := range t.codes {
		if c >= 0 {
			t.codes[i] = remap[c]
		}
	}
}

// findPatterns groups the pairable units by their sorted codes in one pass,
// then sorts the patterns.
func (t *agrTable) findPatterns() {
	// A unit's sorted codes, each plus one, packed into a uint64 key when
	// they fit (the usual case: a few values, a few coders), else as bytes.
	width := bits.Len(uint(len(t.vals)))
	packed := width*t.coders <= 64
	small := make(map[uint64]int32)
	large := make(map[string]int32)
	buf := make([]int32, 0, t.coders)
	var key []byte
	t.off = []int{0}
	t.minM = math.MaxInt
	for u := range t.units {
		buf = buf[:0]
		for _, c := range t.codes[u*t.coders : (u+1)*t.coders] {
			if c >= 0 {
				buf = append(buf, c)
			}
		}
		t.noteRatings(u, len(buf))
		if len(buf) < 2 {
			continue
		}
		agrSortSmall(buf)
		var p int32
		var ok bool
		if packed {
			var h uint64
			for i, c := range buf {
				h |= uint64(c+1) << (width * i)
			}
			if p, ok = small[h]; !ok {
				p = t.addPattern(buf)
				small[h] = p
			}
		} else {
			key = key[:0]
			for _, c := range buf {
				key = binary.AppendUvarint(key, uint64(c))
			}
			if p, ok = large[string(key)]; !ok {
				p = t.addPattern(buf)
				large[string(key)] = p
			}
		}
		t.count[p]++
		t.pairable++
	}
	t.sortPatterns()
}

// addPattern appends a new pattern with the given codes and returns it.
func (t *agrTable) addPattern(codes []int32) int32 {
	t.code = append(t.code, codes...)
	t.off = append(t.off, len(t.code))
	t.count = append(t.count, 0)
	return int32(len(t.count) - 1)
}

// noteRatings records unit u's number of values for Fleiss' kappa.
func (t *agrTable) noteRatings(u, m int) {
	if m == 0 {
		return
	}
	if m < t.minM {
		t.minM, t.minUnit = m, u
	}
	if m > t.maxM {
		t.maxM, t.maxUnit = m, u
	}
}

// pattern returns the codes of pattern p.
func (t *agrTable) pattern(p int) []int32 { return t.code[t.off[p]:t.off[p+1]] }

// sortPatterns puts the patterns in lexicographic order of their codes.
func (t *agrTable) sortPatterns() {
	order := make([]int, len(t.count))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return slices.Compare(t.pattern(a), t.pattern(b)) })
	code := make([]int32, 0, len(t.code))
	off := make([]int, 1, len(t.off))
	count := make([]int64, len(t.count))
	for i, p := range order {
		code = append(code, t.pattern(p)...)
		off = append(off, len(code))
		count[i] = t.count[p]
	}
	t.code, t.off, t.count = code, off, count
}
