package gate

import (
	"context"
	"slices"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestDrillListsParticipantsOnlyForTheOwner drills into the figure
// influences/family (one participant, P-0001) as every role and at two
// thresholds: the owner gets the participant and the way to the quotes,
// the analyst the count alone (withheld below k), everyone else nothing.
func TestDrillListsParticipantsOnlyForTheOwner(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		tests := []struct {
			who        string
			k          int
			err        string
			n          int
			suppressed bool
			listed     bool
		}{
			{"owner", 5, "", 1, false, true},
			{"analyst", 5, "", 0, true, false},
			// With k = 2 and both participants coded, the analyst sees the
			// count: 2 ≥ k.
			{"analyst", 2, "", 2, false, false},
			{"coder", 5, ownwords.EFORBIDDEN, 0, false, false},
			{"viewer", 5, ownwords.EFORBIDDEN, 0, false, false},
			{"public", 5, ownwords.EUNAUTHORIZED, 0, false, false},
		}
		for _, tt := range tests {
			t.Run(tt.who, func(t *testing.T) {
				if tt.n == 2 {
					f.codeSecond(t, st)
				}
				f.study.Settings.DisclosureK = tt.k
				if err := st.UpdateStudy(ctx, f.study); err != nil {
					t.Fatal(err)
				}
				d, err := f.g.Drill(ctx, f.callers[tt.who], "", "influences", "family", "all")
				if tt.err != "" {
					if ownwords.ErrorCode(err) != tt.err {
						t.Fatalf("%v, want %s", err, tt.err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if d.N != tt.n || d.Suppressed != tt.suppressed || d.Denominator != 2 || d.K != tt.k {
					t.Errorf("n %d/%d suppressed %v k %d; want %d/2, %v, %d", d.N, d.Denominator, d.Suppressed, d.K, tt.n, tt.suppressed, tt.k)
				}
				out := asJSON(t, d)
				if tt.listed {
					if len(d.Participants) != 1 || d.Participants[0] != (ParticipantName{Ref: f.p1.ID, Name: "P-0001"}) ||
						d.Quotes == nil || d.Quotes.CodeID != f.codeID || !d.Quotes.Bank {
						t.Errorf("owner's drill-down %s", out)
					}
					return
				}
				checkMarkers(t, tt.who+"'s drill-down", out, nil, append(f.secrets(), `"participants"`, `"quotes"`))
			})
		}
	})
}

// TestDrillFailures: an unknown figure or plan is ENOTFOUND, and every
// drill-down is audited with what it gave.
func TestDrillFailures(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		owner := f.callers["owner"]
		for _, tt := range []struct{ plan, section, item, group string }{
			{"", "influences", "nope", "all"},
			{"", "influences", "family", "nobody"},
			{"no-such-plan", "influences", "family", "all"},
		} {
			if _, err := f.g.Drill(ctx, owner, tt.plan, tt.section, tt.item, tt.group); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
				t.Errorf("%+v: %v, want ENOTFOUND", tt, err)
			}
		}
		for _, who := range []string{"owner", "analyst"} {
			if _, err := f.g.Drill(ctx, f.callers[who], "reference", "influences", "family", "women"); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		if err := st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == "report.drill" {
				got = append(got, e.Actor+": "+e.Detail)
			}
			return true
		}); err != nil {
			t.Fatal(err)
		}
		want := []string{"owner: influences/family in women: participants listed", "analyst: influences/family in women: count withheld"}
		if !slices.Equal(got, want) {
			t.Errorf("audit %q, want %q", got, want)
		}
	})
}

// codeSecond codes the second participant's interview with the family code
// in the consensus layer, so that the figure counts both.
func (f *recordsFixture) codeSecond(t *testing.T, st ownwords.Store) {
	t.Helper()
	ctx := context.Background()
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: f.study.ID, ParticipantID: f.p2.ID, WithText: true})
	if err != nil || len(ivs) != 1 {
		t.Fatalf("interviews of P-0002: %d, %v", len(ivs), err)
	}
	text := []rune(ivs[0].Transcript)
	if err := st.CreateSegment(ctx, &ownwords.Segment{StudyID: f.study.ID, InterviewID: ivs[0].ID, CodeID: f.codeID,
		CoderID: f.users[ownwords.RoleOwner].ID, Layer: ownwords.LayerConsensus, Start: 0, End: 5, TextHash: ownwords.HashText(string(text[:5]))}); err != nil {
		t.Fatal(err)
	}
}
