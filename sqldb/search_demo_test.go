package sqldb_test

import (
	"fmt"
	"slices"
	"testing"

	"ownwords"
	"ownwords/demo"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// TestSearchDemoPlantedPhrases loads the demo study and expects each planted
// phrase to find exactly the passages the generator planted, at offsets that
// slice the planted text out of the transcript. The demo's other texts
// (originals and translations) are searched too: their hits are counted
// apart, each checked against the stored text it names.
func TestSearchDemoPlantedPhrases(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo study")
	}
	s := demo.Generate(demo.DefaultSeed)
	titles := map[string]string{}
	texts := map[string]string{}
	for _, iv := range s.Interviews {
		titles[iv.ID] = iv.Title
		texts[iv.Title] = iv.Transcript
	}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		studyID, err := demo.Load(ctx, st, s, vault.HashPassword, nil)
		must(t, err)
		for _, phrase := range demo.PlantedPhrases {
			t.Run(phrase, func(t *testing.T) {
				var want []string
				for _, p := range s.Planted(phrase) {
					want = append(want, fmt.Sprintf("%s %d-%d %s", titles[p.Interview], p.Start, p.End, p.Text))
				}
				r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: studyID, Query: phrase, Limit: 1000})
				must(t, err)
				var got []string
				other := 0
				for _, iv := range r.Interviews {
					for _, h := range iv.Hits {
						if h.Text != nil {
							other++
							checkOtherTextHit(t, st, iv.InterviewID, h)
							continue
						}
						quote, ok := ownwords.Slice(texts[iv.Title], h.Start, h.End)
						if !ok || quote != h.Match {
							t.Errorf("%s %d-%d: match %q, transcript %q", iv.Title, h.Start, h.End, h.Match, quote)
						}
						got = append(got, fmt.Sprintf("%s %d-%d %s", iv.Title, h.Start, h.End, quote))
					}
				}
				slices.Sort(got)
				slices.Sort(want)
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%s: %d hits, %d planted\nextra: %q\nmissing: %q", phrase, len(got), len(want), minus(got, want), minus(want, got))
				}
				if r.TotalHits != len(want)+other {
					t.Errorf("%s: total hits %d, want %d in transcripts and %d in other texts", phrase, r.TotalHits, len(want), other)
				}
			})
		}
	})
}

// checkOtherTextHit fails t unless h, a hit in another text of interview
// ivID, slices its match out of that stored text.
func checkOtherTextHit(t *testing.T, st ownwords.Store, ivID string, h ownwords.SearchHit) {
	t.Helper()
	texts, err := st.InterviewTexts(t.Context(), ivID)
	must(t, err)
	for _, x := range texts {
		if x.ID == h.Text.ID {
			if quote, ok := ownwords.Slice(x.Text, h.Start, h.End); !ok || quote != h.Match {
				t.Errorf("%s text of %s, %d-%d: match %q, text %q", x.Language, ivID, h.Start, h.End, h.Match, quote)
			}
			return
		}
	}
	t.Errorf("hit in text %s, not a text of interview %s", h.Text.ID, ivID)
}

// minus returns the elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
