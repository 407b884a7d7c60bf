package web

import (
	"net/http"

	"ownwords"
)

// adoptSegment (owner) copies a coder's segment into the consensus layer,
// which is what analysis counts; the owner is recorded as adjudicator.
func (s *Server) adoptSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	seg, _, err := s.editableSegment(ctx, a, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if seg.Layer == ownwords.LayerConsensus {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "the segment is already in the consensus layer"))
		return
	}
	c := &ownwords.Segment{StudyID: s.studyID, InterviewID: seg.InterviewID, CodeID: seg.CodeID, CoderID: a.user.ID,
		Layer: ownwords.LayerConsensus, Start: seg.Start, End: seg.End, TextHash: seg.TextHash, Memo: seg.Memo}
	if err := s.store.CreateSegment(ctx, c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.segmentSaved(w, r, http.StatusCreated, c)
}
