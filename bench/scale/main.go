// Command scale is the end-to-end scale benchmark (issue 16 item 5). From
// one command it generates a deterministic study of -participants
// interviews of about -words words (the demo study's participants,
// attributes, codings and events repeated under new codes, each transcript
// the demo's followed by filler), and then, on the embedded SQLite store
// and, with -postgres, on PostgreSQL:
//
//   - imports the transcripts with `ownwords import` (one transaction),
//     beside Debian's sqlite3 loading the same files into a plain FTS5
//     table and psql's \copy into a plain table;
//   - loads the whole study (codings, events, users) through the store, as
//     the demo does, into a second study;
//   - serves the workbench (`ownwords serve`) and times rendered search
//     pages (a rare word, a medium word, a word in every interview, a
//     phrase, a prefix, a filtered search) beside ripgrep over the files,
//     with serve's peak resident memory;
//   - times `ownwords report`, `crosstab`, `reliability`, `timeline` and
//     `export` as a user runs them (process start and store opening
//     included, and measured alone as "open only");
//   - reports each study's size on disk.
//
// It prints one table, each figure beside its baseline (or JSON, -json).
// Everything runs on loopback; the studies live in -dir (a temporary
// directory, removed unless -keep).
//
//	go run ./bench/scale                                   # 20,000 × 10,000 words, SQLite only
//	go run ./bench/scale -postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//	go run ./bench/scale -participants 500 -words 2000     # a quick run
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"time"
)

type config struct {
	Participants int
	Words        int
	Seed         uint64
	Runs         int
	Dir          string
	Keep         bool
	Postgres     string
	JSON         bool
	Timeout      time.Duration
	// Schemas prefixes the PostgreSQL schemas the run replaces
	// (PREFIX_import, PREFIX_study, PREFIX_baseline).
	Schemas string
	// PagesOnly serves the whole studies a run kept in Dir (and, with
	// Postgres, PREFIX_study) again and times only ripgrep and the
	// workbench's pages: no corpus, import, load or command.
	PagesOnly bool
}

func main() {
	var cfg config
	flag.IntVar(&cfg.Participants, "participants", 20000, "participants (one interview each)")
	flag.IntVar(&cfg.Words, "words", 10000, "words per transcript (about)")
	flag.Uint64Var(&cfg.Seed, "seed", 20150101, "seed of the demo study and the filler")
	flag.IntVar(&cfg.Runs, "runs", 5, "timed runs per query or command (the median is shown), after one warm-up")
	flag.StringVar(&cfg.Dir, "dir", "", "working directory (default: a new temporary one)")
	flag.BoolVar(&cfg.Keep, "keep", false, "keep the working directory")
	flag.StringVar(&cfg.Postgres, "postgres", "", "PostgreSQL URL: also run on the team server store (see -schemas)")
	flag.BoolVar(&cfg.JSON, "json", false, "print the results as JSON")
	flag.StringVar(&cfg.Schemas, "schemas", "scale", "prefix of the PostgreSQL schemas the run replaces (PREFIX_import, PREFIX_study, PREFIX_baseline)")
	flag.BoolVar(&cfg.PagesOnly, "pages-only", false, "with -dir of a run kept by -keep (same -participants, -words, -schemas): time only ripgrep and the search and report pages of the kept studies")
	flag.DurationVar(&cfg.Timeout, "timeout", 15*time.Minute, "give up on a command run after this long (its row says so)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := run(ctx, cfg, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
	if cfg.JSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		return
	}
	res.print(os.Stdout)
}

// run generates the corpus, measures the baselines and then each store.
func run(ctx context.Context, cfg config, logw io.Writer) (*results, error) {
	if cfg.Schemas == "" {
		cfg.Schemas = "scale"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Minute
	}
	if cfg.Participants < 1 || cfg.Words < 1 || cfg.Runs < 1 {
		return nil, fmt.Errorf("-participants, -words and -runs must be positive")
	}
	dir := cfg.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "ownwords-scale-")
		if err != nil {
			return nil, err
		}
		dir = d
		if !cfg.Keep {
			defer os.RemoveAll(dir)
		}
	}
	r := &runner{cfg: cfg, dir: dir, log: logw}
	res := &results{Participants: cfg.Participants, Words: cfg.Words, Runs: cfg.Runs,
		Date: time.Now().UTC().Format(time.RFC3339), CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	res.LoadStart = loadAverage()
	if err := r.build(ctx); err != nil {
		return nil, err
	}
	if cfg.PagesOnly {
		return r.pagesOnly(ctx, res)
	}
	start := time.Now()
	r.logf("generating %d interviews of ~%d words", cfg.Participants, cfg.Words)
	study := scaledStudy(cfg.Seed, cfg.Participants, cfg.Words)
	files, bytes, err := writeCorpus(study, dir)
	if err != nil {
		return nil, err
	}
	res.CorpusBytes, res.Generate = bytes, time.Since(start)
	r.files = files
	if err := r.baselines(ctx, res); err != nil {
		return nil, err
	}
	stores := []storeTarget{{name: "sqlite", importDSN: filepath.Join(dir, "import.ownwords"), studyDSN: filepath.Join(dir, "study.ownwords")}}
	if cfg.Postgres != "" {
		imp, err := withSchema(ctx, cfg.Postgres, cfg.Schemas+"_import")
		if err != nil {
			return nil, err
		}
		stu, err := withSchema(ctx, cfg.Postgres, cfg.Schemas+"_study")
		if err != nil {
			return nil, err
		}
		stores = append(stores, storeTarget{name: "postgres", importDSN: imp, studyDSN: stu})
	}
	for _, st := range stores {
		sr, err := r.measureStore(ctx, st, study)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", st.name, err)
		}
		res.Stores = append(res.Stores, sr)
	}
	res.LoadEnd = loadAverage()
	return res, nil
}

// pagesOnly times ripgrep and the pages of the whole studies a kept run
// left in the directory (-pages-only).
func (r *runner) pagesOnly(ctx context.Context, res *results) (*results, error) {
	if r.cfg.Dir == "" {
		return nil, fmt.Errorf("-pages-only needs -dir, the directory of a run kept by -keep")
	}
	study := filepath.Join(r.dir, "study.ownwords")
	if _, err := os.Stat(study); err != nil {
		return nil, fmt.Errorf("-pages-only: no kept study in %s (run once with -keep): %w", r.dir, err)
	}
	if err := r.ripgrep(ctx, res); err != nil {
		return nil, err
	}
	stores := []storeTarget{{name: "sqlite", studyDSN: study}}
	if r.cfg.Postgres != "" {
		dsn, err := schemaDSN(r.cfg.Postgres, r.cfg.Schemas+"_study")
		if err != nil {
			return nil, err
		}
		stores = append(stores, storeTarget{name: "postgres", studyDSN: dsn})
	}
	for _, st := range stores {
		sr := &storeResult{Store: st.name}
		if err := r.serveAndSearch(ctx, st, sr); err != nil {
			return nil, fmt.Errorf("%s: %w", st.name, err)
		}
		res.Stores = append(res.Stores, sr)
	}
	res.LoadEnd = loadAverage()
	return res, nil
}

// loadAverage returns the 1-minute load average, or "" where unknown.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil || len(b) == 0 {
		return ""
	}
	var one string
	fmt.Sscan(string(b), &one)
	return one
}
