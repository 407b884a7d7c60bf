package gate

import (
	"strings"
	"sync"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestSearchCountsBudget: an account without text gets the study's budget
// of searches answered with counts per 24 hours and is then refused,
// told the budget and when the next is possible, and nothing of the
// study; refused searches are not recorded; the window slides (still
// refused 23 hours on, allowed once the oldest search has left it);
// roles with text are never counted; each account has its own budget.
func TestSearchCountsBudget(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f, ctx := mustBudgetOfThree(t, st), t.Context()
		start := time.Now()
		search := func(who string, now time.Time) error {
			_, err := f.g.Search(ctx, f.as(who), SearchRequest{Query: "alpha OR zeta", Now: now})
			return err
		}
		for i := range 3 {
			mustOK(t, search(asAnalyst, start))
			for _, who := range []string{asOwner, asCoder} {
				mustOK(t, search(who, start)) // never counted
				mustOK(t, search(who, start))
			}
			if i == 0 {
				mustOK(t, search(asViewer, start)) // a budget of its own
			}
		}
		first := f.searchTimes(t, asAnalyst)[0]
		next := first.Add(SearchCountsWindow).Truncate(time.Minute).Add(time.Minute).UTC().Format("2006-01-02 15:04 UTC")
		for _, tc := range []struct {
			name string
			now  time.Time
			code string
		}{
			{"ErrBudgetSpent", start, ownwords.EFORBIDDEN},
			{"ErrStillSpentADayLessAnHour", start.Add(SearchCountsWindow - time.Hour), ownwords.EFORBIDDEN},
			{"OKADayLater", time.Now().Add(SearchCountsWindow + time.Second), ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := len(f.searchTimes(t, asAnalyst))
				err := search(asAnalyst, tc.now)
				wantErrCode(t, err, tc.code)
				after := len(f.searchTimes(t, asAnalyst))
				if err == nil {
					if after != before+1 {
						t.Errorf("%d searches recorded after an answered one, want %d", after, before+1)
					}
					return
				}
				msg := ownwords.ErrorMessage(err)
				if !strings.Contains(msg, "the 3 searches a day") || !strings.Contains(msg, "next is possible at "+next) ||
					strings.Contains(msg, "alpha") || after != before {
					t.Errorf("refusal %q (want the budget and %s, no query), %d recorded after it, want %d", msg, next, after, before)
				}
			})
		}
	})
}

// TestSearchCountsBudgetSimultaneous: searches asked at the same time
// cannot all pass the check before any is recorded: of many at once,
// exactly the budget is answered and recorded.
func TestSearchCountsBudgetSimultaneous(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f, ctx := mustBudgetOfThree(t, st), t.Context()
		var wg sync.WaitGroup
		errs := make([]error, 12)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = f.g.Search(ctx, f.as(asViewer), SearchRequest{Query: "alpha", Now: time.Now()})
			})
		}
		wg.Wait()
		answered := 0
		for _, err := range errs {
			switch ownwords.ErrorCode(err) {
			case "":
				answered++
			case ownwords.EFORBIDDEN:
			default:
				t.Errorf("search: %v", err)
			}
		}
		if recorded := len(f.searchTimes(t, asViewer)); answered != 3 || recorded != 3 {
			t.Errorf("%d answered and %d recorded of %d at once, want 3 and 3", answered, recorded, len(errs))
		}
	})
}

// mustBudgetOfThree makes the coding fixture in st, whose owner sets the
// budget of searches answered with counts to 3 a day.
func mustBudgetOfThree(t *testing.T, st ownwords.Store) *codingFixture {
	t.Helper()
	f := mustCodingFixture(t, st)
	set, err := f.g.Settings(t.Context(), f.as(asOwner), SettingsChange{SearchCountsPerDay: 3})
	mustOK(t, err)
	if set.SearchCountsPerDay != 3 || set.Changes[0] != "search counts per day 100 → 3" {
		t.Fatalf("settings %+v", set)
	}
	return f
}

// searchTimes returns when who's searches answered with counts were
// recorded, oldest first.
func (f *codingFixture) searchTimes(t *testing.T, who string) []time.Time {
	t.Helper()
	var out []time.Time
	mustOK(t, f.st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.StudyID == f.study.ID && e.Actor == who && e.Action == "search" && e.Object == "counts" {
			out = append(out, e.At)
		}
		return true
	}))
	return out
}
