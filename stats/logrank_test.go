package stats_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// mustSurvLogRank runs LogRank and fails the test on error.
func mustSurvLogRank(tb testing.TB, groups [][]stats.Subject) stats.LogRankResult {
	tb.Helper()
	res, err := stats.LogRank(groups)
	if err != nil {
		tb.Fatalf("LogRank: %v", err)
	}
	return res
}

// survExactLogRank computes the log-rank statistic in exact rational
// arithmetic, straight from the definition and independently of the code
// under test: at each event time it counts who is at risk by scanning every
// subject, then solves the reduced system by exact Gauss–Jordan elimination.
func survExactLogRank(groups [][]stats.Subject) (chi *big.Rat, expected []*big.Rat) {
	var times []float64
	for _, g := range groups {
		for _, s := range g {
			if s.Event {
				times = append(times, s.Time)
			}
		}
	}
	slices.Sort(times)
	times = slices.Compact(times)
	G := len(groups)
	diff, expected := make([]*big.Rat, G), make([]*big.Rat, G)
	v := make([][]*big.Rat, G)
	for g := range G {
		diff[g], expected[g], v[g] = new(big.Rat), new(big.Rat), make([]*big.Rat, G)
		for h := range G {
			v[g][h] = new(big.Rat)
		}
	}
	for _, t := range times {
		atRisk, deaths := make([]int64, G), make([]int64, G)
		var n, d int64
		for g, subjects := range groups {
			for _, s := range subjects {
				if s.Time >= t {
					atRisk[g]++
					n++
				}
				if s.Time == t && s.Event {
					deaths[g]++
					d++
				}
			}
		}
		for g := range G {
			e := big.NewRat(d*atRisk[g], n)
			expected[g].Add(expected[g], e)
			diff[g].Add(diff[g], new(big.Rat).Sub(big.NewRat(deaths[g], 1), e))
			for h := range G {
				if n < 2 {
					continue
				}
				delta := int64(0)
				if g == h {
					delta = 1
				}
				// d(n−d)/(n−1) · n_g/n · (δ − n_h/n) = d(n−d)·n_g·(δn − n_h) / ((n−1)n²)
				term := big.NewRat(d*(n-d)*atRisk[g]*(delta*n-atRisk[h]), (n-1)*n*n)
				v[g][h].Add(v[g][h], term)
			}
		}
	}
	// Drop the first group and solve V x = diff exactly.
	k := G - 1
	a := make([][]*big.Rat, k)
	for i := range k {
		a[i] = append(slices.Clone(v[i+1][1:]), new(big.Rat).Set(diff[i+1]))
	}
	for col := range k {
		p := col
		for a[p][col].Sign() == 0 {
			p++
		}
		a[col], a[p] = a[p], a[col]
		for r := range k {
			if r == col || a[r][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(a[r][col], a[col][col])
			for c := col; c <= k; c++ {
				a[r][c] = new(big.Rat).Sub(a[r][c], new(big.Rat).Mul(f, a[col][c]))
			}
		}
	}
	chi = new(big.Rat)
	for i := range k {
		x := new(big.Rat).Quo(a[i][k], a[i][i])
		chi.Add(chi, x.Mul(x, diff[i+1]))
	}
	return chi, expected
}

func TestLogRankGehan(t *testing.T) {
	mp, placebo := survGehan()
	res := mustSurvLogRank(t, [][]stats.Subject{mp, placebo})
	// R: survdiff(Surv(time, cens) ~ treat, data = gehan) prints
	// Observed 9 and 21, Expected 19.3 and 10.7, Chisq = 16.8 on 1 degree
	// of freedom, p = 4e-05; to three decimals the statistic is 16.793.
	if res.Groups[0].Observed != 9 || res.Groups[1].Observed != 21 || res.Groups[0].N != 21 {
		t.Errorf("groups = %+v, want observed 9 and 21 of 21 each", res.Groups)
	}
	if !tabClose(res.Groups[0].Expected, 19.3, 0.05) || !tabClose(res.Groups[1].Expected, 10.7, 0.05) {
		t.Errorf("expected = %v, %v; want 19.3, 10.7", res.Groups[0].Expected, res.Groups[1].Expected)
	}
	if !tabClose(res.ChiSquare, 16.793, 0.0005) || res.DF != 1 {
		t.Errorf("chi-square = %.6f on %d df, want 16.793 on 1", res.ChiSquare, res.DF)
	}
	if !tabClose(res.P, 4e-05, 0.5e-05) {
		t.Errorf("p = %g, want 4e-05", res.P)
	}
	// With 1 df the upper tail is erfc(√(x/2)).
	if want := math.Erfc(math.Sqrt(res.ChiSquare / 2)); !tabClose(res.P, want, 1e-12*want) {
		t.Errorf("p = %.12g, want %.12g", res.P, want)
	}
	// Exact rational arithmetic: X² = 16.7929410 (to 7 decimals) and
	// E = 406602257588/21121645545 = 19.2505009 for 6-MP.
	chi, expected := survExactLogRank([][]stats.Subject{mp, placebo})
	exactChi, _ := chi.Float64()
	exactE, _ := expected[0].Float64()
	if !tabClose(res.ChiSquare, exactChi, 1e-9) || !tabClose(exactChi, 16.7929410, 0.5e-7) {
		t.Errorf("chi-square = %.9f, exact %.9f, want 16.7929410", res.ChiSquare, exactChi)
	}
	if !tabClose(res.Groups[0].Expected, exactE, 1e-9) || !tabClose(exactE, 19.2505009, 0.5e-7) {
		t.Errorf("expected = %.9f, exact %.9f, want 19.2505009", res.Groups[0].Expected, exactE)
	}
	// The variance matrix is symmetric and each row sums to 0 (Σ_h V_gh = 0).
	v := res.Variance
	if !tabClose(v[0][1], v[1][0], 1e-12) || !tabClose(v[0][0]+v[0][1], 0, 1e-12) {
		t.Errorf("variance = %v, want symmetric rows summing to 0", v)
	}
}

// survSynthetic draws n subjects with exponential times (rate) rounded to
// whole weeks, censored at random; rounding makes ties common.
func survSynthetic(r *rand.Rand, n int, rate float64) []stats.Subject {
	out := make([]stats.Subject, n)
	for i := range out {
		out[i] = stats.Subject{Time: math.Ceil(r.ExpFloat64() / rate), Event: r.Float64() < 0.7}
	}
	return out
}

func TestLogRankThreeGroupsMatchesExactArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		groups := [][]stats.Subject{
			survSynthetic(r, 5+r.IntN(20), 0.1),
			survSynthetic(r, 5+r.IntN(20), 0.15),
			survSynthetic(r, 5+r.IntN(20), 0.2),
		}
		res, err := stats.LogRank(groups)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		chi, _ := survExactLogRank(groups)
		want, _ := chi.Float64()
		if !tabClose(res.ChiSquare, want, 1e-9*max(1, want)) || res.DF != 2 {
			t.Fatalf("trial %d: chi-square = %.12f on %d df, exact %.12f on 2", trial, res.ChiSquare, res.DF, want)
		}
		// With 2 df the upper tail is exp(−x/2).
		if p := math.Exp(-res.ChiSquare / 2); !tabClose(res.P, p, 1e-12) {
			t.Fatalf("trial %d: p = %v, want %v", trial, res.P, p)
		}
		// The statistic does not depend on the order of the groups.
		swapped := mustSurvLogRank(t, [][]stats.Subject{groups[2], groups[0], groups[1]})
		if !tabClose(swapped.ChiSquare, res.ChiSquare, 1e-9*max(1, want)) {
			t.Fatalf("trial %d: reordered groups give %v, want %v", trial, swapped.ChiSquare, res.ChiSquare)
		}
	}
}

// As in survdiff, a group with no expected events (here: empty) is left out
// of the statistic and of the degrees of freedom.
func TestLogRankEmptyGroupLeftOut(t *testing.T) {
	mp, placebo := survGehan()
	two := mustSurvLogRank(t, [][]stats.Subject{mp, placebo})
	three := mustSurvLogRank(t, [][]stats.Subject{nil, mp, placebo})
	if three.DF != 1 || three.ChiSquare != two.ChiSquare || len(three.Groups) != 3 || three.Groups[0].N != 0 {
		t.Errorf("with an empty group: %+v; want df 1 and X² %v", three, two.ChiSquare)
	}
}

func TestLogRankErrors(t *testing.T) {
	ev := func(t float64) stats.Subject { return stats.Subject{Time: t, Event: true} }
	tests := []struct {
		name   string
		groups [][]stats.Subject
	}{
		{"ErrOneGroup", [][]stats.Subject{{ev(1), ev(2)}}},
		{"ErrNoEvents", [][]stats.Subject{{{Time: 1}}, {{Time: 2}}}},
		{"ErrOneGroupAtRisk", [][]stats.Subject{{ev(1)}, {}}},
		{"ErrInvalidTime", [][]stats.Subject{{ev(1)}, {ev(-2)}}},
		// Both subjects fail together: d = n at the only event time, so the
		// variance is 0.
		{"ErrSingularVariance", [][]stats.Subject{{ev(3)}, {ev(3)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.LogRank(tt.groups)
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
	}
}

// BenchmarkSurvival fits three Kaplan–Meier curves and the log-rank test on
// 20,000 synthetic subjects, the size of a large programme's cohort.
func BenchmarkSurvival(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	groups := [][]stats.Subject{
		survSynthetic(r, 7000, 0.01), survSynthetic(r, 7000, 0.012), survSynthetic(r, 6000, 0.015),
	}
	for b.Loop() {
		for _, g := range groups {
			if _, err := stats.KaplanMeier(g, stats.ConfLog); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := stats.LogRank(groups); err != nil {
			b.Fatal(err)
		}
	}
}
