package gate

import (
	"bytes"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
)

// TestExportPlans: owners and analysts get the plan file (the plan object
// for one plan, the wrapper for all of two), audited; coders, viewers and
// the public are refused, unaudited; an unknown plan is ENOTFOUND.
func TestExportPlans(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		other := `{"name": "other", "groups": [{"name": "all", "filter": {}}]}`
		fatalIf(t, f.st.SavePlan(t.Context(), &ownwords.Plan{StudyID: f.study.ID, Name: "other", Body: []byte(other)}))
		tests := []struct {
			who, plan string
			code      string
			plans     int
		}{
			{"owner", "", "", 2},
			{"analyst", "other", "", 1},
			{"owner", "nope", ownwords.ENOTFOUND, 0},
			{"coder", "", ownwords.EFORBIDDEN, 0},
			{"viewer", "", ownwords.EFORBIDDEN, 0},
			{"public", "", ownwords.EUNAUTHORIZED, 0},
		}
		for _, tt := range tests {
			t.Run(tt.who+"/"+tt.plan, func(t *testing.T) {
				audits := f.auditsSince(t, "study.export")
				x, err := f.g.ExportPlans(t.Context(), f.caller(tt.who), PlansRequest{Plan: tt.plan, File: "plans.json"})
				wantErrCode(t, err, tt.code)
				if err != nil {
					if got := audits(); len(got) != 0 {
						t.Fatalf("a refused export was audited: %v", got)
					}
					return
				}
				var b bytes.Buffer
				fatalIf(t, x.Write(&b))
				plans, err := analysis.ParsePlanFile(b.Bytes())
				fatalIf(t, err)
				if len(plans) != tt.plans || strings.Contains(b.String(), "ownwords_plans") != (tt.plans > 1) {
					t.Fatalf("%d plans:\n%s", len(plans), b.String())
				}
				if got := audits(); len(got) != 1 || !strings.Contains(got[0], "study.export plan") || !strings.Contains(got[0], "file plans.json") {
					t.Fatalf("audit %v", got)
				}
			})
		}
	})
}
