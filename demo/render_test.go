package demo_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"ownwords/demo"
	"ownwords/internal/browsertest"
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
			// A chart is drawn when its SVG has a laid-out box and bars
			// of positive rendered width.
			stats, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => {
				const svgs = [...document.querySelectorAll('svg')];
				const drawn = svgs.filter(s => s.getBoundingClientRect().width > 100);
				const bars = [...document.querySelectorAll('svg rect')].filter(r => r.getBBox().width > 0);
				return [svgs.length, drawn.length, bars.length, document.querySelectorAll('script').length];
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			svgs, drawn, bars, scripts := stats[0], stats[1], stats[2], stats[3]
			t.Logf("%s: %d charts, %d drawn, %d bars; screenshot %s", audience, svgs, drawn, bars,
				browsertest.Screenshot(t, ctx, "report-demo-"+audience+".png"))
			if svgs < 10 || drawn != svgs || bars < 100 || scripts != 0 {
				t.Fatalf("charts %d, drawn %d, bars %d, scripts %d", svgs, drawn, bars, scripts)
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
