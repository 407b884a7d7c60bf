package synthtext

import "testing"

// TestVocabularyDistinct: every pseudo-word differs from every other, and
// the list is the same on every call (benchmarks compare runs).
func TestVocabularyDistinct(t *testing.T) {
	a, b := Vocabulary(20000), Vocabulary(20000)
	seen := map[string]bool{}
	for i, w := range a {
		if seen[w] {
			t.Fatalf("word %d %q repeats", i, w)
		}
		seen[w] = true
		if b[i] != w {
			t.Fatalf("word %d: %q then %q", i, w, b[i])
		}
	}
}
