package text

import (
	"maps"
	"testing"
)

// TestQueryWord checks which queries are one word, and that CountDocs
// returns that word's counts as they are for each of them (a store reads
// the counts directly when Word says so).
func TestQueryWord(t *testing.T) {
	counts := DocCounts{
		Words:    map[string]map[int]int32{"food": {0: 3, 2: 1}, "fear": {1: 2}, "lack": {0: 1}},
		Prefixed: map[string][]string{"f": {"fear", "food"}},
	}
	for _, tc := range []struct {
		query string
		word  string
		ok    bool
	}{
		{"food", "food", true},
		{"FOOD", "food", true},
		{"f*", "", false},
		{`"lack of food"`, "", false},
		{`"food"`, "food", true},
		{"food AND fear", "", false},
		{"food OR food", "", false},
		{"food AND NOT lack", "", false},
		{"food NEAR/3 lack", "", false},
	} {
		q, err := ParseQuery(tc.query)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		w, ok := q.Word()
		if w != tc.word || ok != tc.ok {
			t.Errorf("%s: Word() = %q, %v, want %q, %v", tc.query, w, ok, tc.word, tc.ok)
		}
		if !ok {
			continue
		}
		got := CountDocs(q, counts)
		want := map[int]int{}
		for d, n := range counts.Words[w] {
			want[d] = int(n)
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: CountDocs %v, want the word's counts %v", tc.query, got, want)
		}
	}
}
