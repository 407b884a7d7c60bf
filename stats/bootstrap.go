package stats

import (
	"math"
	"slices"

	"ownwords"
)

// AlphaBootstrapSamples is the number of bootstrap resamples Agree draws
// for the confidence interval of alpha.
const AlphaBootstrapSamples = 1000

// AlphaConfidence is the confidence level of Agree's interval for alpha.
const AlphaConfidence = 0.95

// AlphaCI is a bootstrap confidence interval for Krippendorff's alpha.
type AlphaCI struct {
	// Level is the confidence level, e.g. 0.95.
	Level float64 `json:"level"`
	// Lower and Upper bound the interval.
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// Samples counts the resamples whose alpha was defined and went into
	// the interval (a resample whose values happen not to vary is left out).
	Samples int `json:"samples"`
	// Seed is the seed the resamples were drawn with.
	Seed uint64 `json:"seed"`
}

// BootstrapAlpha returns a percentile bootstrap confidence interval for
// Krippendorff's alpha at the given level of measurement, at confidence
// AlphaConfidence, from the given number of resamples.
//
// Method: the pairable units (units with values from at least two coders;
// the others do not enter alpha) are the sampling units. Each resample
// draws as many units as there are, with replacement, and recomputes alpha
// in full, its difference function included (the ordinal one depends on the
// resample's marginals). The interval's bounds are the 2.5 % and 97.5 %
// quantiles of the resampled alphas, interpolated linearly between order
// statistics (Hyndman and Fan's type 7, R's default). This is the plain
// nonparametric bootstrap of Efron (1979) over units, not the algorithm of
// Hayes and Krippendorff (2007), which resamples pairs of values.
//
// Drawing n units with replacement from units that fall into P distinct
// patterns (multisets of values) is the same as drawing the patterns'
// counts from a multinomial distribution; it is done so, by conditional
// binomials, which costs O(P log n) rather than O(n) per resample. The
// random numbers come from SplitMix64 seeded with seed, implemented here
// rather than taken from math/rand, so an interval is reproducible from its
// seed, and it does not depend on the order of units or coders. Errors are
// those of KrippendorffAlpha, and EINVALID if samples < 1 or no resample
// gives a defined alpha.
func BootstrapAlpha(r *Ratings, level Level, samples int, seed uint64) (*AlphaCI, error) {
	t, met, err := agrPrepare(r, level)
	if err != nil {
		return nil, err
	}
	if _, err := agrAlphaOrError(t, met); err != nil {
		return nil, err
	}
	return agrBootstrap(t, met, samples, seed)
}

// agrBootstrap computes the interval for an encoded table.
func agrBootstrap(t *agrTable, met *agrMetric, samples int, seed uint64) (*AlphaCI, error) {
	if samples < 1 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "bootstrap: need at least one resample, got %d", samples)
	}
	g := agrRNG{state: seed}
	w := make([]int64, len(t.count))
	alphas := make([]float64, 0, samples)
	for range samples {
		g.multinomial(t.pairable, t.count, w)
		if a, ok := met.alpha(t, w); ok {
			alphas = append(alphas, a)
		}
	}
	if len(alphas) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "bootstrap: no resample had variation, so alpha's interval is undefined")
	}
	slices.Sort(alphas)
	tail := (1 - AlphaConfidence) / 2
	return &AlphaCI{
		Level:   AlphaConfidence,
		Lower:   agrQuantile(alphas, tail),
		Upper:   agrQuantile(alphas, 1-tail),
		Samples: len(alphas),
		Seed:    seed,
	}, nil
}

// agrQuantile returns the q-quantile of sorted x, interpolating linearly
// between order statistics (Hyndman and Fan 1996, type 7).
func agrQuantile(x []float64, q float64) float64 {
	h := float64(len(x)-1) * q
	lo := int(math.Floor(h))
	if lo+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

// agrRNG is SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and fixed
// here so that a seed gives the same interval in every Go version.
type agrRNG struct{ state uint64 }

// next returns the next 64 random bits.
func (g *agrRNG) next() uint64 {
	g.state += 0x9e3779b97f4a7c15
	z := g.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float64 returns a uniform number in [0, 1).
func (g *agrRNG) float64() float64 { return float64(g.next()>>11) * 0x1p-53 }

// multinomial draws, into w, how many of n draws with replacement fall on
// each item when item p is drawn with probability count[p]/Σ count: item
// by item, each count binomial given those before it.
func (g *agrRNG) multinomial(n int64, count, w []int64) {
	var rest int64
	for _, c := range count {
		rest += c
	}
	for p, c := range count {
		if p == len(count)-1 {
			w[p] = n
			break
		}
		x := g.binomial(n, float64(c)/float64(rest))
		w[p] = x
		n -= x
		rest -= c
	}
}

// binomial returns a Binomial(n, p) variate. Large cases are split by the
// order-statistics method (Knuth, The Art of Computer Programming, vol. 2,
// section 3.4.1): the i-th smallest of n uniforms, v, is Beta(i, n+1−i);
// if p falls below it, the count is Binomial(i−1, p/v), otherwise it is i
// plus Binomial(n−i, (p−v)/(1−v)). Any i gives an exact draw; taking i
// next to the mean n·p, rather than Knuth's n/2, leaves a remainder whose
// spread is only about √(np), so two or three splits suffice. Small cases,
// with n ≤ 64 or fewer than 16 expected successes or failures, are drawn
// by inversion.
func (g *agrRNG) binomial(n int64, p float64) int64 {
	var x int64
	for n > 0 {
		if p <= 0 {
			return x
		}
		if p >= 1 {
			return x + n
		}
		if n <= 64 || float64(n)*min(p, 1-p) < 16 {
			return x + g.binomialInversion(n, p)
		}
		i := min(int64(float64(n)*p)+1, n)
		v := g.beta(float64(i), float64(n+1-i))
		if p < v {
			n, p = i-1, p/v
		} else {
			x += i
			n, p = n-i, (p-v)/(1-v)
		}
	}
	return x
}

// binomialInversion draws Binomial(n, p) by sequential search of the
// distribution function (Kachitvichyanukul and Schmeiser 1988, BINV), for
// small means; p > 1/2 is drawn as n minus the failures.
func (g *agrRNG) binomialInversion(n int64, p float64) int64 {
	if p > 0.5 {
		return n - g.binomialInversion(n, 1-p)
	}
	q := 1 - p
	s := p / q
	a := float64(n+1) * s
	f := math.Pow(q, float64(n))
	u := g.float64()
	var x int64
	for u > f && x < n {
		u -= f
		x++
		f *= a/float64(x) - s
	}
	return x
}

// beta returns a Beta(a, b) variate for a, b ≥ 1, as X/(X+Y) of two gamma
// variates.
func (g *agrRNG) beta(a, b float64) float64 {
	x := g.gamma(a)
	return x / (x + g.gamma(b))
}

// gamma returns a Gamma(a, 1) variate for a ≥ 1 (Marsaglia and Tsang 2000).
func (g *agrRNG) gamma(a float64) float64 {
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		var x, v float64
		for v <= 0 {
			x = g.normal()
			v = 1 + c*x
		}
		v = v * v * v
		u := g.float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// normal returns a standard normal variate (Marsaglia's polar method).
func (g *agrRNG) normal() float64 {
	for {
		u := 2*g.float64() - 1
		v := 2*g.float64() - 1
		s := u*u + v*v
		if s > 0 && s < 1 {
			return u * math.Sqrt(-2*math.Log(s)/s)
		}
	}
}
