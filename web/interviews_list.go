package web

import (
	"net/http"
)

// listInterviewsPage lists the study's interviews with their coding
// progress (counts only), as the application layer shapes them for the
// user (as JSON when asked for). Titles link to the coding view for roles
// that may read transcripts.
func (s *Server) listInterviewsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if wantsJSON(r) {
		list, err := s.gate.Interviews(ctx, accountFrom(ctx).caller())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, list)
		return
	}
	_, _, rows, err := s.studyProgress(ctx, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "interviews", "Interviews", rows)
}
