package disclosure

import (
	"errors"
	"math"
)

// errOverflow reports an intermediate value of the exact simplex beyond
// int64. Count tables never come near it (their constraint coefficients are
// 0 and ±1), but an overflow must fail closed, never round.
var errOverflow = errors.New("disclosure: exact arithmetic overflow")

// rat is an exact rational n/d with d > 0 and gcd(|n|, d) = 1. The simplex
// works on small integers, so int64 fractions are exact and far cheaper
// than math/big; every operation panics with errOverflow instead of
// wrapping, and solve recovers it.
type rat struct {
	n, d int64
}

func ratInt(n int64) rat { return rat{n, 1} }

func (x rat) sign() int {
	switch {
	case x.n < 0:
		return -1
	case x.n > 0:
		return 1
	}
	return 0
}

func (x rat) neg() rat { return rat{checkedNeg(x.n), x.d} }

func (x rat) add(y rat) rat {
	if x.d == 1 && y.d == 1 {
		return rat{checkedAdd(x.n, y.n), 1}
	}
	g := gcd(x.d, y.d)
	n := checkedAdd(checkedMul(x.n, y.d/g), checkedMul(y.n, x.d/g))
	return reduce(n, checkedMul(x.d/g, y.d))
}

func (x rat) sub(y rat) rat { return x.add(y.neg()) }

func (x rat) mul(y rat) rat {
	if x.n == 0 || y.n == 0 {
		return rat{0, 1}
	}
	if x.d == 1 && y.d == 1 {
		return rat{checkedMul(x.n, y.n), 1}
	}
	g1, g2 := gcd(abs64(x.n), y.d), gcd(abs64(y.n), x.d)
	return rat{checkedMul(x.n/g1, y.n/g2), checkedMul(x.d/g2, y.d/g1)}
}

// quo returns x/y; y must not be zero.
func (x rat) quo(y rat) rat {
	inv := rat{y.d, y.n}
	if inv.d < 0 {
		inv = rat{checkedNeg(inv.n), checkedNeg(inv.d)}
	}
	return x.mul(inv)
}

func (x rat) cmp(y rat) int { return x.sub(y).sign() }

// ceil and floor round to the nearest integer inward from below and above.
func (x rat) ceil() int64 { return -rat{-x.n, x.d}.floor() }

func (x rat) floor() int64 {
	q := x.n / x.d
	if x.n%x.d != 0 && x.n < 0 {
		q--
	}
	return q
}

func reduce(n, d int64) rat {
	if n == 0 {
		return rat{0, 1}
	}
	g := gcd(abs64(n), d)
	return rat{n / g, d / g}
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func abs64(a int64) int64 { return max(a, checkedNeg(a)) }

func checkedNeg(a int64) int64 {
	if a == math.MinInt64 {
		panic(errOverflow)
	}
	return -a
}

func checkedAdd(a, b int64) int64 {
	c := a + b
	if (c > a) != (b > 0) {
		panic(errOverflow)
	}
	return c
}

func checkedMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	c := a * b
	if c/b != a || a == math.MinInt64 || b == math.MinInt64 {
		panic(errOverflow)
	}
	return c
}
