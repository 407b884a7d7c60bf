package sqldb

import (
	"slices"
	"testing"

	"ownwords"
)

// TestTermCache: the words kept for searching other texts are found at
// their version only, bounded in all, and forgotten with their texts (a
// study's listing, or the study as a whole), so that no folded word of a
// destroyed text stays in memory.
func TestTermCache(t *testing.T) {
	var tc termCache
	tt := newTextTerms("P-1: Abu Omar came. Omar left.", 1)
	if i := slices.Index(tt.words, "omar"); len(tt.words) != 6 || i < 0 || tt.tfs[i] != 2 || !slices.IsSorted(tt.words) {
		t.Fatalf("words %q, frequencies %v: want 6 sorted, omar twice", tt.words, tt.tfs)
	}
	tc.put("s1", "a", tt, 0)
	tc.put("s1", "b", newTextTerms("other words", 3), 0)
	tc.put("s2", "c", newTextTerms("third", 1), 0)
	if tc.get("s1", "a", 1) != tt || tc.get("s1", "a", 2) != nil || tc.get("s2", "a", 1) != nil {
		t.Error("a text is found at another version or in another study")
	}
	tc.keepOnly("s1", []otherText{{ref: refOf("b")}})
	if tc.get("s1", "a", 1) != nil || tc.get("s1", "b", 3) == nil || tc.words != 2+1 {
		t.Errorf("after keepOnly: %d words", tc.words)
	}
	tc.forget("s1")
	if tc.get("s1", "b", 3) != nil || tc.get("s2", "c", 1) == nil || tc.words != 1 {
		t.Errorf("after forget: %d words", tc.words)
	}
	// A search that read its snapshot before a forget does not put back
	// what it read; one that began after does.
	gen := tc.generation("s1")
	tc.forget("s1")
	tc.put("s1", "b", newTextTerms("other words", 3), gen)
	if tc.get("s1", "b", 3) != nil {
		t.Error("words read before a forget were kept")
	}
	tc.put("s1", "b", newTextTerms("other words", 3), tc.generation("s1"))
	if tc.get("s1", "b", 3) == nil || tc.words != 1+2 {
		t.Errorf("words read after the forget were not kept: %d words", tc.words)
	}
	tc.forget("s1")
	big := &textTerms{version: 1, words: make([]string, maxCachedWords)}
	tc.put("s2", "big", big, 0)
	if tc.get("s2", "big", 1) != nil || tc.words != 1 {
		t.Errorf("past the bound: kept, %d words", tc.words)
	}
}

func refOf(id string) ownwords.TextRef { return ownwords.TextRef{ID: id} }
