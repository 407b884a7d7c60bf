package disclosure

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// groupSets are the column sets of the random tables: the full crossed
// design, one attribute, the four cells of a crosstab, and random subsets.
var groupSets = [][]int{
	{0, 1, 2, 3, 4, 5, 6, 7, 8},
	{0, 1, 2},
	{0, 1, 2, 3, 4},
	{5, 6, 7, 8},
	{1, 2},
	{0, 1, 2, 5, 7, 9},
}

func randomGroups(rng *rand.Rand) []int {
	if i := rng.IntN(len(groupSets) + 2); i < len(groupSets) {
		return groupSets[i]
	}
	var out []int
	for g := range groupDefs {
		if rng.IntN(2) == 0 {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		out = []int{0}
	}
	return out
}

// TestSuppressRandomTablesArePublishable is the key property: on random
// tables of all shapes, with many small counts and small groups, after
// Suppress no shown value is 1..k-1, no group smaller than k is described,
// and every hidden sensitive value has a feasible range of width >= k-1.
func TestSuppressRandomTablesArePublishable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var kinds [3]int // item tables, crosstabs with row totals, partition tables
	for i := range 400 {
		n := 3 + rng.IntN(60)
		statuses := 2 + rng.IntN(4)
		ps := randomSample(rng, n, 1+rng.IntN(12), statuses)
		groups := randomGroups(rng)
		k := []int{2, 3, 5, 5, 7}[rng.IntN(5)]
		var tab *Table
		switch kind := rng.IntN(3); {
		case kind == 0:
			tab = itemTable(ps, groups)
			kinds[0]++
		case kind == 1 && len(groups) == 4 && groups[0] == 5: // a crosstab: the four cells partition the sample
			tab = statusTable(ps, groups, statuses, true)
			kinds[1]++
		default:
			tab = statusTable(ps, groups, statuses, false)
			kinds[2]++
		}
		rels := mustRelations(t, relationsAmong(groups)...)
		if err := Suppress(tab, rels, k); err != nil {
			t.Fatalf("table %d: Suppress: %v\n%s", i, err, grid(tab))
		}
		checkPublishable(t, tab, rels, k)
		if t.Failed() {
			t.Fatalf("table %d (k %d, relations %v):\n%s", i, k, rels, grid(tab))
		}
	}
	if slices.Contains(kinds[:], 0) {
		t.Errorf("tables drawn by kind %v: every kind must be tested", kinds)
	}
}

// FuzzSuppress builds a sample from the fuzzer's bytes (one person per
// byte: gender, origin, status and three items from its bits) and checks
// that Suppress leaves every table shape publishable.
func FuzzSuppress(f *testing.F) {
	f.Add([]byte{0x00, 0xff, 0x13, 0x37}, uint8(5), uint8(0))
	f.Add([]byte("a group of three"), uint8(3), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, kb, shape uint8) {
		if len(data) == 0 || len(data) > 80 {
			return
		}
		ps := make([]person, len(data))
		for i, b := range data {
			ps[i] = person{man: b&1 == 1, local: b&2 == 2, status: int(b>>2&3) % 3,
				items: []bool{b&16 != 0, b&32 != 0, b&64 != 0 && b&128 != 0}}
		}
		groups := groupSets[int(shape)%len(groupSets)]
		var tab *Table
		switch shape / 8 % 3 {
		case 0:
			tab = itemTable(ps, groups)
		case 1:
			tab = statusTable(ps, groups, 3, false)
		default:
			if groups[0] != 5 {
				return
			}
			tab = statusTable(ps, groups, 3, true)
		}
		rels := mustRelations(t, relationsAmong(groups)...)
		k := 1 + int(kb)%8
		if err := Suppress(tab, rels, k); err != nil {
			t.Fatalf("Suppress: %v\n%s", err, grid(tab))
		}
		checkPublishable(t, tab, rels, k)
	})
}
