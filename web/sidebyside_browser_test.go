package web

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"ownwords"
	"ownwords/internal/mediatest"
	"ownwords/sqldb/sqldbtest"
)

// TestBrowserSideBySide is issue 18's workbench in a browser, on both
// stores: a coder opens an Arabic interview with its English translation,
// sees the columns right to left and left to right, selects a passage in
// the English column and codes it from the picker; after the reload the
// stripe is in the Arabic column (the one segment, on the transcript) and,
// projected, in the English one. Then, on a long interview, scrolling the
// transcript brings the same turn of the translation level with it.
func TestBrowserSideBySide(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := browser(t)
		f := newFixture(t, st, Options{})
		f.mustTranslation(t)
		long := f.mustLongTranslated(t, 60)
		ts := httptest.NewServer(f.h)
		t.Cleanup(ts.Close)
		b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
		b.login(asCoder2)
		b.do("open the Arabic interview side by side", chromedp.Navigate(ts.URL+"/interviews/"+f.ivAR.ID), chromedp.WaitVisible(chromedp.ID("other-text")))
		dirs := b.eval(`getComputedStyle(document.getElementById("transcript")).direction + " " + getComputedStyle(document.getElementById("other-text")).direction`)
		if dirs != "rtl ltr" {
			t.Errorf("directions of the columns: %q, want \"rtl ltr\"", dirs)
		}
		stripes := `(col) => String(document.querySelectorAll("#" + col + " a.stripe").length)`
		if got := b.eval(`(` + stripes + `)("transcript") + (` + stripes + `)("other-text")`); got != "00" {
			t.Fatalf("coder2 sees stripes before coding (blind coding): %q", got)
		}
		selected := b.selectIn("other-text", "sent me")
		if selected != "sent me" {
			t.Fatalf("selected %q in the English column", selected)
		}
		b.do("the picker opens for the English passage", chromedp.WaitVisible(chromedp.ID("picker")))
		if info := b.eval(`document.getElementById("selection-info").textContent`); !strings.Contains(info, "other text") {
			t.Errorf("picker says %q", info)
		}
		b.do("search Online media", chromedp.SendKeys(chromedp.ID("code-search"), "online"))
		b.shot("side-by-side-1-picks-code")
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
			b.shot("failed-side-by-side-apply")
			t.Fatalf("apply code: %v (status: %s)", err, b.eval(`document.getElementById("coding-status").textContent`))
		}
		b.do("see the stripes", chromedp.WaitVisible(chromedp.CSS("#segment-list li")))
		b.shot("side-by-side-2-stripes")
		// The stripe in the Arabic column lies beside the turn coded.
		where := `(col) => [...document.querySelectorAll("#" + col + " .row")].filter(r => r.querySelector("a.stripe")).map(r => r.querySelector(".para").textContent).join("|")`
		if got := b.eval(`(` + where + `)("transcript")`); got != "جواب: أرسل لي ابن عمي مقاطع فيديو." {
			t.Errorf("stripes of the Arabic column beside %q", got)
		}
		if got := b.eval(`(` + where + `)("other-text")`); got != "A: My cousin sent me videos." {
			t.Errorf("stripes of the English column beside %q", got)
		}
		segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.ivAR.ID, CoderID: f.users[asCoder2].ID})
		must(t, err)
		if len(segs) != 1 || segs[0].CodeID != f.code2.ID {
			t.Fatalf("coder2's segments: %+v, want one (Online media)", segs)
		}
		if got, _ := ownwords.Slice(transcriptAR, segs[0].Start, segs[0].End); got != "أرسل لي ابن عمي مقاطع فيديو." {
			t.Errorf("stored on the transcript as %q", got)
		}

		// Scrolling together: turn 40 of the transcript at the top brings
		// turn 40 of the translation to the top of its column.
		b.do("open the long interview", chromedp.Navigate(ts.URL+"/interviews/"+long.ID), chromedp.WaitVisible(chromedp.ID("other-text")))
		top := func(col string, unit int) string {
			return fmt.Sprintf(`document.querySelector('#%s .para[data-unit="%d"]').closest(".row").offsetTop`, col, unit)
		}
		b.eval(`document.getElementById("transcript").scrollTop = ` + top("transcript", 40) + `, ""`)
		want, _ := strconv.Atoi(b.eval(`String(` + top("other-text", 40) + `)`))
		if want < 200 {
			t.Fatalf("turn 40 of the translation is at %d px: the test interview is too short to scroll", want)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			got, _ := strconv.Atoi(b.eval(`String(document.getElementById("other-text").scrollTop)`))
			if got-want <= 2 && want-got <= 2 {
				break
			}
			if time.Now().After(deadline) {
				b.shot("failed-side-by-side-scroll")
				t.Fatalf("the translation scrolled to %d px, want %d (its turn 40)", got, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
		b.shot("side-by-side-3-scrolled")

		// Search an Arabic word and land on the pair: the word is in turn
		// 41 of the Arabic original of a long English interview; its hit
		// opens that interview side by side with the original, the word
		// marked in the Arabic column and the aligned answer in the
		// English one, each column scrolled to its mark.
		held, original := f.mustLongOriginal(t, 60, 41, "زيتون")
		b.do("search an Arabic word",
			chromedp.Navigate(ts.URL+"/search"),
			chromedp.SendKeys(chromedp.ID("search-q"), "زيتون"),
			chromedp.Click(chromedp.ID("search-submit")),
			chromedp.WaitVisible(chromedp.CSS("#results mark")),
		)
		if got := b.eval(`document.querySelector("#results .hit-in").textContent`); got != "in the original, ar:" {
			t.Errorf("the hit is named %q", got)
		}
		b.shot("side-by-side-4-arabic-hit")
		b.click("#results a.kwic")
		b.do("land on the pair", chromedp.WaitVisible(chromedp.CSS("#other-hit mark")))
		if got, want := b.location(), "/interviews/"+held.ID+"?text="+original.ID; !strings.HasPrefix(got, want+"&") {
			t.Errorf("landed on %q, want %q…", got, want)
		}
		marks := `[...document.querySelectorAll("#transcript mark")].map(m => m.textContent).join("|") + " / " +
			[...document.querySelectorAll("#other-text mark")].map(m => m.textContent).join("|")`
		if got, want := b.eval(marks), "Answer number 41, "+strings.Repeat("at some length ", 4)+"and of olives. / زيتون"; got != want {
			t.Errorf("marked %q, want %q", got, want)
		}
		// Each mark lies inside its column's visible part.
		shown := `(col) => { const c = document.getElementById(col).getBoundingClientRect(),
			m = document.querySelector("#" + col + " mark").getBoundingClientRect();
			return m.top >= c.top && m.bottom <= c.bottom && m.top >= 0 && m.bottom <= innerHeight; }`
		if got := b.eval(`String((` + shown + `)("transcript")) + " " + String((` + shown + `)("other-text"))`); got != "true true" {
			b.shot("failed-side-by-side-landing")
			t.Errorf("marks in view (transcript, original): %s, want \"true true\"", got)
		}
		b.shot("side-by-side-5-landed")
	})
}

// mustLongOriginal creates an English interview of n exchanges with an
// Arabic original, the answer of exchange at holding word (in Arabic) and
// "and of olives." (in English).
func (f *fixture) mustLongOriginal(t testing.TB, n, at int, word string) (*ownwords.Interview, *ownwords.InterviewText) {
	t.Helper()
	var ar, en strings.Builder
	for i := range n {
		ar.WriteString(fmt.Sprintf("سؤال: السؤال رقم %d؟\nجواب: الجواب رقم %d", i+1, i+1))
		en.WriteString(fmt.Sprintf("Q: Question number %d?\nA: Answer number %d, %s", i+1, i+1, strings.Repeat("at some length ", 4+i%5)))
		if i+1 == at {
			ar.WriteString(" عن " + word)
			en.WriteString("and of olives")
		}
		ar.WriteString(".\n")
		en.WriteString(".\n")
	}
	iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID, Title: "held in Arabic", Language: "en", Transcript: en.String()}
	must(t, f.store.CreateInterview(t.Context(), iv))
	orig := &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: iv.ID, Language: "ar", Role: ownwords.TextOriginal, Text: ar.String()}
	must(t, f.store.PutInterviewText(t.Context(), orig))
	return iv, orig
}

// mustLongTranslated creates an Arabic interview of n exchanges with an
// English translation whose answers are longer, so that the turns of the
// two columns lie at different heights.
func (f *fixture) mustLongTranslated(t testing.TB, n int) *ownwords.Interview {
	t.Helper()
	var ar, en strings.Builder
	for i := range n {
		fmt.Fprintf(&ar, "سؤال: السؤال رقم %d؟\nجواب: الجواب رقم %d.\n", i+1, i+1)
		fmt.Fprintf(&en, "Q: Question number %d?\nA: Answer number %d, %s.\n", i+1, i+1, strings.Repeat("at some length ", 4+i%5))
	}
	iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID, Title: "long", Language: "ar", Transcript: ar.String()}
	must(t, f.store.CreateInterview(t.Context(), iv))
	must(t, f.store.PutInterviewText(t.Context(), &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: iv.ID, Language: "en",
		Role: ownwords.TextTranslation, Method: ownwords.MethodTranslation, Text: en.String()}))
	return iv
}

// TestBrowserSideBySideSeek: with a recording, a click on a turn of the
// other column (the Arabic original of the English transcript) seeks the
// player to the time of the aligned transcript turn, and while it plays
// the turn spoken is highlighted in both columns; a click on the
// transcript's first turn moves the highlight in both.
func TestBrowserSideBySideSeek(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := browser(t)
		f := newFixture(t, st, Options{})
		f.mustRecordingFile(mediatest.Make(t, t.TempDir(), "interview-one-audio.wav", 20, ""), "audio/wav")
		f.mustAnchorTurns(t, 1000, 5000, 12000)
		must(t, st.PutInterviewText(t.Context(), &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.iv.ID,
			Language: "ar", Role: ownwords.TextOriginal, Text: transcriptAR}))
		ts := httptest.NewServer(f.h)
		t.Cleanup(ts.Close)
		b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
		b.login(asCoder)
		b.do("open the interview side by side", chromedp.Navigate(ts.URL+"/interviews/"+f.iv.ID),
			chromedp.WaitVisible(chromedp.ID("media")), chromedp.WaitVisible(chromedp.ID("other-text")))
		media := `document.getElementById("media")`
		waitFor := b.waitMedia
		waitFor("metadata", media+`.readyState >= 1 && `+media+`.duration > 19`)
		if got := b.eval(`[...document.querySelectorAll("#other-text p.para[data-t-start]")].map(p => p.dataset.tStart).join(" ")`); got != "1 5" {
			t.Fatalf("times of the original's turns: %q, want \"1 5\"", got)
		}
		b.do("click the original's answer", chromedp.Click(`#other-text p.para[data-t-start="5"]`))
		waitFor("seek to 5 s", media+`.currentTime >= 5 && `+media+`.currentTime < 8`)
		spoken := `[...document.querySelectorAll("#transcript .speaking, #other-text .speaking")].map(e => e.closest(".text-column").id + "@" + e.dataset.tStart).join(" ")`
		waitFor("the answer is highlighted in both columns", `(`+spoken+`) === "transcript@5 other-text@5"`)
		b.shot("side-by-side-seek-speaking")
		// Paused at once, so that the question is still the turn spoken
		// however slow the machine (the seek updates the time anyway).
		b.do("click the transcript's question", chromedp.Click(`#transcript p.para[data-t-start="1"]`))
		b.eval(media + `.pause(), ""`)
		waitFor("the question is highlighted in both columns", media+`.currentTime < 5 && (`+spoken+`) === "transcript@1 other-text@1"`)
	})
}

// TestBrowserSideBySideResize: side by side, the coder opens their segment
// (on "ابن عمي" of the Arabic answer), selects the question in the English
// column, takes it as the range and saves: the one segment now lies on the
// Arabic question, the turn aligned with the passage selected, and its
// stripe shows beside the question in both columns.
func TestBrowserSideBySideResize(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := browser(t)
		f := newFixture(t, st, Options{})
		_, seg := f.mustTranslation(t)
		ts := httptest.NewServer(f.h)
		t.Cleanup(ts.Close)
		b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
		b.login(asCoder)
		b.do("open the segment side by side", chromedp.Navigate(ts.URL+"/interviews/"+f.ivAR.ID+"?segment="+seg.ID),
			chromedp.WaitVisible(chromedp.ID("other-text")), chromedp.WaitVisible(chromedp.ID("segment-form")))
		if got := b.selectIn("other-text", "How did it start"); got != "How did it start" {
			t.Fatalf("selected %q in the English column", got)
		}
		b.click("#use-selection")
		b.waitMedia("the range is taken from the English column", `document.getElementById("segment-text").value !== "" && document.getElementById("segment-hash").value !== ""`)
		start, end := cpRange(t, translationEN, "How did it start")
		if got, want := b.eval(`document.getElementById("segment-start").value + "-" + document.getElementById("segment-end").value`), fmt.Sprintf("%d-%d", start, end); got != want {
			t.Errorf("range in the form %q, want %q (the English text's offsets)", got, want)
		}
		if b.eval(`String(document.getElementById("segment-range-in").hidden)`) != "false" {
			t.Errorf("the form does not say that the range counts in the other text")
		}
		b.shot("side-by-side-resize-1-range")
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.Click(`#segment-form button[type="submit"]`))); err != nil {
			b.shot("failed-side-by-side-resize")
			t.Fatalf("save the segment: %v", err)
		}
		b.do("see the segment again", chromedp.WaitVisible(chromedp.ID("segment-panel")))
		if msg := b.eval(`(document.querySelector(".error, [role=alert]") || {textContent: ""}).textContent`); msg != "" {
			t.Fatalf("saving says %q", msg)
		}
		b.shot("side-by-side-resize-2-saved")
		segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.ivAR.ID, CoderID: f.users[asCoder].ID})
		must(t, err)
		if len(segs) != 1 || segs[0].ID != seg.ID {
			t.Fatalf("coder's segments: %+v, want the one", segs)
		}
		if got, _ := ownwords.Slice(transcriptAR, segs[0].Start, segs[0].End); got != "كيف بدأ الأمر؟" || segs[0].TextHash != ownwords.HashText(got) {
			t.Errorf("the segment lies on %q (hash %s), want the Arabic question", got, segs[0].TextHash)
		}
		where := `(col) => [...document.querySelectorAll("#" + col + " .row")].filter(r => r.querySelector("a.stripe")).map(r => r.querySelector(".para").textContent).join("|")`
		if got := b.eval(`(` + where + `)("transcript") + " / " + (` + where + `)("other-text")`); got != "سؤال: كيف بدأ الأمر؟ / Q: How did it start?" {
			t.Errorf("stripes beside %q", got)
		}
	})
}
