package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"time"

	"ownwords"
)

// result is what a run measured.
type result struct {
	Dialect    string          `json:"dialect"`
	Coders     int             `json:"coders"`
	OpsLimit   int             `json:"ops_per_coder_limit"`
	ThinkMS    float64         `json:"think_ms"`
	Interviews int             `json:"interviews"`
	SetupMS    float64         `json:"setup_ms"`
	LoginMS    float64         `json:"login_ms"`
	WallMS     float64         `json:"run_ms"`
	Requests   int             `json:"requests"`
	PerSecond  float64         `json:"requests_per_second"`
	Ops        map[string]stat `json:"ops"`
	// First summarises each coder's first request of each operation
	// (also in Ops): the requests that meet cold connections and caches.
	First    map[string]stat `json:"first_of_each_coder"`
	Errors   int             `json:"errors"`
	Unsure   int             `json:"unanswered_writes"`
	ErrorLog []string        `json:"first_errors,omitempty"`
	Check    check           `json:"check"`
}

// stat summarises one operation's latencies, in milliseconds.
type stat struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P90 float64 `json:"p90_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// check compares the store with what the coders believe they left: every
// segment they expect must be there unchanged (else Missing or Altered),
// and nothing else of theirs (else Unexpected, e.g. a removal undone).
type check struct {
	Expected   int `json:"expected"`
	Found      int `json:"found"`
	Missing    int `json:"missing"`
	Altered    int `json:"altered"`
	Unexpected int `json:"unexpected"`
}

// Lost counts the lost updates the check found.
func (c check) Lost() int { return c.Missing + c.Altered + c.Unexpected }

// load runs every coder at once and gathers their latencies and errors.
func (b *bench) load(ctx context.Context) *result {
	for _, c := range b.coders {
		before, err := b.st.Segments(ctx, ownwords.SegmentFilter{StudyID: b.studyID, CoderID: c.user.ID, Layer: ownwords.LayerCoder})
		if err != nil {
			c.errors = append(c.errors, "baseline: "+err.Error())
		}
		for _, s := range before {
			c.kept[s.ID] = s // left by an earlier run on a reused store
		}
	}
	start := time.Now()
	deadline := start.Add(b.cfg.Duration)
	var wg sync.WaitGroup
	for _, c := range b.coders {
		wg.Go(func() { c.work(ctx, deadline) })
	}
	wg.Wait()
	wall := time.Since(start)
	res := &result{Dialect: b.Dialect, Coders: len(b.coders), OpsLimit: b.cfg.Ops, ThinkMS: ms(b.cfg.Think), Interviews: b.Interviews,
		SetupMS: ms(b.SetupTime), LoginMS: ms(b.LoginTime), WallMS: ms(wall), Ops: map[string]stat{}}
	all, first := map[string][]time.Duration{}, map[string][]time.Duration{}
	for _, c := range b.coders {
		for op, ds := range c.samples {
			all[op] = append(all[op], ds...)
			first[op] = append(first[op], ds[0])
		}
		res.Errors += len(c.errors)
		res.Unsure += c.unsure
		res.ErrorLog = append(res.ErrorLog, c.errors...)
	}
	res.ErrorLog = res.ErrorLog[:min(len(res.ErrorLog), 10)]
	res.First = map[string]stat{}
	for op, ds := range first {
		if op != "login" {
			res.First[op] = summarise(ds)
		}
	}
	for op, ds := range all {
		res.Ops[op] = summarise(ds)
		if op != "login" {
			res.Requests += len(ds)
		}
	}
	res.PerSecond = float64(res.Requests) / wall.Seconds()
	return res
}

// summarise returns the count, nearest-rank percentiles and maximum of ds.
func summarise(ds []time.Duration) stat {
	slices.Sort(ds)
	rank := func(p float64) float64 {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ms(ds[max(i, 0)])
	}
	return stat{N: len(ds), P50: rank(0.50), P90: rank(0.90), P95: rank(0.95), P99: rank(0.99), Max: ms(ds[len(ds)-1])}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// verify reads each coder's coder-layer segments from the store and
// compares them with what the coder believes it left.
func (b *bench) verify(ctx context.Context) (check, error) {
	var ck check
	for _, c := range b.coders {
		got, err := b.st.Segments(ctx, ownwords.SegmentFilter{StudyID: b.studyID, CoderID: c.user.ID, Layer: ownwords.LayerCoder})
		if err != nil {
			return ck, err
		}
		ck.Expected += len(c.kept)
		ck.Found += len(got)
		seen := map[string]bool{}
		for _, s := range got {
			want := c.kept[s.ID]
			seen[s.ID] = true
			switch {
			case want == nil:
				ck.Unexpected++
			case want.InterviewID != s.InterviewID || want.CodeID != s.CodeID || want.Start != s.Start ||
				want.End != s.End || want.TextHash != s.TextHash || want.Version != s.Version:
				ck.Altered++
			}
		}
		for id := range c.kept {
			if !seen[id] {
				ck.Missing++
			}
		}
	}
	return ck, nil
}

// writeText prints the result as a table.
func (r *result) writeText(w io.Writer) {
	fmt.Fprintf(w, "store %s, %d interviews; %d coders, at most %d codes applied each, mean think time %.0f ms\n",
		r.Dialect, r.Interviews, r.Coders, r.OpsLimit, r.ThinkMS)
	fmt.Fprintf(w, "setup %.0f ms, %d logins %.0f ms, run %.0f ms: %d requests, %.1f requests/s\n",
		r.SetupMS, r.Coders, r.LoginMS, r.WallMS, r.Requests, r.PerSecond)
	fmt.Fprintf(w, "%-10s %6s %9s %9s %9s %9s %9s\n", "op", "n", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "max ms")
	ops := make([]string, 0, len(r.Ops))
	for op := range r.Ops {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		s := r.Ops[op]
		fmt.Fprintf(w, "%-10s %6d %9.1f %9.1f %9.1f %9.1f %9.1f\n", op, s.N, s.P50, s.P90, s.P95, s.P99, s.Max)
		if s, ok := r.First[op]; ok {
			fmt.Fprintf(w, "%-10s %6d %9.1f %9.1f %9.1f %9.1f %9.1f\n", "  1st", s.N, s.P50, s.P90, s.P95, s.P99, s.Max)
		}
	}
	fmt.Fprintf(w, "errors %d, unanswered writes %d\n", r.Errors, r.Unsure)
	for _, e := range r.ErrorLog {
		fmt.Fprintf(w, "  %s\n", e)
	}
	c := r.Check
	fmt.Fprintf(w, "segments left: expected %d, found %d; lost updates %d (missing %d, altered %d, unexpected %d)\n",
		c.Expected, c.Found, c.Lost(), c.Missing, c.Altered, c.Unexpected)
}
