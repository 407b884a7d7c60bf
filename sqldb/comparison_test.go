package sqldb_test

import (
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

func TestOpenComparisonSetsFlagOnceAndAuditsOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := ownwords.WithActor(t.Context(), "owner")
		f := mustFixture(t, st)
		iv, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		if !iv.ComparisonOpenedAt.IsZero() {
			t.Fatalf("new interview: comparison opened at %v, want zero", iv.ComparisonOpenedAt)
		}
		must(t, st.OpenComparison(ctx, f.iv.ID))
		iv, err = st.Interview(ctx, f.iv.ID)
		must(t, err)
		first := iv.ComparisonOpenedAt
		if first.IsZero() {
			t.Fatal("after OpenComparison: ComparisonOpenedAt is zero")
		}
		if iv.Version != f.iv.Version {
			t.Errorf("version = %d, want unchanged %d", iv.Version, f.iv.Version)
		}
		must(t, st.OpenComparison(ctx, f.iv.ID))
		list, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: f.study.ID})
		must(t, err)
		if len(list) != 1 || !list[0].ComparisonOpenedAt.Equal(first) {
			t.Fatalf("Interviews: opened at %v, want %v (unchanged by second call)", list[0].ComparisonOpenedAt, first)
		}
		var n int
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == "interview.comparison_open" && e.Object == f.iv.ID {
				n++
				if e.Actor != "owner" {
					t.Errorf("audit actor = %q, want owner", e.Actor)
				}
			}
			return true
		}))
		if n != 1 {
			t.Errorf("comparison_open audit entries = %d, want 1", n)
		}
	})
}

func TestOpenComparisonRefusesUnknownInterview(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		err := st.OpenComparison(t.Context(), "no-such-interview")
		if ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Fatalf("err = %v, want ENOTFOUND", err)
		}
	})
}
