package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestBrowserSearchAndCode: a coder opens Search from the menu, searches,
// sees the match highlighted, codes it with "code this passage" (widened
// to its sentence), and finds the new segment on the interview page and in
// the store; the hit's link opens the interview with the match marked. An
// analyst's search shows counts only.
func TestBrowserSearchAndCode(t *testing.T) {
	ctx := browser(t)
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
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
	if got := b.eval(`(() => { const m = document.querySelector("#results mark");
		return m.textContent + " | " + getComputedStyle(m).backgroundColor; })()`); got != "videos | rgb(255, 213, 79)" {
		t.Errorf("highlighted hit: %q, want the match on the highlight colour", got)
	}
	b.shot("s1-search-hits")
	b.do("code this passage",
		chromedp.SetValue(chromedp.ID("hit-code"), f.code2.ID),
		chromedp.Click(chromedp.CSS("#results button.code-hit")),
		chromedp.WaitVisible(chromedp.ID("coded")),
	)
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
	b.do("open the hit in context",
		chromedp.Navigate(ts.URL+"/search?q=videos"),
		chromedp.WaitVisible(chromedp.CSS("#results a.kwic")),
		chromedp.Click(chromedp.CSS("#results a.kwic")),
		chromedp.WaitVisible(chromedp.CSS("#hit mark")),
	)
	if got := b.eval(`document.querySelector("#hit mark").textContent`); got != "videos" {
		t.Errorf("marked hit in the interview: %q", got)
	}
	b.shot("s4-hit-in-context")
	b.logout()

	b.login(asAnalyst)
	b.do("analyst searches",
		chromedp.Navigate(ts.URL+"/search?q=videos"),
		chromedp.WaitVisible(chromedp.ID("search-counts")),
	)
	if body := b.eval(`document.body.innerText`); !strings.Contains(body, "withheld") || strings.Contains(body, "TRANSCRIPT-MARKER") ||
		strings.Contains(body, "Interview one") || strings.Contains(body, "P-0001") {
		t.Errorf("analyst's search page: %q", body)
	}
	b.shot("s5-analyst-counts")
}
