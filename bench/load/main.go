// Command load is the workbench's load benchmark: simulated coders log in
// to the web workbench over loopback HTTP and apply and remove codes on the
// demo study, concurrently, while every request's latency is recorded. At
// the end the store's coder-layer segments of those coders are compared
// with what the clients believe they left, so that a lost update (an
// acknowledged write missing, or an acknowledged removal undone) is found.
//
// Usage:
//
//	go run ./bench/load [-store F | -postgres DSN] [-coders 50] [-ops 20] [-duration 30s] [-keep 10] [-think 0s] [-json]
//
// Without -store or -postgres the demo study is built in a temporary
// encrypted SQLite file that is removed afterwards. See bench/README.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"time"
)

// config is what a run does; the flags fill it.
type config struct {
	Store     string        // SQLite study file to build or reuse; "" means a temporary one
	Postgres  string        // PostgreSQL DSN; overrides Store
	Coders    int           // simulated coders
	Ops       int           // codes each coder applies (0: until Duration ends)
	Duration  time.Duration // upper bound of the run phase
	KeepEvery int           // each coder leaves every KeepEvery-th segment in place
	Seed      uint64        // seed of the coders' random choices
	Think     time.Duration // mean pause before each request (uniform on [0, 2·Think)); 0: none
}

func main() {
	var cfg config
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	fs.StringVar(&cfg.Store, "store", "", "demo study file to build or reuse (default: a temporary file)")
	fs.StringVar(&cfg.Postgres, "postgres", "", "PostgreSQL DSN to build or reuse the demo study in, instead of SQLite")
	fs.IntVar(&cfg.Coders, "coders", 50, "concurrent simulated coders")
	fs.IntVar(&cfg.Ops, "ops", 20, "codes each coder applies (0: no limit, run for -duration)")
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, "longest time the coders run")
	fs.IntVar(&cfg.KeepEvery, "keep", 10, "each coder leaves every N-th segment in place instead of removing it")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the coders' random choices")
	fs.DurationVar(&cfg.Think, "think", 0, "mean pause of a coder before each request (0: back to back, the worst case)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole process to this file")
	fs.Parse(os.Args[1:])
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := run(ctx, cfg, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
	} else {
		res.writeText(os.Stdout)
	}
	if res.Errors > 0 || res.Check.Lost() > 0 {
		pprof.StopCPUProfile()
		os.Exit(2)
	}
}

// run sets up the study, server and coders, runs the load and checks the
// outcome. Progress goes to logw.
func run(ctx context.Context, cfg config, logw io.Writer) (*result, error) {
	if cfg.Coders < 1 || cfg.Ops < 0 || cfg.Duration <= 0 || cfg.KeepEvery < 1 || cfg.Think < 0 {
		return nil, fmt.Errorf("need -coders ≥ 1, -ops ≥ 0, -duration > 0, -keep ≥ 1 and -think ≥ 0")
	}
	b, err := setup(ctx, cfg, logw)
	if err != nil {
		return nil, err
	}
	defer b.close()
	res := b.load(ctx)
	res.Check, err = b.verify(ctx)
	return res, err
}
