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

// TestEditTranscriptBlind: a blind coder's edit of a coded transcript
// moves every segment, but lists only the coder's own; the owner's list
// of the same edit holds all three.
func TestEditTranscriptBlind(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		res, err := f.g.EditTranscript(t.Context(), f.as(asCoder), f.iv.ID, 1, "Intro. "+codingTranscript)
		mustOK(t, err)
		if len(res.Moves) != 1 || res.Moves[0].SegmentID != f.seg.ID || res.Moves[0].Start != f.seg.Start+7 {
			t.Errorf("blind coder's moves %+v, want only their own segment, 7 on", res.Moves)
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
		edits, err = f.g.TranscriptEdits(t.Context(), f.as(asOwner), f.iv.ID)
		mustOK(t, err)
		if len(edits) != 1 || len(edits[0].Moves) != 3 {
			t.Errorf("owner sees %+v, want all three segments", edits)
		}
	})
}
