package sqldb_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
	"ownwords/text"
)

// searchCorpus is a synthetic interview per language: participant code,
// language, gender and transcript.
var searchCorpus = []struct{ code, lang, gender, text string }{
	{"P-E1", "en", "man", "Interviewer: Where did you go?\nP-E1: We crossed at the border near the market. The hisbah watched us.\nThen the hisbah came again, and we had no food.\n"},
	{"P-F1", "fr", "woman", "Intervieweur : Et l'école ?\nP-F1 : L'École était fermée. Nous avions faim à la frontière.\n"},
	{"P-R1", "ru", "woman", "Интервьюер: Что было дальше?\nP-R1: Мы поехали в Стамбул. Там была граница и школа.\n"},
	{"P-T1", "tr", "man", "Görüşmeci: Sonra?\nP-T1: İstanbul'da kaldık. Sonra Şanlıurfa'ya gittik. ISTANBUL çok büyük.\n"},
	{"P-A1", "ar", "woman", "المحاور: ماذا حدث؟\nP-A1: ذهبنا إلى الحِسْبَةِ ثم عدنا. كانت الحسبة قاسية.\n"},
}

type searchFixture struct {
	study      *ownwords.Study
	ivs        map[string]*ownwords.Interview // by participant code
	parts      map[string]*ownwords.Participant
	section    *ownwords.Code
	police     *ownwords.Code // child of section
	coder      *ownwords.User
	transcript map[string]string // by title
}

func mustSearchFixture(t *testing.T, st ownwords.Store) *searchFixture {
	t.Helper()
	ctx := t.Context()
	f := &searchFixture{study: sqldbtest.MustStudy(t, st, "Search study"), ivs: map[string]*ownwords.Interview{},
		parts: map[string]*ownwords.Participant{}, transcript: map[string]string{}}
	sid := f.study.ID
	must(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: sid, Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}}))
	for _, c := range searchCorpus {
		p := &ownwords.Participant{StudyID: sid, Code: c.code, Values: map[string]ownwords.Value{
			"gender": {Type: ownwords.AttrCategory, Str: c.gender}}}
		must(t, st.CreateParticipant(ctx, p))
		iv := &ownwords.Interview{StudyID: sid, ParticipantID: p.ID, Title: c.code + " interview", Language: c.lang, Transcript: c.text}
		must(t, st.CreateInterview(ctx, iv))
		f.ivs[c.code], f.parts[c.code], f.transcript[iv.Title] = iv, p, c.text
	}
	f.section = &ownwords.Code{StudyID: sid, Slug: "control"}
	must(t, st.CreateCode(ctx, f.section))
	f.police = &ownwords.Code{StudyID: sid, ParentID: f.section.ID, Slug: "religious_police"}
	must(t, st.CreateCode(ctx, f.police))
	f.coder = &ownwords.User{Name: "coder-a"}
	must(t, st.CreateUser(ctx, f.coder))
	must(t, st.SetRole(ctx, sid, f.coder.ID, ownwords.RoleCoder))
	return f
}

// mustSegment codes the first occurrence of quote in the interview of a
// participant.
func (f *searchFixture) mustSegment(t *testing.T, st ownwords.Store, code, quote string, c *ownwords.Code, layer string) {
	t.Helper()
	iv := f.ivs[code]
	start, end := codePointRange(t, iv.Transcript, quote)
	must(t, st.CreateSegment(t.Context(), &ownwords.Segment{StudyID: f.study.ID, InterviewID: iv.ID, CodeID: c.ID,
		CoderID: f.coder.ID, Layer: layer, Start: start, End: end, TextHash: ownwords.HashText(quote)}))
}

// hitTexts returns "title start-end text" for every hit, checking that each
// hit's Match is the transcript sliced at its offsets and that counts add up.
func hitTexts(t *testing.T, f *searchFixture, r *ownwords.SearchResult) []string {
	t.Helper()
	var out []string
	total := 0
	for _, iv := range r.Interviews {
		if iv.Count != len(iv.Hits) {
			t.Errorf("%s: count %d, %d hits", iv.Title, iv.Count, len(iv.Hits))
		}
		total += iv.Count
		for _, h := range iv.Hits {
			got, ok := ownwords.Slice(f.transcript[iv.Title], h.Start, h.End)
			if !ok || got != h.Match {
				t.Errorf("%s: hit %d-%d has match %q, transcript says %q (%v)", iv.Title, h.Start, h.End, h.Match, got, ok)
			}
			out = append(out, fmt.Sprintf("%s %d-%d %s", iv.Title, h.Start, h.End, h.Match))
		}
	}
	if total != r.TotalHits {
		t.Errorf("total hits %d, interviews add up to %d", r.TotalHits, total)
	}
	slices.Sort(out)
	return out
}

// matches returns only the matched texts of hitTexts, sorted.
func matches(lines []string) []string {
	out := []string{}
	for _, l := range lines {
		_, after, _ := strings.Cut(l, " interview ")
		_, m, _ := strings.Cut(after, " ")
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

var multilingualQueries = []struct {
	name, query string
	want        []string // matched texts, sorted
}{
	{"TurkishDottedCapital", "istanbul", []string{"ISTANBUL", "İstanbul"}},
	{"FrenchAccents", "ecole", []string{"École", "école"}},
	{"ArabicHarakat", "الحسبة", []string{"الحسبة", "الحِسْبَةِ"}},
	{"RussianCase", "стамбул", []string{"Стамбул"}},
	{"TurkishPlace", "sanliurfa", []string{"Şanlıurfa"}},
	{"Phrase", `"the hisbah"`, []string{"The hisbah", "the hisbah"}},
	{"PhraseAcrossApostrophe", `"l'ecole etait"`, []string{"L'École était"}},
	{"Prefix", "front*", []string{"frontière"}},
	{"PrefixPhrase", `"the his"*`, []string{"The hisbah", "the hisbah"}},
	{"Or", "hisbah OR школа", []string{"hisbah", "hisbah", "школа"}},
	{"And", "faim frontiere", []string{"faim", "frontière"}},
	{"AndAcrossInterviewsMatchesNothing", "faim hisbah", []string{}},
	{"Not", "ecole NOT faim", []string{}},
	{"NotKeeps", "ecole NOT hisbah", []string{"École", "école"}},
	{"NearWithin", "NEAR(crossed market, 5)", []string{"crossed", "market"}},
	{"NearTooFar", "NEAR(crossed market, 3)", []string{}},
	{"NearSlash", "hisbah NEAR/2 food", []string{}},
	{"NearSlashWithin", "came NEAR/5 food", []string{"came", "food"}},
	{"Grouping", "(ecole OR istanbul) NOT market", []string{"ISTANBUL", "École", "école", "İstanbul"}},
	{"NoMatch", "zanzibar", []string{}},
}

// TestSearchMultilingual runs the same queries on both stores and expects
// the same hits, with the same offsets, on each.
func TestSearchMultilingual(t *testing.T) {
	var mu sync.Mutex
	byStore := map[string]map[string][]string{}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustSearchFixture(t, st)
		got := map[string][]string{}
		for _, tc := range multilingualQueries {
			t.Run(tc.name, func(t *testing.T) {
				r, err := st.Search(t.Context(), ownwords.SearchQuery{StudyID: f.study.ID, Query: tc.query})
				must(t, err)
				lines := hitTexts(t, f, r)
				if m := matches(lines); !slices.Equal(m, tc.want) {
					t.Errorf("%s: matches %q, want %q", tc.query, m, tc.want)
				}
				got[tc.query] = lines
			})
		}
		mu.Lock()
		byStore[st.Dialect()] = got
		mu.Unlock()
	})
	if a, b := byStore["sqlite"], byStore["postgres"]; a != nil && b != nil {
		for _, tc := range multilingualQueries {
			if !slices.Equal(a[tc.query], b[tc.query]) {
				t.Errorf("%s: sqlite %q, postgres %q", tc.query, a[tc.query], b[tc.query])
			}
		}
	}
}

func TestSearchFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustSearchFixture(t, st)
		f.mustSegment(t, st, "P-E1", "The hisbah watched us.", f.police, ownwords.LayerConsensus)
		f.mustSegment(t, st, "P-E1", "Then the hisbah came again", f.police, ownwords.LayerCoder)
		search := func(t *testing.T, q ownwords.SearchQuery) []string {
			t.Helper()
			q.StudyID = f.study.ID
			r, err := st.Search(ctx, q)
			must(t, err)
			return hitTexts(t, f, r)
		}
		tests := []struct {
			name string
			q    ownwords.SearchQuery
			want []string
		}{
			{"Language", ownwords.SearchQuery{Query: "ecole OR istanbul", Language: "tr"}, []string{"ISTANBUL", "İstanbul"}},
			{"Attribute", ownwords.SearchQuery{Query: "ecole OR istanbul", Attributes: map[string]string{"gender": "woman"}}, []string{"École", "école"}},
			{"AttributeNoneMatch", ownwords.SearchQuery{Query: "hisbah", Attributes: map[string]string{"gender": "woman"}}, []string{}},
			{"InsideConsensusByParent", ownwords.SearchQuery{Query: "hisbah", InsideCodes: []string{f.section.ID}}, []string{"hisbah"}},
			{"InsideByPath", ownwords.SearchQuery{Query: "hisbah", InsideCodes: []string{"control/religious_police"}}, []string{"hisbah"}},
			{"OutsideConsensus", ownwords.SearchQuery{Query: "hisbah OR food", OutsideCodes: []string{f.section.ID}}, []string{"food", "hisbah"}},
			{"InsideCoderLayer", ownwords.SearchQuery{Query: "hisbah", InsideCodes: []string{f.police.ID}, CoderID: f.coder.ID}, []string{"hisbah"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got := search(t, tc.q)
				if m := matches(got); !slices.Equal(m, tc.want) {
					t.Errorf("matches %q, want %q", m, tc.want)
				}
			})
		}
		t.Run("InsideAndOutsideDifferOnOffsets", func(t *testing.T) {
			in := search(t, ownwords.SearchQuery{Query: "hisbah", InsideCodes: []string{f.police.ID}})
			out := search(t, ownwords.SearchQuery{Query: "hisbah", OutsideCodes: []string{f.police.ID}})
			if len(in) != 1 || len(out) != 1 || in[0] == out[0] {
				t.Fatalf("inside %q, outside %q", in, out)
			}
		})
		t.Run("PagesKeepCountsAndTotal", func(t *testing.T) {
			all, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah OR ecole OR istanbul"})
			must(t, err)
			for _, c := range []struct {
				name     string
				q        ownwords.SearchQuery
				withHits []int // indexes into all.Interviews
			}{
				{"first", ownwords.SearchQuery{Limit: 1}, []int{0}},
				{"second", ownwords.SearchQuery{Limit: 1, Offset: 1}, []int{1}},
				{"last two", ownwords.SearchQuery{Limit: 5, Offset: 1}, []int{1, 2}},
				{"past the end", ownwords.SearchQuery{Limit: 5, Offset: 3}, nil},
				{"counts only", ownwords.SearchQuery{CountsOnly: true}, nil},
			} {
				c.q.StudyID, c.q.Query = f.study.ID, "hisbah OR ecole OR istanbul"
				r, err := st.Search(ctx, c.q)
				must(t, err)
				if len(r.Interviews) != 3 || r.TotalHits != 6 {
					t.Fatalf("%s: %d interviews, %d hits; want 3 and 6", c.name, len(r.Interviews), r.TotalHits)
				}
				var got []int
				for i, iv := range r.Interviews {
					if iv.InterviewID != all.Interviews[i].InterviewID || iv.Count != all.Interviews[i].Count {
						t.Errorf("%s: interview %d is %s with %d hits, want %s with %d", c.name, i, iv.InterviewID, iv.Count,
							all.Interviews[i].InterviewID, all.Interviews[i].Count)
					}
					if len(iv.Hits) > 0 {
						got = append(got, i)
						if len(iv.Hits) != iv.Count {
							t.Errorf("%s: interview %d has %d hits of %d", c.name, i, len(iv.Hits), iv.Count)
						}
					}
				}
				if !slices.Equal(got, c.withHits) {
					t.Errorf("%s: interviews with hits %v, want %v", c.name, got, c.withHits)
				}
			}
			_, err = st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah", Offset: -1})
			wantCode(t, err, ownwords.EINVALID)
		})
		t.Run("InterviewIDsRestrictBeforePaging", func(t *testing.T) {
			const query = "hisbah OR ecole OR istanbul"
			all, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: query})
			must(t, err)
			first, rest := all.Interviews[0], all.Interviews[1:]
			var keep []string
			for _, iv := range rest {
				keep = append(keep, iv.InterviewID)
			}
			for _, c := range []struct {
				name          string
				ids           []string
				limit, offset int
				want          []ownwords.InterviewHits // with hits: the first want[withHits:]
				withHits      []int
			}{
				{"AllButTheBest", keep, 1, 0, rest, []int{0}},
				{"SecondPageOfTheRest", keep, 1, 1, rest, []int{1}},
				{"OnlyTheBest", []string{first.InterviewID, "no-such-interview"}, 20, 0, all.Interviews[:1], []int{0}},
				{"EmptyKeepsNone", []string{}, 20, 0, nil, nil},
			} {
				t.Run(c.name, func(t *testing.T) {
					r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: query, InterviewIDs: c.ids, Limit: c.limit, Offset: c.offset})
					must(t, err)
					total := 0
					for _, iv := range c.want {
						total += iv.Count
					}
					if len(r.Interviews) != len(c.want) || r.TotalHits != total {
						t.Fatalf("%d interviews, %d hits; want %d and %d", len(r.Interviews), r.TotalHits, len(c.want), total)
					}
					var got []int
					for i, iv := range r.Interviews {
						if iv.InterviewID != c.want[i].InterviewID || iv.Count != c.want[i].Count {
							t.Errorf("interview %d is %s with %d hits, want %s with %d", i, iv.InterviewID, iv.Count, c.want[i].InterviewID, c.want[i].Count)
						}
						if len(iv.Hits) > 0 {
							got = append(got, i)
						}
					}
					if !slices.Equal(got, c.withHits) {
						t.Errorf("interviews with hits %v, want %v", got, c.withHits)
					}
				})
			}
			t.Run("WithCodeFilters", func(t *testing.T) {
				r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah OR ecole", OutsideCodes: []string{f.police.ID},
					InterviewIDs: []string{f.ivs["P-F1"].ID}})
				must(t, err)
				if m := matches(hitTexts(t, f, r)); !slices.Equal(m, []string{"École", "école"}) {
					t.Fatalf("matches %q, want only those of the interview kept", m)
				}
			})
		})
		t.Run("ErrInvalidQueryNamesPosition", func(t *testing.T) {
			_, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah )"})
			wantCode(t, err, ownwords.EINVALID)
			if !strings.Contains(ownwords.ErrorMessage(err), "at 8") {
				t.Fatalf("error %q does not name the position", ownwords.ErrorMessage(err))
			}
		})
		t.Run("ErrUnknownCode", func(t *testing.T) {
			_, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah", InsideCodes: []string{"no/such"}})
			wantCode(t, err, ownwords.ENOTFOUND)
		})
		// Filtered searches keep the interviews of a listing kept in
		// memory by their language and their participants' values, read
		// afresh: a write to either shows in the next search (last: it
		// changes the fixture).
		defer t.Run("FiltersFollowWrites", func(t *testing.T) {
			woman := map[string]string{"gender": "woman"}
			if got := search(t, ownwords.SearchQuery{Query: "hisbah", Attributes: woman}); len(got) != 0 {
				t.Fatalf("before: %q", got)
			}
			p := f.parts["P-E1"]
			p.Values = map[string]ownwords.Value{"gender": {Type: ownwords.AttrCategory, Str: "woman"}}
			must(t, st.UpdateParticipant(ctx, p))
			if m := matches(search(t, ownwords.SearchQuery{Query: "hisbah", Attributes: woman})); len(m) == 0 || m[0] != "hisbah" {
				t.Errorf("after P-E1 became a woman: matches %q, want hisbah", m)
			}
			if m := matches(search(t, ownwords.SearchQuery{Query: "hisbah", Attributes: map[string]string{"gender": "man"}})); len(m) != 0 {
				t.Errorf("men after P-E1 became a woman: matches %q", m)
			}
			must(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "origin", Type: ownwords.AttrCategory, Values: []string{"local", "foreign"}}))
			pf := f.parts["P-F1"]
			pf.Values["origin"] = ownwords.Value{Type: ownwords.AttrCategory, Str: "local"}
			must(t, st.UpdateParticipant(ctx, pf))
			for _, c := range []struct {
				attrs map[string]string
				want  []string
			}{
				{map[string]string{"gender": "woman", "origin": "local"}, []string{"École", "école"}},
				{map[string]string{"gender": "man", "origin": "local"}, nil},
				{map[string]string{"gender": "woman", "origin": "foreign"}, nil},
			} {
				if m := matches(search(t, ownwords.SearchQuery{Query: "ecole OR istanbul", Attributes: c.attrs})); !slices.Equal(m, c.want) {
					t.Errorf("%v: matches %q, want %q", c.attrs, m, c.want)
				}
			}
			iv, err := st.Interview(ctx, f.ivs["P-T1"].ID)
			must(t, err)
			iv.Language = "ku"
			must(t, st.UpdateInterview(ctx, iv))
			if m := matches(search(t, ownwords.SearchQuery{Query: "ecole OR istanbul", Language: "tr"})); len(m) != 0 {
				t.Errorf("tr after P-T1's interview became ku: matches %q", m)
			}
			if m := matches(search(t, ownwords.SearchQuery{Query: "ecole OR istanbul", Language: "ku"})); !slices.Equal(m, []string{"ISTANBUL", "İstanbul"}) {
				t.Errorf("ku: matches %q, want P-T1's", m)
			}
		})
		t.Run("CountsOnlyCarriesNoText", func(t *testing.T) {
			// The counts view itself (withheld, perturbed) is the gate's;
			// the store gives a search for counts no text and no offsets.
			full, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah OR ecole"})
			must(t, err)
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "hisbah OR ecole", CountsOnly: true})
			must(t, err)
			raw, err := json.Marshal(r)
			must(t, err)
			for _, word := range []string{"École", "watched", `"match"`, `"before"`, `"start"`} {
				if strings.Contains(string(raw), word) {
					t.Errorf("counts-only result holds %q: %s", word, raw)
				}
			}
			if r.TotalHits != full.TotalHits || len(r.Interviews) != len(full.Interviews) {
				t.Errorf("counts-only result lost counts: %s", raw)
			}
		})
	})
}

// TestSearchIndexMaintenance checks that the index follows every write in
// the same transaction: create, transcript update, delete, participant
// cascade, and a rolled-back Update.
func TestSearchIndexMaintenance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustSearchFixture(t, st)
		count := func(t *testing.T, q string) int {
			t.Helper()
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: q})
			must(t, err)
			return r.TotalHits
		}
		iv := f.ivs["P-T1"]
		iv.Transcript = "P-T1: Ankara'da kaldık.\n"
		f.transcript[iv.Title] = iv.Transcript
		must(t, st.UpdateInterview(ctx, iv))
		if n := count(t, "istanbul"); n != 0 {
			t.Errorf("after update: istanbul has %d hits", n)
		}
		if n := count(t, "ankara"); n != 1 {
			t.Errorf("after update: ankara has %d hits", n)
		}
		must(t, st.DeleteInterview(ctx, f.ivs["P-F1"].ID))
		if n := count(t, "ecole"); n != 0 {
			t.Errorf("after delete: ecole has %d hits", n)
		}
		must(t, st.DeleteParticipant(ctx, f.parts["P-A1"].ID))
		if n := count(t, "الحسبة"); n != 0 {
			t.Errorf("after participant delete: %d hits", n)
		}
		errRollback := fmt.Errorf("roll back")
		err := st.Update(ctx, func(svc ownwords.Services) error {
			must(t, svc.CreateInterview(ctx, &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.parts["P-E1"].ID,
				Title: "rolled back", Transcript: "zanzibar"}))
			if r, err := svc.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: "zanzibar"}); err != nil || r.TotalHits != 1 {
				t.Errorf("inside the transaction: %v, %+v", err, r)
			}
			return errRollback
		})
		if err != errRollback {
			t.Fatal(err)
		}
		if n := count(t, "zanzibar"); n != 0 {
			t.Errorf("after rollback: zanzibar has %d hits", n)
		}
		// No index row outlives its interview.
		db := st.(*sqldb.DB)
		var stale int
		// Nor any word of a replaced or deleted transcript.
		q := `SELECT (SELECT count(*) FROM search_keys) - (SELECT count(*) FROM interviews)
			+ (SELECT count(*) FROM search_marks WHERE doc NOT IN (SELECT doc FROM search_keys))`
		must(t, sqldb.RawForTest(db).QueryRowContext(ctx, q).Scan(&stale))
		stale += staleIndexWords(t, db, nil, "ecole", "istanbul", "الحسبه", "zanzibar")
		if stale != 0 {
			t.Errorf("%d stale index entries", stale)
		}
	})
}

// TestSearchHostileQueries sends queries built to break out of the FTS5 and
// tsquery quoting to both databases: each is either EINVALID or runs.
func TestSearchHostileQueries(t *testing.T) {
	hostile := []string{
		`a" OR "1"="1`, `'; DROP TABLE interviews; --`, `x') | !('y`, `body:secret`, `{body title}: a`,
		`^first`, `a + b`, `a\' & b`, `\\' OR 1=1`, `"a"" b"`, `a:* | b`, `a <-> b`, `a <2> b`, `a & !b`,
		"a\x00b", "NEAR(a b, 1); --", `“a” b„`, `ａ＂ｂ`, `⑴ ﷺ ㏂`, `T`, `"" hisbah`, `*`, `hisbah*"`,
		strings.Repeat("(", 70) + "a" + strings.Repeat(")", 70), "NEAR(a b, 1000000)", `'`, `\`, `:*`,
	}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustSearchFixture(t, st)
		for _, q := range hostile {
			r, err := st.Search(t.Context(), ownwords.SearchQuery{StudyID: f.study.ID, Query: q})
			if err != nil && ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("%q: %v", q, err)
				continue
			}
			if err == nil {
				hitTexts(t, f, r)
			}
		}
		var n int
		must(t, sqldb.RawForTest(st.(*sqldb.DB)).QueryRowContext(t.Context(), `SELECT count(*) FROM interviews`).Scan(&n))
		if n != len(searchCorpus) {
			t.Fatalf("%d interviews left", n)
		}
	})
}

// TestSearchIndexEqualsFind checks the index (counts from search_tf,
// phrases verified and hits placed from search_pos and the marks) against
// text.Find on every transcript, on random corpora and queries: the same
// interviews with the same counts and, for the page, the same KWIC lines.
func TestSearchIndexEqualsFind(t *testing.T) {
	words := []string{"the", "hisbah", "food", "lack", "of", "border", "école", "İstanbul'da", "الحِسْبَةِ",
		"Москве", "crossed", "market", "again", "no", "½"}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		rng := rand.New(rand.NewPCG(3, 5))
		study, transcripts := mustTranscripts(t, st, "Positions", 40, func(int) string {
			var b strings.Builder
			for w := range 50 + rng.IntN(300) {
				if w%40 == 0 {
					b.WriteString("\nP: ")
				}
				b.WriteString(words[rng.IntN(len(words))])
				b.WriteString([]string{" ", " ", ", ", ". "}[rng.IntN(4)])
			}
			return b.String()
		})
		prefixes := sqldb.SearchPrefixesReadForTest()
		defer func() {
			// A page's hits are placed in prefixes of the transcripts
			// where they suffice (text.Marks.Prefix), and equal Find's.
			if sqldb.SearchPrefixesReadForTest() == prefixes {
				t.Error("no transcript was read as a prefix")
			}
		}()
		queries := []string{"hisbah", "istanbul", "ecole", `"lack of food"`, `"the hisb"*`, "mos*", "hisbah OR market",
			"food NOT border", "NEAR(crossed market, 2)", "the NEAR/0 no", `"no again" food`, "(ecole OR москве) the", "1", "zanzibar",
			"h* OR the", "the* NOT (no OR again)", "1 OR 2"}
		leaf := func() string {
			w := words[rng.IntN(len(words)-1)]
			switch rng.IntN(5) {
			case 0:
				r := []rune(w)
				return string(r[:1+rng.IntN(len(r))]) + "*"
			case 1:
				return `"` + w + " " + words[rng.IntN(len(words)-1)] + `"`
			case 2:
				return fmt.Sprintf("NEAR(%s %s, %d)", w, words[rng.IntN(len(words)-1)], rng.IntN(3))
			}
			return w
		}
		for range 60 {
			a, b, c := leaf(), leaf(), leaf()
			ops := []string{" OR ", " NOT ", " AND ", " "}
			queries = append(queries, "("+a+ops[rng.IntN(4)]+b+")"+ops[rng.IntN(4)]+c)
		}
		for _, q := range queries {
			parsed, err := text.ParseQuery(q)
			if err != nil {
				continue // a random query may be malformed (NEAR of a phrase)
			}
			want, total := findCounts(transcripts, parsed)
			for _, page := range [][3]int{{0, 0, 0}, {3, 0, 0}, {4, 5, 0}, {5, 0, 2}} { // limit, offset, hits per interview
				r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: q, Limit: page[0], Offset: page[1], Context: 25,
					HitsPerInterview: page[2]})
				must(t, err)
				got := map[string]int{}
				for _, ih := range r.Interviews {
					got[ih.InterviewID] = ih.Count
					if ih.Hits != nil {
						hits := text.Find(transcripts[ih.InterviewID], parsed)
						if page[2] > 0 {
							hits = hits[:min(len(hits), page[2])]
						}
						if w := kwicHits(transcripts[ih.InterviewID], hits, 25); !reflect.DeepEqual(ih.Hits, w) {
							t.Errorf("%s in %s: hits %+v, Find %+v", q, ih.Title, ih.Hits, w)
						}
					}
				}
				if !reflect.DeepEqual(got, want) || r.TotalHits != total || r.LowerBound || r.Unchecked != 0 {
					t.Errorf("%s: counts %v (total %d, lower bound %v), Find %v (total %d)", q, got, r.TotalHits, r.LowerBound, want, total)
				}
			}
		}
	})
}

// mustTranscripts makes a study of n participants with an interview each,
// of transcript gen(i), and returns it with the transcripts by interview.
func mustTranscripts(t *testing.T, st ownwords.Store, name string, n int, gen func(i int) string) (*ownwords.Study, map[string]string) {
	t.Helper()
	study := sqldbtest.MustStudy(t, st, name)
	transcripts := map[string]string{}
	for i := range n {
		p := &ownwords.Participant{StudyID: study.ID, Code: fmt.Sprintf("P-%02d", i)}
		must(t, st.CreateParticipant(t.Context(), p))
		iv := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: p.Code, Transcript: gen(i)}
		must(t, st.CreateInterview(t.Context(), iv))
		transcripts[iv.ID] = iv.Transcript
	}
	return study, transcripts
}

// findCounts is what a search must find: text.Find's hits by interview,
// and their total.
func findCounts(transcripts map[string]string, q text.Query) (map[string]int, int) {
	want := map[string]int{}
	total := 0
	for id, tr := range transcripts {
		if n := len(text.Find(tr, q)); n > 0 {
			want[id] = n
			total += n
		}
	}
	return want, total
}

// kwicHits are the KWIC lines of hits as a search shows them.
func kwicHits(transcript string, hits []text.Hit, width int) []ownwords.SearchHit {
	var out []ownwords.SearchHit
	for _, l := range text.KWICLines(transcript, hits, width) {
		out = append(out, ownwords.SearchHit{Start: l.Start, End: l.End, Before: l.Before, Match: l.Match, After: l.After})
	}
	return out
}

// Inside one transaction the word counts wait in a buffer: an interview
// created, then deleted or changed, in the same transaction leaves no
// count of its words, even when its index key is reused.
func TestSearchIndexBufferedInTransaction(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "Buffer")
		p := &ownwords.Participant{StudyID: study.ID, Code: "P-1"}
		must(t, st.CreateParticipant(ctx, p))
		must(t, st.Update(ctx, func(svc ownwords.Services) error {
			gone := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: "gone", Transcript: "zanzibar zanzibar"}
			must(t, svc.CreateInterview(ctx, gone))
			must(t, svc.DeleteInterview(ctx, gone.ID))
			kept := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: "kept", Transcript: "ankara"}
			must(t, svc.CreateInterview(ctx, kept))
			changed := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: "changed", Transcript: "zanzibar"}
			must(t, svc.CreateInterview(ctx, changed))
			changed.Transcript = "ankara ankara"
			must(t, svc.UpdateInterview(ctx, changed))
			r, err := svc.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: "ankara OR zanzibar"})
			must(t, err)
			if r.TotalHits != 3 || len(r.Interviews) != 2 {
				t.Errorf("inside the transaction: %+v", r)
			}
			return nil
		}))
		for q, want := range map[string]int{"zanzibar": 0, "ankara": 3} {
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: q})
			must(t, err)
			if r.TotalHits != want {
				t.Errorf("%s: %d hits, want %d", q, r.TotalHits, want)
			}
		}
		if left := staleIndexWords(t, st.(*sqldb.DB), nil, "zanzibar"); left != 0 {
			t.Errorf("%d index rows of zanzibar left", left)
		}
	})
}

// A phrase search verifies candidates (interviews holding every word) in
// rank order until its page is full and then within a budget: LowerBound
// is set exactly when candidates were left unchecked, Unchecked counts
// them, and the totals are those of the checked ones. Counts-only and
// Exact searches check every candidate.
func TestSearchPhraseBudget(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "Budget")
		phrase, words := 0, 0
		for i := range 30 {
			tr := fmt.Sprintf("interview %d: food, lack of it, and more", i) // the words, not the phrase
			if i%3 == 0 {
				tr = fmt.Sprintf("interview %d: the lack of food", i)
				phrase++
			} else {
				words++
			}
			p := &ownwords.Participant{StudyID: study.ID, Code: fmt.Sprintf("P-%02d", i)}
			must(t, st.CreateParticipant(ctx, p))
			must(t, st.CreateInterview(ctx, &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: p.Code, Transcript: tr}))
		}
		for _, tc := range []struct {
			budget, limit     int
			exact, countsOnly bool
		}{
			{0, 2, false, false}, {5, 2, false, false}, {100, 2, false, false}, {0, 100, false, false},
			{0, 2, true, false}, {0, 2, false, true}, {3, 1, false, false},
		} {
			restore := sqldb.SetVerifyBudgetForTest(tc.budget)
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: `"lack of food"`, Limit: tc.limit,
				Exact: tc.exact, CountsOnly: tc.countsOnly})
			restore()
			must(t, err)
			checked := len(r.Interviews) // every match is an interview of one hit
			if r.TotalHits != checked {
				t.Errorf("%+v: %d hits in %d interviews", tc, r.TotalHits, checked)
			}
			if r.LowerBound != (r.Unchecked > 0) {
				t.Errorf("%+v: lower bound %v with %d unchecked", tc, r.LowerBound, r.Unchecked)
			}
			if !r.LowerBound && checked != phrase {
				t.Errorf("%+v: %d interviews, want all %d", tc, checked, phrase)
			}
			if r.LowerBound && (checked < min(tc.limit, phrase) || checked >= phrase || r.Unchecked > phrase+words-checked) {
				t.Errorf("%+v: %d interviews, %d unchecked of %d candidates", tc, checked, r.Unchecked, phrase+words)
			}
			if (tc.exact || tc.countsOnly || tc.budget >= phrase+words) && r.LowerBound {
				t.Errorf("%+v: a lower bound", tc)
			}
			if tc.budget == 0 && tc.limit == 2 && !tc.exact && !tc.countsOnly && !r.LowerBound {
				t.Errorf("%+v: every candidate checked without budget", tc)
			}
		}
	})
}

// staleIndexWords counts the words of the search index (count and
// positions rows, decoded) that a test wants gone: those of an interview
// without an index key, of the index keys docs, or any of words.
func staleIndexWords(t *testing.T, db *sqldb.DB, docs map[int64]bool, words ...string) int {
	t.Helper()
	live := map[int64]bool{}
	rows, err := sqldb.RawForTest(db).QueryContext(t.Context(), `SELECT doc FROM search_keys`)
	must(t, err)
	for rows.Next() {
		var doc int64
		must(t, rows.Scan(&doc))
		live[doc] = true
	}
	must(t, rows.Err())
	rows.Close()
	all, err := sqldb.IndexWordsForTest(t.Context(), db)
	must(t, err)
	n := 0
	for _, w := range all {
		if !live[w.Doc] || docs[w.Doc] || slices.Contains(words, w.Term) {
			t.Logf("left in %s: %q of index key %d", w.Table, w.Term, w.Doc)
			n++
		}
	}
	return n
}

// TestSearchChunkRebuild imports interviews in one transaction (their
// counts are one chunk: one search_tf row per word, 00018) and then
// deletes, re-indexes and adds some: deleting or re-indexing one
// interview of a chunk deletes every count row of the chunk at once (no
// word of the old transcript is left, whatever comes next), and the
// chunk's other interviews get their counts back from their positions
// before the next search, in another transaction or in the same.
func TestSearchChunkRebuild(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		db := st.(*sqldb.DB)
		study := sqldbtest.MustStudy(t, st, "Chunks")
		texts := map[string]string{
			"A": "zanzibar alpha",
			"B": "alpha beta alpha",
			"C": "alpha gamma. Beta!",
			"D": "delta alpha alpha alpha",
		}
		var ivs map[string]*ownwords.Interview
		must(t, st.Update(ctx, func(tx ownwords.Services) error {
			ivs = addInterviews(t, tx, study.ID, texts)
			return nil
		}))
		rows := func(term string) int {
			t.Helper()
			var n int
			must(t, sqldb.RawForTest(db).QueryRowContext(ctx, `SELECT count(*) FROM search_tf WHERE term = $1`, term).Scan(&n))
			return n
		}
		if n := rows("alpha"); n != 1 {
			t.Errorf("alpha in four interviews written together: %d count rows, want 1 (one chunk)", n)
		}
		check := func(t *testing.T, svc ownwords.Services, when string) {
			t.Helper()
			searchMatchesTexts(t, svc, study.ID, texts, when)
		}
		check(t, st, "imported")
		must(t, st.DeleteInterview(ctx, ivs["A"].ID))
		delete(texts, "A")
		// Before any search rebuilds the chunk: nothing of A is left.
		if left := staleIndexWords(t, db, nil, "zanzibar"); left != 0 {
			t.Errorf("after deleting A: %d words of its transcript left", left)
		}
		check(t, st, "A deleted")
		ivs["B"].Transcript, texts["B"] = "epsilon alpha", "epsilon alpha"
		must(t, st.UpdateInterview(ctx, ivs["B"]))
		check(t, st, "B replaced")
		must(t, st.Update(ctx, func(tx ownwords.Services) error {
			must(t, tx.DeleteInterview(ctx, ivs["C"].ID))
			delete(texts, "C")
			check(t, tx, "C deleted in a transaction")
			return nil
		}))
		check(t, st, "C deleted")
		if left := staleIndexWords(t, db, nil, "zanzibar", "gamma", "beta"); left != 0 {
			t.Errorf("%d words of deleted or replaced transcripts left", left)
		}
		// The listing a search keeps follows renamed interviews and
		// participants.
		d, err := st.Interview(ctx, ivs["D"].ID)
		must(t, err)
		d.Title = "D renamed"
		must(t, st.UpdateInterview(ctx, d))
		p, err := st.Participant(ctx, d.ParticipantID)
		must(t, err)
		p.Code = "PD"
		must(t, st.UpdateParticipant(ctx, p))
		r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: "delta"})
		must(t, err)
		if len(r.Interviews) != 1 || r.Interviews[0].Title != "D renamed" || r.Interviews[0].ParticipantCode != "PD" {
			t.Errorf("after renaming: %+v", r.Interviews)
		}
	})
}

// searchMatchesTexts checks that exact searches of the study find in each
// interview (by title) what text.Find finds in its transcript (texts: title
// → transcript).
func searchMatchesTexts(t *testing.T, svc ownwords.Services, studyID string, texts map[string]string, when string) {
	t.Helper()
	ctx := t.Context()
	for _, q := range []string{"alpha", "beta", "zanzibar", "gamma", "delta", "alp*", `"alpha beta"`, "alpha AND NOT beta", "epsilon"} {
		parsed, err := text.ParseQuery(q)
		must(t, err)
		want := map[string]int{}
		for code, tr := range texts {
			if n := len(text.Find(tr, parsed)); n > 0 {
				want[code] = n
			}
		}
		r, err := svc.Search(ctx, ownwords.SearchQuery{StudyID: studyID, Query: q, Exact: true})
		must(t, err)
		got := map[string]int{}
		for _, ih := range r.Interviews {
			got[ih.Title] = ih.Count
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s: %v, want %v", when, q, got, want)
		}
	}
}

// TestPackedChunksOfOneTransaction writes, in one transaction, more
// interviews than the count buffer holds (several chunks packed, all
// written in key order before COMMIT), deleting and replacing interviews
// after their chunk was packed and searching in the middle: the searches
// count right inside and after the transaction, every interview's key
// names its chunk, each word has one count row per chunk, and no word of
// a deleted or replaced transcript is written.
func TestPackedChunksOfOneTransaction(t *testing.T) {
	defer sqldb.SetCountBufferRowsForTest(4)()
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		db := st.(*sqldb.DB)
		study := sqldbtest.MustStudy(t, st, "Packed chunks")
		texts := map[string]string{
			"A": "zanzibar alpha",
			"B": "alpha beta alpha",
			"C": "alpha gamma. Beta!",
			"D": "delta alpha alpha alpha",
			"E": "alpha epsilon beta",
			"F": "beta beta delta",
		}
		must(t, st.Update(ctx, func(tx ownwords.Services) error {
			ivs := addInterviews(t, tx, study.ID, texts)
			must(t, tx.DeleteInterview(ctx, ivs["A"].ID)) // packed with B (4 rows)
			delete(texts, "A")
			ivs["C"].Transcript, texts["C"] = "epsilon alpha", "epsilon alpha"
			must(t, tx.UpdateInterview(ctx, ivs["C"]))
			searchMatchesTexts(t, tx, study.ID, texts, "inside the transaction")
			more := map[string]string{"G": "alpha gword beta", "H": "alpha hword beta"}
			addInterviews(t, tx, study.ID, more)
			maps.Copy(texts, more)
			must(t, tx.DeleteInterview(ctx, ivs["F"].ID))
			delete(texts, "F")
			return nil
		}))
		searchMatchesTexts(t, st, study.ID, texts, "committed")
		raw := sqldb.RawForTest(db)
		var unplaced, chunks, alphaRows int
		must(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM search_keys WHERE chunk IS NULL`).Scan(&unplaced))
		must(t, raw.QueryRowContext(ctx, `SELECT count(DISTINCT chunk) FROM search_keys`).Scan(&chunks))
		must(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM search_tf WHERE term = 'alpha'`).Scan(&alphaRows))
		if unplaced != 0 || chunks < 3 || alphaRows != chunks {
			t.Errorf("%d keys without a chunk, %d chunks, %d count rows of alpha (in every interview): want 0, at least 3, one per chunk", unplaced, chunks, alphaRows)
		}
		if left := staleIndexWords(t, db, nil, "zanzibar", "gamma"); left != 0 {
			t.Errorf("%d words of deleted or replaced transcripts written", left)
		}
	})
}

// addInterviews creates a participant and an interview for each code of
// texts (code → transcript), in code order, titled by the code.
func addInterviews(t *testing.T, tx ownwords.Services, studyID string, texts map[string]string) map[string]*ownwords.Interview {
	t.Helper()
	ivs := map[string]*ownwords.Interview{}
	for _, code := range sortedCodes(texts) {
		p := &ownwords.Participant{StudyID: studyID, Code: code}
		must(t, tx.CreateParticipant(t.Context(), p))
		ivs[code] = &ownwords.Interview{StudyID: studyID, ParticipantID: p.ID, Title: code, Transcript: texts[code]}
		must(t, tx.CreateInterview(t.Context(), ivs[code]))
	}
	return ivs
}

func sortedCodes(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestSearchChunkRebuildConcurrent deletes interviews of one chunk while
// searches rebuild it at once (PostgreSQL runs write transactions
// concurrently): every search counts right, and no word of a deleted
// transcript is left in the index.
func TestSearchChunkRebuildConcurrent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "Concurrent chunks")
		var ivs []*ownwords.Interview
		must(t, st.Update(ctx, func(tx ownwords.Services) error {
			for i := range 12 {
				p := &ownwords.Participant{StudyID: study.ID, Code: fmt.Sprintf("C%02d", i)}
				must(t, tx.CreateParticipant(ctx, p))
				iv := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: p.Code,
					Transcript: fmt.Sprintf("common word%d common", i)}
				must(t, tx.CreateInterview(ctx, iv))
				ivs = append(ivs, iv)
			}
			return nil
		}))
		var wg sync.WaitGroup
		for i := range 4 { // each deletion makes the chunk stale again
			// t.Error, not must: t.Fatal may not be called from another goroutine.
			wg.Go(func() {
				if err := st.DeleteInterview(ctx, ivs[i].ID); err != nil {
					t.Error(err)
				}
			})
			wg.Go(func() {
				if _, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: "common"}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: "common", Exact: true})
		must(t, err)
		if len(r.Interviews) != 8 || r.TotalHits != 16 {
			t.Errorf("after deleting 4 of 12: %d interviews, %d hits, want 8 and 16", len(r.Interviews), r.TotalHits)
		}
		if left := staleIndexWords(t, st.(*sqldb.DB), nil, "word0", "word1", "word2", "word3"); left != 0 {
			t.Errorf("%d words of deleted transcripts left", left)
		}
	})
}

// TestPackedChunkOfReindexedNewestInterview: in one transaction an
// interview's counts are packed (the buffer is full) and then its
// transcript is replaced — a redaction, a purge. SQLite gives the new
// index key the rowid the old one had when it was the newest, so the
// packed chunk's key still names the same interview: no count of the
// replaced transcript may be written for it (a counts-only search would
// otherwise still find the redacted word in the interview).
func TestPackedChunkOfReindexedNewestInterview(t *testing.T) {
	defer sqldb.SetCountBufferRowsForTest(1)()
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		db := st.(*sqldb.DB)
		study := sqldbtest.MustStudy(t, st, "Packed then redacted")
		texts := map[string]string{"A": "alpha beta", "B": "zanzibar alpha"}
		must(t, st.Update(ctx, func(tx ownwords.Services) error {
			ivs := addInterviews(t, tx, study.ID, texts) // B last: its key is the newest
			ivs["B"].Transcript, texts["B"] = "alpha delta", "alpha delta"
			return tx.UpdateInterview(ctx, ivs["B"])
		}))
		searchMatchesTexts(t, st, study.ID, texts, "committed")
		for _, exact := range []bool{false, true} {
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: study.ID, Query: "zanzibar", Exact: exact, CountsOnly: true})
			must(t, err)
			if len(r.Interviews) != 0 {
				t.Errorf("counts-only search (exact %v) for the replaced word: %+v", exact, r.Interviews)
			}
		}
		if left := staleIndexWords(t, db, nil, "zanzibar"); left != 0 {
			t.Errorf("%d words of the replaced transcript written", left)
		}
	})
}
