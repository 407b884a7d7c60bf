package gate

import (
	"slices"
	"testing"

	"ownwords"
	"ownwords/analysis"
	"ownwords/sqldb/sqldbtest"
)

// mustPlan is a plan named name that the coding fixture's codebook
// validates.
func mustPlan(t *testing.T, name string) *analysis.Plan {
	t.Helper()
	p, err := analysis.ParsePlan([]byte(`{"name": "` + name + `", "groups": [{"name": "all", "filter": {}}], "sections": ["influences"]}`))
	mustOK(t, err)
	return p
}

// savePlans saves plans as c in a transaction of their own.
func (f *codingFixture) savePlans(t *testing.T, c Caller, replace bool, plans ...*analysis.Plan) error {
	return f.st.Update(t.Context(), func(tx ownwords.Services) error {
		_, err := f.g.SavePlans(t.Context(), c, tx, "plans.json", plans, replace)
		return err
	})
}

// TestPlansAreTheOwners: an owner saves, lists and deletes the study's
// analysis plans, each change audited under their name; deleting a plan
// names the default plan after it; the name of the study's own state
// (blind-coding) is neither saved nor deleted as a plan; a replaced plan
// needs replace.
func TestPlansAreTheOwners(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustCodingFixture(t, st)
		owner := f.as(asOwner)
		mustOK(t, f.savePlans(t, owner, false, mustPlan(t, "reference"), mustPlan(t, "pilot")))
		wantCode(t, "a plan of the same name", f.savePlans(t, owner, false, mustPlan(t, "pilot")), conflict)
		mustOK(t, f.savePlans(t, owner, true, mustPlan(t, "pilot")))
		wantCode(t, "the blind-coding state as a plan", f.savePlans(t, owner, true, mustPlan(t, "blind-coding")), invalid)
		mustOK(t, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "blind-coding", Body: []byte(`{}`)}))

		list, err := f.g.ListPlans(ctx, f.as(asViewer))
		mustOK(t, err)
		if len(list) != 2 || list[0].Name != "pilot" || list[0].Default || list[1].Name != "reference" || !list[1].Default ||
			!slices.Equal(list[1].Groups, []string{"all"}) || !slices.Equal(list[1].Sections, []string{"influences"}) {
			t.Fatalf("plans listed: %+v", list)
		}

		_, err = f.g.DeletePlan(ctx, owner, "blind-coding")
		wantCode(t, "deleting the blind-coding state", err, missing)
		next, err := f.g.DeletePlan(ctx, owner, "reference")
		mustOK(t, err)
		if next != "pilot" {
			t.Errorf("after deleting reference the default plan is %q, want the only one left, pilot", next)
		}
		if next, err = f.g.DeletePlan(ctx, owner, "pilot"); err != nil || next != "" {
			t.Errorf("deleting the last plan: default %q, %v", next, err)
		}
		if p, err := st.Plan(ctx, f.study.ID, "blind-coding"); err != nil || string(p.Body) != `{}` {
			t.Errorf("the blind-coding state was touched: %v", err)
		}
		var log []string
		mustOK(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == "plan.save" || e.Action == "plan.delete" {
				log = append(log, e.Actor+" "+e.Action+" "+e.Object)
			}
			return true
		}))
		want := []string{"owner plan.save reference", "owner plan.save pilot", "owner plan.save pilot", "system plan.save blind-coding",
			"owner plan.delete reference", "owner plan.delete pilot"}
		if !slices.Equal(log, want) {
			t.Errorf("audit log of plans:\n got %q\nwant %q", log, want)
		}
	})
}

// TestKeyHolderFoundsPlans: a study without an owner takes its plans from
// the key holder on both stores; once it has an owner, a team server's
// key holder is refused and a study file's still may.
func TestKeyHolderFoundsPlans(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustCodingFixture(t, st)
		fresh := &codingFixture{st: st, study: sqldbtest.MustStudy(t, st, "Fresh")}
		fresh.g = New(st, fresh.study.ID)
		mustOK(t, st.CreateCode(ctx, &ownwords.Code{StudyID: fresh.study.ID, Slug: "influences"}))
		mustOK(t, fresh.savePlans(t, KeyHolder(), false, mustPlan(t, "reference")))
		after := ok
		if st.Dialect() == "postgres" {
			after = noAccount
		}
		wantCode(t, "key holder of a study with an owner", f.savePlans(t, KeyHolder(), false, mustPlan(t, "reference")), after)
		_, err := f.g.DeletePlan(ctx, KeyHolder(), "nosuch")
		wantCode(t, "key holder deleting", err, map[string]string{ok: missing, noAccount: noAccount}[after])
	})
}
