package web

import (
	"net/http"

	"ownwords"
)

// createSegment applies a code to a passage. The client sends the range in
// code points and the SHA-256 of the text it selected; the store re-checks
// both against the stored transcript. Coders code in their own layer; only
// owners may write the consensus layer.
func (s *Server) createSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	iv, err := s.interview(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := parseSegmentInput(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seg, err := s.newSegment(r, a, iv, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.CreateSegment(ctx, seg); err != nil {
		s.fail(w, r, err)
		return
	}
	s.segmentSaved(w, r, http.StatusCreated, seg)
}

// newSegment builds the segment to create from a checked input.
func (s *Server) newSegment(r *http.Request, a *account, iv *ownwords.Interview, in segmentInput) (*ownwords.Segment, error) {
	if in.Start == nil || in.TextHash == "" || in.CodeID == "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "segment: code_id, start, end and text_hash required")
	}
	layer := ownwords.LayerCoder
	if in.Layer == ownwords.LayerConsensus {
		if a.role != ownwords.RoleOwner {
			return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "only the study owner writes the consensus layer")
		}
		layer = ownwords.LayerConsensus
	}
	if err := s.checkApplicable(r, in.CodeID); err != nil {
		return nil, err
	}
	seg := &ownwords.Segment{StudyID: s.studyID, InterviewID: iv.ID, CodeID: in.CodeID, CoderID: a.user.ID,
		Layer: layer, Start: *in.Start, End: *in.End, TextHash: in.TextHash}
	if in.Memo != nil {
		seg.Memo = *in.Memo
	}
	return seg, nil
}

// checkApplicable reports a code that is not in the study's codebook
// (ENOTFOUND), derived or deprecated (EINVALID).
func (s *Server) checkApplicable(r *http.Request, codeID string) error {
	cb, err := s.store.Codebook(r.Context(), s.studyID)
	if err != nil {
		return err
	}
	c, err := code(cb, codeID)
	if err != nil {
		return err
	}
	if c.Derived != nil {
		return ownwords.Errorf(ownwords.EINVALID, "%s is a derived item: it is computed, never applied to text", cb.Path(c))
	}
	if c.Deprecated {
		return ownwords.Errorf(ownwords.EINVALID, "%s is deprecated: choose another code", cb.Path(c))
	}
	return nil
}

// segmentSaved answers a successful segment write: the segment as JSON
// (offsets and hash, never text) for the script, or a redirect to its panel.
func (s *Server) segmentSaved(w http.ResponseWriter, r *http.Request, status int, seg *ownwords.Segment) {
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"segment": seg})
		return
	}
	http.Redirect(w, r, "/interviews/"+seg.InterviewID+"?segment="+seg.ID+"#segment-panel", http.StatusSeeOther)
}
