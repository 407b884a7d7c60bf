package gate

import (
	"context"
	"time"

	"ownwords"
)

// The budget of searches answered with counts (issue 14, differencing).
// No count a role without text gets can be derived exactly (each is
// perturbed, the same set always alike), but a patient account can
// average: (X OR Y OR W) minus (X OR W) over many unrelated words W
// estimates how many said Y and not X, and each such estimate costs two
// searches. So an account may make at most the study's
// SearchCountsPerDay searches answered with counts in any
// SearchCountsWindow; beyond that Search refuses until the oldest of them
// leaves the window. They are counted from the audit log (each is an
// entry "search" with view "counts"), so the budget holds across
// processes (every CLI run is one) and server instances sharing a
// database, and the log never holds a query or anything derived from one.
// A question asked again costs again: recognising it would mean keeping
// it.

// SearchCountsWindow is the period SearchCountsPerDay counts over.
const SearchCountsWindow = 24 * time.Hour

// Audit action and views of a search: every search is recorded with the
// view it got, never its query.
const (
	actionSearch = "search"
	viewText     = "text"
	viewCounts   = "counts"
)

// checkCountsBudget refuses c a search answered with counts when c has
// made the study's budget of them in the window up to now. It runs before
// the search, so that a refused one costs nothing; recordSearch checks
// again, atomically, before an answer is given.
func (g *Gate) checkCountsBudget(ctx context.Context, c Caller, budget int, now time.Time) error {
	if c.SeesText() {
		return nil
	}
	return g.countsBudgetLeft(ctx, g.store, c, budget, false, now)
}

// recordSearch audits c's search with its view, never its query. A
// search answered with counts is recorded and checked against the budget
// in one transaction, so that simultaneous searches cannot all pass the
// check before any is recorded (the audit log's head serialises appends):
// a search that goes over the budget is refused, and neither recorded nor
// answered.
func (g *Gate) recordSearch(ctx context.Context, c Caller, budget int, now time.Time) error {
	actx := c.Context(ctx)
	if c.SeesText() {
		return g.store.Record(actx, g.studyID, actionSearch, viewText, "")
	}
	return g.store.Update(actx, func(svc ownwords.Services) error {
		if err := svc.Record(actx, g.studyID, actionSearch, viewCounts, ""); err != nil {
			return err
		}
		return g.countsBudgetLeft(actx, svc, c, budget, true, now)
	})
}

// countsBudgetLeft returns EFORBIDDEN when c's searches answered with
// counts in the window up to now reach budget (recorded: with the one
// just recorded, exceed it), saying when the next is possible: when the
// budget-th newest before this one leaves the window.
func (g *Gate) countsBudgetLeft(ctx context.Context, svc ownwords.ActivityService, c Caller, budget int, recorded bool, now time.Time) error {
	n := budget
	if recorded {
		n++
	}
	times, err := svc.AuditTimes(ctx, g.studyID, c.User.Name, actionSearch, viewCounts, now.Add(-SearchCountsWindow), n)
	if err != nil || len(times) < n {
		return err
	}
	// The next minute after that (the window holds entries at its start).
	next := times[n-1].Add(SearchCountsWindow).Truncate(time.Minute).Add(time.Minute)
	return ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s has made the %d searches a day this study allows an account; the next is possible at %s",
		c.User.Name, budget, next.UTC().Format("2006-01-02 15:04 UTC"))
}
