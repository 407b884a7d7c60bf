package text

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomQuery builds a query over a small vocabulary: words, prefixes,
// phrases, AND, OR, NOT and NEAR, nested.
func randomQuery(r *rand.Rand, vocab []string, depth int) string {
	word := func() string { return vocab[r.IntN(len(vocab))] }
	if depth == 0 || r.IntN(3) == 0 {
		switch r.IntN(6) {
		case 0:
			w := word()
			return w[:1+r.IntN(len(w))] + "*"
		case 1:
			return `"` + word() + " " + word() + `"`
		case 2:
			return fmt.Sprintf("NEAR(%s %s, %d)", word(), word(), r.IntN(4))
		default:
			return word()
		}
	}
	a, b := randomQuery(r, vocab, depth-1), randomQuery(r, vocab, depth-1)
	switch r.IntN(4) {
	case 0:
		return "(" + a + " OR " + b + ")"
	case 1:
		return "(" + a + " NOT " + b + ")"
	case 2:
		return "(" + a + " AND " + b + ")"
	default:
		return "(" + a + " " + b + ")"
	}
}

// countsOf builds the DocCounts an index of term frequencies would hold for
// texts, for the terms q needs.
func countsOf(texts []string, q Query) DocCounts {
	exact, prefixes := q.Terms()
	c := DocCounts{Words: map[string]map[int]int32{}, Prefixed: map[string][]string{}}
	add := func(w string, d int) {
		if c.Words[w] == nil {
			c.Words[w] = map[int]int32{}
		}
		c.Words[w][d]++
	}
	seen := map[string]map[string]bool{}
	for d, s := range texts {
		for _, t := range Tokenize(s) {
			isExact := false
			for _, e := range exact {
				isExact = isExact || e == t.Norm
			}
			matched := false
			for _, p := range prefixes {
				if strings.HasPrefix(t.Norm, p) {
					matched = true
					if seen[p] == nil {
						seen[p] = map[string]bool{}
					}
					if !seen[p][t.Norm] {
						seen[p][t.Norm] = true
						c.Prefixed[p] = append(c.Prefixed[p], t.Norm)
					}
				}
			}
			if isExact || matched {
				add(t.Norm, d)
			}
		}
	}
	return c
}

// CountDocs on term frequencies gives, for queries without positions, the
// documents and hit counts of Find; for positional queries a superset of
// the documents Find matches.
func TestCountDocsMatchesFind(t *testing.T) {
	vocab := []string{"ab", "abc", "b", "ba", "c", "cab", "d"}
	for seed := range 400 {
		r := rand.New(rand.NewPCG(uint64(seed), 3))
		texts := make([]string, 1+r.IntN(8))
		for i := range texts {
			var b strings.Builder
			for range r.IntN(25) {
				b.WriteString(vocab[r.IntN(len(vocab))])
				b.WriteString(" ")
			}
			texts[i] = b.String()
		}
		query := randomQuery(r, vocab, 3)
		q, err := ParseQuery(query)
		if err != nil {
			t.Fatalf("seed %d: %q: %v", seed, query, err)
		}
		got := CountDocs(q, countsOf(texts, q))
		for d, s := range texts {
			want := len(Find(s, q))
			n, ok := got[d]
			switch {
			case q.Positional() && want > 0 && !ok:
				t.Fatalf("seed %d: %q in %q: %d hits, not a candidate", seed, query, s, want)
			case !q.Positional() && (n != want || ok != (want > 0)):
				t.Fatalf("seed %d: %q in %q: counted %d (listed %v), Find %d", seed, query, s, n, ok, want)
			}
		}
	}
}
