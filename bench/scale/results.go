package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// results is one run of the benchmark.
type results struct {
	Participants int    `json:"participants"`
	Words        int    `json:"words"`
	Runs         int    `json:"runs"`
	Date         string `json:"date"`
	CPUs         int    `json:"cpus"`
	GoVersion    string `json:"go_version"`
	LoadStart    string `json:"load_average_start"`
	LoadEnd      string `json:"load_average_end"`

	CorpusBytes int64         `json:"corpus_bytes"`
	Generate    time.Duration `json:"generate_ns"`

	BaselineFTS5      time.Duration `json:"baseline_sqlite3_fts5_load_ns,omitempty"`
	BaselineFTS5Bytes int64         `json:"baseline_sqlite3_fts5_bytes,omitempty"`
	BaselineCopy      time.Duration `json:"baseline_psql_copy_ns,omitempty"`
	Ripgrep           []rgResult    `json:"ripgrep,omitempty"`

	Stores []*storeResult `json:"stores"`
	Notes  []string       `json:"notes,omitempty"`
}

type rgResult struct {
	Query   string        `json:"query"`
	Pattern string        `json:"pattern"`
	Median  time.Duration `json:"median_ns"`
	Hits    int           `json:"hits"`
}

type timing struct {
	Name   string        `json:"name"`
	Median time.Duration `json:"median_ns"`
	Error  string        `json:"error,omitempty"`
}

type searchTiming struct {
	timing
	Runs      []time.Duration `json:"runs_ns"`
	PageBytes int             `json:"page_bytes"`
	// ServeCPU is serve's CPU time (user+system) per page, over the
	// warm-up and the timed runs: on a shared machine it says what a page
	// costs, where the wall time also says how long it waited for a core.
	// Zero where unknown (no /proc).
	ServeCPU time.Duration `json:"serve_cpu_ns"`
}

type storeResult struct {
	Store       string         `json:"store"`
	Import      time.Duration  `json:"import_ns"`
	ImportBytes int64          `json:"import_study_bytes"`
	LoadStudy   time.Duration  `json:"load_study_ns"`
	StudyBytes  int64          `json:"study_bytes"`
	Commands    []timing       `json:"commands"`
	Searches    []searchTiming `json:"searches"`
	Pages       []searchTiming `json:"pages"`
	// ServeSearchRSS is serve's peak resident set after the search pages;
	// ServePeakRSS after the report pages too (the first request of each
	// builds the whole analysis).
	ServeSearchRSS int64 `json:"serve_search_peak_rss_bytes"`
	ServePeakRSS   int64 `json:"serve_peak_rss_bytes"`
}

func (r *results) store(name string) *storeResult {
	for _, s := range r.Stores {
		if s.Store == name {
			return s
		}
	}
	return nil
}

func (r *results) rg(query string) *rgResult {
	for i := range r.Ripgrep {
		if r.Ripgrep[i].Query == query {
			return &r.Ripgrep[i]
		}
	}
	return nil
}

// print writes the results as one Markdown table: a row per figure, a
// column per store, and the baseline with each store's ratio to it.
func (r *results) print(w io.Writer) {
	fmt.Fprintf(w, "%d interviews × ~%d words (%s of text), %s, %d CPUs, %s; load average %s at start, %s at end; median of %d runs after a warm-up\n\n",
		r.Participants, r.Words, mib(r.CorpusBytes), r.Date, r.CPUs, r.GoVersion, r.LoadStart, r.LoadEnd, r.Runs)
	names := []string{}
	for _, s := range r.Stores {
		names = append(names, s.Store)
	}
	fmt.Fprintf(w, "| figure | %s | baseline | ÷ baseline |\n|---|%s---|---|\n", strings.Join(names, " | "), strings.Repeat("---|", len(names)))
	// speedup: the ratio column says how many times faster than the
	// baseline the store is (the search pages against ripgrep), else how
	// many times the baseline's time it takes.
	var speedup bool
	row := func(name string, val func(*storeResult) string, baseline string, base time.Duration, dur func(*storeResult) time.Duration) {
		cells := make([]string, len(r.Stores))
		ratios := []string{}
		for i, s := range r.Stores {
			cells[i] = val(s)
			if base > 0 && dur != nil && dur(s) > 0 {
				if speedup {
					ratios = append(ratios, fmt.Sprintf("%s %.1f× faster", s.Store, float64(base)/float64(dur(s))))
				} else {
					ratios = append(ratios, fmt.Sprintf("%s %.2f×", s.Store, float64(dur(s))/float64(base)))
				}
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", name, strings.Join(cells, " | "), baseline, strings.Join(ratios, ", "))
	}
	dur := func(d time.Duration) string { return fmtDur(d) }
	fts := ""
	if r.BaselineFTS5 > 0 {
		fts = "sqlite3 FTS5 load " + dur(r.BaselineFTS5)
	}
	row("`ownwords import` of the transcripts", func(s *storeResult) string { return dur(s.Import) }, fts, r.BaselineFTS5, func(s *storeResult) time.Duration { return s.Import })
	if r.BaselineCopy > 0 {
		pgImport := func(s *storeResult) time.Duration {
			if s.Store == "postgres" {
				return s.Import
			}
			return 0
		}
		row("  (PostgreSQL) same", func(s *storeResult) string { return dur(pgImport(s)) }, "psql \\copy "+dur(r.BaselineCopy), r.BaselineCopy, pgImport)
	}
	row("imported study size", func(s *storeResult) string { return mib(s.ImportBytes) }, "FTS5 file "+mib(r.BaselineFTS5Bytes)+", text "+mib(r.CorpusBytes), 0, nil)
	row("whole study load (store API, as the demo)", func(s *storeResult) string { return dur(s.LoadStudy) }, "", 0, nil)
	row("whole study size", func(s *storeResult) string { return mib(s.StudyBytes) }, "", 0, nil)
	if len(r.Stores) > 0 {
		for i, q := range r.Stores[0].Searches {
			base, label := time.Duration(0), ""
			if rg := r.rg(q.Name); rg != nil {
				base, label = rg.Median, fmt.Sprintf("ripgrep %s (%d hits)", dur(rg.Median), rg.Hits)
			}
			speedup = true
			row("search page: "+q.Name, func(s *storeResult) string { return pageCell(s.Searches[i]) }, label, base,
				func(s *storeResult) time.Duration { return s.Searches[i].Median })
			speedup = false
		}
		for i, p := range r.Stores[0].Pages {
			target := ""
			if strings.Contains(p.Name, "later") {
				target = "target ≤ 100 ms"
			}
			row(p.Name, func(s *storeResult) string { return pageCell(s.Pages[i]) }, target, 0, nil)
		}
		for i, c := range r.Stores[0].Commands {
			row("`ownwords "+c.Name+"`", func(s *storeResult) string {
				if s.Commands[i].Error != "" {
					return "error"
				}
				return dur(s.Commands[i].Median)
			}, "", 0, nil)
		}
	}
	row("`serve` peak RSS while searching", func(s *storeResult) string { return mib(s.ServeSearchRSS) }, "goal ≤ 1 GiB", 0, nil)
	row("`serve` peak RSS after the report pages too", func(s *storeResult) string { return mib(s.ServePeakRSS) }, "", 0, nil)
	for _, s := range r.Stores {
		failed := slices.Clone(s.Commands)
		for _, p := range append(slices.Clone(s.Searches), s.Pages...) {
			failed = append(failed, p.timing)
		}
		for _, c := range failed {
			if c.Error != "" {
				fmt.Fprintf(w, "\n%s: %s failed: %s\n", s.Store, c.Name, c.Error)
			}
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
}

// pageCell is a page's median time, with serve's CPU time per page where
// known.
func pageCell(t searchTiming) string {
	if t.Error != "" {
		return "error"
	}
	if t.ServeCPU <= 0 {
		return fmtDur(t.Median)
	}
	return fmtDur(t.Median) + " (cpu " + fmtDur(t.ServeCPU) + ")"
}

func fmtDur(d time.Duration) string {
	switch {
	case d == 0:
		return "–"
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}

func mib(n int64) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
