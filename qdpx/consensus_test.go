package qdpx_test

import (
	"context"
	"slices"
	"testing"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/sqldb/sqldbtest"
)

// TestConsensusTravelsAsItsOwnUser: a consensus segment is exported as
// the consensus user's on the selection and on the coding (tools that read
// only the selection's creatingUser must not take it for the
// adjudicator's own coding), with the adjudicator as the selection's
// modifyingUser; re-imported, it lands in the consensus layer under the
// adjudicator, and the consensus user becomes no account.
func TestConsensusTravelsAsItsOwnUser(t *testing.T) {
	ctx := context.Background()
	st, _ := sqldbtest.OpenSQLite(t)
	study := sqldbtest.MustStudy(t, st, "consensus")
	users := map[string]*ownwords.User{}
	for _, name := range []string{"ada", "ben"} {
		u := &ownwords.User{Name: name, PasswordHash: "unused"}
		fatal(t, st.CreateUser(ctx, u))
		fatal(t, st.SetRole(ctx, study.ID, u.ID, ownwords.RoleOwner))
		users[name] = u
	}
	p := &ownwords.Participant{StudyID: study.ID, Code: "P-1"}
	fatal(t, st.CreateParticipant(ctx, p))
	iv := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: "P-1 interview", Transcript: "We had no food at all."}
	fatal(t, st.CreateInterview(ctx, iv))
	code := &ownwords.Code{StudyID: study.ID, Slug: "food", Label: "Food"}
	fatal(t, st.CreateCode(ctx, code))
	for _, s := range []*ownwords.Segment{
		{CoderID: users["ben"].ID, Layer: ownwords.LayerCoder},
		{CoderID: users["ada"].ID, Layer: ownwords.LayerConsensus},
	} {
		s.StudyID, s.InterviewID, s.CodeID, s.Start, s.End, s.TextHash = study.ID, iv.ID, code.ID, 7, 14, ownwords.HashText("no food")
		fatal(t, st.CreateSegment(ctx, s))
	}

	out := mustExport(t, st, study.ID)
	proj := mustRead(t, "out.qdpx", out)
	names := map[string]string{}
	for _, u := range proj.Users.Users {
		names[u.GUID] = u.Name
	}
	var consensus int
	for _, src := range proj.Sources.Text {
		for _, sel := range src.Selections {
			if names[sel.Codings[0].CreatingUser] != qdpx.ConsensusUser {
				continue
			}
			consensus++
			if names[sel.CreatingUser] != qdpx.ConsensusUser || names[sel.ModifyingUser] != "ada" {
				t.Errorf("consensus selection by %q, modified by %q; want %q and ada", names[sel.CreatingUser], names[sel.ModifyingUser], qdpx.ConsensusUser)
			}
		}
	}
	if consensus != 1 {
		t.Fatalf("%d consensus selections, want 1", consensus)
	}
	mustValidate(t, out, "")

	st2, study2, _ := mustImport(t, "out.qdpx", out)
	if _, err := st2.UserByName(ctx, qdpx.ConsensusUser); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		t.Errorf("the consensus user became an account (err %v)", err)
	}
	ada, err := st2.UserByName(ctx, "ada")
	fatal(t, err)
	segs, err := st2.Segments(ctx, ownwords.SegmentFilter{StudyID: study2.ID, Layer: ownwords.LayerConsensus})
	fatal(t, err)
	if len(segs) != 1 || segs[0].CoderID != ada.ID {
		t.Errorf("consensus segments %+v, want one by ada (%s)", segs, ada.ID)
	}
}

func fatal(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// TestCodeNamesUniqueOnExport: two codes of one name under different
// parents (REFI-QDA allows it; QualCoder drops both) get names no other
// code has in the file, and come back with their own labels and places.
func TestCodeNamesUniqueOnExport(t *testing.T) {
	ctx := context.Background()
	st, _ := sqldbtest.OpenSQLite(t)
	study := sqldbtest.MustStudy(t, st, "names")
	mk := func(parent, slug, label string) *ownwords.Code {
		c := &ownwords.Code{StudyID: study.ID, ParentID: parent, Slug: slug, Label: label}
		fatal(t, st.CreateCode(ctx, c))
		return c
	}
	atro, will := mk("", "atrocities", "Atrocities admitted"), mk("", "will", "Will to fight")
	mk(atro.ID, "torture", "Revenge")
	mk(will.ID, "revenge", "Revenge")
	mk("", "revenge-atrocities", "Revenge (Atrocities admitted)") // a name the first choice would take

	out := mustExport(t, st, study.ID)
	proj := mustRead(t, "out.qdpx", out)
	seen := map[string]bool{}
	var walk func([]*qdpx.Code)
	walk = func(cs []*qdpx.Code) {
		for _, c := range cs {
			if seen[c.Name] {
				t.Errorf("code name %q twice in the file", c.Name)
			}
			seen[c.Name] = true
			walk(c.Codes)
		}
	}
	walk(proj.CodeBook.Codes.Codes)
	if !seen["Revenge (Will to fight)"] || !seen["Revenge (Atrocities admitted)"] || len(seen) != 5 {
		t.Errorf("names %v", seen)
	}
	mustValidate(t, out, "")

	st2, study2, _ := mustImport(t, "out.qdpx", out)
	cb, err := st2.Codebook(ctx, study2.ID)
	fatal(t, err)
	var got []string
	for _, c := range cb.Codes {
		got = append(got, cb.Path(c)+"="+c.Label)
	}
	slices.Sort(got)
	want := []string{"atrocities/torture=Revenge", "atrocities=Atrocities admitted", "revenge-atrocities=Revenge (Atrocities admitted)", "will/revenge=Revenge", "will=Will to fight"}
	if !slices.Equal(got, want) {
		t.Errorf("re-imported codebook %q, want %q", got, want)
	}
}
