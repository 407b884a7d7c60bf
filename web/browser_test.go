package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// Browser suite switches: the suite runs only with EnvBrowser=1, and with
// sqldbtest.EnvRequire=1 a skipped suite fails (CI sets both).
const (
	EnvBrowser   = "OWNWORDS_TEST_BROWSER"
	EnvArtifacts = "OWNWORDS_TEST_ARTIFACTS"
	chromiumPath = "/usr/bin/chromium"
)

// browser starts headless Chromium for t, or skips (fails when required).
func browser(t *testing.T) context.Context {
	t.Helper()
	required := os.Getenv(sqldbtest.EnvRequire) == "1"
	skip := func(reason string) {
		if required {
			t.Fatalf("browser suite required (%s=1) but %s", sqldbtest.EnvRequire, reason)
		}
		t.Skipf("browser suite skipped: %s", reason)
	}
	if os.Getenv(EnvBrowser) != "1" {
		skip("set " + EnvBrowser + "=1 to run it (needs " + chromiumPath + ")")
	}
	exe := chromiumPath
	if _, err := os.Stat(exe); err != nil {
		if exe, err = exec.LookPath("chromium"); err != nil {
			skip("no Chromium at " + chromiumPath + " or on PATH (apt-get install chromium)")
		}
	}
	actx, cancel := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	t.Cleanup(cancel)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(cancelCtx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelT)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		skip("Chromium does not start: " + err.Error())
	}
	return ctx
}

// artifactDir is where screenshots go: $OWNWORDS_TEST_ARTIFACTS or a
// temporary directory.
func artifactDir(t *testing.T) string {
	if d := os.Getenv(EnvArtifacts); d != "" {
		must(t, os.MkdirAll(d, 0o755))
		return d
	}
	return t.TempDir()
}

// bt drives one browser through the workbench.
type bt struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
}

func (b *bt) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	start := time.Now()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.shot("failed-" + strings.ReplaceAll(what, " ", "-"))
		b.t.Fatalf("%s: %v", what, err)
	}
	b.t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
}

func (b *bt) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("evaluate %.60s: %v", js, err)
	}
	return s
}

func (b *bt) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(b.dir, "web-"+name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Errorf("screenshot: %v", err)
	}
	b.t.Logf("screenshot %s", p)
}

func (b *bt) login(name string) {
	b.t.Helper()
	b.do("login as "+name,
		chromedp.Navigate(b.base+"/login"),
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("password"), "pw-"+name),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.CSS("form.logout")),
	)
}

func (b *bt) logout() {
	b.t.Helper()
	b.do("logout", chromedp.Click(chromedp.CSS("form.logout button")), chromedp.WaitVisible(chromedp.ID("login")))
}

// selectIn selects, as a user would, the first occurrence of quote within
// one text node of the paragraphs of the column with ID col ("transcript",
// "other-text"), tells the coding script (mouseup), and returns the text
// selected ("" when quote is not found).
func (b *bt) selectIn(col, quote string) string {
	b.t.Helper()
	return b.eval(`((col, quote) => {
		const el = document.getElementById(col);
		for (const p of el.querySelectorAll(".para")) {
			const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
			for (let n = w.nextNode(); n; n = w.nextNode()) {
				const i = n.data.indexOf(quote);
				if (i < 0) continue;
				const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + quote.length);
				const s = getSelection(); s.removeAllRanges(); s.addRange(r);
				el.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
				return s.toString();
			}
		}
		return "";
	})(` + strconv.Quote(col) + `, ` + strconv.Quote(quote) + `)`)
}

// waitMedia waits up to 15 s for the JavaScript condition cond on the
// interview page, failing with the player's state (what names the wait).
func (b *bt) waitMedia(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for b.eval(`String(`+cond+`)`) != "true" {
		if time.Now().After(deadline) {
			b.shot("wait-" + strings.ReplaceAll(what, " ", "-"))
			b.t.Fatalf("%s: timed out; media at %s, status %q, coding %q", what, b.eval(`String(document.getElementById("media").currentTime)`),
				b.eval(`document.getElementById("player-status").textContent`), b.eval(`document.getElementById("coding-status").textContent`))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reportCell returns the "all" figure of an item row of the report page.
func (b *bt) reportCell(label string) string {
	b.t.Helper()
	b.do("open report", chromedp.Navigate(b.base+"/report"), chromedp.WaitVisible(chromedp.CSS("table.report")))
	return b.eval(`(() => { const r = [...document.querySelectorAll("table.report tr")].find(r => r.cells[0].textContent.trim() === ` +
		strconv.Quote(label) + `); return r ? r.cells[1].textContent.trim() : "no row"; })()`)
}

// TestBrowserCodingRoundTrip: a coder logs in, selects a passage after an
// emoji (so UTF-16 and code-point offsets differ), picks a code with the
// keyboard, sees the stripe, reloads and still sees it; an analyst fails
// to open the transcript; the owner adopts the segment into consensus and
// the team report's count changes.
func TestBrowserCodingRoundTrip(t *testing.T) {
	ctx := browser(t)
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	b := &bt{t: t, ctx: ctx, base: ts.URL, dir: artifactDir(t)}
	ivURL := ts.URL + "/interviews/" + f.iv.ID

	b.login(asOwner)
	before := b.reportCell("Online media")
	b.logout()

	b.login(asCoder)
	b.do("open interview", chromedp.Navigate(ivURL), chromedp.WaitVisible(chromedp.ID("transcript")))
	stripes := b.eval(`String(document.querySelectorAll("a.stripe").length)`)
	selected := b.selectIn("transcript", "sent videos")
	if selected != "sent videos" {
		t.Fatalf("selected %q", selected)
	}
	b.do("search a code with the keyboard",
		chromedp.WaitVisible(chromedp.ID("picker")),
		chromedp.KeyEvent("/"),
		chromedp.SendKeys(chromedp.ID("code-search"), "online"),
	)
	b.shot("1-coder-picks-code")
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		b.shot("failed-apply")
		t.Fatalf("apply code: %v (status: %s)", err, b.eval(`document.getElementById("coding-status").textContent`))
	}
	b.do("see the stripe", chromedp.WaitVisible(chromedp.CSS("#segment-list li")))
	after := b.eval(`String(document.querySelectorAll("a.stripe").length)`)
	if after == stripes {
		t.Fatalf("no new stripe: %s before, %s after", stripes, after)
	}
	b.shot("2-coder-sees-stripe")
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("transcript")))
	if got := b.eval(`String(document.querySelectorAll("a.stripe").length)`); got != after {
		t.Errorf("after reload %s stripes, want %s", got, after)
	}
	if got := b.eval(`document.getElementById("segment-list").textContent`); !strings.Contains(got, "influences/online") {
		t.Errorf("segment list after reload: %q", got)
	}
	segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{StudyID: f.study.ID, CoderID: f.users[asCoder].ID, CodeIDs: []string{f.code2.ID}})
	must(t, err)
	start, end := cpRange(t, transcriptEN, "sent videos")
	if len(segs) != 1 || segs[0].Start != start || segs[0].End != end {
		t.Fatalf("stored segments %+v, want one at code points %d..%d", segs, start, end)
	}
	b.logout()

	b.login(asAnalyst)
	b.do("analyst opens the transcript", chromedp.Navigate(ivURL), chromedp.WaitVisible(chromedp.CSS("section.error")))
	if body := b.eval(`document.body.innerText`); !strings.Contains(body, "403") || strings.Contains(body, "sent videos") {
		t.Errorf("analyst's view of the transcript: %q", body)
	}
	b.shot("3-analyst-refused")
	b.logout()

	b.login(asOwner)
	b.do("owner opens the segment from its stripe",
		chromedp.Navigate(ivURL),
		chromedp.Click(chromedp.CSS(`#segment-list a[href*="`+segs[0].ID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("segment-panel")),
	)
	// The panel is visible before the POST's redirect lands too: wait for
	// the adopt button to go (the new consensus segment has none), so that
	// nothing races the navigation.
	b.do("adopt into consensus", chromedp.Click(chromedp.CSS(`form[action$="/consensus"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`form[action$="/consensus"] button`)), chromedp.WaitVisible(chromedp.ID("segment-panel")))
	b.shot("4-owner-adopted")
	if got := b.reportCell("Online media"); got == before {
		t.Errorf("team report unchanged after adoption: %q", got)
	} else {
		t.Logf("team report: Online media %q -> %q", before, got)
	}
	b.shot("5-team-report")

	// An Arabic transcript reads right to left, its margin on the right.
	b.do("open the Arabic interview", chromedp.Navigate(ts.URL+"/interviews/"+f.ivAR.ID), chromedp.WaitVisible(chromedp.ID("transcript")))
	rtl := b.eval(`(() => { const t = document.getElementById("transcript"), row = t.querySelector(".row");
		return getComputedStyle(t).direction + " " + (row.querySelector(".lanes").getBoundingClientRect().left > row.querySelector(".para").getBoundingClientRect().left); })()`)
	if rtl != "rtl true" {
		t.Errorf("Arabic transcript: direction and margin side %q, want \"rtl true\"", rtl)
	}
	b.shot("6-arabic-transcript")
	for i, p := range []string{"/", "/codebook", "/participants", "/participants/" + f.part.ID, "/retrieve?code=" + f.code.ID} {
		b.do("open "+p, chromedp.Navigate(ts.URL+p), chromedp.WaitVisible(chromedp.CSS("main")))
		b.shot(fmt.Sprintf("%d-owner-page", 7+i))
	}
}
