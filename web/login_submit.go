package web

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"ownwords/gate"

	"ownwords"
)

// submitLogin checks the credentials, starts a new session and sends the
// user on. A refused login re-shows the form: 401 for a wrong name or
// password, 429 while this client waits out its back-off for the name
// (the same for a name that is no account), 403 without a role.
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
	c, err := s.gate.Login(ctx, f.Name, loginClient(r), []byte(f.Password), s.now())
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
		s.searches.forget(hashToken(c.Value))
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

// loginClient is the client a login is throttled for: the address the
// connection came from (no forwarding header: anyone can send one). An
// IPv6 address stands for its /64, since one holder usually has them all.
func loginClient(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
