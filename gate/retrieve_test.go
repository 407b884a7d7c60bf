package gate

import (
	"fmt"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestRetrieveByRole lists coded passages as every role: owners see every
// layer, coders their own codings and everyone's where comparison is
// open, the others nothing. Each retrieval is audited.
func TestRetrieveByRole(t *testing.T) {
	tests := []struct {
		name, role string
		req        RetrieveRequest
		code       string
		// want is the passages' texts and participant codes, counted.
		total int
		want  map[string]int
	}{
		{"OwnerConsensus", "owner", RetrieveRequest{Code: "influences/family"}, "", 6, map[string]int{"the hisbah came": 6}},
		{"OwnerByParent", "owner", RetrieveRequest{Code: "influences"}, "", 6, map[string]int{"the hisbah came": 6}},
		{"OwnerCoderLayer", "owner", RetrieveRequest{Code: "influences/online", Layer: ownwords.LayerCoder}, "", 12,
			map[string]int{"no food": 6, "the hisbah came": 6}},
		{"OwnerGroup", "owner", RetrieveRequest{Code: "influences/family", Attributes: map[string]string{"gender": "man"}}, "", 2,
			map[string]int{"the hisbah came": 2}},
		{"CoderConsensusOfOpenInterviews", "coder", RetrieveRequest{Code: "influences/family"}, "", 3, map[string]int{"the hisbah came": 3}},
		{"CoderOwnAndOpenCodings", "coder", RetrieveRequest{Code: "influences/online", Layer: ownwords.LayerCoder}, "", 9,
			map[string]int{"no food": 6, "the hisbah came": 3}},
		{"Limit", "owner", RetrieveRequest{Code: "influences/family", Limit: 2}, "", 6, map[string]int{"the hisbah came": 2}},
		{"ErrAnalyst", "analyst", RetrieveRequest{Code: "influences/family"}, ownwords.EFORBIDDEN, 0, nil},
		{"ErrViewer", "viewer", RetrieveRequest{Code: "influences/family"}, ownwords.EFORBIDDEN, 0, nil},
		{"ErrPublic", "public", RetrieveRequest{Code: "influences/family"}, ownwords.EUNAUTHORIZED, 0, nil},
		{"ErrLayer", "owner", RetrieveRequest{Code: "influences/family", Layer: "mine"}, ownwords.EINVALID, 0, nil},
		{"ErrCode", "coder", RetrieveRequest{Code: "influences/war"}, ownwords.ENOTFOUND, 0, nil},
		{"ErrAttribute", "coder", RetrieveRequest{Code: "influences/family", Attributes: map[string]string{"age": "3"}}, ownwords.EINVALID, 0, nil},
	}
	eachListing(t, func(t *testing.T, f *listingFixture) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				newAudits := f.auditsSince(t, "quotes.view")
				ret, err := f.g.Retrieve(t.Context(), f.caller(tt.role), tt.req)
				if refused(t, err, tt.code, newAudits) {
					return
				}
				audits := newAudits()
				got := map[string]int{}
				for _, p := range ret.Passages {
					got[p.Text]++
					if p.Attribution == "" || strings.Contains(p.Attribution, "P-") || p.InterviewID == "" || p.SegmentID == "" {
						t.Errorf("passage %+v", p)
					}
				}
				if ret.Total != tt.total || len(got) != len(tt.want) {
					t.Fatalf("total %d, passages %v; want %d, %v", ret.Total, got, tt.total, tt.want)
				}
				for text, n := range tt.want {
					if got[text] != n {
						t.Errorf("passages %v, want %v", got, tt.want)
					}
				}
				if len(audits) != 1 || !strings.HasPrefix(audits[0], tt.role+" quotes.view "+ret.Code.ID) {
					t.Errorf("audit entries %q", audits)
				}
			})
		}
	})
}

// TestRetrieveAttribution: retrieved passages are attributed as every
// quote is: over the analysis sample of the plan, in the study's wording.
func TestRetrieveAttribution(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		// The first four by intake: the defectors and prisoners, no returnee.
		plan := `{"name": "first4", "sample": {"order_by": "intake", "first": 4}, "groups": [{"name": "all", "filter": {}}], "sections": ["influences"]}`
		fatalIf(t, f.st.SavePlan(t.Context(), &ownwords.Plan{StudyID: f.study.ID, Name: "first4", Body: []byte(plan)}))
		attribution := func(t *testing.T, plan string) map[string]bool {
			t.Helper()
			ret, err := f.g.Retrieve(t.Context(), f.caller("owner"), RetrieveRequest{Code: "influences/family", Plan: plan,
				Attributes: map[string]string{"status": "returnee"}})
			fatalIf(t, err)
			out := map[string]bool{}
			for _, p := range ret.Passages {
				out[p.Attribution] = true
			}
			return out
		}
		if got := attribution(t, "reference"); len(got) != 1 || !got["a foreign woman, returnee"] {
			t.Errorf("over the whole sample: %v", got)
		}
		// Within the sample of first4 no returnee and no foreigner: only
		// "woman" is shared by k = 2 of its participants.
		if got := attribution(t, "first4"); len(got) != 1 || !got["a woman"] {
			t.Errorf("over the first four: %v", got)
		}
		f.study.Settings.Attribution = []ownwords.AttributionWord{
			{Attribute: "origin", Role: ownwords.AttributionAdjective, Words: map[string]string{"foreign": "European"}},
			{Attribute: "status", Role: ownwords.AttributionNoun},
		}
		fatalIf(t, f.st.UpdateStudy(t.Context(), f.study))
		if got := attribution(t, "reference"); len(got) != 1 || !got["a European returnee"] {
			t.Errorf("in the study's wording: %v", got)
		}
		f.study.Settings.Attribution = []ownwords.AttributionWord{{Attribute: "alias", Role: ownwords.AttributionNoun}}
		fatalIf(t, f.st.UpdateStudy(t.Context(), f.study))
		_, err := f.g.Retrieve(t.Context(), f.caller("owner"), RetrieveRequest{Code: "influences/family"})
		wantErrCode(t, err, ownwords.EINVALID)
	})
}

// TestRetrieveWithoutPlan: a study still being coded, with no analysis
// plan, retrieves with attributions over every participant.
func TestRetrieveWithoutPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := &listingFixture{st: st, study: sqldbtest.MustStudy(t, st, "No plan yet")}
		g := New(st, f.study.ID)
		owner := &ownwords.User{Name: "owner", PasswordHash: "unused"}
		fatalIf(t, st.CreateUser(ctx, owner))
		fatalIf(t, st.SetRole(ctx, f.study.ID, owner.ID, ownwords.RoleOwner))
		fatalIf(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "gender", Type: ownwords.AttrCategory}))
		code := &ownwords.Code{StudyID: f.study.ID, Slug: "family"}
		fatalIf(t, st.CreateCode(ctx, code))
		for n := 1; n <= 5; n++ {
			p := &ownwords.Participant{StudyID: f.study.ID, Code: fmt.Sprintf("P-%02d", n),
				Values: map[string]ownwords.Value{"gender": {Type: ownwords.AttrCategory, Str: "woman"}}}
			fatalIf(t, st.CreateParticipant(ctx, p))
			iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: p.ID, Title: p.Code, Transcript: listingTranscript(n)}
			fatalIf(t, st.CreateInterview(ctx, iv))
			f.code(t, iv, code, owner, ownwords.LayerConsensus, "no food")
		}
		ret, err := g.Retrieve(ctx, Member(owner, ownwords.RoleOwner), RetrieveRequest{Code: "family"})
		fatalIf(t, err)
		if ret.Total != 5 || ret.Passages[0].Attribution != "a woman" {
			t.Errorf("total %d, first %+v", ret.Total, ret.Passages[0])
		}
		_, err = g.Retrieve(ctx, Member(owner, ownwords.RoleOwner), RetrieveRequest{Code: "family", Plan: "reference"})
		wantErrCode(t, err, ownwords.ENOTFOUND)
	})
}
