package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRunSmall runs the whole benchmark on 250 participants (the demo's
// 239 and the first 11 again, as copies) with short transcripts (PostgreSQL too when OWNWORDS_TEST_POSTGRES is
// set) and checks that every figure was measured: an import, a load, each
// command without error, each search page rendered, serve's memory read,
// and the table printed with a row per figure.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the ownwords command and a 250-participant study")
	}
	// Schemas of this process's own, dropped at the end: two test runs
	// against one server (an orphan of a killed run, say) must not
	// share them.
	schemas := fmt.Sprintf("scale_test_%d", os.Getpid())
	cfg := config{Participants: 250, Words: 400, Runs: 1, Dir: t.TempDir(), Timeout: 5 * time.Minute,
		Postgres: os.Getenv("OWNWORDS_TEST_POSTGRES"), Schemas: schemas}
	if cfg.Postgres != "" {
		t.Cleanup(func() {
			for _, suffix := range []string{"_import", "_study", "_baseline"} {
				command(context.Background(), nil, "psql", plainDSN(cfg.Postgres), "-q", "-c", "DROP SCHEMA IF EXISTS "+schemas+suffix+" CASCADE")
			}
		})
	}
	var log bytes.Buffer
	res, err := run(context.Background(), cfg, &log)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	want := 1
	if cfg.Postgres != "" {
		want = 2
	}
	if len(res.Stores) != want {
		t.Fatalf("%d stores measured, want %d", len(res.Stores), want)
	}
	if res.CorpusBytes == 0 {
		t.Error("no corpus written")
	}
	for _, s := range res.Stores {
		if s.Import <= 0 || s.LoadStudy <= 0 || s.ImportBytes <= 0 || s.StudyBytes <= 0 {
			t.Errorf("%s: import %v, load %v, sizes %d/%d: want all measured", s.Store, s.Import, s.LoadStudy, s.ImportBytes, s.StudyBytes)
		}
		if len(s.Commands) != 8 {
			t.Errorf("%s: %d commands timed, want 8", s.Store, len(s.Commands))
		}
		for _, c := range s.Commands {
			if c.Error != "" || c.Median <= 0 {
				t.Errorf("%s: %s: median %v, error %q", s.Store, c.Name, c.Median, c.Error)
			}
		}
		if len(s.Searches) != len(queries()) {
			t.Errorf("%s: %d searches, want %d", s.Store, len(s.Searches), len(queries()))
		}
		for _, q := range s.Searches {
			if q.Median <= 0 || q.PageBytes == 0 {
				t.Errorf("%s: search %s: median %v, page %d bytes", s.Store, q.Name, q.Median, q.PageBytes)
			}
		}
		if len(s.Pages) != 4 {
			t.Errorf("%s: %d report page timings, want 4", s.Store, len(s.Pages))
		}
		for _, p := range s.Pages {
			if p.Median <= 0 || p.PageBytes == 0 {
				t.Errorf("%s: %s: median %v, page %d bytes", s.Store, p.Name, p.Median, p.PageBytes)
			}
		}
		if s.ServePeakRSS <= 0 || s.ServeSearchRSS <= 0 || s.ServeSearchRSS > s.ServePeakRSS {
			t.Errorf("%s: serve's peak RSS %d while searching, %d after the report pages: want both read, the first no larger", s.Store, s.ServeSearchRSS, s.ServePeakRSS)
		}
	}
	// The corpus plants the rare word in about 1 interview in 100 and
	// the phrase in about 1 in 10; "the" is in every interview.
	if rg := res.rg(queries()[2].name); rg != nil && rg.Hits < cfg.Participants {
		t.Errorf("ripgrep finds %q %d times in %d interviews, want at least one each", rg.Pattern, rg.Hits, cfg.Participants)
	}
	var out bytes.Buffer
	res.print(&out)
	for _, row := range []string{"`ownwords import`", "search page: rare word", "search page: phrase", "`ownwords report (team, json)`", "`serve` peak RSS", "faster"} {
		if !strings.Contains(out.String(), row) {
			t.Errorf("table lacks the row %q:\n%s", row, out.String())
		}
	}

	// -pages-only times the kept studies' pages again, and nothing else.
	cfg.PagesOnly = true
	again, err := run(context.Background(), cfg, &log)
	if err != nil {
		t.Fatalf("-pages-only: %v\n%s", err, log.String())
	}
	if len(again.Stores) != want || len(again.Ripgrep) == 0 {
		t.Fatalf("-pages-only: %d stores, %d ripgrep figures: want %d and some", len(again.Stores), len(again.Ripgrep), want)
	}
	for _, s := range again.Stores {
		if s.Import != 0 || s.LoadStudy != 0 || len(s.Commands) != 0 || len(s.Searches) != len(queries()) || len(s.Pages) != 4 || s.ServeSearchRSS <= 0 {
			t.Errorf("-pages-only, %s: import %v, load %v, %d commands, %d searches, %d pages, search RSS %d: want only the pages", s.Store, s.Import, s.LoadStudy, len(s.Commands), len(s.Searches), len(s.Pages), s.ServeSearchRSS)
		}
		for _, q := range s.Searches {
			if q.Median <= 0 || q.Error != "" {
				t.Errorf("-pages-only, %s: search %s: median %v, error %q", s.Store, q.Name, q.Median, q.Error)
			}
		}
	}
	if _, err := run(context.Background(), config{Participants: 1, Words: 1, Runs: 1, PagesOnly: true, Dir: t.TempDir()}, &log); err == nil || !strings.Contains(err.Error(), "-keep") {
		t.Errorf("-pages-only on a directory without a kept run: %v, want an error that says to keep one", err)
	}
}

// TestPrintFailedRows: a page that failed (the 20,000 run's first report
// page outlived the client) is a row that says so, with the reason below
// the table, and the rows after it are still printed.
func TestPrintFailedRows(t *testing.T) {
	r := &results{Participants: 2, Words: 3, Runs: 1, Stores: []*storeResult{{
		Store:    "sqlite",
		Searches: []searchTiming{{timing: timing{Name: "rare word (quokka)", Error: "status 500"}}},
		Pages: []searchTiming{
			{timing: timing{Name: "report page, team, first request", Error: "context deadline exceeded"}},
			{timing: timing{Name: "report page, team, later requests", Error: "no first request"}},
			{timing: timing{Name: "report page, public, first request", Median: 3 * time.Second}},
		},
		Commands: []timing{{Name: "reliability", Median: time.Second}},
	}}}
	var b strings.Builder
	r.print(&b)
	out := b.String()
	for _, want := range []string{
		"| search page: rare word (quokka) | error |",
		"| report page, team, first request | error |",
		"| report page, public, first request | 3.00 s |",
		"| `ownwords reliability` | 1.00 s |",
		"sqlite: rare word (quokka) failed: status 500",
		"sqlite: report page, team, first request failed: context deadline exceeded",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
