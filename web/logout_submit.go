package web

import (
	"net/http"

	"ownwords"
)

// submitLogout revokes the session server-side, forgets its searches and
// clears the cookie.
func (s *Server) submitLogout(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	if err := s.store.DeleteSession(r.Context(), a.tokenHash); err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if err := s.store.Record(r.Context(), s.studyID, "logout", a.user.ID, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	s.searches.forget(a.tokenHash)
	http.SetCookie(w, s.sessionCookie(""))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
