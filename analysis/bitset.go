package analysis

import (
	"iter"
	"math/bits"
)

// Bitset is a set of small non-negative integers (participant indexes in the
// analysis sample), one bit each. Sets combined by And/Or have the same length.
type Bitset []uint64

// NewBitset returns an empty set able to hold 0..n-1.
func NewBitset(n int) Bitset { return make(Bitset, (n+63)/64) }

// Set adds i.
func (b Bitset) Set(i int) { b[i>>6] |= 1 << (uint(i) & 63) }

// Has reports whether i is in the set.
func (b Bitset) Has(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }

// Count returns the number of members.
func (b Bitset) Count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// AndCount returns |a ∩ b| without allocating.
func AndCount(a, b Bitset) int {
	n := 0
	for i, w := range a {
		n += bits.OnesCount64(w & b[i])
	}
	return n
}

// AndCount3 returns |a ∩ b ∩ c| without allocating.
func AndCount3(a, b, c Bitset) int {
	n := 0
	for i, w := range a {
		n += bits.OnesCount64(w & b[i] & c[i])
	}
	return n
}

// And returns a new set a ∩ b.
func And(a, b Bitset) Bitset {
	out := make(Bitset, len(a))
	for i, w := range a {
		out[i] = w & b[i]
	}
	return out
}

// Or returns a new set a ∪ b.
func Or(a, b Bitset) Bitset {
	out := make(Bitset, len(a))
	for i, w := range a {
		out[i] = w | b[i]
	}
	return out
}

// Members yields the members in increasing order.
func (b Bitset) Members() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i, w := range b {
			for w != 0 {
				t := bits.TrailingZeros64(w)
				if !yield(i<<6 | t) {
					return
				}
				w &= w - 1
			}
		}
	}
}
