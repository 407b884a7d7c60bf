package web

import (
	"errors"
	"net/http"
	"ownwords/gate"

	"ownwords"
)

// submitLogin checks the credentials, starts a new session and sends the
// user on. A refused login re-shows the form: 401 for a wrong name or
// password, 429 once the account has too many failures, 403 without a role.
func (s *Server) submitLogin(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "unreadable form"))
		return
	}
	f, err := parseLoginForm(r.PostForm)
	view := loginView{Next: f.Next, Name: f.Name}
	if err != nil {
		view.Message = ownwords.ErrorMessage(err)
		s.render(w, r, http.StatusBadRequest, "login", "Log in", view)
		return
	}
	ctx := r.Context()
	c, err := s.gate.Login(ctx, f.Name, []byte(f.Password), s.now())
	if gate.IsLoginRefusal(err) {
		status := http.StatusUnauthorized
		switch {
		case errors.Is(err, gate.ErrTooManyLogins):
			status = http.StatusTooManyRequests
		case errors.Is(err, gate.ErrNoRole):
			status = http.StatusForbidden
		}
		view.Message = ownwords.ErrorMessage(err)
		s.render(w, r, status, "login", "Log in", view)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	u, role := c.User, c.Role
	ctx = ownwords.WithActor(ctx, u.Name)
	// A session already on this browser is ended: every login gets a new token.
	if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(ctx, hashToken(c.Value)); err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.startSession(ctx, w, u); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.Record(ctx, s.studyID, "login", u.ID, string(role)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}
