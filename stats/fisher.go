package stats

import (
	"math"

	"ownwords"
)

// FisherResult holds the p-values of Fisher's exact test on a 2×2 table
// [[a, b], [c, d]], conditional on its margins.
type FisherResult struct {
	// TwoSided sums the probabilities of every table with the same margins
	// that is no more likely than the observed one (R's fisher.test rule).
	TwoSided float64 `json:"two_sided"`
	// Less is P(X ≤ a): evidence that the odds ratio is below 1.
	Less float64 `json:"less"`
	// Greater is P(X ≥ a): evidence that the odds ratio is above 1.
	Greater float64 `json:"greater"`
}

// tabFisherRelErr is R's fisher.test tolerance: tables whose probability is
// within a relative 1e-7 of the observed one count as "as extreme", so that
// rounding does not drop a table that ties with the observed one.
const tabFisherRelErr = 1 + 1e-7

// FisherExact runs Fisher's exact test on the 2×2 table [[a, b], [c, d]]
// given as table[row][col]. With all margins fixed, the count a follows a
// hypergeometric distribution; probabilities are computed from
// log-factorials (math.Lgamma) so that large tables neither overflow nor
// lose precision. A table with an empty row or column has a single possible
// arrangement and every p-value is 1. It returns an ownwords.EINVALID error
// for a negative count.
func FisherExact(table [2][2]int) (FisherResult, error) {
	a, b, c, d := table[0][0], table[0][1], table[1][0], table[1][1]
	if a < 0 || b < 0 || c < 0 || d < 0 {
		return FisherResult{}, ownwords.Errorf(ownwords.EINVALID,
			"Fisher's exact test needs non-negative counts; got [[%d, %d], [%d, %d]]", a, b, c, d)
	}
	// Same parametrisation as R: m = first column total, n = second column
	// total, k = first row total; a ranges over [lo, hi].
	m, n, k := a+c, b+d, a+b
	lo, hi := max(0, k-n), min(k, m)
	logp := make([]float64, hi-lo+1)
	top := math.Inf(-1)
	for x := lo; x <= hi; x++ {
		logp[x-lo] = tabLogChoose(m, x) + tabLogChoose(n, k-x)
		top = max(top, logp[x-lo])
	}
	// Normalise by the sum rather than by choose(m+n, k): the two agree
	// mathematically, and the sum makes the probabilities add to exactly 1.
	p := make([]float64, len(logp))
	total := 0.0
	for i, lp := range logp {
		p[i] = math.Exp(lp - top)
		total += p[i]
	}
	obs := p[a-lo]
	var res FisherResult
	for i, pi := range p {
		x := lo + i
		if x <= a {
			res.Less += pi
		}
		if x >= a {
			res.Greater += pi
		}
		if pi <= obs*tabFisherRelErr {
			res.TwoSided += pi
		}
	}
	res.Less = min(res.Less/total, 1)
	res.Greater = min(res.Greater/total, 1)
	res.TwoSided = min(res.TwoSided/total, 1)
	return res, nil
}

// tabLogChoose returns log C(n, k) for 0 ≤ k ≤ n.
func tabLogChoose(n, k int) float64 {
	return tabLogFactorial(n) - tabLogFactorial(k) - tabLogFactorial(n-k)
}

// tabLogFactorial returns log n! via log Γ(n+1).
func tabLogFactorial(n int) float64 {
	v, _ := math.Lgamma(float64(n) + 1)
	return v
}
