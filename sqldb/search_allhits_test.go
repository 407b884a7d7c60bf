package sqldb_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestSearchAllHitsOf: SearchQuery.AllHitsOf gives the interview it names,
// when it is on the page, its hits up to AllHitsMax (≤ 0: all), while the
// others of the page keep their first HitsPerInterview; counts and the
// ranking do not change. Each query path is taken: counts from the index
// (a word), positions (a phrase), transcripts matched in Go (code
// filters), and the interviews' other texts (a translation holding the
// word as well).
func TestSearchAllHitsOf(t *testing.T) {
	const each = 8 // hits of the word and of the phrase in every transcript
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study, transcripts := mustTranscripts(t, st, "All hits", 4, func(i int) string {
			return fmt.Sprintf("Interviewer: Tell me, P-%02d.\nP-%02d: %s\n", i, i, strings.Repeat("We had dry bread. ", each))
		})
		var ivs []string
		for id := range transcripts {
			ivs = append(ivs, id)
		}
		// The first interview's translation holds the word 4 times more.
		must(t, st.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: study.ID, InterviewID: ivs[0], Language: "fr",
			Role: ownwords.TextTranslation, Method: ownwords.MethodInterpreter, Text: "Intervieweur : Dites.\nP : bread, bread, bread, bread.\n"}))
		// A consensus passage covering each transcript, for the code filter.
		code := &ownwords.Code{StudyID: study.ID, Slug: "hunger"}
		must(t, st.CreateCode(ctx, code))
		coder := &ownwords.User{Name: "allhits-coder"}
		must(t, st.CreateUser(ctx, coder))
		must(t, st.SetRole(ctx, study.ID, coder.ID, ownwords.RoleCoder))
		for id, tr := range transcripts {
			must(t, st.CreateSegment(ctx, &ownwords.Segment{StudyID: study.ID, InterviewID: id, CodeID: code.ID, CoderID: coder.ID,
				Layer: ownwords.LayerConsensus, Start: 0, End: utf8.RuneCountInString(tr), TextHash: ownwords.HashText(tr)}))
		}
		for _, tc := range []struct {
			name   string
			q      ownwords.SearchQuery
			bigger int // hits of ivs[0] beyond each (its translation)
		}{
			{"Word", ownwords.SearchQuery{Query: "bread"}, 4},
			{"Phrase", ownwords.SearchQuery{Query: `"dry bread"`}, 0},
			{"CodeFilter", ownwords.SearchQuery{Query: "bread", InsideCodes: []string{code.ID}}, -1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := tc.q
				q.StudyID, q.Limit = study.ID, len(ivs)
				full, err := st.Search(ctx, q) // every hit of every interview
				must(t, err)
				all := map[string][]ownwords.SearchHit{}
				for _, ih := range full.Interviews {
					all[ih.InterviewID] = ih.Hits
					if len(ih.Hits) != ih.Count || ih.Count < each {
						t.Fatalf("%s: %d hits listed of %d, want all of at least %d", ih.Title, len(ih.Hits), ih.Count, each)
					}
				}
				if len(full.Interviews) != len(ivs) {
					t.Fatalf("%d interviews, want %d", len(full.Interviews), len(ivs))
				}
				if tc.bigger >= 0 && len(all[ivs[0]]) != each+tc.bigger {
					t.Fatalf("the translated interview has %d hits, want %d", len(all[ivs[0]]), each+tc.bigger)
				}
				named := full.Interviews[1].InterviewID
				if tc.bigger > 0 {
					named = ivs[0] // with hits in its translation too
				}
				for _, page := range []struct {
					name                  string
					limit, offset, most   int
					allOf                 string
					wantNamed, wantOthers int // hits listed; -1: all
				}{
					{"AllOfTheNamed", len(ivs), 0, 0, named, -1, 3},
					{"TheNamedBoundedByItsOwnMaximum", len(ivs), 0, each + 1, named, each + 1, 3},
					{"BoundBelowHitsPerInterview", len(ivs), 0, 2, named, 2, 3},
					{"NamedOffThePage", 1, 0, 0, named, 0, 3},
					{"UnknownInterview", len(ivs), 0, 0, "no-such-interview", 3, 3},
					{"NoneNamed", len(ivs), 0, 0, "", 3, 3},
				} {
					t.Run(page.name, func(t *testing.T) {
						q := q
						q.HitsPerInterview, q.AllHitsOf, q.AllHitsMax = 3, page.allOf, page.most
						if page.name == "NamedOffThePage" {
							// The page is another interview than the named one.
							for i, ih := range full.Interviews {
								if ih.InterviewID != named {
									q.Offset = i
									break
								}
							}
						}
						q.Limit = page.limit
						r, err := st.Search(ctx, q)
						must(t, err)
						if r.TotalHits != full.TotalHits || len(r.Interviews) != len(full.Interviews) {
							t.Fatalf("%d hits in %d interviews, want %d in %d", r.TotalHits, len(r.Interviews), full.TotalHits, len(full.Interviews))
						}
						for i, ih := range r.Interviews {
							if ih.InterviewID != full.Interviews[i].InterviewID || ih.Count != full.Interviews[i].Count {
								t.Fatalf("interview %d: %s with %d hits, want %s with %d", i, ih.Title, ih.Count, full.Interviews[i].Title, full.Interviews[i].Count)
							}
							want := 0
							switch onPage := i >= q.Offset && i < q.Offset+q.Limit; {
							case !onPage:
							case ih.InterviewID == named && page.allOf == named:
								want = page.wantNamed
							default:
								want = page.wantOthers
							}
							if want < 0 || want > ih.Count {
								want = ih.Count
							}
							var wantHits []ownwords.SearchHit
							if want > 0 {
								wantHits = all[ih.InterviewID][:want]
							}
							if len(ih.Hits) != want || (want > 0 && !reflect.DeepEqual(ih.Hits, wantHits)) {
								t.Errorf("%s: %d hits listed of %d, want the first %d", ih.Title, len(ih.Hits), ih.Count, want)
							}
						}
					})
				}
			})
		}
	})
}
