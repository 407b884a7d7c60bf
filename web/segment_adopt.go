package web

import "net/http"

// adoptSegment (owner) copies a coder's segment into the consensus layer,
// which is what analysis counts; the owner is recorded as adjudicator.
func (s *Server) adoptSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	seg, err := s.gate.AdoptSegment(ctx, accountFrom(ctx).caller(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.segmentSaved(w, r, http.StatusCreated, seg)
}
