package web

import (
	"net/http"

	"ownwords"
	"ownwords/gate"
)

// updateSegment re-codes, resizes or re-memos a segment at the version the
// user saw: if someone saved in between, the user sees 409, never a silent
// overwrite. A resize sent without a text hash (typed offsets in the
// panel) is hashed from the stored text (gate.UpdateSegment).
func (s *Server) updateSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, err := parseSegmentInput(r)
	if err == nil && in.TStart != nil {
		err = ownwords.Errorf(ownwords.EINVALID, "segment: a time span codes a new passage; resize a segment by its range")
	}
	if err == nil && in.TextID != "" {
		err = ownwords.Errorf(ownwords.EINVALID, "segment: a passage of another text codes a new passage; resize a segment by its range in the transcript")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seg, err := s.gate.UpdateSegment(ctx, accountFrom(ctx).caller(), gate.SegmentChange{ID: r.PathValue("id"), Version: in.Version,
		CodeID: in.CodeID, Start: in.Start, End: in.End, TextHash: in.TextHash, Layer: in.Layer, Memo: in.Memo})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.segmentSaved(w, r, http.StatusOK, seg)
}
