package web

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ownwords/internal/mediatest"
	"ownwords/sqldb/sqldbtest"
)

// TestBrowserPlayer: a coder opens an interview with a recording (a WAV
// made by ffmpeg), starts it with Alt+P, sees currentTime move, goes back
// 5 s with Alt+B, changes speed with Alt+., clicks an element carrying
// data-t-start (as timed turns will) and lands there, and inserts a
// timestamp into a text field with Alt+T.
func TestBrowserPlayer(t *testing.T) {
	ctx := browser(t)
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	wav := mediatest.Make(t, t.TempDir(), "interview-one-audio.wav", 20, "")
	// Listed (by name) before the fixture's unplayable interview-one.wav:
	// the player loads it.
	f.mustRecordingFile(wav, "audio/wav")
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
	b.login(asCoder)
	b.do("open interview", chromedp.Navigate(ts.URL+"/interviews/"+f.iv.ID), chromedp.WaitVisible(chromedp.ID("media")))
	num := func(js string) float64 {
		t.Helper()
		v, err := strconv.ParseFloat(b.eval("String("+js+")"), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// waitFor polls cond (JS, "true"/"false") for up to 10 s.
	waitFor := func(what, cond string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for b.eval(`String(`+cond+`)`) != "true" {
			if time.Now().After(deadline) {
				b.shot("player-" + strings.ReplaceAll(what, " ", "-"))
				t.Fatalf("%s: timed out; media state %s", what, b.eval(`(() => { const m = document.getElementById("media"); return JSON.stringify({t: m.currentTime, paused: m.paused, ready: m.readyState, err: m.error && m.error.message, rate: m.playbackRate, status: document.getElementById("player-status").textContent}); })()`))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	media := `document.getElementById("media")`
	waitFor("metadata", media+`.readyState >= 1 && `+media+`.duration > 19`)
	b.do("Alt+P plays", chromedp.KeyEvent("p", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	waitFor("playing", "!"+media+".paused && "+media+".currentTime > 0.3")

	// A timed element (the timecodes work emits them on turns) seeks.
	b.eval(`(() => { const s = document.createElement("span"); s.id = "turn-12"; s.dataset.tStart = "12"; s.textContent = "[00:00:12]";
		document.querySelector("#transcript .para").prepend(s); return ""; })()`)
	b.do("click the timed turn", chromedp.Click(chromedp.ID("turn-12")))
	waitFor("seek to 12 s", media+`.currentTime >= 12 && `+media+`.currentTime < 14`)
	start := num(media + ".currentTime")
	waitFor("moving after the seek", media+".currentTime > "+strconv.FormatFloat(start+0.3, 'f', 3, 64))
	waitFor("the turn is marked as spoken", `document.getElementById("turn-12").classList.contains("speaking")`)

	before := num(media + ".currentTime")
	b.do("Alt+B goes back", chromedp.KeyEvent("b", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	if after := num(media + ".currentTime"); after > before-4 || after < before-6.5 {
		t.Errorf("back 5 s: from %.2f to %.2f", before, after)
	}
	b.do("Alt+. faster", chromedp.KeyEvent(".", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	if r := num(media + ".playbackRate"); r != 1.25 {
		t.Errorf("speed after one faster: %v", r)
	}
	b.do("Alt+, slower twice", chromedp.KeyEvent(",", chromedp.KeyModifiers(chromedp.ModifierAlt)), chromedp.KeyEvent(",", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	if r := num(media + ".playbackRate"); r != 0.9 {
		t.Errorf("speed after two slower: %v", r)
	}
	b.do("Alt+P pauses", chromedp.KeyEvent("p", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	waitFor("paused", media+".paused")

	// Seek latency: from the click on a timed element to the media's
	// "seeked" event (the recording streamed by range from the store).
	b.eval(`(() => { const s = document.createElement("span"); s.id = "turn-3"; s.dataset.tStart = "3"; document.querySelector("#transcript .para").prepend(s);
		const m = document.getElementById("media"); window.seekMs = -1;
		m.addEventListener("seeked", () => { window.seekMs = performance.now() - window.seekT0; }, {once: true});
		window.seekT0 = performance.now(); s.click(); return ""; })()`)
	waitFor("seeked", "window.seekMs >= 0")
	seekMs := num("window.seekMs")
	t.Logf("seek to 3 s: %.0f ms from click to seeked", seekMs)
	if seekMs > 1000 {
		t.Errorf("seek took %.0f ms", seekMs)
	}
	b.eval(media + `.pause(), ""`)

	// Alt+T puts the time at the caret of the field being typed in.
	b.eval(`(() => { const ta = document.createElement("textarea"); ta.id = "editor"; ta.dataset.transcriptEditor = ""; ta.value = "P-1: yes";
		document.getElementById("player").append(ta); ta.focus(); ta.selectionStart = ta.selectionEnd = 0; return ""; })()`)
	b.do("Alt+T inserts the time", chromedp.KeyEvent("t", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	got := b.eval(`document.getElementById("editor").value`)
	if !strings.HasPrefix(got, "[00:00:") || !strings.HasSuffix(got, "] P-1: yes") {
		t.Errorf("editor after Alt+T: %q", got)
	}
	b.shot("player")
}
