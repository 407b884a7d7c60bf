package stats_test

import (
	"math/big"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// mustTabFisher runs FisherExact and fails the test on error.
func mustTabFisher(tb testing.TB, table [2][2]int) stats.FisherResult {
	tb.Helper()
	res, err := stats.FisherExact(table)
	if err != nil {
		tb.Fatalf("FisherExact(%v): %v", table, err)
	}
	return res
}

// Examples from R's fisher.test documentation (R matrices are filled by
// column, so matrix(c(3, 1, 1, 3), 2) is [[3, 1], [1, 3]]).
func TestFisherExactRDocumentation(t *testing.T) {
	// Tea tasting (Agresti 1990, p. 61): fisher.test(TeaTasting) gives
	// p-value = 0.4857; alternative = "greater" gives 0.2429. By hand, the
	// hypergeometric probabilities of a = 0..4 are 1, 16, 36, 16, 1 over 70,
	// so the exact values are 34/70 and 17/70.
	t.Run("TeaTasting", func(t *testing.T) {
		res := mustTabFisher(t, [2][2]int{{3, 1}, {1, 3}})
		if !tabClose(res.TwoSided, 0.4857, 0.00005) || !tabClose(res.TwoSided, 34.0/70, 1e-12) {
			t.Errorf("two-sided p = %.12f, want 0.4857 (34/70)", res.TwoSided)
		}
		if !tabClose(res.Greater, 0.2429, 0.00005) || !tabClose(res.Greater, 17.0/70, 1e-12) {
			t.Errorf("greater p = %.12f, want 0.2429 (17/70)", res.Greater)
		}
		if !tabClose(res.Less, 69.0/70, 1e-12) {
			t.Errorf("less p = %.12f, want 69/70", res.Less)
		}
	})
	// Convictions of like-sex twins of criminals (Fisher 1962):
	// fisher.test(Convictions, alternative = "less") gives p-value =
	// 0.0004652. By hand: P(a ≤ 2) = (18 + 12·153 + 66·816) / C(30, 17)
	// = 55710 / 119759850.
	t.Run("Convictions", func(t *testing.T) {
		res := mustTabFisher(t, [2][2]int{{2, 15}, {10, 3}})
		if !tabClose(res.Less, 0.0004652, 0.00000005) || !tabClose(res.Less, 55710.0/119759850, 1e-15) {
			t.Errorf("less p = %.10g, want 0.0004652 (55710/119759850)", res.Less)
		}
	})
}

// tabExactFisher computes Fisher's p-values with exact rational arithmetic,
// an implementation independent of the log-gamma one under test.
func tabExactFisher(table [2][2]int) (twoSided, less, greater *big.Rat) {
	a, b, c, d := table[0][0], table[0][1], table[1][0], table[1][1]
	m, n, k := a+c, b+d, a+b
	choose := func(n, k int) *big.Int { return new(big.Int).Binomial(int64(n), int64(k)) }
	denom := choose(m+n, k)
	prob := func(x int) *big.Rat {
		num := new(big.Int).Mul(choose(m, x), choose(n, k-x))
		return new(big.Rat).SetFrac(num, denom)
	}
	obs := prob(a)
	twoSided, less, greater = new(big.Rat), new(big.Rat), new(big.Rat)
	for x := max(0, k-n); x <= min(k, m); x++ {
		p := prob(x)
		if x <= a {
			less.Add(less, p)
		}
		if x >= a {
			greater.Add(greater, p)
		}
		if p.Cmp(obs) <= 0 {
			twoSided.Add(twoSided, p)
		}
	}
	return twoSided, less, greater
}

func TestFisherExactMatchesExactArithmetic(t *testing.T) {
	const top = 7
	for a := range top {
		for b := range top {
			for c := range top {
				for d := range top {
					table := [2][2]int{{a, b}, {c, d}}
					res := mustTabFisher(t, table)
					two, less, greater := tabExactFisher(table)
					for _, p := range []struct {
						name string
						got  float64
						want *big.Rat
					}{{"two-sided", res.TwoSided, two}, {"less", res.Less, less}, {"greater", res.Greater, greater}} {
						want, _ := p.want.Float64()
						if !tabClose(p.got, want, 1e-12) {
							t.Fatalf("%v %s p = %.15f, exact %.15f", table, p.name, p.got, want)
						}
					}
				}
			}
		}
	}
}

func TestFisherExactLargeTableStaysFinite(t *testing.T) {
	res := mustTabFisher(t, [2][2]int{{4000, 6000}, {5200, 4800}})
	for _, p := range []float64{res.TwoSided, res.Less, res.Greater} {
		if !(p >= 0 && p <= 1) {
			t.Fatalf("p-values %+v not in [0, 1]", res)
		}
	}
	if res.TwoSided > 1e-60 || res.Greater < 0.999999 {
		t.Errorf("p-values %+v, want a vanishing two-sided p and greater ≈ 1", res)
	}
}

func TestFisherExactErrNegativeCount(t *testing.T) {
	_, err := stats.FisherExact([2][2]int{{1, 2}, {-3, 4}})
	if ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Errorf("err = %v, want EINVALID", err)
	}
}
