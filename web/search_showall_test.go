package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// hitBlocks returns the hit blocks of a search page by interview ID: each
// article's markup, from its start tag to its end.
func hitBlocks(body string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(body, `<article class="hits" id="hits-`)[1:] {
		id, rest, _ := strings.Cut(part, `"`)
		block, _, _ := strings.Cut(rest, "</article>")
		out[id] = block
	}
	return out
}

// pageAddresses matches every address a page holds (href, action,
// formaction, src) and the search form's hidden back field.
var pageAddresses = regexp.MustCompile(`(?:href|action|formaction|src)="([^"]*)"|name="back" value="([^"]*)"`)

// TestSearchShowAll: the search page lists the first searchHitsShown hits
// of each interview, and under one with more a link that reloads the
// same kept search and page with all its hits listed (up to
// searchHitsAll), scrolled to its block; an interview ID that is not
// listed on the page is ignored. No address of the page carries the
// query. Coding a hit of the expanded interview returns to it expanded.
func TestSearchShowAll(t *testing.T) {
	const query = "hunger"
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		ivs := map[string]*ownwords.Interview{}
		for _, n := range []int{3, searchHitsShown, searchHitsShown + 7, searchHitsAll + 100} {
			iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID, Title: fmt.Sprintf("Hungry %d", n), Language: "en",
				Transcript: "Interviewer: And then?\nParticipant: " + strings.Repeat("We knew hunger. ", n)}
			must(t, st.CreateInterview(t.Context(), iv))
			ivs[fmt.Sprint(n)] = iv
		}
		few, five, many, huge := ivs["3"], ivs[fmt.Sprint(searchHitsShown)], ivs[fmt.Sprint(searchHitsShown+7)], ivs[fmt.Sprint(searchHitsAll+100)]
		token := f.searchToken(asCoder, query)
		base := searchHref(token, 1)
		showAll := func(iv *ownwords.Interview) string {
			return html.EscapeString(base + "&all=" + iv.ID + "#hits-" + iv.ID)
		}
		type want struct {
			rows             int
			showAll, fewer   bool
			moreLine, linkAs string // the count of hits not listed; the show-all link's words
		}
		collapsed := map[*ownwords.Interview]want{
			few:  {rows: 3},
			five: {rows: searchHitsShown},
			many: {rows: searchHitsShown, showAll: true, linkAs: fmt.Sprintf("Show all %d hits in this interview", searchHitsShown+7)},
			huge: {rows: searchHitsShown, showAll: true, linkAs: fmt.Sprintf("Show %d of the %d hits in this interview", searchHitsAll, searchHitsAll+100)},
		}
		with := func(iv *ownwords.Interview, w want) map[*ownwords.Interview]want {
			out := map[*ownwords.Interview]want{}
			for k, v := range collapsed {
				out[k] = v
			}
			out[iv] = w
			return out
		}
		for _, tc := range []struct {
			name, all string
			want      map[*ownwords.Interview]want
		}{
			{"FirstHitsOfEach", "", collapsed},
			{"AllOfOne", many.ID, with(many, want{rows: searchHitsShown + 7, fewer: true})},
			{"AllUpToTheBound", huge.ID, with(huge, want{rows: searchHitsAll, fewer: true, moreLine: "100 more hit(s)"})},
			{"AllOfOneWithFew", few.ID, collapsed},
			{"AllOfOneWithNoMore", five.ID, collapsed},
			{"UnknownIDIgnored", "no-such-interview", collapsed},
			{"UnlistedInterviewIgnored", f.iv.ID, collapsed},
			{"OtherStudysInterviewIgnored", f.otherIv.ID, collapsed},
		} {
			t.Run(tc.name, func(t *testing.T) {
				addr := base
				if tc.all != "" {
					addr += "&" + url.Values{"all": {tc.all}}.Encode()
				}
				rec := f.do(http.MethodGet, addr, asCoder, nil, nil)
				body := rec.Body.String()
				if rec.Code != http.StatusOK || !strings.Contains(body, fmt.Sprintf("%d hits in 4 interviews", 3+searchHitsShown*2+7+searchHitsAll+100)) {
					t.Fatalf("status %d, page %.400s", rec.Code, body)
				}
				blocks := hitBlocks(body)
				if len(blocks) != len(tc.want) {
					t.Errorf("%d interviews listed, want %d", len(blocks), len(tc.want))
				}
				for iv, w := range tc.want {
					block, ok := blocks[iv.ID]
					if !ok {
						t.Errorf("%s: no block with id hits-%s", iv.Title, iv.ID)
						continue
					}
					if got := strings.Count(block, `<li id="hit-`); got != w.rows {
						t.Errorf("%s: %d hits listed, want %d", iv.Title, got, w.rows)
					}
					if got := strings.Count(block, `class="code-hit"`); got != w.rows {
						t.Errorf("%s: %d code buttons, want %d", iv.Title, got, w.rows)
					}
					if got := strings.Count(block, "<mark>hunger</mark>"); got != w.rows {
						t.Errorf("%s: %d marked matches, want %d", iv.Title, got, w.rows)
					}
					if got := strings.Contains(block, `<a href="`+showAll(iv)+`" class="show-all">`+w.linkAs+`</a>`); got != w.showAll {
						t.Errorf("%s: show-all link %v, want %v (%q)", iv.Title, got, w.showAll, w.linkAs)
					}
					if got := strings.Contains(block, "show-all"); got != w.showAll {
						t.Errorf("%s: a show-all link: %v, want %v", iv.Title, got, w.showAll)
					}
					if got := strings.Contains(block, `<a href="`+html.EscapeString(base+"#hits-"+iv.ID)+`" class="show-fewer">`); got != w.fewer {
						t.Errorf("%s: show-fewer link %v, want %v", iv.Title, got, w.fewer)
					}
					more := w.moreLine != "" && strings.Contains(block, w.moreLine+`: <a href="/interviews/`+iv.ID+`">open the interview</a>`)
					if more != (w.moreLine != "") || (w.moreLine == "" && strings.Contains(block, "more hit(s)")) {
						t.Errorf("%s: the line of hits not listed is wrong (want %q)", iv.Title, w.moreLine)
					}
				}
				for _, m := range pageAddresses.FindAllStringSubmatch(body, -1) {
					if a := html.UnescapeString(m[1] + m[2]); strings.Contains(strings.ToLower(a), query) || strings.Contains(a, "q=") {
						t.Errorf("address %q carries the query", a)
					}
				}
				wantBack := url.Values{"s": {token}}
				if w := tc.want[many]; w.fewer || tc.want[huge].fewer {
					wantBack.Set("all", tc.all)
				}
				if !strings.Contains(body, `name="back" value="`+html.EscapeString(wantBack.Encode())+`"`) {
					t.Errorf("back field is not %q", wantBack.Encode())
				}
			})
		}

		t.Run("CodingAnExpandedHitReturnsToIt", func(t *testing.T) {
			page := f.do(http.MethodGet, base+"&all="+many.ID, asCoder, nil, nil).Body.String()
			values := regexp.MustCompile(`formaction="/interviews/`+many.ID+`/passages" name="hit" value="([^"]*)"`).FindAllStringSubmatch(page, -1)
			if len(values) != searchHitsShown+7 {
				t.Fatalf("%d code buttons for the expanded interview", len(values))
			}
			last := values[len(values)-1][1] // beyond the first hits
			rec := f.do(http.MethodPost, "/interviews/"+many.ID+"/passages", asCoder,
				form("code_id", f.code2.ID, "hit", last, "extent", extentMatch, "back", url.Values{"s": {token}, "all": {many.ID}}.Encode()), nil)
			loc := rec.Header().Get("Location")
			start, _, _ := strings.Cut(last, ":")
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, base+"&all="+many.ID+"&") || !strings.HasSuffix(loc, "#hit-"+many.ID+"-"+start) {
				t.Fatalf("coding: %d to %q", rec.Code, loc)
			}
			after := f.do(http.MethodGet, noFragment(loc), asCoder, nil, nil).Body.String()
			if !strings.Contains(after, `id="coded"`) || !strings.Contains(after, `<li id="hit-`+many.ID+"-"+start+`"`) {
				t.Error("after coding, the page lacks the confirmation or the coded hit of the expanded interview")
			}
		})

		t.Run("AnalystGetsCountsWhateverAll", func(t *testing.T) {
			tok := f.searchToken(asAnalyst, query)
			body := f.do(http.MethodGet, searchHref(tok, 1)+"&all="+many.ID, asAnalyst, nil, nil).Body.String()
			if !strings.Contains(body, `id="search-counts"`) || strings.Contains(body, "<mark>") || strings.Contains(body, "Hungry") || strings.Contains(body, "We knew") {
				t.Errorf("analyst's page with all=: %.600s", body)
			}
		})
	})
}
