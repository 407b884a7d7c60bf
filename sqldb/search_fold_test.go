package sqldb_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
	"ownwords/text"
)

// TestSearchIndexEqualsFindFolding checks the index against text.Find on
// words whose folding changes their length or shape (ß, ligatures,
// combining marks, final sigma, dotted and dotless i, fullwidth letters,
// CJK), transcripts with no word at all or none, and prefixes typed in
// another case or with diacritics: the same interviews, the same counts.
func TestSearchIndexEqualsFindFolding(t *testing.T) {
	words := []string{"Straße", "STRASSE", "ﬁnal", "final", "q\u0301uid", "café", "ΣΟΦΟΣ", "σοφος", "ıstanbul", "İstanbul",
		"ＡＢＣ", "abc", "東京都", "ǅemal", "DŽEMAL", "naïve", "NAÏVE", "x\u200by", "Ⅻ", "12", "½"}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		rng := rand.New(rand.NewPCG(7, 11))
		study, transcripts := mustTranscripts(t, st, "Folding", 30, func(i int) string {
			var b strings.Builder
			switch i {
			case 0: // empty
			case 1:
				b.WriteString("... — !!! ,,,\n")
			default:
				for range 5 + rng.IntN(60) {
					b.WriteString(words[rng.IntN(len(words))])
					b.WriteString([]string{" ", "-", ", ", ". ", "'"}[rng.IntN(5)])
				}
			}
			return b.String()
		})
		var queries []string
		for _, w := range words {
			r := []rune(w)
			queries = append(queries, w, string(r[:1+len(r)/2])+"*", `"`+w+` `+words[rng.IntN(len(words))]+`"`,
				fmt.Sprintf("NEAR(%s %s, 1)", w, words[rng.IntN(len(words))]), w+" NOT "+words[rng.IntN(len(words))])
		}
		queries = append(queries, "STR*", "Strass*", "caf*", "CAFÉ", "ΣΟΦ*", "İST*", "ist*", "ａｂ*", "東*", "dž*")
		for _, q := range queries {
			parsed, err := text.ParseQuery(q)
			if err != nil {
				continue
			}
			want, total := findCounts(transcripts, parsed)
			for _, co := range []bool{false, true} {
				r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: q, Limit: 3, CountsOnly: co})
				must(t, err)
				got := map[string]int{}
				for _, ih := range r.Interviews {
					got[ih.InterviewID] = ih.Count
				}
				if !reflect.DeepEqual(got, want) || r.TotalHits != total {
					t.Errorf("%s (counts only %v): %d interviews, %d hits; Find: %d interviews, %d hits", q, co, len(got), r.TotalHits, len(want), total)
				}
			}
		}
	})
}

// TestSearchSparsePrefix checks SearchQuery.PrefixFloor: a counts-only
// search says when a word a prefix begins is part of the hits of fewer
// participants than the floor, for a bare prefix (counted from the index)
// and in a phrase (from the hits), and never for a search with text.
func TestSearchSparsePrefix(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		study, transcripts := mustTranscripts(t, st, "Sparse", 5, func(i int) string {
			if i == 4 {
				return "then said ahmed, we said ahmad"
			}
			return "we said ahmad"
		})
		// ahmad: five participants; ahmed: one (P-04), after "said" but
		// not after "we said".
		for _, tc := range []struct {
			query      string
			countsOnly bool
			sparse     bool
		}{
			{"ahm*", true, true}, {"ahma*", true, false}, {`"said ahm"*`, true, true}, {`"we said ahm"*`, true, false},
			{"ahm*", false, false}, {"ahmad", true, false},
		} {
			r, err := st.Search(t.Context(), ownwords.SearchQuery{StudyID: study.ID, Query: tc.query, CountsOnly: tc.countsOnly, PrefixFloor: 2})
			must(t, err)
			if r.SparsePrefix != tc.sparse {
				t.Errorf("%s (counts only %v): sparse %v, want %v", tc.query, tc.countsOnly, r.SparsePrefix, tc.sparse)
			}
		}
		// With a code filter the words are those of the hits kept: ahmed
		// lies inside a passage coded "all" and outside every "ahmad".
		all := &ownwords.Code{StudyID: study.ID, Slug: "all"}
		only := &ownwords.Code{StudyID: study.ID, Slug: "ahmad"}
		must(t, st.CreateCode(t.Context(), all))
		must(t, st.CreateCode(t.Context(), only))
		for id, tr := range transcripts {
			n := len([]rune(tr))
			for _, seg := range []struct {
				code       *ownwords.Code
				start, end int
			}{{all, 0, n}, {only, n - len("ahmad"), n}} {
				quote, _ := ownwords.Slice(tr, seg.start, seg.end)
				must(t, st.CreateSegment(t.Context(), &ownwords.Segment{StudyID: study.ID, InterviewID: id, CodeID: seg.code.ID,
					CoderID: "u1", Layer: ownwords.LayerConsensus, Start: seg.start, End: seg.end, TextHash: ownwords.HashText(quote)}))
			}
		}
		for code, sparse := range map[string]bool{"all": true, "ahmad": false} {
			r, err := st.Search(t.Context(), ownwords.SearchQuery{StudyID: study.ID, Query: "ahm*", CountsOnly: true, PrefixFloor: 2, InsideCodes: []string{code}})
			must(t, err)
			if r.SparsePrefix != sparse {
				t.Errorf("ahm* inside %s: sparse %v, want %v", code, r.SparsePrefix, sparse)
			}
		}
	})
}
