package gate

import (
	"context"
	"sync"
	"sync/atomic"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
)

// cache keeps what the report page computes — analyses and built reports
// — for one version of the study's data (ownwords.VersionService), so
// that a page shown again costs a version lookup instead of a rebuild.
// Every write, by any process on the same database, gives the study a new
// version, and the first request that sees it drops every entry.
//
// Disclosure: an entry is keyed by everything that shapes it after the
// gate has decided for the caller (plan, audience, export tier, quotes),
// never by the caller, and holds only what the gate would compute for any
// caller with the same key; the per-caller parts (the drill and quote
// links, the audit entry) are decided on every request. Entries stay in
// memory, at most max of them, the least recently used dropped first.
//
// Concurrent requests for one key wait for a single build.
type cache struct {
	mu      sync.Mutex
	max     int
	version ownwords.StudyVersion
	entries map[cacheKey]*cacheEntry
	tick    uint64
	// builds counts the builds, by kind (CacheStats).
	builds sync.Map // string → *atomic.Int64
}

// cacheKey names an entry. Kind "input" keys the study's analysis input
// (analysis.Load: no transcript text), kind "analysis" the analysis of a
// plan, both role-independent; kind "report" a built report, by
// everything that shapes it; kind "choices" (in Gate.setup) the search
// form's choices of a role.
type cacheKey struct {
	kind     string
	role     ownwords.Role
	plan     string
	audience string
	tier     ownwords.ExportTier
	quotes   bool
}

type cacheEntry struct {
	done chan struct{}
	val  any
	err  error
	used uint64
}

// analysed is an analysis: its input (no transcript text) and result.
// Both are read only once built.
type analysed struct {
	in  *analysis.Input
	res *analysis.Result
}

// DefaultCacheEntries is how many analyses and reports a gate keeps when
// caching (EnableCache): a few plans by a few audiences and tiers.
const DefaultCacheEntries = 16

// EnableCache makes g keep analyses and reports per study version (see
// cache), at most max (DefaultCacheEntries when max ≤ 0), when its store
// tells versions (ownwords.VersionService); otherwise g computes every
// output as before. It returns g. The workbench enables it; the CLI,
// which makes one report per process, does not.
func (g *Gate) EnableCache(max int) *Gate {
	if max <= 0 {
		max = DefaultCacheEntries
	}
	if _, ok := g.store.(ownwords.VersionService); ok {
		g.cache = &cache{max: max, entries: map[cacheKey]*cacheEntry{}}
		// One entry per role: the search form's choices.
		g.setup = &cache{max: len(ownwords.Roles), entries: map[cacheKey]*cacheEntry{}}
	}
	return g
}

// CacheStats counts a caching gate's builds since it was made: Loads
// (reading the analysis input), Analyses (running a plan), Reports
// (building a report) and Choices (a role's search choices).
type CacheStats struct {
	Loads, Analyses, Reports, Choices int64
}

// CacheStats returns the counts of builds (zero without a cache).
func (g *Gate) CacheStats() CacheStats {
	if g.cache == nil {
		return CacheStats{}
	}
	return CacheStats{Loads: g.cache.count("input"), Analyses: g.cache.count("analysis"), Reports: g.cache.count("report"),
		Choices: g.setup.count("choices")}
}

func (c *cache) count(kind string) int64 {
	n, ok := c.builds.Load(kind)
	if !ok {
		return 0
	}
	return n.(*atomic.Int64).Load()
}

func (c *cache) built(kind string) {
	n, _ := c.builds.LoadOrStore(kind, new(atomic.Int64))
	n.(*atomic.Int64).Add(1)
}

// get returns the entry key of version v, building it once with build. A
// request that read an older version than the cache holds builds for
// itself and keeps nothing. Failed builds are not kept.
func (c *cache) get(ctx context.Context, v ownwords.StudyVersion, key cacheKey, build func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	switch {
	case v.Seq < c.version.Seq:
		c.mu.Unlock()
		c.built(key.kind)
		return build(ctx)
	case v != c.version:
		clear(c.entries)
		c.version = v
	}
	c.tick++
	e, ok := c.entries[key]
	if ok {
		e.used = c.tick
		c.mu.Unlock()
		select {
		case <-e.done:
			return e.val, e.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	e = &cacheEntry{done: make(chan struct{}), used: c.tick}
	c.entries[key] = e
	c.evict()
	c.mu.Unlock()

	c.built(key.kind)
	// The build serves every request waiting for it: one leaving early
	// must not fail the others.
	e.val, e.err = build(context.WithoutCancel(ctx))
	close(e.done)
	if e.err != nil {
		c.mu.Lock()
		if c.entries[key] == e {
			delete(c.entries, key)
		}
		c.mu.Unlock()
	}
	return e.val, e.err
}

// evict drops the least recently used entries beyond max. Requests
// waiting for a dropped entry still get it.
func (c *cache) evict() {
	for len(c.entries) > c.max {
		var oldest cacheKey
		first := true
		for k, e := range c.entries {
			if first || e.used < c.entries[oldest].used {
				oldest, first = k, false
			}
		}
		delete(c.entries, oldest)
	}
}

// studyVersion reads the study's version; ok is false when g keeps no
// cache.
func (g *Gate) studyVersion(ctx context.Context) (v ownwords.StudyVersion, ok bool, err error) {
	if g.cache == nil {
		return v, false, nil
	}
	v, err = g.store.(ownwords.VersionService).StudyVersion(ctx, g.studyID)
	return v, err == nil, err
}

// analyse runs the analysis of the plan named (picked by
// ownwords.PickPlan), kept per study version when g caches: the input,
// which every plan reads whole, once, and each plan's result.
func (g *Gate) analyse(ctx context.Context, plan string) (*analysis.Input, *analysis.Result, error) {
	v, ok, err := g.studyVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	return g.analyseAt(ctx, v, ok, plan)
}

// analyseAt is analyse at version v, read by the caller (ok false: no
// cache).
func (g *Gate) analyseAt(ctx context.Context, v ownwords.StudyVersion, ok bool, plan string) (*analysis.Input, *analysis.Result, error) {
	var err error
	if !ok {
		return report.Analyse(ctx, g.store, g.studyID, plan)
	}
	if plan, _, err = g.pickPlan(ctx, plan); err != nil {
		return nil, nil, err
	}
	a, err := g.cache.get(ctx, v, cacheKey{kind: "analysis", plan: plan}, func(ctx context.Context) (any, error) {
		in, err := g.cache.get(ctx, v, cacheKey{kind: "input"}, func(ctx context.Context) (any, error) {
			return analysis.Load(ctx, g.store, g.studyID)
		})
		if err != nil {
			return nil, err
		}
		res, err := report.AnalyseInput(ctx, g.store, in.(*analysis.Input), plan)
		return analysed{in.(*analysis.Input), res}, err
	})
	if err != nil {
		return nil, nil, err
	}
	return a.(analysed).in, a.(analysed).res, nil
}

// shapedReport is a built report shaped for its audience and tier, with
// the analysis behind it. Read only once built.
type shapedReport struct {
	rep *report.Report
	res *analysis.Result
}

// buildReport builds the report opt asks for and shapes it by tier (team)
// or checks it (public), kept per study version when g caches: the key is
// everything that shapes it, never the caller.
func (g *Gate) buildReport(ctx context.Context, opt report.StudyOptions, tier ownwords.ExportTier) (*report.Report, *analysis.Result, error) {
	v, ok, err := g.studyVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	// The report and its analysis are of one version, read once.
	build := func(ctx context.Context) (any, error) {
		in, res, err := g.analyseAt(ctx, v, ok, opt.Plan)
		if err != nil {
			return nil, err
		}
		rep, err := report.ForAnalysis(ctx, g.store, in, res, opt)
		if err != nil {
			return nil, err
		}
		if opt.Audience == AudienceTeam {
			err = report.ApplyTier(ctx, g.store, g.studyID, rep, tier)
		} else {
			err = report.CheckPublic(ctx, g.store, g.studyID, rep)
		}
		return shapedReport{rep, res}, err
	}
	var r any
	if ok {
		key := cacheKey{kind: "report", plan: opt.Plan, audience: opt.Audience, tier: tier, quotes: opt.WithQuotes}
		r, err = g.cache.get(ctx, v, key, build)
	} else {
		r, err = build(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	return r.(shapedReport).rep, r.(shapedReport).res, nil
}
