package web

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestBrowserSearchAndCode: a coder opens Search from the menu, types a
// query and submits it; the address and every history entry carry a
// token (?s=…), never the query, and a reload shows the same result. The
// coder sees the match highlighted, codes it with "code this passage"
// (widened to its sentence), goes back to the result, and finds the new
// segment on the interview page and in the store; the hit's link opens
// the interview with the match marked. More interviews than a page are
// paged beside the token, and back returns to page 1. An interview with
// more hits than are listed shows them all at "Show all", scrolled to,
// and the first ones again at "Show the first hits only". An analyst's search
// shows counts only, with the breakdown asked for (withheld below k), and
// the form offers no filter the analyst may not use.
func TestBrowserSearchAndCode(t *testing.T) {
	ctx := browser(t)
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	for i := range searchInterviews + 3 {
		must(t, st.CreateInterview(t.Context(), &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID,
			Title: fmt.Sprintf("Paged %02d", i), Language: "en", Transcript: "They spoke of hunger."}))
	}
	// Two interviews say "famine" more often than a page lists per interview.
	var famine []*ownwords.Interview
	for i, n := range []int{searchHitsShown + 4, searchHitsShown + 2} {
		iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID, Title: fmt.Sprintf("Famine %d", i), Language: "en",
			Transcript: "Interviewer: And then?\nParticipant: " + strings.Repeat("There was famine. ", n)}
		must(t, st.CreateInterview(t.Context(), iv))
		famine = append(famine, iv)
	}
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
	const sentence = "Participant: My cousin 😀 sent videos."

	b.login(asCoder)
	b.do("search from the menu",
		chromedp.Click(chromedp.CSS(`nav a[href="/search"]`)),
		chromedp.WaitVisible(chromedp.ID("search-q")),
		chromedp.SendKeys(chromedp.ID("search-q"), "videos"),
		chromedp.Click(chromedp.ID("search-submit")),
		chromedp.WaitVisible(chromedp.CSS("#results mark")),
	)
	search := b.location()
	b.noTerms("after searching", "videos")
	if got := b.eval(`(() => { const m = document.querySelector("#results mark");
		return m.textContent + " | " + getComputedStyle(m).backgroundColor; })()`); got != "videos | rgb(255, 213, 79)" {
		t.Errorf("highlighted hit: %q, want the match on the highlight colour", got)
	}
	b.shot("s1-search-hits")
	b.do("reload the result", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#results mark")))
	if got := b.location(); got != search {
		t.Errorf("reloading moved from %q to %q", search, got)
	}
	b.do("code this passage",
		chromedp.SetValue(chromedp.ID("hit-code"), f.code2.ID),
		chromedp.Click(chromedp.CSS("#results button.code-hit")),
		chromedp.WaitVisible(chromedp.ID("coded")),
	)
	b.noTerms("after coding", "videos")
	if got := b.location(); !strings.HasPrefix(got, search+"&") || !strings.Contains(got, "coded=") {
		t.Errorf("after coding: %q, want the kept search %q with the confirmation", got, search)
	}
	if got := b.eval(`document.getElementById("coded").innerText`); !strings.Contains(got, "influences/online") || !strings.Contains(got, sentence) {
		t.Errorf("confirmation after coding: %q", got)
	}
	if got := b.eval(`document.getElementById("hit-code").value`); got != f.code2.ID {
		t.Errorf("the chosen code is not kept for the next hit: %q", got)
	}
	b.shot("s2-coded")
	segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{StudyID: f.study.ID, CoderID: f.users[asCoder].ID, CodeIDs: []string{f.code2.ID}})
	must(t, err)
	start, end := cpRange(t, transcriptEN, sentence)
	if len(segs) != 1 || segs[0].Start != start || segs[0].End != end || segs[0].Layer != ownwords.LayerCoder {
		t.Fatalf("stored segments %+v, want one coder-layer segment on the sentence %d..%d", segs, start, end)
	}
	coded := b.location()
	b.back("back to the result", search, "#results mark")
	b.do("forward to the confirmation", chromedp.Navigate(b.base+coded), chromedp.WaitVisible(chromedp.ID("coded")))
	b.do("open the new segment",
		chromedp.Click(chromedp.ID("coded-link")),
		chromedp.WaitVisible(chromedp.ID("segment-panel")),
	)
	if got := b.eval(`document.getElementById("segment-panel").innerText`); !strings.Contains(got, "influences/online") || !strings.Contains(got, sentence) {
		t.Errorf("segment panel: %q", got)
	}
	if got := b.eval(`String(document.querySelectorAll('#segment-list li[data-segment="` + segs[0].ID + `"]').length)`); got != "1" {
		t.Errorf("the new segment is not in the interview's list (%s)", got)
	}
	b.shot("s3-segment-on-interview")
	b.back("back from the segment", coded, "#coded")
	b.click("#results a.kwic")
	b.do("open the hit in context", chromedp.WaitVisible(chromedp.CSS("#hit mark")))
	if got := b.eval(`document.querySelector("#hit mark").textContent`); got != "videos" {
		t.Errorf("marked hit in the interview: %q", got)
	}
	b.shot("s4-hit-in-context")

	first := b.search("search many interviews", "hunger", "#search-next")
	b.do("next page", chromedp.Click(chromedp.ID("search-next")), chromedp.WaitVisible(chromedp.ID("search-prev")))
	if got := b.location(); got != first+"&page=2" || !strings.Contains(b.eval(`document.getElementById("results").innerText`),
		fmt.Sprintf("interviews %d–%d are listed", searchInterviews+1, searchInterviews+3)) {
		t.Errorf("page 2 at %q, want %q&page=2 listing the last interviews", got, first)
	}
	b.noTerms("after paging", "hunger", "videos")
	b.shot("s5-page-2")
	b.back("back to page 1", first, "#search-next")

	often := b.search("search a word said often", "famine", "#results mark")
	rows := func() string {
		return b.eval(`Array.from(document.querySelectorAll("#results article.hits")).map(a => a.querySelector("h2 bdi").textContent + ":" +
			a.querySelectorAll("li").length + ":" + a.querySelectorAll("li mark").length + ":" + a.querySelectorAll("li button.code-hit").length).sort().join(" ")`)
	}
	if got, want := rows(), fmt.Sprintf("Famine 0:%[1]d:%[1]d:%[1]d Famine 1:%[1]d:%[1]d:%[1]d", searchHitsShown); got != want {
		t.Errorf("first hits listed: %q, want %q", got, want)
	}
	block := "hits-" + famine[0].ID
	b.do("show all hits of one interview",
		chromedp.Click(chromedp.CSS(`[id="`+block+`"] a.show-all`)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`[id="%s"] li:nth-of-type(%d)`, block, searchHitsShown+4))),
	)
	if got, want := b.location(), often+"&all="+famine[0].ID+"#"+block; got != want {
		t.Errorf("show all: at %q, want %q", got, want)
	}
	if got, want := rows(), fmt.Sprintf("Famine 0:%[1]d:%[1]d:%[1]d Famine 1:%[2]d:%[2]d:%[2]d", searchHitsShown+4, searchHitsShown); got != want {
		t.Errorf("after show all: %q, want %q", got, want)
	}
	if got := b.eval(`document.querySelector(":target").id + " | " + document.querySelectorAll("a.show-all").length + " | " +
		document.querySelector("[id='` + block + `'] a.show-fewer").textContent`); got != block+" | 1 | Show the first hits only" {
		t.Errorf("expanded interview: target, other show-all links, show-fewer: %q", got)
	}
	b.noTerms("after show all", "famine", "hunger", "videos")
	b.shot("s5b-show-all")
	b.do("show the first hits again",
		chromedp.Click(chromedp.CSS(`[id="`+block+`"] a.show-fewer`)),
		chromedp.WaitVisible(chromedp.CSS(`[id="`+block+`"] a.show-all`)),
	)
	if got, want := rows(), fmt.Sprintf("Famine 0:%[1]d:%[1]d:%[1]d Famine 1:%[1]d:%[1]d:%[1]d", searchHitsShown); got != want || b.location() != often+"#"+block {
		t.Errorf("show fewer: at %q, %q, want %q", b.location(), got, want)
	}
	b.do("leave the search", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("form.logout")))
	b.logout()

	b.login(asAnalyst)
	b.do("analyst searches",
		chromedp.Navigate(ts.URL+"/search"),
		chromedp.SendKeys(chromedp.ID("search-q"), "videos"),
		chromedp.SetValue(chromedp.ID("search-by"), "gender"),
		chromedp.Click(chromedp.ID("search-submit")),
		chromedp.WaitVisible(chromedp.ID("search-counts")),
	)
	if got := b.eval(`document.getElementById("search-breakdown").innerText + " | " +
		["search-language", "search-outside"].filter(id => document.getElementById(id)).join(",")`); !strings.Contains(got, "Participants by gender") ||
		!strings.Contains(got, "withheld") || !strings.HasSuffix(got, " | ") {
		t.Errorf("analyst's breakdown and controls: %q, want the withheld breakdown and no language or outside filter", got)
	}
	if body := b.eval(`document.body.innerText`); !strings.Contains(body, "withheld") || strings.Contains(body, "TRANSCRIPT-MARKER") ||
		strings.Contains(body, "Interview one") || strings.Contains(body, "P-0001") {
		t.Errorf("analyst's search page: %q", body)
	}
	b.noTerms("analyst's search", "videos")
	b.shot("s6-analyst-counts")
}

// search opens the search page, types query and submits it, waits for an
// element matching sel, and returns the address it is at.
func (b *bt) search(what, query, sel string) string {
	b.t.Helper()
	b.do(what,
		chromedp.Navigate(b.base+"/search"),
		chromedp.SendKeys(chromedp.ID("search-q"), query),
		chromedp.Click(chromedp.ID("search-submit")),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	)
	return b.location()
}

// back goes back in the tab's history, as the browser's button does, and
// waits for the address want (without the origin) showing an element
// matching sel. (chromedp.NavigateBack waits for a load event, which a
// page restored from the back/forward cache never fires, and chromedp's
// queries and polls do not follow such a restore: the page is read by
// evaluating script.)
func (b *bt) back(what, want, sel string) {
	b.t.Helper()
	start := time.Now()
	b.eval(`(history.back(), "")`)
	check := `location.href === ` + strconv.Quote(b.base+want) + ` && document.querySelector(` + strconv.Quote(sel) + `) !== null`
	for time.Since(start) < 10*time.Second {
		if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](check)); err == nil && ok {
			b.t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.shot("failed-" + strings.ReplaceAll(what, " ", "-"))
	b.t.Fatalf("%s: at %q, want %q with %s", what, b.location(), b.base+want, sel)
}

// click clicks the element matching sel by script (see back).
func (b *bt) click(sel string) {
	b.t.Helper()
	b.eval(`(document.querySelector(` + strconv.Quote(sel) + `).click(), "")`)
}

// location returns the page's address without the origin.
func (b *bt) location() string {
	b.t.Helper()
	return strings.TrimPrefix(b.eval(`location.href`), b.base)
}

// noTerms checks that neither the address nor any entry of the tab's
// history carries a search term, and that search addresses are /search
// or /search?s=TOKEN (with page, the interview whose hits are all shown
// and the confirmation of a coded passage).
func (b *bt) noTerms(when string, terms ...string) {
	b.t.Helper()
	h, err := chromedp.Run(b.ctx, chromedp.NavigationEntries())
	if err != nil {
		b.t.Fatalf("history: %v", err)
	}
	for _, e := range h.Entries {
		for _, term := range append(terms, "q=") {
			if strings.Contains(e.URL, term) {
				b.t.Errorf("%s: history entry %q carries %q", when, e.URL, term)
			}
		}
		if u, err := url.Parse(e.URL); err == nil && u.Path == "/search" && u.RawQuery != "" && !searchAddress.MatchString(u.RawQuery) {
			b.t.Errorf("%s: search address %q, want ?s=TOKEN", when, e.URL)
		}
	}
}

// searchAddress is the query of a kept search's address.
var searchAddress = regexp.MustCompile(`^s=[A-Za-z0-9_-]{22}(&page=\d+)?(&(all|already|code|coded|extent)=[^&]*)*$`)
