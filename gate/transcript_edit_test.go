package gate

import (
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestEditTranscriptRoles: the text roles edit; analysts, viewers and the
// public do not, and nothing is saved for them.
func TestEditTranscriptRoles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		for _, c := range []struct{ who, code string }{
			{asPublic, ownwords.EUNAUTHORIZED}, {asAnalyst, ownwords.EFORBIDDEN}, {asViewer, ownwords.EFORBIDDEN},
		} {
			_, err := f.g.EditTranscript(t.Context(), f.as(c.who), f.iv2.ID, 1, "Changed.")
			wantCode(t, c.who, err, c.code)
			_, err = f.g.TranscriptEdits(t.Context(), f.as(c.who), f.iv2.ID)
			wantCode(t, c.who+" edits", err, c.code)
		}
		_, err := f.g.EditTranscript(t.Context(), f.as(asCoder), "no-such", 1, "x")
		wantCode(t, "unknown interview", err, ownwords.ENOTFOUND)
		res, err := f.g.EditTranscript(t.Context(), f.as(asCoder), f.iv2.ID, 1, "[00:00:02] Alpha.\r\n[00:00:07] Beta.\r\n")
		mustOK(t, err)
		iv, err := st.Interview(t.Context(), f.iv2.ID)
		mustOK(t, err)
		want := []ownwords.TimeAnchor{{Offset: 0, Ms: 2000}, {Offset: 7, Ms: 7000}}
		if iv.Transcript != "Alpha.\nBeta.\n" || !slices.Equal(iv.Anchors, want) || res.Anchors != 2 {
			t.Errorf("saved %q with anchors %v, want the typed timestamps as anchors %v", iv.Transcript, iv.Anchors, want)
		}
		_, err = f.g.EditTranscript(t.Context(), f.as(asCoder), f.iv2.ID, 2, "[00:00:09] Alpha.\n[00:00:07] Beta.\n")
		wantCode(t, "timestamps going back", err, ownwords.EINVALID)
		if err != nil && !strings.Contains(err.Error(), "line 2") {
			t.Errorf("error %q does not name line 2", err)
		}
		_, err = f.g.EditTranscript(t.Context(), f.as(asOwner), f.iv2.ID, 1, "Stale.")
		wantCode(t, "stale version", err, ownwords.ECONFLICT)
	})
}

// TestEditTranscriptBlind: once coding has begun a coder may not edit
// the transcript (an edit moves and may break every coder's segments);
// the owner's edit moves every segment, each coder's list of it holds
// only their own segments and not who edited, the owner's all three. An
// empty transcript is refused without counting anyone's segments.
func TestEditTranscriptBlind(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		_, err := f.g.EditTranscript(t.Context(), f.as(asCoder), f.iv.ID, 1, "Intro. "+codingTranscript)
		wantCode(t, "a coder's edit of a coded transcript", err, ownwords.EFORBIDDEN)
		for _, who := range []string{asCoder, asOwner} {
			_, err = f.g.EditTranscript(t.Context(), f.as(who), f.iv.ID, 1, " \n")
			if ownwords.ErrorCode(err) == "" || strings.ContainsAny(err.Error(), "0123456789") {
				t.Errorf("%s emptying the transcript: %v, want a refusal without counts", who, err)
			}
		}
		res, err := f.g.EditTranscript(t.Context(), f.as(asOwner), f.iv.ID, 1, "Intro. "+codingTranscript)
		mustOK(t, err)
		if len(res.Moves) != 3 {
			t.Errorf("owner's moves %+v, want all three segments", res.Moves)
		}
		for _, s := range []*ownwords.Segment{f.seg, f.seg2, f.cons} {
			got, err := st.Segment(t.Context(), s.ID)
			mustOK(t, err)
			if got.Start != s.Start+7 || got.Broken {
				t.Errorf("segment %s at %d, want %d", s.ID, got.Start, s.Start+7)
			}
		}
		edits, err := f.g.TranscriptEdits(t.Context(), f.as(asCoder2), f.iv.ID)
		mustOK(t, err)
		if len(edits) != 1 || len(edits[0].Moves) != 1 || edits[0].Moves[0].SegmentID != f.seg2.ID {
			t.Errorf("coder2 sees %+v, want only their own segment", edits)
		}
		if len(edits) == 1 && edits[0].Actor != "another member" {
			t.Errorf("coder2 sees the edit by %q, want it not named", edits[0].Actor)
		}
		edits, err = f.g.TranscriptEdits(t.Context(), f.as(asOwner), f.iv.ID)
		mustOK(t, err)
		if len(edits) != 1 || len(edits[0].Moves) != 3 || edits[0].Actor == "another member" {
			t.Errorf("owner sees %+v, want all three segments and who edited", edits)
		}
	})
}
