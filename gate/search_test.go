package gate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"ownwords"
)

// TestSearchByRole runs searches as every role: owners and coders get
// hits, analysts and viewers totals (withheld below k) and only the
// filters their role allows, the public nothing. Each search that runs is
// audited with its view and without its query.
func TestSearchByRole(t *testing.T) {
	type want struct {
		code    string // error code, "" for none
		hits    int    // hits (text); for counts 1 shown (perturbed), -1 withheld
		text    bool
		blind   int
		noQuery bool
		by      string // the breakdown as "label:n …" (text), "label …" (counts) or "withheld"
	}
	tests := []struct {
		name string
		req  SearchRequest
		want map[string]want
	}{
		{"PlainQuery", SearchRequest{Query: "hisbah"}, map[string]want{
			"owner": {hits: 6, text: true}, "coder": {hits: 6, text: true}, "analyst": {hits: 1}, "viewer": {hits: 1},
			"public": {code: ownwords.EUNAUTHORIZED}}},
		{"CountsWithheldBelowK", SearchRequest{Query: "TEXT-01"}, map[string]want{
			"owner": {hits: 1, text: true}, "coder": {hits: 1, text: true}, "analyst": {hits: -1}, "viewer": {hits: -1},
			"public": {code: ownwords.EUNAUTHORIZED}}},
		// Three participants match (≥ k = 2), but each term alone rests on
		// one: withheld, or "X OR name" would probe for a name.
		{"CountsWithheldForASmallTerm", SearchRequest{Query: "TEXT-01 OR TEXT-02 OR TEXT-03"}, map[string]want{
			"owner": {hits: 3, text: true}, "analyst": {hits: -1}, "viewer": {hits: -1}}},
		{"CountsWithheldForASmallTermBesideACommonOne", SearchRequest{Query: "hisbah OR TEXT-01"}, map[string]want{
			"owner": {hits: 7, text: true}, "analyst": {hits: -1}, "viewer": {hits: -1}}},
		// A prefix is an OR of the words it begins: "0*" matches many
		// participants, but each of its words (01, 02, …) one.
		{"CountsWithheldForAPrefixOfRareWords", SearchRequest{Query: "0*"}, map[string]want{
			"analyst": {hits: -1}, "viewer": {hits: -1}}},
		{"CountsWithheldForAPrefixOfRareWordsInAPhrase", SearchRequest{Query: `"text 0"*`}, map[string]want{
			"analyst": {hits: -1}, "viewer": {hits: -1}}},
		{"CountsOfAPrefixOfCommonWords", SearchRequest{Query: "hisb*"}, map[string]want{
			"analyst": {hits: 1}, "viewer": {hits: 1}}},
		// Two common words that make a rare name together are one operand.
		{"CountsWithheldForASmallAnd", SearchRequest{Query: "hisbah OR (text AND 01)"}, map[string]want{
			"owner": {hits: 9, text: true}, "analyst": {hits: -1}, "viewer": {hits: -1}}},
		{"CountsWithheldForASmallNear", SearchRequest{Query: "hisbah OR NEAR(text 01, 0)"}, map[string]want{
			"owner": {hits: 8, text: true}, "analyst": {hits: -1}, "viewer": {hits: -1}}},
		// An operand is counted with the query's code filter: food is said
		// by all, but inside no passage coded family.
		{"CountsWithheldForAnOperandSmallInsideTheCode", SearchRequest{Query: "hisbah OR food", Inside: []string{"influences/family"}}, map[string]want{
			"owner": {hits: 6, text: true}, "analyst": {hits: -1}}},
		{"CountsOfCommonTerms", SearchRequest{Query: "hisbah AND (food OR came)"}, map[string]want{
			"owner": {hits: 18, text: true}, "analyst": {hits: 1}, "viewer": {hits: 1}}},
		// Roles with counts only may not slice the study (all minus men
		// is women) or leave anything out (X NOT Y counts the Y).
		{"CategoryFilter", SearchRequest{Query: "hisbah", Attributes: map[string]string{"gender": "man"}}, map[string]want{
			"owner": {hits: 2, text: true}, "coder": {hits: 2, text: true}, "analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN},
			"public": {code: ownwords.EUNAUTHORIZED}}},
		{"YesNoFilterAsTyped", SearchRequest{Query: "hisbah", Attributes: map[string]string{"returned": "yes"}}, map[string]want{
			"owner": {hits: 2, text: true}, "analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN}}},
		{"IdentifierFilter", SearchRequest{Query: "hisbah", Attributes: map[string]string{"alias": "Umm 01"}}, map[string]want{
			// A coder's tier (limited) leaves identifiers out: a search by
			// a name would tie it to the participant code beside each hit.
			"owner": {hits: 1, text: true}, "coder": {code: ownwords.EFORBIDDEN},
			"analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN}, "public": {code: ownwords.EUNAUTHORIZED}}},
		{"FreeTextFilter", SearchRequest{Query: "hisbah", Attributes: map[string]string{"notes": "NOTE"}}, map[string]want{
			"owner": {hits: 6, text: true}, "analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN}}},
		{"ErrUnknownAttribute", SearchRequest{Query: "hisbah", Attributes: map[string]string{"age": "40"}}, map[string]want{
			"owner": {code: ownwords.EINVALID}, "analyst": {code: ownwords.EFORBIDDEN}}},
		{"ErrBadValue", SearchRequest{Query: "hisbah", Attributes: map[string]string{"returned": "maybe"}}, map[string]want{
			"owner": {code: ownwords.EINVALID}, "analyst": {code: ownwords.EFORBIDDEN}}},
		{"LanguageFilter", SearchRequest{Query: "hisbah", Language: "en"}, map[string]want{
			"owner": {hits: 6, text: true}, "coder": {hits: 6, text: true}, "analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN}}},
		{"Negation", SearchRequest{Query: "hisbah NOT TEXT-01"}, map[string]want{
			"owner": {hits: 5, text: true}, "coder": {hits: 5, text: true}, "analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN}}},
		{"NegationNested", SearchRequest{Query: "food (hisbah OR (came AND NOT TEXT-01))"}, map[string]want{
			"owner": {hits: 17, text: true}, "analyst": {code: ownwords.EFORBIDDEN}}},
		{"OutsideForCounts", SearchRequest{Query: "hisbah", Outside: []string{"influences/online"}}, map[string]want{
			"analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN}}},
		// A breakdown is a full partition: exact for roles with text,
		// rounded and all or nothing for the others.
		{"ByGender", SearchRequest{Query: "hisbah", By: "gender"}, map[string]want{
			"owner": {hits: 6, text: true, by: "man:2 woman:4"}, "coder": {hits: 6, text: true, by: "man:2 woman:4"},
			"analyst": {hits: 1, by: "man woman"}, "viewer": {code: ownwords.EFORBIDDEN},
			"public": {code: ownwords.EUNAUTHORIZED}}},
		{"ByGenderRounded", SearchRequest{Query: "TEXT-01 OR TEXT-02 OR TEXT-03 OR TEXT-04 OR TEXT-05", By: "gender"}, map[string]want{
			"owner": {hits: 5, text: true, by: "man:2 woman:3"}, "analyst": {hits: -1, by: "withheld"}}},
		{"ByGenderWithheldWhenAPartIsSmall", SearchRequest{Query: "TEXT-01 OR TEXT-02 OR TEXT-03", By: "gender"}, map[string]want{
			"owner": {hits: 3, text: true, by: "man:1 woman:2"}, "analyst": {hits: -1, by: "withheld"},
			"viewer": {code: ownwords.EFORBIDDEN}}},
		{"ByWithheldWithTheTotal", SearchRequest{Query: "TEXT-01", By: "gender"}, map[string]want{
			"owner": {hits: 1, text: true, by: "man:0 woman:1"}, "analyst": {hits: -1, by: "withheld"}}},
		{"ByYesNo", SearchRequest{Query: "hisbah", By: "returned"}, map[string]want{
			"owner": {hits: 6, text: true, by: "yes:2 no:4"}, "analyst": {hits: 1, by: "yes no"}}},
		{"ErrByIdentifier", SearchRequest{Query: "hisbah", By: "alias"}, map[string]want{
			"owner": {hits: 6, text: true, by: "Umm 01:1 Umm 02:1 Umm 03:1 Umm 04:1 Umm 05:1 Umm 06:1"},
			"coder": {code: ownwords.EFORBIDDEN}, "analyst": {code: ownwords.EFORBIDDEN}, "viewer": {code: ownwords.EFORBIDDEN}}},
		{"ErrByNumber", SearchRequest{Query: "hisbah", By: "intake"}, map[string]want{
			"owner": {code: ownwords.EINVALID}, "analyst": {code: ownwords.EINVALID}}},
		{"ErrByUnknown", SearchRequest{Query: "hisbah", By: "age"}, map[string]want{
			"owner": {code: ownwords.EINVALID}, "analyst": {code: ownwords.EINVALID}}},
		{"ErrMalformedQuery", SearchRequest{Query: `"hisbah`}, map[string]want{
			"owner": {code: ownwords.EINVALID, noQuery: true}, "viewer": {code: ownwords.EINVALID, noQuery: true}}},
		{"ConsensusCodeFilter", SearchRequest{Query: "hisbah", Inside: []string{"influences/family"}}, map[string]want{
			"owner": {hits: 6, text: true}, "coder": {hits: 3, text: true, blind: 3}, "analyst": {hits: 1},
			"viewer": {code: ownwords.EFORBIDDEN}, "public": {code: ownwords.EUNAUTHORIZED}}},
		{"OtherCodersLayer", SearchRequest{Query: "hisbah", Inside: []string{"influences/online"}, Coder: "coder2"}, map[string]want{
			"owner": {hits: 6, text: true}, "coder": {hits: 3, text: true, blind: 3}, "analyst": {hits: 1}}},
		{"OwnLayer", SearchRequest{Query: "food", Inside: []string{"influences/online"}, Coder: "coder"}, map[string]want{
			"owner": {hits: 6, text: true}, "coder": {hits: 6, text: true}}},
		{"OutsideConsensus", SearchRequest{Query: "hisbah OR food", Outside: []string{"influences/family"}}, map[string]want{
			"owner": {hits: 6, text: true}, "coder": {hits: 3, text: true, blind: 3}}},
		{"ErrUnknownCoder", SearchRequest{Query: "hisbah", Inside: []string{"influences/family"}, Coder: "analyst"}, map[string]want{
			"owner": {code: ownwords.EINVALID}, "coder": {code: ownwords.EINVALID}}},
		{"ErrUnknownCode", SearchRequest{Query: "hisbah", Inside: []string{"influences/nope"}}, map[string]want{
			"owner": {code: ownwords.ENOTFOUND}, "coder": {code: ownwords.ENOTFOUND}}},
	}
	eachListing(t, func(t *testing.T, f *listingFixture) {
		for _, tt := range tests {
			for _, role := range listingRoles {
				w, ok := tt.want[role]
				if !ok {
					continue
				}
				t.Run(tt.name+"/"+role, func(t *testing.T) {
					newAudits := f.auditsSince(t, "search")
					out, err := f.g.Search(t.Context(), f.caller(role), tt.req)
					if refused(t, err, w.code, newAudits) {
						return
					}
					audits := newAudits()
					view := "counts"
					if w.text {
						view = "text"
					}
					if len(audits) != 1 || audits[0] != role+" search "+view {
						t.Errorf("audit entries %q, want one %q", audits, role+" search "+view)
					}
					if (out.Result != nil) != w.text || (out.Counts != nil) == w.text {
						t.Fatalf("result %v, counts %v; want text %v", out.Result != nil, out.Counts != nil, w.text)
					}
					if out.Blind != w.blind {
						t.Errorf("blind %d, want %d", out.Blind, w.blind)
					}
					got := -1
					if w.text {
						got = out.Result.TotalHits
					} else if !out.Counts.Withheld {
						// Perturbed: shown (1), never below k.
						got = 1
						if c := out.Counts; !c.Approximate || *c.Participants < f.study.Settings.DisclosureK {
							t.Errorf("participants %d, approximate %v", *c.Participants, c.Approximate)
						}
					}
					if got != w.hits {
						t.Errorf("hits %d, want %d", got, w.hits)
					}
					describe := describeBreakdown
					if !w.text {
						describe = describeBreakdownLabels
					}
					if got := describe(out.By); got != w.by {
						t.Errorf("breakdown %q, want %q", got, w.by)
					}
					if !w.text && out.Counts.By != out.By {
						t.Errorf("counts carry breakdown %v, outcome %v", out.Counts.By, out.By)
					}
					raw, err := json.Marshal(out.JSON())
					fatalIf(t, err)
					if !w.text && (strings.Contains(string(raw), "every day") || strings.Contains(string(raw), "Interview 0") ||
						strings.Contains(string(raw), "P-0") || strings.Contains(string(raw), "interview_id")) {
						t.Errorf("counts view carries text or who: %s", raw)
					}
				})
			}
		}
	})
}

// TestSearchBlindCodingPages: a coder's search with code filters on the
// consensus covers only interviews whose comparison is open, and its
// pages are pages of those: every page full, every interview once, the
// blind ones never, whatever the page size.
func TestSearchBlindCodingPages(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		open := map[string]bool{f.ivs[0].ID: true, f.ivs[2].ID: true, f.ivs[4].ID: true}
		var seen []string
		for offset := 0; offset < 4; offset++ {
			out, err := f.g.Search(t.Context(), f.caller("coder"), SearchRequest{Query: "hisbah", Inside: []string{"influences/family"}, Limit: 1, Offset: offset})
			fatalIf(t, err)
			if len(out.Result.Interviews) != 3 || out.Result.TotalHits != 3 || out.Blind != 3 {
				t.Fatalf("offset %d: %d interviews, %d hits, blind %d; want 3, 3, 3", offset, len(out.Result.Interviews), out.Result.TotalHits, out.Blind)
			}
			for _, ih := range out.Result.Interviews {
				if !open[ih.InterviewID] {
					t.Fatalf("offset %d: blind interview %s listed", offset, ih.Title)
				}
				if len(ih.Hits) > 0 {
					seen = append(seen, ih.InterviewID)
				}
			}
		}
		slices.Sort(seen)
		want := []string{f.ivs[0].ID, f.ivs[2].ID, f.ivs[4].ID}
		slices.Sort(want)
		if !slices.Equal(seen, want) {
			t.Errorf("pages showed %v, want each open interview once: %v", seen, want)
		}
	})
}

// TestSearchAllHitsOf: SearchRequest.AllHitsOf gives a role that sees
// text every hit of that interview (up to AllHitsMax) and the others'
// first HitsPerInterview; a role without text gets its counts only,
// whatever it names.
func TestSearchAllHitsOf(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		// Every transcript holds each word once: three hits an interview.
		req := SearchRequest{Query: "hisbah OR food OR came", HitsPerInterview: 1, AllHitsOf: f.ivs[0].ID, AllHitsMax: 500}
		for _, role := range []string{"owner", "coder", "analyst", "viewer"} {
			t.Run(role, func(t *testing.T) {
				out, err := f.g.Search(t.Context(), f.caller(role), req)
				fatalIf(t, err)
				if role == "analyst" || role == "viewer" {
					raw, err := json.Marshal(out.JSON())
					fatalIf(t, err)
					if out.Result != nil || out.Counts == nil || strings.Contains(string(raw), "every day") || strings.Contains(string(raw), "interview_id") {
						t.Errorf("%s got more than counts: %s", role, raw)
					}
					return
				}
				if len(out.Result.Interviews) != len(f.ivs) {
					t.Fatalf("%d interviews, want %d", len(out.Result.Interviews), len(f.ivs))
				}
				for _, ih := range out.Result.Interviews {
					want := 1
					if ih.InterviewID == f.ivs[0].ID {
						want = 3
					}
					if ih.Count != 3 || len(ih.Hits) != want {
						t.Errorf("%s: %d hits of %d listed, want %d of 3", ih.Title, len(ih.Hits), ih.Count, want)
					}
				}
			})
		}
	})
}

// TestSearchCodedPassage: the confirmation after "code this passage" shows
// the caller's own coder-layer segment and nothing for anyone else's.
func TestSearchCodedPassage(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		segs, err := f.st.Segments(t.Context(), ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.ivs[1].ID})
		fatalIf(t, err)
		for _, seg := range segs {
			mine := seg.Layer == ownwords.LayerCoder && seg.CoderID == f.users[ownwords.RoleCoder].ID
			out, err := f.g.Search(t.Context(), f.caller("coder"), SearchRequest{Query: "hisbah", Coded: seg.ID})
			fatalIf(t, err)
			if (out.Coded != nil) != mine {
				t.Errorf("segment %s (%s of %s): confirmation %+v", seg.ID, seg.Layer, seg.CoderID, out.Coded)
			}
			if mine && (out.Coded.Text != "no food" || out.Coded.Path != "influences/online" || out.Coded.Title != "Interview 02") {
				t.Errorf("confirmation %+v", out.Coded)
			}
		}
	})
}

// TestSearchChoices: the form offers each role only the filters it may
// use; viewers never learn which values participants have.
func TestSearchChoices(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		for _, tt := range []struct {
			role      string
			code      string
			filters   string
			by        string
			codes     bool
			exclude   bool
			languages string
		}{
			{"owner", "", "[gender:man,woman origin:foreign,local status:defector,prisoner,returnee returned:true,false alias:Umm 01,Umm 02,Umm 03,Umm 04,Umm 05,Umm 06]",
				"[gender:man,woman origin:foreign,local status:defector,prisoner,returnee returned:true,false alias:Umm 01,Umm 02,Umm 03,Umm 04,Umm 05,Umm 06]", true, true, "[en]"},
			{"coder", "", "[gender:man,woman origin:foreign,local status:defector,prisoner,returnee returned:true,false]",
				"[gender:man,woman origin:foreign,local status:defector,prisoner,returnee returned:true,false]", true, true, "[en]"},
			{"analyst", "", "[]", "[gender:man,woman origin:foreign,local status:defector,prisoner,returnee returned:true,false]", true, false, "[]"},
			{"viewer", "", "[]", "[]", false, false, "[]"},
			{"public", ownwords.EUNAUTHORIZED, "", "", false, false, ""},
		} {
			t.Run(tt.role, func(t *testing.T) {
				ch, err := f.g.SearchChoices(t.Context(), f.caller(tt.role))
				wantErrCode(t, err, tt.code)
				if err != nil {
					return
				}
				var fs []string
				for _, af := range ch.Filters {
					fs = append(fs, af.Slug+":"+strings.Join(af.Choices, ","))
				}
				if got := fmt.Sprint(fs); got != tt.filters {
					t.Errorf("filters %s, want %s", got, tt.filters)
				}
				var by []string
				for _, af := range ch.By {
					by = append(by, af.Slug+":"+strings.Join(af.Choices, ","))
				}
				if got := fmt.Sprint(by); got != tt.by {
					t.Errorf("by %s, want %s", got, tt.by)
				}
				if got := fmt.Sprint(ch.Languages); ch.Exclude != tt.exclude || got != tt.languages {
					t.Errorf("exclude %v, languages %s; want %v, %s", ch.Exclude, got, tt.exclude, tt.languages)
				}
				if ch.CodeFilters != tt.codes || (ch.Codebook != nil) != tt.codes || (len(ch.Coders) > 0) != tt.codes {
					t.Errorf("code filters %v, codebook %v, coders %v; want %v", ch.CodeFilters, ch.Codebook != nil, ch.Coders, tt.codes)
				}
			})
		}
	})
}

// describeBreakdown writes b as "label:n …", "withheld" or "".
func describeBreakdown(b *ownwords.SearchBreakdown) string {
	switch {
	case b == nil:
		return ""
	case b.Withheld:
		return "withheld"
	}
	var parts []string
	for _, g := range b.Groups {
		parts = append(parts, fmt.Sprintf("%s:%d", g.Label, g.Participants))
	}
	return strings.Join(parts, " ")
}

// describeBreakdownLabels writes b as "label …" (its counts are
// perturbed), "withheld" or "".
func describeBreakdownLabels(b *ownwords.SearchBreakdown) string {
	if b == nil || b.Withheld {
		return describeBreakdown(b)
	}
	var parts []string
	for _, g := range b.Groups {
		if !b.Approximate || g.Participants < 2 {
			return fmt.Sprintf("%s: %d participants, approximate %v", g.Label, g.Participants, b.Approximate)
		}
		parts = append(parts, g.Label)
	}
	return strings.Join(parts, " ")
}

// TestSearchTimeLimit: a search that runs past the gate's time limit is
// stopped and answered with an EINVALID error saying so, for every role
// that may search; within the limit the same search answers.
func TestSearchTimeLimit(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		for _, role := range []string{"owner", "analyst"} {
			f.g.SetSearchLimit(time.Nanosecond)
			_, err := f.g.Search(t.Context(), f.caller(role), SearchRequest{Query: "hisbah OR food"})
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(ownwords.ErrorMessage(err), "stopped after") {
				t.Errorf("%s, limit 1 ns: %v, want EINVALID saying the search was stopped", role, err)
			}
			f.g.SetSearchLimit(0)
			if _, err := f.g.Search(t.Context(), f.caller(role), SearchRequest{Query: "hisbah OR food"}); err != nil {
				t.Errorf("%s, default limit: %v", role, err)
			}
		}
	})
}
