package sqldb_test

import (
	"slices"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestAuditTimes: the times of one account's entries with one action and
// object in one study, since a time, newest first, at most limit; entries
// of other accounts, objects, actions and studies never count.
func TestAuditTimes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		a, b := sqldbtest.MustStudy(t, st, "A"), sqldbtest.MustStudy(t, st, "B")
		ann, bob := ownwords.WithActor(ctx, "ann"), ownwords.WithActor(ctx, "bob")
		for i := range 5 {
			must(t, st.Record(ann, a.ID, "search", "counts", ""))
			must(t, st.Record(bob, a.ID, "search", "counts", ""))
			must(t, st.Record(ann, b.ID, "search", "counts", ""))
			if i%2 == 0 {
				must(t, st.Record(ann, a.ID, "search", "text", ""))
				must(t, st.Record(ann, a.ID, "study.view", "counts", ""))
			}
		}
		var all []time.Time // ann's counts in A, newest first
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.StudyID == a.ID && e.Actor == "ann" && e.Action == "search" && e.Object == "counts" {
				all = append([]time.Time{e.At}, all...)
			}
			return true
		}))
		if len(all) != 5 {
			t.Fatalf("%d entries recorded, want 5", len(all))
		}
		// The entries of ann's with other objects or actions, bob's and
		// those in study B lie in between: none of them may count.
		for _, tc := range []struct {
			name  string
			since time.Time
			limit int
			want  []time.Time
		}{
			{"All", time.Time{}, 100, all},
			{"Newest", time.Time{}, 2, all[:2]},
			{"SinceIncludesThatTime", all[2], 100, all[:3]},
			{"SinceAfterAll", all[0].Add(time.Nanosecond), 100, nil},
			{"AtMostTheMaximum", time.Time{}, ownwords.MaxAuditTimes, all},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := st.AuditTimes(ctx, a.ID, "ann", "search", "counts", tc.since, tc.limit)
				must(t, err)
				if !slices.EqualFunc(got, tc.want, time.Time.Equal) {
					t.Errorf("times %v, want %v", got, tc.want)
				}
			})
		}
		for _, limit := range []int{0, -1, ownwords.MaxAuditTimes + 1} {
			_, err := st.AuditTimes(ctx, a.ID, "ann", "search", "counts", time.Time{}, limit)
			wantCode(t, err, ownwords.EINVALID)
		}
	})
}
