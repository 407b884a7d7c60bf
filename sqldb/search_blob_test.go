package sqldb

import (
	"slices"
	"testing"
)

// FuzzIndexBlobs feeds the decoders of the packed index rows (search_pos
// buckets, search_tf counts) arbitrary bytes, as a tampered or damaged
// study file would hold: they must return an error or values, never
// panic. Bytes that encode a word's positions (appendPositions) must
// decode to them.
func FuzzIndexBlobs(f *testing.F) {
	f.Add([]byte{}, "food", uint(3))
	f.Add(appendPositions(nil, "lack", []int{0, 7, 300}), "of", uint(1))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "", uint(0))
	f.Fuzz(func(t *testing.T, b []byte, term string, n uint) {
		_ = eachPositions(b, func(w []byte, _ int, deltas []byte) error {
			_, err := decodePositions(nil, deltas)
			return err
		})
		_ = eachCount(b, func(int64, int32) {})
		pos := make([]int, 0, n%64)
		last := 0
		for i := range cap(pos) {
			last += i*int(n%997) + 1
			pos = append(pos, last)
		}
		blob := appendPositions(slices.Clone(b[:0]), term, pos)
		var got []int
		var words []string
		if err := eachPositions(blob, func(w []byte, k int, deltas []byte) error {
			words = append(words, string(w))
			var err error
			got, err = decodePositions(got, deltas)
			if err == nil && len(got) != k {
				t.Errorf("%q: %d positions, says %d", w, len(got), k)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(words) != 1 || words[0] != term || !slices.Equal(got, pos) {
			t.Errorf("round trip of %q %v: %q %v", term, pos, words, got)
		}
	})
}
