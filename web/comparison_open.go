package web

import "net/http"

// openComparison (owner) ends blind coding on an interview: from now on
// its coders see each other's segments and the consensus.
func (s *Server) openComparison(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	if err := s.gate.OpenComparison(ctx, accountFrom(ctx).caller(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/interviews/"+id, http.StatusSeeOther)
}
