package web

import (
	"context"
	"net/http"

	"ownwords"
)

// editableSegment loads the segment of the request's {id} for a change by
// the user: 404 if it is not in the study or hidden from them by blind
// coding, 403 if they may see but not change it.
func (s *Server) editableSegment(ctx context.Context, a *account, id string) (*ownwords.Segment, *ownwords.Interview, error) {
	seg, err := s.segment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	iv, err := s.interview(ctx, seg.InterviewID)
	if err != nil {
		return nil, nil, err
	}
	// The interview carries its own comparison flag: listing every
	// interview here made each segment edit cost O(study) (seen in bench/load).
	if !canSee(a, seg, !iv.ComparisonOpenedAt.IsZero()) {
		return nil, nil, notFound("segment", id)
	}
	if !canEdit(a, seg) {
		return nil, nil, ownwords.Errorf(ownwords.EFORBIDDEN, "only its coder or the owner may change this segment")
	}
	return seg, iv, nil
}

// updateSegment re-codes, resizes or re-memos a segment at the version the
// user saw: if someone saved in between, the store answers ECONFLICT and
// the user sees 409, never a silent overwrite. A resize sent without a text
// hash (typed offsets in the panel) is hashed here from the stored text.
func (s *Server) updateSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	seg, iv, err := s.editableSegment(ctx, a, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := parseSegmentInput(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Version == 0 {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "segment: version required"))
		return
	}
	if in.Layer != "" && in.Layer != seg.Layer {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "segment: the layer of a segment cannot change"))
		return
	}
	if in.CodeID != "" && in.CodeID != seg.CodeID {
		if err := s.checkApplicable(r, in.CodeID); err != nil {
			s.fail(w, r, err)
			return
		}
		seg.CodeID = in.CodeID
	}
	if in.Start != nil && (*in.Start != seg.Start || *in.End != seg.End || in.TextHash != "") {
		seg.Start, seg.End, seg.TextHash = *in.Start, *in.End, in.TextHash
		if seg.TextHash == "" {
			text, ok := ownwords.Slice(iv.Transcript, seg.Start, seg.End)
			if !ok {
				s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "segment %d..%d lies outside the transcript", seg.Start, seg.End))
				return
			}
			seg.TextHash = ownwords.HashText(text)
		}
	}
	if in.Memo != nil {
		seg.Memo = *in.Memo
	}
	seg.Version = in.Version
	if err := s.store.UpdateSegment(ctx, seg); err != nil {
		s.fail(w, r, err)
		return
	}
	s.segmentSaved(w, r, http.StatusOK, seg)
}
