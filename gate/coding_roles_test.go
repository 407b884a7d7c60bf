package gate

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
	"ownwords/sqldb/sqldbtest"
)

// Error codes in the role matrix; ok is success.
const (
	ok        = ""
	forbidden = ownwords.EFORBIDDEN
	noAccount = ownwords.EUNAUTHORIZED
	conflict  = ownwords.ECONFLICT
	invalid   = ownwords.EINVALID
	missing   = ownwords.ENOTFOUND
)

// matrixCallers are the columns of the role matrix.
var matrixCallers = []string{asOwner, asCoder, asAnalyst, asViewer, asPublic, asKeyHolder}

// roleCase is one use case of the matrix and the error code each caller
// gets, in the order of matrixCallers. A run that is allowed changes
// nothing the other cases rely on (stale versions, closed comparisons,
// names of its own).
type roleCase struct {
	name string
	run  func(t *testing.T, f *codingFixture, c Caller, who string) error
	want [6]string
}

// textOnly is the answer of a use case for the roles that read text.
func textOnly(allowed string) [6]string {
	return [6]string{allowed, allowed, forbidden, forbidden, noAccount, noAccount}
}

// ownerOnly is the answer of a use case for owners only.
func ownerOnly(allowed string) [6]string {
	return [6]string{allowed, forbidden, forbidden, forbidden, noAccount, noAccount}
}

func roleCases(dialect string) []roleCase {
	keyHolderAccounts, keyHolderRemoves := ok, missing
	if dialect == "postgres" {
		// The study has an owner: founding is over.
		keyHolderAccounts, keyHolderRemoves = noAccount, noAccount
	}
	return []roleCase{
		{"Segments", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.Segments(t.Context(), c, f.iv.ID)
			return err
		}, textOnly(ok)},
		{"VisibleSegments", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.VisibleSegments(t.Context(), c, ownwords.SegmentFilter{CodeIDs: []string{f.family.ID}})
			return err
		}, textOnly(ok)},
		{"CreateSegment", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.CreateSegment(t.Context(), c, f.newSegment(t, f.iv2, f.online, "Iota kappa", ""))
			return err
		}, textOnly(ok)},
		{"CreateSegmentConsensus", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.CreateSegment(t.Context(), c, f.newSegment(t, f.iv2, f.online, "Iota kappa", ownwords.LayerConsensus))
			return err
		}, [6]string{ok, forbidden, forbidden, forbidden, noAccount, noAccount}},
		{"CreateSegmentDeprecatedCode", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.CreateSegment(t.Context(), c, f.newSegment(t, f.iv2, f.retired, "Iota kappa", ""))
			return err
		}, textOnly(invalid)},
		{"CodePassage", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			start, end := codePoints(t, codingTranscript, "lambda mu")
			_, _, err := f.g.CodePassage(t.Context(), c, f.iv2.ID, f.family.ID, start, end, ownwords.HashText("lambda mu"))
			return err
		}, textOnly(ok)},
		{"UpdateOwnSegmentStale", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			memo := "stale"
			_, err := f.g.UpdateSegment(t.Context(), c, SegmentChange{ID: f.seg.ID, Version: 99, Memo: &memo})
			return err
		}, textOnly(conflict)},
		{"UpdateOtherCodersBlindSegment", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			memo := "stale"
			_, err := f.g.UpdateSegment(t.Context(), c, SegmentChange{ID: f.seg2.ID, Version: 99, Memo: &memo})
			return err
		}, [6]string{conflict, missing, forbidden, forbidden, noAccount, noAccount}},
		{"UpdateConsensusBlind", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.UpdateSegment(t.Context(), c, SegmentChange{ID: f.cons.ID, Version: 99})
			return err
		}, [6]string{conflict, missing, forbidden, forbidden, noAccount, noAccount}},
		{"DeleteOwnSegmentStale", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.DeleteSegment(t.Context(), c, f.seg.ID, 99)
			return err
		}, textOnly(conflict)},
		{"AdoptSegment", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.AdoptSegment(t.Context(), c, f.seg2.ID)
			return err
		}, ownerOnly(ok)},
		{"Comparison", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.Comparison(t.Context(), c, f.iv.ID, "", "")
			return err
		}, ownerOnly(ok)},
		{"AdjudicateWhileBlind", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.Adjudicate(t.Context(), c, f.iv.ID, Decision{Left: f.seg.ID, Choice: ChooseLeft, Note: "why"})
			return err
		}, ownerOnly(conflict)},
		{"AcceptAgreementsWhileBlind", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.AcceptAgreements(t.Context(), c, f.iv.ID, "", "")
			return err
		}, ownerOnly(conflict)},
		{"OpenComparison", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			return f.g.OpenComparison(t.Context(), c, f.iv2.ID)
		}, ownerOnly(ok)},
		{"Codebook", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.Codebook(t.Context(), c)
			return err
		}, [6]string{ok, ok, ok, forbidden, noAccount, noAccount}},
		{"CreateCode", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.CreateCode(t.Context(), c, CodeDraft{ParentID: f.section.ID, Slug: "peers"})
			return err
		}, ownerOnly(ok)},
		{"UpdateCode", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.UpdateCode(t.Context(), c, f.online.ID, CodeDraft{Slug: "online", Label: "Online media"})
			return err
		}, ownerOnly(ok)},
		{"MoveCodeUnderDerived", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.MoveCode(t.Context(), c, f.online.ID, f.derived.ID)
			return err
		}, ownerOnly(invalid)},
		{"MergeCodeIntoItself", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.MergeCodes(t.Context(), c, f.online.ID, f.online.ID)
			return err
		}, ownerOnly(invalid)},
		{"Reliability", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.Reliability(t.Context(), c, nil, nil)
			return err
		}, [6]string{ok, ok, ok, forbidden, noAccount, noAccount}},
		{"Settings", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.Settings(t.Context(), c, SettingsChange{})
			return err
		}, ownerOnly(ok)},
		{"Members", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.Members(t.Context(), c)
			return err
		}, [6]string{ok, forbidden, forbidden, forbidden, noAccount, keyHolderAccounts}},
		{"AddUser", func(t *testing.T, f *codingFixture, c Caller, who string) error {
			_, err := f.g.AddUser(t.Context(), c, "new-"+strings.ReplaceAll(who, " ", "-"), ownwords.RoleCoder, []byte("a long enough password"))
			return err
		}, [6]string{ok, forbidden, forbidden, forbidden, noAccount, keyHolderAccounts}},
		{"RemoveNonMember", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.RemoveUser(t.Context(), c, "nobody")
			return err
		}, [6]string{missing, forbidden, forbidden, forbidden, noAccount, keyHolderRemoves}},
		{"ListPlans", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.ListPlans(t.Context(), c)
			return err
		}, [6]string{ok, ok, ok, ok, noAccount, ok}},
		{"SavePlans", func(t *testing.T, f *codingFixture, c Caller, who string) error {
			p := mustPlan(t, "p-"+strings.ReplaceAll(who, " ", "-"))
			return f.st.Update(t.Context(), func(tx ownwords.Services) error {
				_, err := f.g.SavePlans(t.Context(), c, tx, "plans.json", []*analysis.Plan{p}, false)
				return err
			})
		}, [6]string{ok, forbidden, forbidden, forbidden, noAccount, keyHolderAccounts}},
		{"DeleteUnknownPlan", func(t *testing.T, f *codingFixture, c Caller, _ string) error {
			_, err := f.g.DeletePlan(t.Context(), c, "nosuch")
			return err
		}, [6]string{missing, forbidden, forbidden, forbidden, noAccount, keyHolderRemoves}},
	}
}

// TestUseCasesByRole runs every use case of coding, comparison, codebook,
// reliability, settings, accounts and analysis plans as every kind of caller, on both
// stores, and checks who is refused and how.
func TestUseCasesByRole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		for _, rc := range roleCases(st.Dialect()) {
			t.Run(rc.name, func(t *testing.T) {
				for i, who := range matrixCallers {
					err := rc.run(t, f, f.as(who), who)
					wantCode(t, who, err, rc.want[i])
				}
			})
		}
	})
}
