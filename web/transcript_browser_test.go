package web

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ownwords"
	"ownwords/internal/mediatest"
	"ownwords/sqldb/sqldbtest"
)

// TestBrowserTranscriptWorkbench is issue 17's workbench in a browser, on
// both stores: a coder opens an interview with a recording and time
// anchors, clicks a timed turn and the player seeks there, marks a time
// span while it plays (Alt+[ and Alt+]) and codes it from the picker (the
// segment's range comes from the anchors: the participant's turn); then
// the owner types in the transcript editor, saves, and sees the codings
// the edit moved listed, each moved in the store by what was typed.
func TestBrowserTranscriptWorkbench(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := browser(t)
		f := newFixture(t, st, Options{})
		f.mustRecordingFile(mediatest.Make(t, t.TempDir(), "interview-one-audio.wav", 20, ""), "audio/wav")
		iv, err := st.Interview(t.Context(), f.iv.ID)
		must(t, err)
		second := len([]rune("Interviewer: How did it start?\n"))
		later := len([]rune(iv.Transcript[:strings.Index(iv.Transcript, "Later")]))
		iv.Anchors = []ownwords.TimeAnchor{{Offset: 0, Ms: 1000}, {Offset: second, Ms: 5000}, {Offset: later, Ms: 12000}}
		must(t, st.UpdateInterview(t.Context(), iv))
		ts := httptest.NewServer(f.h)
		t.Cleanup(ts.Close)
		b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
		b.login(asCoder)
		b.do("open interview", chromedp.Navigate(ts.URL+"/interviews/"+f.iv.ID), chromedp.WaitVisible(chromedp.ID("media")))
		media := `document.getElementById("media")`
		waitFor := b.waitMedia
		waitFor("metadata", media+`.readyState >= 1 && `+media+`.duration > 19`)

		// Seek: a click on the last turn (anchored at 12 s) moves the player.
		b.do("click the turn at 12 s", chromedp.Click(`#transcript p.para[data-t-start="12"]`))
		waitFor("seek to 12 s", media+`.currentTime >= 12 && `+media+`.currentTime < 15`)
		waitFor("the turn is marked as spoken", `document.querySelector('#transcript p.para[data-t-start="12"]').classList.contains("speaking")`)

		// Code a passage by its time span: from the participant's turn
		// (5 s), marked while it plays.
		b.do("click the turn at 5 s", chromedp.Click(`#transcript p.para[data-t-start="5"]`))
		waitFor("playing from 5 s", "!"+media+`.paused && `+media+`.currentTime > 5.2 && `+media+`.currentTime < 8`)
		b.do("Alt+[ marks the start", chromedp.KeyEvent("[", chromedp.KeyModifiers(chromedp.ModifierAlt)))
		from, _ := strconv.ParseFloat(b.eval(`String(`+media+`.currentTime)`), 64)
		waitFor("half a second on", media+`.currentTime > `+strconv.FormatFloat(from+0.5, 'f', 3, 64))
		b.do("Alt+] marks the end", chromedp.KeyEvent("]", chromedp.KeyModifiers(chromedp.ModifierAlt)))
		waitFor("the picker offers codes for the span", `!document.getElementById("picker").hidden && document.getElementById("selection-info").textContent.startsWith("Spoken from")`)
		b.eval(media + `.pause(), ""`)
		b.do("choose Online media", chromedp.SendKeys(chromedp.ID("code-search"), "Online"), chromedp.KeyEvent("\r"))
		var coded *ownwords.Segment
		deadline := time.Now().Add(10 * time.Second)
		for coded == nil && time.Now().Before(deadline) {
			segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{InterviewID: f.iv.ID, CoderID: f.users[asCoder].ID, CodeIDs: []string{f.code2.ID}})
			must(t, err)
			if len(segs) == 1 {
				coded = segs[0]
			}
			time.Sleep(100 * time.Millisecond)
		}
		if coded == nil {
			b.shot("workbench-code-by-time")
			t.Fatalf("no segment coded by time; status %q", b.eval(`document.getElementById("coding-status").textContent`))
		}
		turn := "Participant: My cousin 😀 sent videos. TRANSCRIPT-MARKER"
		if got, _ := ownwords.Slice(iv.Transcript, coded.Start, coded.End); coded.Start != second || got != turn {
			t.Errorf("coded by time %d..%d %q, want the participant's turn from the anchors", coded.Start, coded.End, got)
		}

		// The editor: coding has begun, so the owner edits (a coder may
		// only while nothing is coded): type at the start, save, see the
		// moved codings.
		b.logout()
		b.login(asOwner)
		b.do("reopen the interview", chromedp.Navigate(ts.URL+"/interviews/"+f.iv.ID), chromedp.WaitVisible(chromedp.ID("media")))
		b.do("open the editor", chromedp.Click(`#editor-panel summary`), chromedp.WaitVisible(chromedp.ID("transcript-editor")))
		b.eval(`(() => { const ta = document.getElementById("transcript-editor"); ta.focus(); ta.selectionStart = ta.selectionEnd = 0; return ""; })()`)
		b.do("type a word", chromedp.KeyEvent("Well. "))
		b.do("save", chromedp.Click(chromedp.ID("save-transcript")), chromedp.WaitVisible(chromedp.ID("saved-notice")))
		for _, s := range []*ownwords.Segment{f.seg, coded} {
			row := b.eval(`(() => { const r = document.querySelector('tr.move[data-segment="` + s.ID + `"]'); return r ? r.cells[3].textContent : "missing"; })()`)
			if row != "moved" {
				b.shot("workbench-edits")
				t.Errorf("segment %d..%d on the edits page: %q, want moved", s.Start, s.End, row)
			}
			got, err := st.Segment(t.Context(), s.ID)
			must(t, err)
			if got.Start != s.Start+6 || got.Broken {
				t.Errorf("segment %d..%d now at %d (broken %v), want moved by 6", s.Start, s.End, got.Start, got.Broken)
			}
		}
		if !strings.Contains(b.eval(`document.body.innerHTML`), f.seg2.ID) {
			t.Error("the owner's edits page does not list the other coder's segment")
		}
		b.shot("workbench-edits")
	})
}
