package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestInterviewShowsAnchoredMemos: a memo anchored to a span is drawn on
// the transcript (the span in a memo-span, the paragraph's text unchanged
// for the coding script) and listed with the quoted span and a link that
// marks it; a memo on the whole interview is listed as before.
func TestInterviewShowsAnchoredMemos(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	m, start, end := f.anchoredMemo("sent videos", "Videos", "Which videos? Ask in the second interview.")
	body := f.do(http.MethodGet, "/interviews/"+f.iv.ID, asOwner, nil, nil).Body.String()
	for _, want := range []string{
		`<span class="memo-span memo-start" data-memo="` + m.ID + `" title="Memo: Videos">sent videos</span>`,
		`<article class="memo" id="memo-` + m.ID + `">`,
		`<a href="/interviews/` + f.iv.ID + `?hit=` + itoa(start) + `-` + itoa(end) + `#hit" class="memo-anchor">on code points ` + itoa(start) + `–` + itoa(end) + `</a>`,
		`<blockquote class="pre memo-quote" dir="auto">sent videos</blockquote>`,
		"First read", // the memo on the whole interview
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the interview page lacks %q", want)
		}
	}
	if n := strings.Count(body, "memo-quote"); n != 1 {
		t.Errorf("%d quoted spans in the memo list, want 1 (the other memo has none)", n)
	}
	// The segment selected marks its text inside the memo's span too.
	body = f.do(http.MethodGet, "/interviews/"+f.iv.ID+"?segment="+f.cons.ID, asOwner, nil, nil).Body.String()
	if !strings.Contains(body, `title="Memo: Videos"><mark>sent videos</mark></span>`) {
		t.Error("a selected segment over the memo's span loses its mark or the memo's")
	}
}

// anchoredMemo writes the owner's memo anchored to the first occurrence
// of quote in f.iv.
func (f *fixture) anchoredMemo(quote, title, body string) (m *ownwords.Memo, start, end int) {
	f.tb.Helper()
	start, end = cpRange(f.tb, transcriptEN, quote)
	m = &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: f.iv.ID, AuthorID: f.users[asOwner].ID,
		Title: title, Body: body, Anchor: &ownwords.MemoAnchor{Start: start, End: end}}
	must(f.tb, f.store.CreateMemo(context.Background(), m))
	return m, start, end
}

// TestBrowserAnchoredMemo: in Chromium the anchored span shows its marker
// (drawn by CSS: the paragraph's text stays what the coding script
// counts), selecting text after it still gives the right code points, and
// the memo list's link marks the span.
func TestBrowserAnchoredMemo(t *testing.T) {
	ctx := browser(t)
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	f.anchoredMemo("My cousin", "Cousin", "Which cousin?")
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
	b.login(asOwner)
	b.do("open interview", chromedp.Navigate(ts.URL+"/interviews/"+f.iv.ID), chromedp.WaitVisible(chromedp.ID("transcript")))
	b.shot("anchored-memo")
	got := b.eval(`(() => { const s = document.querySelector(".memo-span");
		return s.textContent + "|" + getComputedStyle(s, "::before").content + "|" + s.closest(".para").textContent; })()`)
	if want := `My cousin|"✎"|Participant: My cousin 😀 sent videos. TRANSCRIPT-MARKER`; got != want {
		t.Errorf("memo span, marker and paragraph text = %q, want %q", got, want)
	}
	if got := b.selectIn("transcript", "sent videos"); got != "sent videos" {
		t.Fatalf("selected %q after the memo span", got)
	}
	info := b.eval(`document.getElementById("selection-info").textContent`)
	vs, ve := cpRange(t, transcriptEN, "sent videos")
	if want := "(" + itoa(vs) + "–" + itoa(ve) + ")"; !strings.Contains(info, want) {
		t.Errorf("selection after the memo span: %q, want the code points %s", info, want)
	}
	b.do("follow the memo's link", chromedp.Click(chromedp.CSS("a.memo-anchor")), chromedp.WaitVisible(chromedp.ID("hit")))
	if got := b.eval(`document.querySelector("#hit mark").textContent`); got != "My cousin" {
		t.Errorf("the memo's link marks %q, want \"My cousin\"", got)
	}
}
