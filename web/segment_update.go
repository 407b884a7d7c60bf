package web

import (
	"net/http"

	"ownwords"
	"ownwords/gate"
)

// updateSegment re-codes, resizes or re-memos a segment at the version the
// user saw: if someone saved in between, the user sees 409, never a silent
// overwrite. A resize sent without a text hash (typed offsets in the
// panel) is hashed from the stored text (gate.UpdateSegment). Side by
// side, a range selected in the other text comes with its text_id and
// hash: the segment takes the aligned span of the transcript.
func (s *Server) updateSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, err := parseSegmentInput(r)
	if err == nil && in.TStart != nil {
		err = ownwords.Errorf(ownwords.EINVALID, "segment: a time span codes a new passage; resize a segment by its range")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seg, err := s.gate.UpdateSegment(ctx, accountFrom(ctx).caller(), gate.SegmentChange{ID: r.PathValue("id"), Version: in.Version,
		CodeID: in.CodeID, Start: in.Start, End: in.End, TextHash: in.TextHash, Layer: in.Layer, Memo: in.Memo, TextID: in.TextID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.segmentSaved(w, r, http.StatusOK, seg)
}
