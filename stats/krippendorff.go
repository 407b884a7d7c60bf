package stats

import (
	"math"
	"slices"
	"strconv"

	"ownwords"
)

// KrippendorffAlpha returns Krippendorff's alpha for the table at the given
// level, computed by the coincidence-matrix method of Krippendorff (2011)
// "Computing Krippendorff's Alpha-Reliability":
//
//	α = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
//
// where o_ck counts, over units with values from at least two coders (m_u ≥
// 2), the ordered pairs of values (c, k) from different coders, each unit's
// pairs weighted 1/(m_u − 1); n_c = Σ_k o_ck; and n = Σ_c n_c is the number
// of pairable values. Units with fewer than two values are left out, as are
// missing values: any number of coders and missing data are allowed. The
// observed sum Σ o_ck δ²_ck is accumulated in one pass over the units,
// grouped by the multiset of values each received, so that a million units
// cost one pass and a map lookup each; Krippendorff's ordinal difference is
// evaluated as (M_k − M_c)², with M the mid-point of each rank in the
// cumulative marginals, which is the same number.
//
// Alpha is undefined, and an EINVALID error is returned, when there are fewer
// than two coders, no pairable values, or no variation among the pairable
// values (every one the same, or, at the numeric levels, the same number):
// the error then says "no variation". Values that do not fit the level (text
// at the interval level) are EINVALID errors naming the value, unit and
// coder, as is a ratio-level table with more than 1024 distinct values. The
// result is never NaN.
func KrippendorffAlpha(r *Ratings, level Level) (float64, error) {
	t, met, err := agrPrepare(r, level)
	if err != nil {
		return 0, err
	}
	return agrAlphaOrError(t, met)
}

// agrPrepare encodes a table and sets up the difference function for level,
// checking everything that alpha needs.
func agrPrepare(r *Ratings, level Level) (*agrTable, *agrMetric, error) {
	t, err := agrEncodePairable(r)
	if err != nil {
		return nil, nil, err
	}
	met, err := agrNewMetric(t, r, level)
	if err != nil {
		return nil, nil, err
	}
	return t, met, nil
}

// agrAlphaOrError computes alpha on the observed table, or says why not.
func agrAlphaOrError(t *agrTable, met *agrMetric) (float64, error) {
	a, ok := met.alpha(t, t.count)
	if !ok {
		if met.level == Nominal {
			return 0, ownwords.Errorf(ownwords.EINVALID, "no variation: every pairable value is the same, so alpha is undefined")
		}
		return 0, ownwords.Errorf(ownwords.EINVALID, "no variation: the pairable values do not differ at the %s level, so alpha is undefined", met.level)
	}
	return a, nil
}

// agrMaxRatioValues bounds the distinct values at the ratio level: its
// expected disagreement has no shortcut and costs K² per bootstrap resample,
// so a larger K would make Agree run for minutes rather than fail clearly.
const agrMaxRatioValues = 1024

// agrMetric is the difference function δ² of one level on one table's codes,
// with what alpha needs to be evaluated quickly, and again for every
// bootstrap resample.
type agrMetric struct {
	level Level
	x     []float64 // interval, ratio: each code's number, scaled into [0, 1]
	rank  []int32   // ordinal: each code's rank
	ranks int       // ordinal: number of ranks
	delta []float64 // ratio: δ² between codes c and k at c*K+k
	dp    []float64 // nominal, interval, ratio: per pattern Σ_{i≠j} δ²/(m−1)

	nc, nr, mid, tmp []float64 // scratch
}

// agrNewMetric sets up the difference function of level for t, checking
// that the values fit the level.
func agrNewMetric(t *agrTable, r *Ratings, level Level) (*agrMetric, error) {
	k := len(t.vals)
	m := &agrMetric{level: level, nc: make([]float64, k), tmp: make([]float64, t.coders)}
	switch level {
	case Nominal:
		m.dp = make([]float64, len(t.count))
		for p := range t.count {
			m.dp[p] = agrNominalPairs(t.pattern(p))
		}
	case Interval, Ratio:
		x, err := agrNumbers(t, r, level)
		if err != nil {
			return nil, err
		}
		m.x = x
		if level == Ratio {
			if k > agrMaxRatioValues {
				return nil, ownwords.Errorf(ownwords.EINVALID, "the ratio level handles at most %d distinct values; this table has %d (use the interval level)", agrMaxRatioValues, k)
			}
			m.delta = make([]float64, k*k)
			for c := range k {
				for d := range k {
					m.delta[c*k+d] = agrRatioDelta(x[c], x[d])
				}
			}
		}
		m.setPatternDisagreement(t)
	case Ordinal:
		if err := m.setRanks(t, r); err != nil {
			return nil, err
		}
		m.nr = make([]float64, m.ranks)
		m.mid = make([]float64, m.ranks)
	default:
		return nil, ownwords.Errorf(ownwords.EINVALID, "unknown level of measurement %d", int(level))
	}
	return m, nil
}

// agrNominalPairs returns Σ_{i≠j} [c_i ≠ c_j] / (m − 1) for one unit's
// sorted codes: (m² − Σ_c m_c²) / (m − 1).
func agrNominalPairs(codes []int32) float64 {
	m := len(codes)
	return float64(m*m-agrSquaredRuns(codes)) / float64(m-1)
}

// agrSquaredRuns returns Σ_c m_c², m_c counting code c in sorted codes.
func agrSquaredRuns(codes []int32) int {
	sq := 0
	for i := 0; i < len(codes); {
		j := i
		for j < len(codes) && codes[j] == codes[i] {
			j++
		}
		sq += (j - i) * (j - i)
		i = j
	}
	return sq
}

// agrRatioDelta is the ratio difference ((a − b)/(a + b))², 0 when both are 0.
func agrRatioDelta(a, b float64) float64 {
	if a+b == 0 {
		return 0
	}
	d := (a - b) / (a + b)
	return d * d
}

// agrPairSpread returns Σ_{i≠j} (a_i − a_j)² = 2m Σ (a_i − ā)²; centring
// first avoids cancellation.
func agrPairSpread(a []float64) float64 {
	var mean float64
	for _, v := range a {
		mean += v
	}
	mean /= float64(len(a))
	var ss float64
	for _, v := range a {
		ss += (v - mean) * (v - mean)
	}
	return 2 * float64(len(a)) * ss
}

// setPatternDisagreement fills dp for the interval and ratio levels.
func (m *agrMetric) setPatternDisagreement(t *agrTable) {
	m.dp = make([]float64, len(t.count))
	k := len(t.vals)
	for p := range t.count {
		codes := t.pattern(p)
		var sum float64
		if m.level == Interval {
			a := m.tmp[:0]
			for _, c := range codes {
				a = append(a, m.x[c])
			}
			sum = agrPairSpread(a)
		} else {
			for i, c := range codes {
				for j, d := range codes {
					if i != j {
						sum += m.delta[int(c)*k+int(d)]
					}
				}
			}
		}
		m.dp[p] = sum / float64(len(codes)-1)
	}
}

// agrNumbers reads every value of t as a finite number and scales them into
// [0, 1] (interval: x − min over the range; ratio: x over the largest), which
// leaves alpha unchanged and keeps squares from overflowing.
func agrNumbers(t *agrTable, r *Ratings, level Level) ([]float64, error) {
	x := make([]float64, len(t.vals))
	lo, hi := math.Inf(1), math.Inf(-1)
	for c, v := range t.vals {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "the %s level needs numbers: value %q (%s) is not a finite number", level, v, t.where(r, c))
		}
		if level == Ratio && f < 0 {
			return nil, ownwords.Errorf(ownwords.EINVALID, "the ratio level needs numbers of at least 0: value %q (%s) is negative", v, t.where(r, c))
		}
		x[c] = f
		lo, hi = min(lo, f), max(hi, f)
	}
	if level == Ratio {
		lo = 0
	}
	if hi > lo {
		// Divide before subtracting: hi − lo can overflow (1e308 − -1e308).
		s := max(math.Abs(lo), math.Abs(hi))
		lo, hi = lo/s, hi/s
		for c := range x {
			x[c] = (x[c]/s - lo) / (hi - lo)
		}
	}
	return x, nil
}

// setRanks ranks the codes for the ordinal level: by their place in
// r.Categories when set, else by numeric value, equal numbers sharing a rank.
func (m *agrMetric) setRanks(t *agrTable, r *Ratings) error {
	m.rank = make([]int32, len(t.vals))
	if r.Categories != nil {
		for c, v := range t.vals {
			m.rank[c] = int32(slices.Index(r.Categories, v))
		}
		m.ranks = len(r.Categories)
		return nil
	}
	x := make([]float64, len(t.vals))
	for c, v := range t.vals {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return ownwords.Errorf(ownwords.EINVALID, "the ordinal level needs numbers or an order of categories: value %q (%s) is not a number", v, t.where(r, c))
		}
		x[c] = f
	}
	distinct := slices.Clone(x)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	for c, f := range x {
		i, _ := slices.BinarySearch(distinct, f)
		m.rank[c] = int32(i)
	}
	m.ranks = len(distinct)
	return nil
}

// alpha returns Krippendorff's alpha for the table whose pattern p occurs
// w[p] times (t.count for the data itself), and false when it is undefined
// because the pairable values do not vary.
func (m *agrMetric) alpha(t *agrTable, w []int64) (float64, bool) {
	clear(m.nc)
	for p, cnt := range w {
		if cnt != 0 {
			for _, c := range t.pattern(p) {
				m.nc[c] += float64(cnt)
			}
		}
	}
	var n float64
	for _, v := range m.nc {
		n += v
	}
	var do, de float64
	var ok bool
	if m.level == Ordinal {
		do, de, ok = m.ordinal(t, w, n)
	} else {
		for p, cnt := range w {
			do += float64(cnt) * m.dp[p]
		}
		de, ok = m.expected(n)
	}
	if !ok || !(de > 0) {
		return 0, false
	}
	a := 1 - (n-1)*do/de
	if math.IsNaN(a) || math.IsInf(a, 0) {
		return 0, false
	}
	return a, true
}

// expected returns Σ_ck n_c n_k δ²_ck for the nominal, interval and ratio
// levels, and false if the values present do not vary.
func (m *agrMetric) expected(n float64) (float64, bool) {
	switch m.level {
	case Nominal:
		var sq float64
		active := 0
		for _, v := range m.nc {
			if v > 0 {
				active++
				sq += v * v
			}
		}
		return n*n - sq, active > 1
	case Interval:
		return agrWeightedSpread(m.nc, m.x, n)
	}
	k := len(m.nc)
	var sum float64
	varies := false
	for c, nc := range m.nc {
		if nc == 0 {
			continue
		}
		for d := c + 1; d < k; d++ {
			if m.nc[d] > 0 && m.delta[c*k+d] > 0 {
				sum += 2 * nc * m.nc[d] * m.delta[c*k+d]
				varies = true
			}
		}
	}
	return sum, varies
}

// agrWeightedSpread returns Σ_c Σ_k w_c w_k (x_c − x_k)² = 2n Σ_c w_c (x_c −
// x̄)² with n = Σ w, and whether two x with positive weight differ.
func agrWeightedSpread(w, x []float64, n float64) (float64, bool) {
	var mean float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for c, v := range w {
		if v > 0 {
			mean += v * x[c]
			lo, hi = min(lo, x[c]), max(hi, x[c])
		}
	}
	mean /= n
	var ss float64
	for c, v := range w {
		if v > 0 {
			ss += v * (x[c] - mean) * (x[c] - mean)
		}
	}
	return 2 * n * ss, hi > lo
}

// ordinal returns the observed and expected sums for the ordinal level.
// Krippendorff's ordinal difference (Σ_{g=c..k} n_g − (n_c + n_k)/2)² equals
// (M_k − M_c)² with M_r = Σ_{g<r} n_g + n_r/2, the mid-point of rank r's
// values in the cumulative count: the ordinal level is the interval level on
// M, which makes both sums linear in the number of values.
func (m *agrMetric) ordinal(t *agrTable, w []int64, n float64) (do, de float64, ok bool) {
	clear(m.nr)
	for c, v := range m.nc {
		m.nr[m.rank[c]] += v
	}
	var cum float64
	for r, v := range m.nr {
		m.mid[r] = cum + v/2
		cum += v
	}
	de, ok = agrWeightedSpread(m.nr, m.mid, n)
	for p, cnt := range w {
		if cnt == 0 {
			continue
		}
		codes := t.pattern(p)
		a := m.tmp[:0]
		for _, c := range codes {
			a = append(a, m.mid[m.rank[c]])
		}
		do += float64(cnt) * agrPairSpread(a) / float64(len(codes)-1)
	}
	return do, de, ok
}
