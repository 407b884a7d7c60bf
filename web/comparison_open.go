package web

import "net/http"

// openComparison (owner) ends blind coding on an interview: from now on
// its coders see each other's segments and the consensus.
func (s *Server) openComparison(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	iv, err := s.interview(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.openComparisonFor(ctx, iv.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/interviews/"+iv.ID, http.StatusSeeOther)
}
