package sqldb_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// The other texts of two interviews of searchCorpus: P-E1 was held in
// Arabic (its transcript is the English translation), P-A1 was translated
// into English.
const (
	originalOfE1 = "المحاور: إلى أين ذهبتم؟\nP-E1: عبرنا عند الحدود قرب السوق. كانت الحِسبة تراقبنا.\nثم جاءت الحسبة مرة أخرى، ولم يكن لدينا طعام.\n"
	englishOfA1  = "Interviewer: What happened?\nP-A1: We went to the hisbah office and came back. The hisbah was harsh.\n"
)

// mustTextsFixture is searchFixture with the two other texts.
func mustTextsFixture(t *testing.T, st ownwords.Store) (*searchFixture, map[string]string) {
	t.Helper()
	f := mustSearchFixture(t, st)
	ids := map[string]string{}
	for _, x := range []*ownwords.InterviewText{
		{InterviewID: f.ivs["P-E1"].ID, Language: "ar", Role: ownwords.TextOriginal, Text: originalOfE1},
		{InterviewID: f.ivs["P-A1"].ID, Language: "en", Role: ownwords.TextTranslation, Method: ownwords.MethodInterpreter, Text: englishOfA1},
	} {
		x.StudyID = f.study.ID
		must(t, st.PutInterviewText(t.Context(), x))
		ids[x.Language+" "+x.Role] = x.ID
	}
	return f, ids
}

// textHitLines returns "participant text-role/language start-end match |
// aligned-role speaker: aligned words" for every hit, checking that each
// hit's Match is its own text sliced at its offsets, that its aligned turn
// is that of the other text, and that counts add up.
func textHitLines(t *testing.T, f *searchFixture, r *ownwords.SearchResult) []string {
	t.Helper()
	other := map[string]string{f.ivs["P-E1"].ID: originalOfE1, f.ivs["P-A1"].ID: englishOfA1}
	var out []string
	total := 0
	for _, iv := range r.Interviews {
		total += iv.Count
		if len(iv.Hits) > 0 && iv.Count != len(iv.Hits) {
			t.Errorf("%s: count %d, %d hits", iv.Title, iv.Count, len(iv.Hits))
		}
		for _, h := range iv.Hits {
			own, where := f.transcript[iv.Title], "transcript/"+iv.Language
			aligned := other[iv.InterviewID]
			if h.Text != nil {
				own, aligned, where = other[iv.InterviewID], f.transcript[iv.Title], h.Text.Role+"/"+h.Text.Language
			}
			if got, ok := ownwords.Slice(own, h.Start, h.End); !ok || got != h.Match {
				t.Errorf("%s: hit %d-%d has match %q, its text says %q", iv.Title, h.Start, h.End, h.Match, got)
			}
			line := fmt.Sprintf("%s %s %d-%d %s", iv.ParticipantCode, where, h.Start, h.End, h.Match)
			if a := h.Aligned; a != nil {
				if got, _ := ownwords.Slice(aligned, a.Start, a.End); got != a.Text {
					t.Errorf("%s: aligned turn %d-%d is %q, its text says %q", iv.Title, a.Start, a.End, a.Text, got)
				}
				line += fmt.Sprintf(" | %s %s", a.Role, a.Text)
			}
			out = append(out, line)
		}
	}
	if total != r.TotalHits {
		t.Errorf("total hits %d, interviews add up to %d", r.TotalHits, total)
	}
	slices.Sort(out)
	return out
}

const (
	turnE1   = "P-E1: We crossed at the border near the market. The hisbah watched us.\nThen the hisbah came again, and we had no food."
	turnE1ar = "P-E1: عبرنا عند الحدود قرب السوق. كانت الحِسبة تراقبنا.\nثم جاءت الحسبة مرة أخرى، ولم يكن لدينا طعام."
	turnA1   = "P-A1: ذهبنا إلى الحِسْبَةِ ثم عدنا. كانت الحسبة قاسية."
	turnA1en = "P-A1: We went to the hisbah office and came back. The hisbah was harsh."
)

// TestSearchOtherTexts searches the originals and translations of
// interviews beside their transcripts, on both stores, and expects the
// same hits on each: a word of the Arabic original lands on the pair
// (the hit in the original, the transcript's turn beside it), and a hit
// in a transcript shows the turn of the other text.
func TestSearchOtherTexts(t *testing.T) {
	tests := []struct {
		name, query, language string
		attrs                 map[string]string
		want                  []string
	}{
		{"ArabicWordOfTheOriginal", "السوق", "", nil, []string{
			"P-E1 original/ar 51-56 السوق | transcript " + turnE1}},
		{"ArabicWordInBoth", "الحسبة", "", nil, []string{
			"P-A1 transcript/ar 35-45 الحِسْبَةِ | translation " + turnA1en,
			"P-A1 transcript/ar 60-66 الحسبة | translation " + turnA1en,
			"P-E1 original/ar 63-70 الحِسبة | transcript " + turnE1,
			"P-E1 original/ar 88-94 الحسبة | transcript " + turnE1}},
		{"EnglishWordInBoth", "hisbah", "", nil, []string{
			"P-A1 translation/en 49-55 hisbah | transcript " + turnA1,
			"P-A1 translation/en 82-88 hisbah | transcript " + turnA1,
			"P-E1 transcript/en 111-117 hisbah | original " + turnE1ar,
			"P-E1 transcript/en 83-89 hisbah | original " + turnE1ar}},
		{"LanguageKeepsTexts", "hisbah OR الحسبة", "ar", nil, []string{
			"P-A1 transcript/ar 35-45 الحِسْبَةِ | translation " + turnA1en,
			"P-A1 transcript/ar 60-66 الحسبة | translation " + turnA1en,
			"P-E1 original/ar 63-70 الحِسبة | transcript " + turnE1,
			"P-E1 original/ar 88-94 الحسبة | transcript " + turnE1}},
		{"LanguageLeavesTextsOut", "الحسبة", "en", nil, nil},
		{"AttributesKeepTexts", "الحسبة", "", map[string]string{"gender": "man"}, []string{
			"P-E1 original/ar 63-70 الحِسبة | transcript " + turnE1,
			"P-E1 original/ar 88-94 الحسبة | transcript " + turnE1}},
		{"PhraseInATranslation", `"the hisbah office"`, "", nil, []string{
			"P-A1 translation/en 45-62 the hisbah office | transcript " + turnA1}},
		{"NoMatch", "zanzibar", "", nil, nil},
	}
	var mu sync.Mutex
	byStore := map[string]map[string][]string{}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f, textIDs := mustTextsFixture(t, st)
		got := map[string][]string{}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r, err := st.Search(t.Context(), ownwords.SearchQuery{StudyID: f.study.ID, Query: tc.query, Language: tc.language, Attributes: tc.attrs})
				must(t, err)
				lines := textHitLines(t, f, r)
				if !slices.Equal(lines, tc.want) {
					t.Errorf("%s: hits\n%s\nwant\n%s", tc.query, strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
				}
				got[tc.name] = lines
			})
		}
		ctx := t.Context()
		t.Run("InterviewIDsLeaveTextsOut", func(t *testing.T) {
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "السوق", InterviewIDs: []string{f.ivs["P-A1"].ID}})
			must(t, err)
			if len(r.Interviews) != 0 || r.TotalHits != 0 {
				t.Errorf("an interview left out was found by its original: %+v", r)
			}
		})
		t.Run("CountsOnly", func(t *testing.T) {
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "السوق", CountsOnly: true})
			must(t, err)
			if len(r.Interviews) != 1 || r.Interviews[0].Count != 1 || len(r.Interviews[0].Hits) != 0 {
				t.Errorf("counts only: %+v", r.Interviews)
			}
		})
		t.Run("PageOfInterviewsFoundInTexts", func(t *testing.T) {
			// P-A1 is found in its transcript, P-E1 only in its original:
			// listed after it, and given its hits on the second page.
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "الحسبة", Limit: 1, Offset: 1, HitsPerInterview: 1})
			must(t, err)
			if len(r.Interviews) != 2 || r.Interviews[0].ParticipantCode != "P-A1" || len(r.Interviews[0].Hits) != 0 ||
				r.Interviews[1].ParticipantCode != "P-E1" || r.Interviews[1].Count != 2 || len(r.Interviews[1].Hits) != 1 || r.TotalHits != 4 {
				t.Errorf("page 2: %+v", r.Interviews)
			}
		})
		t.Run("CodeFilters", func(t *testing.T) {
			// P-E1's answer is coded: a word of the original's aligned
			// turn is inside it; the question's is not.
			f.mustSegment(t, st, "P-E1", "We crossed at the border near the market.", f.police, ownwords.LayerConsensus)
			for _, tc := range []struct {
				query, inside, outside string
				want                   int
			}{
				{"السوق", f.section.ID, "", 1},
				{"ذهبتم", f.section.ID, "", 0},
				{"ذهبتم", "", f.police.ID, 1},
				{"السوق", "", f.police.ID, 0},
			} {
				q := ownwords.SearchQuery{StudyID: f.study.ID, Query: tc.query}
				if tc.inside != "" {
					q.InsideCodes = []string{tc.inside}
				}
				if tc.outside != "" {
					q.OutsideCodes = []string{tc.outside}
				}
				r, err := st.Search(ctx, q)
				must(t, err)
				if r.TotalHits != tc.want {
					t.Errorf("%s inside %q outside %q: %d hits, want %d", tc.query, tc.inside, tc.outside, r.TotalHits, tc.want)
				}
			}
		})
		t.Run("UpdatedTextFound", func(t *testing.T) {
			texts, err := st.InterviewTexts(ctx, f.ivs["P-A1"].ID)
			must(t, err)
			tr := texts[0]
			tr.Text = strings.Replace(tr.Text, "harsh", "cruel", 1)
			must(t, st.PutInterviewText(ctx, tr))
			for q, want := range map[string]int{"harsh": 0, "cruel": 1} {
				r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: q})
				must(t, err)
				if r.TotalHits != want {
					t.Errorf("%s after the update: %d hits, want %d", q, r.TotalHits, want)
				}
			}
		})
		t.Run("DeletedTextNotFound", func(t *testing.T) {
			must(t, st.DeleteInterviewText(ctx, textIDs["ar original"]))
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "السوق"})
			must(t, err)
			if r.TotalHits != 0 {
				t.Errorf("a deleted original is still found: %+v", r.Interviews)
			}
			r, err = st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah"})
			must(t, err)
			for _, ih := range r.Interviews {
				for _, h := range ih.Hits {
					if ih.ParticipantCode == "P-E1" && h.Aligned != nil {
						t.Errorf("a hit shows the turn of a deleted original: %+v", h)
					}
				}
			}
		})
		mu.Lock()
		byStore[st.Dialect()] = got
		mu.Unlock()
	})
	if a, b := byStore["sqlite"], byStore["postgres"]; a != nil && b != nil {
		for _, tc := range tests {
			if !slices.Equal(a[tc.name], b[tc.name]) {
				t.Errorf("%s: sqlite %q, postgres %q", tc.name, a[tc.name], b[tc.name])
			}
		}
	}
}

// BenchmarkSearchOtherTexts times a search of a rare word in a study of
// OWNWORDS_SEARCH_BENCH_INTERVIEWS interviews (default 200) of
// OWNWORDS_SEARCH_BENCH_WORDS words (default 2,000), without other texts
// (the baseline: the packed index alone) and with every interview given a
// translation, which the search matches in Go (searchTexts): the first
// search of a process reads every text, later ones the kept words.
func BenchmarkSearchOtherTexts(b *testing.B) {
	n, words := envInt(b, envBenchInterviews, 200), envInt(b, envBenchWords, 2000)
	corpus := searchCorpusFor(n, words)
	db, _ := sqldbtest.OpenSQLite(b)
	ctx := b.Context()
	s := sqldbtest.MustStudy(b, db, "Bench texts")
	if _, err := loadCorpus(ctx, db, s.ID, corpus); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Search(ctx, ownwords.SearchQuery{StudyID: s.ID, Query: "quokka"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("transcripts-only", run)
	ivs, err := db.Interviews(ctx, ownwords.InterviewFilter{StudyID: s.ID, WithText: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, iv := range ivs {
		// The transcript itself aligns with it turn by turn.
		if err := db.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: s.ID, InterviewID: iv.ID, Language: "fr",
			Role: ownwords.TextTranslation, Method: ownwords.MethodTranslation, Text: iv.Transcript}); err != nil {
			b.Fatal(err)
		}
	}
	// First: the words of every text are read and kept; then: read from
	// memory, and only the texts holding the word are read and matched.
	b.Run("every-interview-translated-first", func(b *testing.B) {
		for b.Loop() {
			sqldb.ForgetTextTermsForTest(db, s.ID)
			if _, err := db.Search(ctx, ownwords.SearchQuery{StudyID: s.ID, Query: "quokka"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("every-interview-translated", run)
}

// TestTextTermsForgottenWithParticipant: deleting a participant takes
// their interviews and texts with it (by cascade), and the words of those
// texts kept for search go too, as with every other way texts are
// destroyed.
func TestTextTermsForgottenWithParticipant(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		db, ok := st.(*sqldb.DB)
		if !ok {
			t.Skipf("store %T keeps no words", st)
		}
		f, ids := mustTextsFixture(t, st)
		if _, err := st.Search(t.Context(), ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah"}); err != nil {
			t.Fatal(err)
		}
		gone := ids["en "+ownwords.TextTranslation] // P-A1's
		if !sqldb.TextTermsKeptForTest(db, f.study.ID, gone) {
			t.Fatal("the search kept no words: the test tests nothing")
		}
		gen := sqldb.TextTermsGenerationForTest(db, f.study.ID)
		must(t, st.DeleteParticipant(t.Context(), f.parts["P-A1"].ID))
		if sqldb.TextTermsKeptForTest(db, f.study.ID, gone) {
			t.Error("the words of a deleted participant's text are still kept for search")
		}
		// Forgotten in the transaction and again after its commit, so that a
		// search whose snapshot still held the text cannot put its words back.
		if got := sqldb.TextTermsGenerationForTest(db, f.study.ID); got != gen+2 {
			t.Errorf("forgets %d → %d, want two (in the transaction, after the commit)", gen, got)
		}
	})
}
