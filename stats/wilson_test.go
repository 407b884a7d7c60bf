package stats_test

import (
	"fmt"
	"math"
	"testing"

	"ownwords/stats"
)

// Newcombe RG (1998). Two-sided confidence intervals for the single
// proportion: comparison of seven methods. Statistics in Medicine
// 17:857–872, Table I, method 3 (Wilson score interval without continuity
// correction), 95% intervals printed to four decimals.
func TestWilson(t *testing.T) {
	tests := []struct {
		name   string
		k, n   int
		lo, hi float64
	}{
		{"Newcombe81of263", 81, 263, 0.2553, 0.3662},
		{"Newcombe15of148", 15, 148, 0.0624, 0.1605},
		{"Newcombe0of20", 0, 20, 0.0000, 0.1611},
		{"Newcombe1of29", 1, 29, 0.0061, 0.1718},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := stats.Wilson(tt.k, tt.n, stats.WilsonZ95)
			if math.Abs(lo-tt.lo) > 0.5e-4 || math.Abs(hi-tt.hi) > 0.5e-4 {
				t.Errorf("Wilson(%d, %d) = (%.6f, %.6f), want (%.4f, %.4f)", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

func TestWilsonEdges(t *testing.T) {
	tests := []struct {
		name   string
		k, n   int
		lo, hi float64
	}{
		{"EmptySampleIsWholeRange", 0, 0, 0, 1},
		{"NoSuccessesLowerIsExactlyZero", 0, 7, 0, -1},
		{"AllSuccessesUpperIsExactlyOne", 7, 7, -1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := stats.Wilson(tt.k, tt.n, stats.WilsonZ95)
			if tt.lo >= 0 && lo != tt.lo {
				t.Errorf("lo = %v, want %v", lo, tt.lo)
			}
			if tt.hi >= 0 && hi != tt.hi {
				t.Errorf("hi = %v, want %v", hi, tt.hi)
			}
		})
	}
}

// The Wilson bounds are, by definition, the two roots p of
// (k/n − p)² = z²·p(1−p)/n; checking that equation is independent of the
// closed form the code uses.
func TestWilsonBoundsSolveScoreEquation(t *testing.T) {
	z := stats.WilsonZ95
	for n := 1; n <= 60; n++ {
		for k := 0; k <= n; k++ {
			lo, hi := stats.Wilson(k, n, z)
			phat := float64(k) / float64(n)
			if !(0 <= lo && lo <= phat && phat <= hi && hi <= 1) {
				t.Fatalf("Wilson(%d, %d) = (%v, %v) does not bracket %v within [0, 1]", k, n, lo, hi, phat)
			}
			for _, p := range []float64{lo, hi} {
				lhs := (phat - p) * (phat - p)
				rhs := z * z * p * (1 - p) / float64(n)
				if math.Abs(lhs-rhs) > 1e-12 {
					t.Fatalf("Wilson(%d, %d): bound %v gives %v != %v", k, n, p, lhs, rhs)
				}
			}
		}
	}
}

func TestWilsonPanicsOnInvalidInput(t *testing.T) {
	tests := []struct {
		name string
		k, n int
		z    float64
	}{
		{"NegativeN", 0, -1, 1.96},
		{"NegativeK", -1, 3, 1.96},
		{"KAboveN", 4, 3, 1.96},
		{"NegativeZ", 1, 3, -1},
		{"NaNZ", 1, 3, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Wilson(%d, %d, %v) did not panic", tt.k, tt.n, tt.z)
				}
			}()
			stats.Wilson(tt.k, tt.n, tt.z)
		})
	}
}

func ExampleWilson() {
	lo, hi := stats.Wilson(81, 263, stats.WilsonZ95)
	fmt.Printf("%.4f–%.4f\n", lo, hi)
	// Output: 0.2553–0.3662
}
