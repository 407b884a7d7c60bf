package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBitset(t *testing.T) {
	// Check against plain bool slices, across word boundaries (n = 130).
	const n = 130
	rng := rand.New(rand.NewPCG(7, 7))
	for range 50 {
		a, b, c := NewBitset(n), NewBitset(n), NewBitset(n)
		var ab, bb, cb [n]bool
		for i := range n {
			for _, s := range []struct {
				set Bitset
				ref *[n]bool
			}{{a, &ab}, {b, &bb}, {c, &cb}} {
				if rng.IntN(3) == 0 {
					s.set.Set(i)
					s.ref[i] = true
				}
			}
		}
		var wantA []int
		wantAnd, wantOr, wantAnd3 := 0, 0, 0
		for i := range n {
			if ab[i] {
				wantA = append(wantA, i)
			}
			if ab[i] && bb[i] {
				wantAnd++
			}
			if ab[i] || bb[i] {
				wantOr++
			}
			if ab[i] && bb[i] && cb[i] {
				wantAnd3++
			}
			if a.Has(i) != ab[i] {
				t.Fatalf("Has(%d) = %v, want %v", i, a.Has(i), ab[i])
			}
		}
		if got := slices.Collect(a.Members()); !slices.Equal(got, wantA) {
			t.Fatalf("Members = %v, want %v", got, wantA)
		}
		switch {
		case a.Count() != len(wantA):
			t.Fatalf("Count = %d, want %d", a.Count(), len(wantA))
		case AndCount(a, b) != wantAnd || And(a, b).Count() != wantAnd:
			t.Fatalf("AndCount = %d, And().Count = %d, want %d", AndCount(a, b), And(a, b).Count(), wantAnd)
		case Or(a, b).Count() != wantOr:
			t.Fatalf("Or().Count = %d, want %d", Or(a, b).Count(), wantOr)
		case AndCount3(a, b, c) != wantAnd3:
			t.Fatalf("AndCount3 = %d, want %d", AndCount3(a, b, c), wantAnd3)
		}
	}
}
