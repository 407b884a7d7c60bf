package stats

import (
	"math"
	"testing"
)

// The Monte Carlo fallback's hypergeometric draws follow the
// hypergeometric distribution: over 200,000 draws, every value's
// frequency is within 5 standard errors of its probability (computed
// independently, from binomial coefficients), for a few shapes — a small
// population, a large one (20,000, as a big study's table), and one where
// the support is cut by n > total − k.
func TestHypergeometricDraws(t *testing.T) {
	for _, c := range []struct{ total, k, n int }{{50, 20, 15}, {20000, 7000, 300}, {30, 25, 10}} {
		lf := newLogFactorials(c.total)
		g := agrRNG{state: 99}
		const draws = 200000
		freq := map[int]int{}
		for range draws {
			freq[g.hypergeometric(c.total, c.k, c.n, lf)]++
		}
		lo, hi := max(0, c.n-(c.total-c.k)), min(c.n, c.k)
		for x := lo; x <= hi; x++ {
			p := math.Exp(tabLogChoose(c.k, x) + tabLogChoose(c.total-c.k, c.n-x) - tabLogChoose(c.total, c.n))
			se := math.Sqrt(p * (1 - p) / draws)
			if got := float64(freq[x]) / draws; math.Abs(got-p) > 5*se+1e-9 {
				t.Errorf("H(%d, %d, %d): P(%d) = %.5f, drawn %.5f", c.total, c.k, c.n, x, p, got)
			}
		}
		for x := range freq {
			if x < lo || x > hi {
				t.Errorf("H(%d, %d, %d): drew %d outside [%d, %d]", c.total, c.k, c.n, x, lo, hi)
			}
		}
	}
}
