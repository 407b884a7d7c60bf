package sqldb

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByScore checks the radix sort of rank against a comparison sort
// (score descending, ties by index), with ties, negative and zero scores,
// on both sides of its size threshold.
func TestSortByScore(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for _, tc := range []struct {
		name   string
		n      int
		scores func(i int) float64
	}{
		{"small, ties", 50, func(int) float64 { return float64(r.IntN(5)) }},
		{"large, ties", 5000, func(int) float64 { return float64(r.IntN(40)) / 7 }},
		{"large, distinct", 20000, func(int) float64 { return r.Float64() * 30 }},
		{"large, signs", 3000, func(int) float64 { return r.NormFloat64() }},
		{"large, all equal", 2000, func(int) float64 { return 1e-6 }},
		{"large, zeros of both signs", 2000, func(i int) float64 { return math.Copysign(0, float64(i%2)-0.5) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			score := make([]float64, tc.n+100)
			for i := range score {
				score[i] = tc.scores(i)
			}
			order := r.Perm(len(score))[:tc.n] // a subset, in any order
			want := slices.Clone(order)
			slices.SortFunc(want, func(a, b int) int {
				if score[a] != score[b] {
					if score[a] > score[b] {
						return -1
					}
					return 1
				}
				return a - b
			})
			sortByScore(order, score)
			if !slices.Equal(order, want) {
				for j := range order {
					if order[j] != want[j] {
						t.Fatalf("at %d: %d (score %v), want %d (score %v)", j, order[j], score[order[j]], want[j], score[want[j]])
					}
				}
			}
		})
	}
}
