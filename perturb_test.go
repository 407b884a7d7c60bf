package ownwords

import (
	"crypto/sha256"
	"fmt"
	"math"
	"testing"
)

// TestPerturb checks the perturbation of search counts: the same key gives
// the same count, no count falls below k, and over many keys the
// perturbation has the documented distribution (mean 0, P(0) and P(|e| ≤
// 3) of the two-sided geometric law with parameter e^(−3/k)).
func TestPerturb(t *testing.T) {
	for _, k := range []int{2, 5, 10} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			const n, draws = 1000, 20000
			p := math.Exp(-3 / float64(k))
			var sum, sq float64
			zero, near := 0, 0
			for i := range draws {
				key := sha256.Sum256([]byte(fmt.Sprint("set ", i)))
				v := Perturb(n, k, key[:])
				if Perturb(n, k, key[:]) != v {
					t.Fatal("the same key gave another count")
				}
				if low := Perturb(k, k, key[:]); low < k {
					t.Fatalf("count %d below k %d", low, k)
				}
				e := float64(v - n)
				sum, sq = sum+e, sq+e*e
				if v == n {
					zero++
				}
				if math.Abs(e) <= 3 {
					near++
				}
			}
			mean, variance := sum/draws, sq/draws
			wantVar := 2 * p / ((1 - p) * (1 - p))
			wantZero := (1 - p) / (1 + p)
			wantNear := wantZero + 2*(1-p)/(1+p)*(p+p*p+p*p*p)
			// Tolerances of about 4 standard errors.
			if math.Abs(mean) > 4*math.Sqrt(wantVar/draws) {
				t.Errorf("mean %.3f, want 0", mean)
			}
			if math.Abs(variance-wantVar)/wantVar > 0.1 {
				t.Errorf("variance %.2f, want %.2f", variance, wantVar)
			}
			if got := float64(zero) / draws; math.Abs(got-wantZero) > 4*math.Sqrt(wantZero*(1-wantZero)/draws) {
				t.Errorf("P(0) %.3f, want %.3f", got, wantZero)
			}
			if got := float64(near) / draws; math.Abs(got-wantNear) > 4*math.Sqrt(wantNear*(1-wantNear)/draws) {
				t.Errorf("P(|e| ≤ 3) %.3f, want %.3f", got, wantNear)
			}
			t.Logf("k=%d: sd %.2f, P(0) %.3f, P(|e|≤3) %.3f", k, math.Sqrt(variance), float64(zero)/draws, float64(near)/draws)
		})
	}
}
