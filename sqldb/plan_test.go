package sqldb_test

import (
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestDeletePlan: a plan is deleted by name with an audit entry; an
// unknown name, or a plan of another study, is ENOTFOUND and deletes
// nothing.
func TestDeletePlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		other := sqldbtest.MustStudy(t, st, "Other")
		for _, id := range []string{f.study.ID, other.ID} {
			for _, name := range []string{"reference", "pilot"} {
				must(t, st.SavePlan(ctx, &ownwords.Plan{StudyID: id, Name: name, Body: []byte(`{}`)}))
			}
		}
		must(t, st.DeletePlan(ctx, f.study.ID, "pilot"))
		wantCode(t, st.DeletePlan(ctx, f.study.ID, "pilot"), ownwords.ENOTFOUND)
		wantCode(t, st.DeletePlan(ctx, f.study.ID, "nosuch"), ownwords.ENOTFOUND)
		for id, want := range map[string]int{f.study.ID: 1, other.ID: 2} {
			ps, err := st.Plans(ctx, id)
			must(t, err)
			if len(ps) != want {
				t.Errorf("study %s keeps %d plans, want %d", id, len(ps), want)
			}
		}
		var deleted []string
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == "plan.delete" {
				deleted = append(deleted, e.StudyID+"/"+e.Object)
			}
			return true
		}))
		if len(deleted) != 1 || deleted[0] != f.study.ID+"/pilot" {
			t.Errorf("plan.delete entries %q", deleted)
		}
	})
}
