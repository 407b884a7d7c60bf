package web

import (
	"net/http"
)

// listInterviewsPage lists the study's interviews with their coding
// progress (counts only). Titles link to the coding view for roles that may
// read transcripts.
func (s *Server) listInterviewsPage(w http.ResponseWriter, r *http.Request) {
	_, _, rows, err := s.studyProgress(r.Context(), nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "interviews", "Interviews", rows)
}
