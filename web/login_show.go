package web

import "net/http"

// loginView is the data of the login page.
type loginView struct {
	Next    string
	Name    string
	Message string
}

// showLoginPage renders the login form.
func (s *Server) showLoginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", "Log in", loginView{Next: safeNext(r.URL.Query().Get("next"))})
}
