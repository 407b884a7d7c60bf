package disclosure

import (
	"math/rand/v2"
	"testing"
)

// distinctRowRanges solves a large component with one row of each kind;
// the ranges must be those of the whole component's programme: exact where
// a value is exposed, and protected exactly when the whole programme says
// so. Random multi-response tables of many mostly-rare items in small
// samples (many alike rows, small groups hiding whole columns), at several
// stages of suppression.
func TestDistinctRowRangesAreTheComponentsRanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	compared := 0
	for i := 0; compared < 60 && i < 2000; i++ {
		ps := randomSample(rng, 6+rng.IntN(30), 10+rng.IntN(30), 2)
		groups := randomGroups(rng)
		k := []int{3, 5, 5, 7}[rng.IntN(4)]
		tab := itemTable(ps, groups)
		rels := mustRelations(t, relationsAmong(groups)...)
		m, err := newModel(tab, rels, k)
		if err != nil {
			t.Fatal(err)
		}
		if err := Primary(tab, k); err != nil {
			t.Fatal(err)
		}
		// A few more hidden cells, as complementary suppression makes.
		for range rng.IntN(8) {
			tab.hide(Entry{rng.IntN(len(tab.Rows)), rng.IntN(len(tab.Cols))})
		}
		closeLines(tab)
		pub := m.published()
		for _, comp := range m.components(pub) {
			if len(comp) <= lookaheadLimit {
				continue
			}
			var targets []int
			for _, j := range comp {
				if m.sensitive(j) {
					targets = append(targets, j)
				}
			}
			got := map[int]interval{}
			ok, err := m.distinctRowRanges(comp, pub, targets, got)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			compared++
			want, err := m.solve(comp, m.constraintsOf(comp, pub, false), pub, targets, 0)
			if err != nil {
				t.Fatal(err)
			}
			for n, j := range targets {
				g, w := got[j], want[n]
				if protected(g, k) != protected(w, k) || (!protected(w, k) && g != w) {
					t.Fatalf("table %d, %s: range %v from distinct rows, %v from the whole component (k %d)\n%s",
						i, m.t.label(m.entry(j)), g, w, k, grid(tab))
				}
			}
		}
	}
	if compared < 60 {
		t.Fatalf("only %d large components with alike rows compared", compared)
	}
}

// tightest keeps, for each unknown, only its tightest single-unknown
// bounds: the ranges stay those of every constraint.
func TestTightestKeepsTheFeasibleSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for i := range 300 {
		nv := 1 + rng.IntN(4)
		var cons []constraint
		for range 1 + rng.IntN(12) {
			c := constraint{coef: make([]int64, nv), rhs: int64(rng.IntN(20) - 2), le: rng.IntN(5) > 0}
			if rng.IntN(3) == 0 { // a bound on one unknown, either way
				c.coef[rng.IntN(nv)] = []int64{1, 2, 3, -1, -2}[rng.IntN(5)]
			} else {
				for v := range c.coef {
					c.coef[v] = int64(rng.IntN(3) - 1)
				}
			}
			cons = append(cons, c)
		}
		targets := make([]int, nv)
		for v := range targets {
			targets[v] = v
		}
		want, errWant := feasibleRanges(nv, cons, targets, 0)
		got, errGot := feasibleRanges(nv, tightest(cons), targets, 0)
		if (errWant == nil) != (errGot == nil) {
			t.Fatalf("case %d: errors %v and %v", i, errWant, errGot)
		}
		if errWant != nil {
			continue
		}
		for v := range want {
			if want[v] != got[v] {
				t.Fatalf("case %d: unknown %d ranges %v with every bound, %v with the tightest: %v", i, v, want[v], got[v], cons)
			}
		}
	}
}
