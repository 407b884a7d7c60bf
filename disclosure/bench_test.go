package disclosure

import (
	"math/rand/v2"
	"testing"
)

// benchSuppress protects a 60-item × 10-group table of 220 participants
// (the reference study's sample size) under the six relations of the
// crossed gender × origin design, reporting how many values it hides.
func benchSuppress(b *testing.B, ps []person) {
	groups := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	rels := mustRelations(b, relationsAmong(groups)...)
	base := itemTable(ps, groups)
	hidden := 0
	for b.Loop() {
		tab := *base
		tab.Suppressed, tab.ColTotalSuppressed = nil, nil
		if err := Suppress(&tab, rels, 5); err != nil {
			b.Fatal(err)
		}
		hidden = len(hiddenLabels(&tab))
	}
	b.ReportMetric(float64(hidden), "hidden/op")
}

func BenchmarkSuppress(b *testing.B) {
	benchSuppress(b, randomSample(rand.New(rand.NewPCG(7, 8)), 220, 60, 3))
}

// BenchmarkSuppressSmallGroup is the costly case: only 3 foreign women, so
// the four gender × origin columns are hidden and every row's cells are
// linked through the hidden group sizes.
func BenchmarkSuppressSmallGroup(b *testing.B) {
	ps := randomSample(rand.New(rand.NewPCG(3, 9)), 220, 60, 3)
	fw := 0
	for i := range ps {
		if !ps[i].local && !ps[i].man {
			if fw++; fw > 3 {
				ps[i].man = true
			}
		}
	}
	benchSuppress(b, ps)
}
