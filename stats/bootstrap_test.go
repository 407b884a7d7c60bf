package stats

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// agrBinomialPMF returns the Binomial(n, p) probabilities of 0..n.
func agrBinomialPMF(n int, p float64) []float64 {
	pmf := make([]float64, n+1)
	for k := range pmf {
		lg, _ := math.Lgamma(float64(n + 1))
		lk, _ := math.Lgamma(float64(k + 1))
		lnk, _ := math.Lgamma(float64(n - k + 1))
		pmf[k] = math.Exp(lg - lk - lnk + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
	}
	return pmf
}

// The binomial sampler is checked against the exact distribution by a
// chi-square goodness-of-fit statistic, in each of its regimes: inversion
// (small n, small mean, p > 1/2) and order-statistics splitting. With 20000
// draws and cells pooled to expected counts of at least 20, a correct
// sampler stays below df + 6√(2 df) with overwhelming probability; the
// seed is fixed, so the test is deterministic.
func TestBinomialMatchesExactDistribution(t *testing.T) {
	tests := []struct {
		name string
		n    int
		p    float64
	}{
		{"InversionSmallN", 20, 0.3},
		{"InversionFlipped", 40, 0.85},
		{"InversionLargeNSmallMean", 100000, 0.00005},
		{"SplitSymmetric", 400, 0.5},
		{"SplitSkewed", 3000, 0.07},
	}
	const draws = 20000
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := agrRNG{state: 42}
			counts := make([]float64, tt.n+1)
			for range draws {
				x := g.binomial(int64(tt.n), tt.p)
				if x < 0 || x > int64(tt.n) {
					t.Fatalf("draw %d outside 0..%d", x, tt.n)
				}
				counts[x]++
			}
			pmf := agrBinomialPMF(tt.n, tt.p)
			var chi2, obs, exp float64
			df := -1
			for k := range pmf {
				obs += counts[k]
				exp += pmf[k] * draws
				if exp >= 20 {
					chi2 += (obs - exp) * (obs - exp) / exp
					obs, exp = 0, 0
					df++
				}
			}
			if exp > 0 {
				chi2 += (obs - exp) * (obs - exp) / max(exp, 1e-9)
			}
			if limit := float64(df) + 6*math.Sqrt(2*float64(df)); df < 1 || chi2 > limit {
				t.Errorf("chi-square %.1f on %d df, limit %.1f", chi2, df, limit)
			}
		})
	}
}

// For n in the millions only the moments are checked: mean n·p and
// variance n·p·(1−p), each within 5 standard errors.
func TestBinomialMomentsForLargeN(t *testing.T) {
	g := agrRNG{state: 7}
	const n, p, draws = 3_000_000, 0.37, 20000
	var sum, sq float64
	for range draws {
		x := float64(g.binomial(n, p))
		sum += x
		sq += x * x
	}
	mean := sum / draws
	variance := sq/draws - mean*mean
	wantVar := n * p * (1 - p)
	if se := math.Sqrt(wantVar / draws); math.Abs(mean-n*p) > 5*se {
		t.Errorf("mean %.1f, want %.1f ± %.1f", mean, n*p, 5*se)
	}
	if se := wantVar * math.Sqrt(2.0/draws); math.Abs(variance-wantVar) > 5*se {
		t.Errorf("variance %.0f, want %.0f ± %.0f", variance, wantVar, 5*se)
	}
}

func TestMultinomialKeepsTotalAndMeans(t *testing.T) {
	g := agrRNG{state: 99}
	count := []int64{5000, 1, 20, 300000, 7, 0, 123456}
	var total int64
	for _, c := range count {
		total += c
	}
	w := make([]int64, len(count))
	sums := make([]float64, len(count))
	const draws = 2000
	for range draws {
		g.multinomial(total, count, w)
		var s int64
		for p, x := range w {
			if x < 0 {
				t.Fatalf("negative count %v", w)
			}
			s += x
			sums[p] += float64(x)
		}
		if s != total {
			t.Fatalf("counts %v sum to %d, want %d", w, s, total)
		}
		if w[5] != 0 {
			t.Fatalf("item with no weight drawn %d times", w[5])
		}
	}
	for p, c := range count {
		mean := sums[p] / draws
		prob := float64(c) / float64(total)
		se := math.Sqrt(float64(total)*prob*(1-prob)/draws) + 1e-9
		if math.Abs(mean-float64(c)) > 5*se {
			t.Errorf("item %d: mean count %.2f, want %d ± %.2f", p, mean, c, 5*se)
		}
	}
}

func TestQuantileInterpolatesLikeRType7(t *testing.T) {
	// R: quantile(c(1, 2, 4, 8, 16), c(0.025, 0.5, 0.975)) = 1.1, 4, 15.2
	x := []float64{1, 2, 4, 8, 16}
	for q, want := range map[float64]float64{0.025: 1.1, 0.5: 4, 0.975: 15.2, 1: 16, 0: 1} {
		if got := agrQuantile(x, q); math.Abs(got-want) > 1e-12 {
			t.Errorf("quantile %v = %v, want %v", q, got, want)
		}
	}
}

// agrBootTable returns a random three-coder table with missing values.
func agrBootTable(rng *rand.Rand, units int) *Ratings {
	r := &Ratings{Coders: []string{"A", "B", "C"}}
	for range units {
		truth := rng.IntN(4)
		row := make([]string, 3)
		for c := range row {
			v := truth
			if rng.Float64() < 0.3 {
				v = rng.IntN(4)
			}
			if rng.Float64() > 0.15 {
				row[c] = strconv.Itoa(v)
			}
		}
		r.Values = append(r.Values, row)
	}
	return r
}

// Drawing pattern counts from a multinomial must give the same
// distribution of alpha as drawing units with replacement one by one. Both
// are run 3000 times on one table; their means and standard deviations
// must agree within Monte Carlo error (5 standard errors).
func TestBootstrapMatchesResamplingUnitsDirectly(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	r := agrBootTable(rng, 60)
	for _, level := range []Level{Nominal, Ordinal} {
		tab, met, err := agrPrepare(r, level)
		if err != nil {
			t.Fatal(err)
		}
		var units []int // the pattern of each pairable unit
		for p, c := range tab.count {
			for range c {
				units = append(units, p)
			}
		}
		const samples = 3000
		g := agrRNG{state: 5}
		w := make([]int64, len(tab.count))
		var viaCounts, direct []float64
		for range samples {
			g.multinomial(tab.pairable, tab.count, w)
			if a, ok := met.alpha(tab, w); ok {
				viaCounts = append(viaCounts, a)
			}
			clear(w)
			for range units {
				w[units[rng.IntN(len(units))]]++
			}
			if a, ok := met.alpha(tab, w); ok {
				direct = append(direct, a)
			}
		}
		m1, s1 := agrMeanSD(viaCounts)
		m2, s2 := agrMeanSD(direct)
		seMean := math.Sqrt(s1*s1/float64(len(viaCounts)) + s2*s2/float64(len(direct)))
		if math.Abs(m1-m2) > 5*seMean {
			t.Errorf("%s: mean alpha %.4f via counts, %.4f direct (se %.4f)", level, m1, m2, seMean)
		}
		if seSD := s1 / math.Sqrt(float64(len(viaCounts))); math.Abs(s1-s2) > 5*seSD {
			t.Errorf("%s: sd %.4f via counts, %.4f direct", level, s1, s2)
		}
	}
}

// agrMeanSD returns the mean and standard deviation of x.
func agrMeanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

func TestBootstrapAlphaIsDeterministicAndBracketsAlpha(t *testing.T) {
	r := agrBootTable(rand.New(rand.NewPCG(11, 12)), 200)
	alpha, err := KrippendorffAlpha(r, Nominal)
	if err != nil {
		t.Fatal(err)
	}
	ci1, err := BootstrapAlpha(r, Nominal, 500, 2024)
	if err != nil {
		t.Fatal(err)
	}
	ci2, _ := BootstrapAlpha(r, Nominal, 500, 2024)
	ci3, _ := BootstrapAlpha(r, Nominal, 500, 2025)
	if *ci1 != *ci2 {
		t.Errorf("same seed: %+v and %+v", ci1, ci2)
	}
	if *ci1 == *ci3 {
		t.Errorf("different seeds gave the same interval %+v", ci1)
	}
	if !(ci1.Lower < alpha && alpha < ci1.Upper) || ci1.Samples != 500 || ci1.Level != 0.95 || ci1.Seed != 2024 {
		t.Errorf("interval %+v for alpha %.4f", ci1, alpha)
	}
	if _, err := BootstrapAlpha(r, Nominal, 0, 1); err == nil {
		t.Error("zero samples: no error")
	}
}

// A resample whose values do not vary has no alpha and is left out of the
// interval: two units, one agreeing on "a" and one on "b", give an
// undefined alpha whenever the same unit is drawn twice.
func TestBootstrapAlphaSkipsResamplesWithoutVariation(t *testing.T) {
	r := &Ratings{Coders: []string{"A", "B"}, Values: [][]string{{"a", "a"}, {"b", "b"}}}
	ci, err := BootstrapAlpha(r, Nominal, 1000, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Alpha is 1 when both units are drawn, so the interval is [1, 1];
	// about half the resamples are left out.
	if ci.Lower != 1 || ci.Upper != 1 || ci.Samples < 400 || ci.Samples > 600 {
		t.Errorf("interval %+v, want [1, 1] from about 500 resamples", ci)
	}
}
