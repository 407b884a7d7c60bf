package analysis

import (
	"cmp"
	"slices"
)

// rank orders a section's coded items by N descending; ties keep codebook
// order and are marked. Derived items are not ranked: they overlap the
// items they are made of.
func rank(items []Item, counts []Count) []Rank {
	var out []Rank
	for i, it := range items {
		if !it.Derived {
			out = append(out, Rank{Item: it.Slug, N: counts[i].N})
		}
	}
	slices.SortStableFunc(out, func(a, b Rank) int { return cmp.Compare(b.N, a.N) })
	for i := range out {
		switch {
		case i > 0 && out[i].N == out[i-1].N:
			out[i].Rank = out[i-1].Rank
			out[i].Tied, out[i-1].Tied = true, true
		default:
			out[i].Rank = i + 1
		}
	}
	return out
}
