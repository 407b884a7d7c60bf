package gate

import (
	"context"
	"strings"
	"testing"

	"ownwords"
)

// TestIdentifiersNeverLabelAnOutput: an identifier attribute (a name)
// labels no public or de-identified output — not as the rows of a
// crosstab whose cells are suppressed, not as the groups of a team
// report's curves, not as a drill-down figure — and no coder at the
// limited tier may filter by it.
func TestIdentifiersNeverLabelAnOutput(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		ctx := context.Background()
		byAlias := `{"name": "byalias", "groups": [{"name": "all", "filter": {}}], "sections": ["influences"], "attributes": ["alias"],
			"survival": [{"from": "joined", "to": "left", "by": "alias"}]}`
		fatalIf(t, f.st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "byalias", Body: []byte(byAlias)}))
		for _, tt := range []struct {
			name, role string
			call       func(Caller) error
			want       string
		}{
			{"PublicCrosstab", "public", func(c Caller) error {
				_, err := f.g.Crosstab(ctx, c, CrosstabRequest{Rows: "alias", Cols: "gender", Audience: AudiencePublic})
				return err
			}, ownwords.EFORBIDDEN},
			{"PublicReport", "viewer", func(c Caller) error {
				_, err := f.g.Report(ctx, c, ReportRequest{Plan: "byalias", Audience: AudiencePublic})
				return err
			}, ownwords.EFORBIDDEN},
			{"AnalystTeamReport", "analyst", func(c Caller) error {
				_, err := f.g.Report(ctx, c, ReportRequest{Plan: "byalias", Audience: AudienceTeam})
				return err
			}, ownwords.EFORBIDDEN},
			{"AnalystDrill", "analyst", func(c Caller) error {
				_, err := f.g.Drill(ctx, c, "byalias", "attributes.alias", "Umm 01", "all")
				return err
			}, ownwords.EFORBIDDEN},
			{"AnalystDrillUnknownValue", "analyst", func(c Caller) error {
				_, err := f.g.Drill(ctx, c, "byalias", "attributes.alias", "Umm 99", "all")
				return err
			}, ownwords.EFORBIDDEN},
			{"PublicTimeline", "public", func(c Caller) error {
				req := TimelineRequest{Audience: AudiencePublic}
				req.Spec.From, req.Spec.To, req.Spec.By = ownwords.EventJoined, ownwords.EventLeft, "alias"
				_, err := f.g.Timeline(ctx, c, req)
				return err
			}, ownwords.EFORBIDDEN},
			{"CoderSearchFilter", "coder", func(c Caller) error {
				_, err := f.g.Search(ctx, c, SearchRequest{Query: "hisbah", Attributes: map[string]string{"alias": "Umm 01"}})
				return err
			}, ownwords.EFORBIDDEN},
			{"OwnerTeamReport", "owner", func(c Caller) error {
				_, err := f.g.Report(ctx, c, ReportRequest{Plan: "byalias", Audience: AudienceTeam})
				return err
			}, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call(f.caller(tt.role))
				wantErrCode(t, err, tt.want)
				if err != nil && strings.Contains(ownwords.ErrorMessage(err), "Umm") {
					t.Errorf("the refusal names a value: %v", err)
				}
			})
		}
		ch, err := f.g.RetrieveChoices(ctx, f.caller("coder"))
		fatalIf(t, err)
		for _, fc := range ch.Filters {
			if fc.Slug == "alias" {
				t.Errorf("retrieval offers the coder the identifier alias with its values %v", fc.Choices)
			}
		}
	})
}

// TestBlindCoderSeesOnlyOwnMemos: on an interview still in blind coding a
// coder reads only their own memos there; once comparison opens, all.
func TestBlindCoderSeesOnlyOwnMemos(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		ctx := context.Background()
		blind, open := f.ivs[1], f.ivs[0] // odd interviews stay blind
		for _, iv := range []*ownwords.Interview{blind, open} {
			for _, by := range []*ownwords.User{f.users[ownwords.RoleCoder], f.coder2} {
				fatalIf(t, f.st.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: iv.ID,
					AuthorID: by.ID, Body: "memo of " + by.Name}))
			}
		}
		for _, tt := range []struct {
			iv   *ownwords.Interview
			want int
		}{{blind, 1}, {open, 2}} {
			cod, err := f.g.Segments(ctx, f.caller("coder"), tt.iv.ID)
			fatalIf(t, err)
			if len(cod.Memos) != tt.want {
				t.Errorf("%s: %d memos, want %d", tt.iv.Title, len(cod.Memos), tt.want)
			}
			for _, m := range cod.Memos {
				if tt.iv == blind && m.AuthorID != f.users[ownwords.RoleCoder].ID {
					t.Errorf("%s: the blind coder reads %q", tt.iv.Title, m.Body)
				}
			}
		}
	})
}

// TestCoderQuoteBankIgnoresBlindConsensus: a consensus coding the owner
// makes in an interview still in blind coding changes nothing a coder's
// quote bank shows, not even through a derived item (all of A and B) whose
// other part lies in an open interview.
func TestCoderQuoteBankIgnoresBlindConsensus(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		ctx := context.Background()
		both := &ownwords.Code{StudyID: f.study.ID, ParentID: f.family.ParentID, Slug: "both", Label: "Both",
			Derived: &ownwords.Derivation{Op: ownwords.DeriveAllOf, Items: []string{"family", "online"}}}
		fatalIf(t, f.st.CreateCode(ctx, both))
		p := f.parts[0] // family in the consensus of an open interview
		blind := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: p.ID, Title: "Second interview", Language: "en", Transcript: listingTranscript(99)}
		fatalIf(t, f.st.CreateInterview(ctx, blind))
		bank := func() int {
			b, err := f.g.Quotes(ctx, f.caller("coder"), QuotesRequest{Item: "influences/both"})
			fatalIf(t, err)
			return len(b.Quotes)
		}
		before := bank()
		f.code(t, blind, f.online, f.users[ownwords.RoleOwner], ownwords.LayerConsensus, "no food")
		if after := bank(); after != before {
			t.Errorf("the coder's quote bank for influences/both went from %d to %d quotes after a consensus coding in a blind interview", before, after)
		}
		owner, err := f.g.Quotes(ctx, f.caller("owner"), QuotesRequest{Item: "influences/both"})
		fatalIf(t, err)
		if len(owner.Quotes) == 0 {
			t.Error("the owner's bank misses the participant the derived item now counts: the test proves nothing")
		}
	})
}
