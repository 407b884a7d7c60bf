package gate

import (
	"slices"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// segmentIDsOf returns the IDs of segs, sorted.
func segmentIDsOf(segs []*ownwords.Segment) []string {
	ids := segmentIDs(segs)
	slices.Sort(ids)
	return ids
}

func sortedIDs(segs ...*ownwords.Segment) []string { return segmentIDsOf(segs) }

// TestSegmentsAppliesBlindCoding: before comparison opens a coder sees and
// edits only their own coder-layer segments; afterwards every layer, still
// editing only their own. The owner sees and edits everything. Each view is
// audited with the caller as actor.
func TestSegmentsAppliesBlindCoding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		all := sortedIDs(f.seg, f.seg2, f.cons)
		check := func(who string, wantSeen, wantEditable []string, blind bool) {
			t.Helper()
			cod, err := f.g.Segments(t.Context(), f.as(who), f.iv.ID)
			mustOK(t, err)
			var editable []string
			for id := range cod.Editable {
				editable = append(editable, id)
			}
			slices.Sort(editable)
			if got := segmentIDsOf(cod.Segments); !slices.Equal(got, wantSeen) || !slices.Equal(editable, wantEditable) || cod.Blind != blind {
				t.Errorf("%s sees %v, edits %v, blind %v; want %v, %v, %v", who, got, editable, cod.Blind, wantSeen, wantEditable, blind)
			}
			// A blind coder counts only themselves: that someone else coded
			// the interview is another layer's news.
			wantCoders := 2
			if blind {
				wantCoders = 1
			}
			if cod.Coders != wantCoders || cod.Interview.Transcript != codingTranscript || cod.Consensus != (who == asOwner) {
				t.Errorf("%s: coders %d, consensus %v", who, cod.Coders, cod.Consensus)
			}
		}
		check(asCoder, sortedIDs(f.seg), sortedIDs(f.seg), true)
		check(asCoder2, sortedIDs(f.seg2), sortedIDs(f.seg2), true)
		check(asOwner, all, all, false)
		if !slices.Contains(f.auditLog(t), asCoder+" transcript.view "+f.iv.ID) {
			t.Error("the coding view is not audited with the coder as actor")
		}
		segs, err := f.g.VisibleSegments(t.Context(), f.as(asCoder2), ownwords.SegmentFilter{CodeIDs: []string{f.family.ID}})
		mustOK(t, err)
		if len(segs) != 0 {
			t.Errorf("retrieval shows coder2 %v during blind coding", segmentIDsOf(segs))
		}
		mustOK(t, f.g.OpenComparison(t.Context(), f.as(asOwner), f.iv.ID))
		check(asCoder, all, sortedIDs(f.seg), false)
		segs, err = f.g.VisibleSegments(t.Context(), f.as(asCoder2), ownwords.SegmentFilter{CodeIDs: []string{f.family.ID}})
		mustOK(t, err)
		if got := segmentIDsOf(segs); !slices.Equal(got, sortedIDs(f.seg, f.cons)) {
			t.Errorf("after comparison opened coder2 retrieves %v", got)
		}
		if !slices.Contains(f.auditLog(t), asOwner+" interview.comparison_open "+f.iv.ID) {
			t.Error("opening comparison is not audited")
		}
	})
}

// TestCreateSegmentRules: a coding needs an applicable code of the study
// and a layer the caller may write; the store audits it with the caller.
func TestCreateSegmentRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		other := sqldbtest.MustStudy(t, st, "Other")
		foreign := &ownwords.Code{StudyID: other.ID, Slug: "foreign"}
		mustOK(t, st.CreateCode(t.Context(), foreign))
		otherP := &ownwords.Participant{StudyID: other.ID, Code: "Q-1"}
		mustOK(t, st.CreateParticipant(t.Context(), otherP))
		otherIv := &ownwords.Interview{StudyID: other.ID, ParticipantID: otherP.ID, Title: "x", Transcript: codingTranscript}
		mustOK(t, st.CreateInterview(t.Context(), otherIv))
		for _, tt := range []struct {
			name string
			who  string
			in   NewSegment
			want string
		}{
			{"OK", asCoder, f.newSegment(t, f.iv2, f.family, "Alpha beta", ""), ok},
			{"OKCoderLayerNamed", asCoder, f.newSegment(t, f.iv2, f.family, "gamma", ownwords.LayerCoder), ok},
			{"OKOwnerConsensus", asOwner, f.newSegment(t, f.iv2, f.family, "Alpha beta", ownwords.LayerConsensus), ok},
			{"ErrDerivedCode", asCoder, f.newSegment(t, f.iv2, f.derived, "Alpha", ""), invalid},
			{"ErrDeprecatedCode", asOwner, f.newSegment(t, f.iv2, f.retired, "Alpha", ""), invalid},
			{"ErrOtherStudysCode", asCoder, f.newSegment(t, f.iv2, foreign, "Alpha", ""), missing},
			{"ErrOtherStudysInterview", asCoder, NewSegment{InterviewID: otherIv.ID, CodeID: f.family.ID, Start: 0, End: 5,
				TextHash: ownwords.HashText("Alpha")}, missing},
			{"ErrUnknownLayer", asOwner, f.newSegment(t, f.iv2, f.family, "Alpha", "mine"), invalid},
			{"ErrCoderWritesConsensus", asCoder, f.newSegment(t, f.iv2, f.family, "Alpha", ownwords.LayerConsensus), forbidden},
			{"ErrHashMismatch", asCoder, NewSegment{InterviewID: f.iv2.ID, CodeID: f.family.ID, Start: 0, End: 5,
				TextHash: ownwords.HashText("Alphx")}, invalid},
		} {
			t.Run(tt.name, func(t *testing.T) {
				seg, err := f.g.CreateSegment(t.Context(), f.as(tt.who), tt.in)
				wantCode(t, tt.name, err, tt.want)
				if err != nil {
					return
				}
				layer := tt.in.Layer
				if layer == "" {
					layer = ownwords.LayerCoder
				}
				if seg.CoderID != f.users[tt.who].ID || seg.Layer != layer || seg.StudyID != f.study.ID {
					t.Errorf("created %+v", seg)
				}
				if !slices.Contains(f.auditLog(t), tt.who+" segment.create "+seg.ID) {
					t.Error("the coding is not audited with its coder")
				}
			})
		}
	})
}

// TestCodePassageCodesOnce: coding the same passage with the same code
// twice keeps the first segment, in the caller's own coder layer.
func TestCodePassageCodesOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		start, end := codePoints(t, codingTranscript, "Iota kappa")
		first, created, err := f.g.CodePassage(t.Context(), f.as(asOwner), f.iv2.ID, f.family.ID, start, end, ownwords.HashText("Iota kappa"))
		mustOK(t, err)
		again, createdAgain, err := f.g.CodePassage(t.Context(), f.as(asOwner), f.iv2.ID, f.family.ID, start, end, ownwords.HashText("Iota kappa"))
		mustOK(t, err)
		if !created || createdAgain || again.ID != first.ID || first.Layer != ownwords.LayerCoder {
			t.Errorf("first %v (%s, %s), again %v (%s)", created, first.ID, first.Layer, createdAgain, again.ID)
		}
		_, _, err = f.g.CodePassage(t.Context(), f.as(asCoder), f.iv2.ID, f.retired.ID, start, end, ownwords.HashText("Iota kappa"))
		wantCode(t, "deprecated code", err, invalid)
	})
}

// TestUpdateSegmentRules: a change needs the version the caller saw, keeps
// the layer, re-codes only to an applicable code, and hashes a typed range
// from the stored transcript.
func TestUpdateSegmentRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		ctx, coder := t.Context(), f.as(asCoder)
		start, end := codePoints(t, codingTranscript, "Alpha beta")
		for _, tt := range []struct {
			name string
			ch   SegmentChange
			want string
		}{
			{"ErrNoVersion", SegmentChange{ID: f.seg.ID}, invalid},
			{"ErrLayerChange", SegmentChange{ID: f.seg.ID, Version: f.seg.Version, Layer: ownwords.LayerConsensus}, invalid},
			{"ErrRecodeDeprecated", SegmentChange{ID: f.seg.ID, Version: f.seg.Version, CodeID: f.retired.ID}, invalid},
			{"ErrRecodeDerived", SegmentChange{ID: f.seg.ID, Version: f.seg.Version, CodeID: f.derived.ID}, invalid},
			{"ErrHalfRange", SegmentChange{ID: f.seg.ID, Version: f.seg.Version, Start: &start}, invalid},
			{"ErrOutsideTranscript", SegmentChange{ID: f.seg.ID, Version: f.seg.Version, Start: &start, End: new(int(1000))}, invalid},
			{"OKResizeAndRecode", SegmentChange{ID: f.seg.ID, Version: f.seg.Version, Start: &start, End: &end, CodeID: f.online.ID}, ok},
			{"ErrStale", SegmentChange{ID: f.seg.ID, Version: f.seg.Version, CodeID: f.family.ID}, conflict},
		} {
			t.Run(tt.name, func(t *testing.T) {
				seg, err := f.g.UpdateSegment(ctx, coder, tt.ch)
				wantCode(t, tt.name, err, tt.want)
				if err == nil && (seg.TextHash != ownwords.HashText("Alpha beta") || seg.CodeID != f.online.ID) {
					t.Errorf("updated %+v", seg)
				}
			})
		}
		seg, err := f.g.DeleteSegment(ctx, coder, f.seg.ID, f.seg.Version+1)
		mustOK(t, err)
		if seg.ID != f.seg.ID || !slices.Contains(f.auditLog(t), asCoder+" segment.delete "+f.seg.ID) {
			t.Error("the deletion is not audited with its coder")
		}
	})
}

// TestAdoptSegment: the owner copies a coder's segment into the consensus
// as adjudicator; a consensus segment cannot be adopted again.
func TestAdoptSegment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		seg, err := f.g.AdoptSegment(t.Context(), f.as(asOwner), f.seg2.ID)
		mustOK(t, err)
		if seg.Layer != ownwords.LayerConsensus || seg.CoderID != f.users[asOwner].ID || seg.CodeID != f.online.ID || seg.Start != f.seg2.Start {
			t.Errorf("adopted %+v", seg)
		}
		_, err = f.g.AdoptSegment(t.Context(), f.as(asOwner), f.cons.ID)
		wantCode(t, "adopting a consensus segment", err, invalid)
	})
}
