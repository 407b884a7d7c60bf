package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// frenchSplitAR translates transcriptAR with the answer split in two
// turns: it aligns only by hand ("1:1,2:2-3").
const frenchSplitAR = "Q: Comment cela a-t-il commencé ?\nR: Mon cousin,\nR: il m'a envoyé des vidéos."

// TestBrowserAlignByHand is issue 18's manual alignment in a browser, on
// both stores: the owner opens an interview beside a French translation
// stored unaligned (no stripes in it), follows the link to align it, joins
// the two French answers into one group, saves, and sees the coding of
// the Arabic answer striped beside the French answer.
func TestBrowserAlignByHand(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := browser(t)
		f := newFixture(t, st, Options{})
		_, seg := f.mustTranslation(t)
		fr := &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.ivAR.ID, Language: "fr", Role: ownwords.TextTranslation,
			Method: ownwords.MethodTranslation, Translator: "T. Dupont", Text: frenchSplitAR, AllowUnaligned: true}
		must(t, st.PutInterviewText(t.Context(), fr))
		ts := httptest.NewServer(f.h)
		t.Cleanup(ts.Close)
		b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
		b.login(asOwner)
		stripes := `(col) => String(document.querySelectorAll("#" + col + " a.stripe[data-segment='` + seg.ID + `']").length)`
		b.do("open the interview beside the French text", chromedp.Navigate(ts.URL+"/interviews/"+f.ivAR.ID+"?text="+fr.ID),
			chromedp.WaitVisible(chromedp.ID("misaligned")))
		if got := b.eval(`(` + stripes + `)("transcript") + " " + (` + stripes + `)("other-text")`); got != "1 0" {
			t.Fatalf("stripes of the coding (transcript, French) before aligning: %s, want \"1 0\"", got)
		}
		b.shot("align-1-unaligned")
		b.click("#align-link")
		b.do("the alignment page", chromedp.WaitVisible(chromedp.ID("alignment")))
		state := func() string {
			return b.eval(`document.getElementById("alignment").tBodies[0].rows.length + " rows, map " +
				JSON.stringify(document.getElementById("align-map").value) + ", save " + (document.getElementById("save-alignment").disabled ? "off" : "on")`)
		}
		if got := state(); got != `3 rows, map "", save off` {
			t.Errorf("the page opens with %s", got)
		}
		b.shot("align-2-page")
		b.click(`.align-unit[data-side="b"][data-i="1"] .join`)
		if got := state(); got != `2 rows, map "1:1,2:2-3", save on` {
			t.Fatalf("after joining the French answers: %s", got)
		}
		row2 := b.eval(`[...document.getElementById("alignment").tBodies[0].rows[1].cells].map(c => [...c.querySelectorAll(".unit-words")].map(w => w.textContent).join(" + ")).join(" | ")`)
		if row2 != "جواب: أرسل لي ابن عمي مقاطع فيديو. | R: Mon cousin, + R: il m'a envoyé des vidéos." {
			t.Errorf("row 2 pairs %q", row2)
		}
		// Split again and join back: the buttons toggle.
		b.click(`.align-unit[data-side="b"][data-i="1"] .split`)
		if got := state(); got != `3 rows, map "", save off` {
			t.Errorf("after splitting: %s", got)
		}
		b.click(`.align-unit[data-side="b"][data-i="1"] .join`)
		b.shot("align-3-joined")
		b.do("save the alignment", chromedp.Click(chromedp.ID("save-alignment")), chromedp.WaitVisible(chromedp.ID("aligned-by-hand")))
		if got := b.location(); !strings.HasPrefix(got, "/interviews/"+f.ivAR.ID+"?text="+fr.ID) {
			t.Errorf("after saving, at %q", got)
		}
		// The French group is two lines: the stripe runs beside both.
		if got := b.eval(`(` + stripes + `)("transcript") + " " + (` + stripes + `)("other-text")`); got != "1 2" {
			t.Fatalf("stripes of the coding (transcript, French) after aligning: %s, want \"1 2\"", got)
		}
		where := `[...document.querySelectorAll("#other-text .row")].filter(r => r.querySelector("a.stripe")).map(r => r.querySelector(".para").textContent).join("|")`
		if got := b.eval(where); got != "R: Mon cousin,|R: il m'a envoyé des vidéos." {
			t.Errorf("the French stripe lies beside %q", got)
		}
		b.shot("align-4-stripes")
		texts, err := st.InterviewTexts(t.Context(), f.ivAR.ID)
		must(t, err)
		for _, x := range texts {
			if x.ID == fr.ID && (x.Alignment != "1:1,2:2-3" || x.Unaligned) {
				t.Errorf("stored %q, unaligned %v", x.Alignment, x.Unaligned)
			}
		}
	})
}
