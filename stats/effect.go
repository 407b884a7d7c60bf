package stats

import (
	"encoding/json"
	"math"
	"slices"

	"ownwords"
)

// EffectConfidence is the confidence level of every effect-size interval.
const EffectConfidence = 0.95

// EffectSize is an estimate with a confidence interval and the name of the
// method that gave them. The estimate and upper bound may be +Inf (an odds
// ratio): JSON has no infinity, so they are null there (Upper is nil).
type EffectSize struct {
	Estimate float64  `json:"estimate"`
	Lower    float64  `json:"lower"`
	Upper    *float64 `json:"upper"` // nil: +∞
	Level    float64  `json:"level"`
	Method   string   `json:"method"`
}

// MarshalJSON writes an infinite estimate (an odds ratio at the edge of
// its support) as null, which JSON can carry.
func (e EffectSize) MarshalJSON() ([]byte, error) {
	type plain EffectSize
	out := struct {
		plain
		Estimate *float64 `json:"estimate"`
	}{plain: plain(e)}
	if !math.IsInf(e.Estimate, 0) && !math.IsNaN(e.Estimate) {
		out.Estimate = &e.Estimate
	}
	return json.Marshal(out)
}

// newEffect builds an EffectSize, an infinite upper bound left nil.
func newEffect(est, lo, hi float64, method string) *EffectSize {
	iv := &EffectSize{Estimate: est, Lower: lo, Level: EffectConfidence, Method: method}
	if !math.IsInf(hi, 1) {
		iv.Upper = &hi
	}
	return iv
}

// Method names of the intervals.
const (
	MethodOddsRatio     = "conditional maximum likelihood, exact conditional interval (R fisher.test)"
	MethodRiskDiff      = "Newcombe hybrid score (Wilson), method 10 of Newcombe 1998"
	MethodRiskRatio     = "Katz log"
	MethodCramerBoot    = "percentile bootstrap"
	CramerBootSamples   = 1000
	CramerBootSeed      = 20260619
	effectOddsRatioIter = 200
)

// OddsRatio returns the conditional maximum-likelihood estimate of the odds
// ratio of the 2×2 table [[a, b], [c, d]] and its exact conditional 95%
// interval, as R's fisher.test computes them (Fisher 1935; Agresti 2002,
// Categorical Data Analysis, §3.5.7): given the margins, a follows
// Fisher's noncentral hypergeometric distribution with parameter ψ; the
// estimate solves E_ψ[a] = a, and the interval's bounds solve
// P_ψ(X ≥ a) = 0.025 and P_ψ(X ≤ a) = 0.025. The estimate is 0 when a is
// the least value its margins allow and +Inf (Upper nil) when it is the
// greatest; so is the matching bound. R finds the roots with uniroot's
// default tolerance (about 1e-4 in ψ); here they are found by bisection in
// log ψ to full precision. EINVALID for a negative count.
func OddsRatio(table [2][2]int) (*EffectSize, error) {
	a, b, c, d := table[0][0], table[0][1], table[1][0], table[1][1]
	if a < 0 || b < 0 || c < 0 || d < 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID,
			"the odds ratio needs non-negative counts; got [[%d, %d], [%d, %d]]", a, b, c, d)
	}
	h := newNoncentralHyper(a+c, b+d, a+b)
	x := a
	alpha := (1 - EffectConfidence) / 2
	var est float64
	switch {
	case x == h.lo:
		est = 0
	case x == h.hi:
		est = math.Inf(1)
	default:
		est = math.Exp(effectSolve(func(t float64) float64 { return h.mean(t) - float64(x) }))
	}
	lower := 0.0
	if x != h.lo {
		// P_ψ(X ≥ x) rises with ψ
		lower = math.Exp(effectSolve(func(t float64) float64 { return h.upperTail(x, t) - alpha }))
	}
	upper := math.Inf(1)
	if x != h.hi {
		// P_ψ(X ≤ x) falls with ψ
		upper = math.Exp(effectSolve(func(t float64) float64 { return alpha - h.lowerTail(x, t) }))
	}
	return newEffect(est, lower, upper, MethodOddsRatio), nil
}

// effectSolve finds the root in t = log ψ of an increasing function f by
// bisection, after widening the bracket until it holds the root.
func effectSolve(f func(float64) float64) float64 {
	lo, hi := -1.0, 1.0
	for f(lo) > 0 && lo > -1e3 {
		lo *= 2
	}
	for f(hi) < 0 && hi < 1e3 {
		hi *= 2
	}
	for range effectOddsRatioIter {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if f(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// noncentralHyper is Fisher's noncentral hypergeometric distribution of
// the first cell of a 2×2 table with first column total m, second n and
// first row total k.
type noncentralHyper struct {
	lo, hi int
	logdc  []float64 // log of the central probabilities over lo..hi
}

func newNoncentralHyper(m, n, k int) *noncentralHyper {
	h := &noncentralHyper{lo: max(0, k-n), hi: min(k, m)}
	for x := h.lo; x <= h.hi; x++ {
		h.logdc = append(h.logdc, tabLogChoose(m, x)+tabLogChoose(n, k-x))
	}
	return h
}

// density returns the probabilities over lo..hi at log ψ = t.
func (h *noncentralHyper) density(t float64) []float64 {
	d := make([]float64, len(h.logdc))
	top := math.Inf(-1)
	for i, l := range h.logdc {
		d[i] = l + t*float64(h.lo+i)
		top = max(top, d[i])
	}
	sum := 0.0
	for i := range d {
		d[i] = math.Exp(d[i] - top)
		sum += d[i]
	}
	for i := range d {
		d[i] /= sum
	}
	return d
}

func (h *noncentralHyper) mean(t float64) float64 {
	s := 0.0
	for i, p := range h.density(t) {
		s += float64(h.lo+i) * p
	}
	return s
}

func (h *noncentralHyper) lowerTail(x int, t float64) float64 {
	s := 0.0
	for i, p := range h.density(t) {
		if h.lo+i <= x {
			s += p
		}
	}
	return s
}

func (h *noncentralHyper) upperTail(x int, t float64) float64 {
	s := 0.0
	for i, p := range h.density(t) {
		if h.lo+i >= x {
			s += p
		}
	}
	return s
}

// RiskDifference returns p1 − p2 for the proportions p1 = a/(a+b) and
// p2 = c/(c+d) of the 2×2 table [[a, b], [c, d]] (the first column's share
// of each row), with Newcombe's hybrid score interval, which combines the
// two rows' Wilson intervals (Newcombe 1998, "EffectSize estimation for the
// difference between independent proportions: comparison of eleven
// methods", Statistics in Medicine 17:873–890, method 10). Nil when a row
// is empty.
func RiskDifference(table [2][2]int) *EffectSize {
	a, b, c, d := table[0][0], table[0][1], table[1][0], table[1][1]
	n1, n2 := a+b, c+d
	if n1 == 0 || n2 == 0 {
		return nil
	}
	p1, p2 := float64(a)/float64(n1), float64(c)/float64(n2)
	l1, u1 := Wilson(a, n1, WilsonZ95)
	l2, u2 := Wilson(c, n2, WilsonZ95)
	rd := p1 - p2
	lo := rd - math.Sqrt((p1-l1)*(p1-l1)+(u2-p2)*(u2-p2))
	hi := rd + math.Sqrt((u1-p1)*(u1-p1)+(p2-l2)*(p2-l2))
	return newEffect(rd, max(lo, -1), min(hi, 1), MethodRiskDiff)
}

// RiskRatio returns p1/p2 (as RiskDifference) with the Katz log interval,
// exp(log RR ± z·√(1/a − 1/(a+b) + 1/c − 1/(c+d))) (Katz, Baptista, Azen
// and Pike 1978, "Obtaining confidence intervals for the risk ratio in
// cohort studies", Biometrics 34:469–474). Nil when a row is empty or
// a or c is 0, where the log interval is undefined.
func RiskRatio(table [2][2]int) *EffectSize {
	a, b, c, d := table[0][0], table[0][1], table[1][0], table[1][1]
	n1, n2 := a+b, c+d
	if n1 == 0 || n2 == 0 || a == 0 || c == 0 {
		return nil
	}
	rr := (float64(a) / float64(n1)) / (float64(c) / float64(n2))
	se := math.Sqrt(1/float64(a) - 1/float64(n1) + 1/float64(c) - 1/float64(n2))
	return newEffect(rr, math.Exp(math.Log(rr)-WilsonZ95*se), math.Exp(math.Log(rr)+WilsonZ95*se), MethodRiskRatio)
}

// CramersVInterval returns Cramér's V of an r×c table with a percentile
// bootstrap 95% interval: each of samples resamples draws N participants
// with replacement from the table's cells (a multinomial draw with the
// observed shares), and recomputes V; resamples where V is undefined (one
// non-empty row or column) are left out. The random numbers come from the
// SplitMix64 generator of BootstrapAlpha, seeded with seed, so the
// interval is reproducible. Errors are those of ChiSquareTest, and
// EINVALID if no resample gives a defined V.
func CramersVInterval(table [][]int, samples int, seed uint64) (*EffectSize, error) {
	v, err := CramersV(table)
	if err != nil {
		return nil, err
	}
	if samples < 1 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "bootstrap: need at least one resample, got %d", samples)
	}
	r, c := len(table), len(table[0])
	flat := make([]int64, 0, r*c)
	var n int64
	for _, row := range table {
		for _, x := range row {
			flat = append(flat, int64(x))
			n += int64(x)
		}
	}
	g := agrRNG{state: seed}
	w := make([]int64, len(flat))
	boot := make([][]int, r)
	for i := range boot {
		boot[i] = make([]int, c)
	}
	vs := make([]float64, 0, samples)
	for range samples {
		g.multinomial(n, flat, w)
		for i := range boot {
			for j := range boot[i] {
				boot[i][j] = int(w[i*c+j])
			}
		}
		if bv, err := CramersV(boot); err == nil {
			vs = append(vs, bv)
		}
	}
	if len(vs) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "bootstrap: no resample had two non-empty rows and columns, so V's interval is undefined")
	}
	slices.Sort(vs)
	tail := (1 - EffectConfidence) / 2
	return newEffect(v, agrQuantile(vs, tail), agrQuantile(vs, 1-tail), MethodCramerBoot), nil
}
