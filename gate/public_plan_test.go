package gate

import (
	"testing"

	"ownwords"
)

// TestPublicSeesOnePlan: with a second plan whose sample differs from the
// reference plan's by one participant, the public (and the roles whose
// view is the public one) get the reference plan's outputs only; naming
// the other plan for the public is refused in every public output, while
// the team audience may use it.
func TestPublicSeesOnePlan(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		other := `{"name": "other", "sample": {"order_by": "intake", "first": 5}, "groups": [{"name": "women", "filter": {"gender": "woman"}}], "sections": ["influences"]}`
		fatalIf(t, f.st.SavePlan(t.Context(), &ownwords.Plan{StudyID: f.study.ID, Name: "other", Body: []byte(other)}))
		for _, tt := range []struct {
			name string
			run  func(c Caller, plan, audience string) error
		}{
			{"Report", func(c Caller, plan, audience string) error {
				_, err := f.g.Report(t.Context(), c, ReportRequest{Plan: plan, Audience: audience, Via: ViaPage})
				return err
			}},
			{"Crosstab", func(c Caller, plan, audience string) error {
				_, err := f.g.Crosstab(t.Context(), c, CrosstabRequest{Rows: "gender", Cols: "origin", Plan: plan, Audience: audience})
				return err
			}},
			{"Matrix", func(c Caller, plan, audience string) error {
				_, err := f.g.ExportMatrix(t.Context(), c, MatrixRequest{Plan: plan, Audience: audience})
				return err
			}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				for _, c := range []struct {
					who            string
					plan, audience string
					want           string
				}{
					{"public", "other", AudiencePublic, ownwords.EFORBIDDEN},
					{"viewer", "other", AudiencePublic, ownwords.EFORBIDDEN},
					{"owner", "other", AudiencePublic, ownwords.EFORBIDDEN},
					{"owner", "no-such-plan", AudiencePublic, ownwords.ENOTFOUND},
					{"public", "reference", AudiencePublic, ""},
					{"owner", "other", AudienceTeam, ""},
				} {
					err := tt.run(f.caller(c.who), c.plan, c.audience)
					if tt.name == "Crosstab" && c.audience == AudiencePublic && err != nil && c.want == "" {
						// gender × origin is no crosstab the plan publishes:
						// refused for that reason, not for the plan.
						continue
					}
					if got := ownwords.ErrorCode(err); (err == nil) != (c.want == "") || (err != nil && got != c.want) {
						t.Errorf("%s, plan %s, %s audience: err %v, want %q", c.who, c.plan, c.audience, err, c.want)
					}
				}
			})
		}
	})
}
