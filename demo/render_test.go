package demo_test

import (
	"bytes"
	"context"
	gohtml "html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"ownwords/demo"
	"ownwords/internal/browsertest"
	"ownwords/internal/chromium"
	"ownwords/report"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
	"ownwords/vault/vaulttest"
)

var (
	demoOnce  sync.Once
	demoDB    *sqldb.DB
	demoID    string
	demoErr   error
	demoDir   string
	demoStudy = sync.OnceValue(func() *demo.Study { return demo.Generate(demo.DefaultSeed) })
)

// TestMain removes the shared demo store built by mustDemo.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoDB != nil {
		demoDB.Close()
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// mustDemo returns the demo study loaded once into an encrypted SQLite
// store shared by the tests of this package (read-only use).
func mustDemo(tb testing.TB) (*sqldb.DB, string) {
	tb.Helper()
	vaulttest.UseTestCost(tb)
	demoOnce.Do(func() {
		if demoDir, demoErr = os.MkdirTemp("", "ownwords-demo-"); demoErr != nil {
			return
		}
		ctx := context.Background()
		cfg := sqldb.Config{DSN: filepath.Join(demoDir, "demo.ownwords"), Passphrase: []byte(sqldbtest.Passphrase)}
		if demoDB, demoErr = sqldb.Create(ctx, cfg); demoErr != nil {
			return
		}
		demoID, demoErr = demo.Load(ctx, demoDB, demoStudy(), vault.HashPassword, nil)
	})
	if demoErr != nil {
		tb.Fatalf("demo store: %v", demoErr)
	}
	return demoDB, demoID
}

// mustReport renders the demo report for an audience in a format.
func mustReport(tb testing.TB, audience string, write func(*bytes.Buffer, *report.Report) error) []byte {
	tb.Helper()
	db, id := mustDemo(tb)
	rep, _, err := report.ForStudy(context.Background(), db, id, report.StudyOptions{
		Options: report.Options{Audience: audience}, WithQuotes: true})
	if err != nil {
		tb.Fatalf("report: %v", err)
	}
	var buf bytes.Buffer
	if err := write(&buf, rep); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func html(b *bytes.Buffer, r *report.Report) error { return report.WriteHTML(b, r) }

// TestReportRendersInChromium opens the demo's HTML report in headless
// Chromium and checks that every section's chart is laid out with visible
// bars; the screenshots are kept as test artifacts.
func TestReportRendersInChromium(t *testing.T) {
	ctx := browsertest.New(t)
	for _, audience := range []string{report.AudienceTeam, report.AudiencePublic} {
		t.Run(audience, func(t *testing.T) {
			page := browsertest.ArtifactPath(t, "report-demo-"+audience+".html")
			if err := os.WriteFile(page, mustReport(t, audience, html), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page)); err != nil {
				t.Fatal(err)
			}
			// A chart is drawn when its SVG has a laid-out box and dots
			// (marker paths) of positive rendered width.
			stats, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => {
				const svgs = [...document.querySelectorAll('svg')];
				const drawn = svgs.filter(s => s.getBoundingClientRect().width > 100);
				const bars = [...document.querySelectorAll('section.domain svg path')].filter(r => r.getBBox().width > 0);
				return [svgs.length, drawn.length, bars.length, document.querySelectorAll('script').length];
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			svgs, drawn, bars, scripts := stats[0], stats[1], stats[2], stats[3]
			t.Logf("%s: %d charts, %d drawn, %d dots; screenshot %s", audience, svgs, drawn, bars,
				browsertest.Screenshot(t, ctx, "report-demo-"+audience+".png"))
			if svgs < 10 || drawn != svgs || bars < 100 || scripts != 0 {
				t.Fatalf("charts %d, drawn %d, dots %d, scripts %d", svgs, drawn, bars, scripts)
			}
			// The trajectory charts: the joining/leaving histogram, one
			// Kaplan–Meier chart per survival spec of the plan (curves as
			// paths) and the swimlane, scrolled into view for the screenshot.
			tl, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => {
				const sec = document.querySelector('section.timeline');
				if (!sec) return [0, 0];
				sec.scrollIntoView();
				const svgs = [...sec.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 100);
				const curves = [...sec.querySelectorAll('svg path')].filter(p => p.getTotalLength() > 50);
				return [svgs.length, curves.length];
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d trajectory charts, %d curves; screenshot %s", audience, tl[0], tl[1],
				browsertest.Screenshot(t, ctx, "report-demo-"+audience+"-timeline.png"))
			if tl[0] < 4 || tl[1] < 4 {
				t.Fatalf("trajectory charts %d (want histogram, 2 survival charts, swimlane), curves %d", tl[0], tl[1])
			}
		})
	}
}

// a4Text is the width of an A4 page's text in CSS pixels, at the margins
// of internal/chromium's printer (half an inch each side).
const a4Text = 698

// maxTeamPages bounds the printed demo team report (issue 20).
const maxTeamPages = 30

// TestReportPrintsLikeThePaper prints the demo's team and public reports
// to A4 PDF with the real browser: the team report takes at most
// maxTeamPages pages and the public one fewer, no table, figure or quote
// is wider than the page's text at print width, and every passage quoted
// appears once in the printed text. Two pages of each are rendered at
// 100 dpi for review (kept as artifacts: OWNWORDS_TEST_ARTIFACTS).
func TestReportPrintsLikeThePaper(t *testing.T) {
	ctx := browsertest.New(t)
	printer, err := chromium.Find()
	if err != nil {
		t.Fatal(err)
	}
	toppm := browsertest.Tool(t, "pdftoppm", "poppler-utils")
	db, id := mustDemo(t)
	pages := map[string]int{}
	for _, audience := range []string{report.AudienceTeam, report.AudiencePublic} {
		t.Run(audience, func(t *testing.T) {
			rep, _, err := report.ForStudy(context.Background(), db, id, report.StudyOptions{
				Options: report.Options{Audience: audience}, WithQuotes: true})
			if err != nil {
				t.Fatal(err)
			}
			var doc bytes.Buffer
			if err := report.WriteHTML(&doc, rep); err != nil {
				t.Fatal(err)
			}
			pdf, err := report.PDF(t.Context(), rep, printer, "a4")
			if err != nil {
				t.Fatal(err)
			}
			got := browsertest.ReadPDF(t, pdf, "report-demo-print-"+audience)
			pages[audience] = got.Pages
			t.Logf("%s report: %d A4 pages (%s)", audience, got.Pages, got.PageSize)
			if audience == report.AudienceTeam && got.Pages > maxTeamPages {
				t.Errorf("team report prints on %d pages, want at most %d", got.Pages, maxTeamPages)
			}
			if audience == report.AudiencePublic && got.Pages >= pages[report.AudienceTeam] {
				t.Errorf("public report prints on %d pages, the team one on %d: want fewer", got.Pages, pages[report.AudienceTeam])
			}

			// Every passage quoted is printed once.
			flat := func(s string) string { return strings.Join(strings.Fields(s), "") }
			text := flat(got.Text)
			quotes := regexp.MustCompile(`<blockquote><p dir="auto">“([^<]*)”</p>`).FindAllStringSubmatch(doc.String(), -1)
			if len(quotes) < 10 {
				t.Fatalf("%d quotes in the report", len(quotes))
			}
			for _, q := range quotes {
				passage := flat(gohtml.UnescapeString(q[1]))
				if n := strings.Count(text, passage); n != 1 {
					t.Errorf("passage %.60q printed %d times, want once", passage, n)
				}
			}

			// Nothing is wider than the page at print width.
			page := browsertest.ArtifactPath(t, "report-demo-print-"+audience+".html")
			if err := os.WriteFile(page, doc.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			err = chromedp.Do(ctx,
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: a4Text, Height: 1000, DeviceScaleFactor: 1}); err != nil {
						return err
					}
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
					return err
				}),
				chromedp.Navigate("file://"+page))
			if err != nil {
				t.Fatal(err)
			}
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
				const width = document.documentElement.clientWidth;
				const out = [];
				for (const el of document.querySelectorAll('table, figure, svg, blockquote, section, pre')) {
					const r = el.getBoundingClientRect();
					if (el.scrollWidth > el.clientWidth + 1 || r.right > width + 1) {
						out.push(el.tagName + (el.id ? '#' + el.id : '') + ' ' + Math.round(r.right) + '/' + width + ': ' + el.textContent.trim().slice(0, 60));
					}
				}
				if (document.documentElement.scrollWidth > width + 1) out.push('page ' + document.documentElement.scrollWidth + '/' + width);
				return out;
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range wide {
				t.Errorf("wider than an A4 page's text (%d px): %s", a4Text, w)
			}

			// Two pages for review: the first section and the appendix.
			pdfPath := browsertest.ArtifactPath(t, "report-demo-print-"+audience+".pdf")
			old, _ := filepath.Glob(browsertest.ArtifactPath(t, "report-demo-print-"+audience+"-review") + "-*.png")
			for _, f := range old {
				os.Remove(f)
			}
			for _, p := range []string{"3", strconv.Itoa(got.Pages - 2)} {
				prefix := browsertest.ArtifactPath(t, "report-demo-print-"+audience+"-review")
				if out, err := exec.Command(toppm, "-png", "-r", "100", "-f", p, "-l", p, pdfPath, prefix).CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v: %s", err, out)
				}
			}
			review, _ := filepath.Glob(browsertest.ArtifactPath(t, "report-demo-print-"+audience+"-review") + "-*.png")
			if len(review) != 2 {
				t.Fatalf("review pages %q, want 2", review)
			}
			t.Logf("review pages: %s", strings.Join(review, ", "))
		})
	}
}
