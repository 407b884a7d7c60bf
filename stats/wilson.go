package stats

import (
	"fmt"
	"math"
)

// WilsonZ95 is the standard normal quantile for a two-sided 95% interval,
// qnorm(0.975) in R.
const WilsonZ95 = 1.959963984540054

// Wilson returns the Wilson score interval for k successes out of n trials at
// the normal quantile z (WilsonZ95 for 95%), without continuity correction
// (method 3 of Newcombe 1998, "Two-sided confidence intervals for the single
// proportion", Statistics in Medicine 17:857–872).
//
// For n = 0 it returns (0, 1): with no observations every proportion is
// possible, and this is also the limit of the Wilson formula as n → 0.
// The bounds are exactly 0 when k = 0 and exactly 1 when k = n.
//
// Wilson panics if n < 0, k < 0, k > n, or z is negative or not finite: those
// are programming errors, not data a user can fix.
func Wilson(k, n int, z float64) (lo, hi float64) {
	if n < 0 || k < 0 || k > n || !(z >= 0) || math.IsInf(z, 0) {
		panic(fmt.Sprintf("stats: Wilson(%d, %d, %v): need 0 <= k <= n and finite z >= 0", k, n, z))
	}
	if n == 0 {
		return 0, 1
	}
	nf, kf, z2 := float64(n), float64(k), z*z
	center := (kf + z2/2) / (nf + z2)
	half := z / (nf + z2) * math.Sqrt(kf*(nf-kf)/nf+z2/4)
	lo, hi = center-half, center+half
	// The formula gives exact 0 and 1 at the extremes only up to rounding.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return max(lo, 0), min(hi, 1)
}
