package web

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"ownwords"
	"ownwords/vault"
)

// Login throttling: at most maxLoginFailures failed logins per account in
// loginWindow; beyond that even the right password is refused, so that a
// guesser gets ten tries an hour whatever they do.
const (
	maxLoginFailures = 10
	loginWindow      = time.Hour
)

// decoyHash is checked when the account does not exist, so that a login
// for an unknown name costs the same time as one for a known name and does
// not reveal which names exist. Its password is irrelevant.
const decoyHash = "$argon2id$v=19$m=65536,t=3,p=4$klJ5g6Xj3FXieStWnp5GuA$FPEHLIPYyctCzvFcsNV8jckgY1fV8NhgJ//+mC37rjA"

var (
	errBadLogin      = ownwords.Errorf(ownwords.EUNAUTHORIZED, "wrong name or password")
	errTooManyLogins = ownwords.Errorf(ownwords.EFORBIDDEN, "too many failed logins for this account: try again later or ask the study owner")
	errNoRole        = ownwords.Errorf(ownwords.EFORBIDDEN, "your account has no role in this study: ask its owner")
)

// loginForm is a parsed login form.
type loginForm struct {
	Name     string
	Password string
	Next     string
}

// parseLoginForm reads and checks the login form's fields.
func parseLoginForm(v url.Values) (loginForm, error) {
	f := loginForm{Name: strings.TrimSpace(v.Get("name")), Password: v.Get("password"), Next: safeNext(v.Get("next"))}
	if f.Name == "" || f.Password == "" {
		return f, ownwords.Errorf(ownwords.EINVALID, "enter your name and password")
	}
	if len(f.Password) > 1024 {
		return f, errBadLogin
	}
	return f, nil
}

// safeNext returns next if it is a path on this site, "/" otherwise: a
// login link must not be able to send the user elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	return next
}

// checkLogin verifies a name and password and returns the user and their
// role. Failures are counted per account; past the limit the account is
// refused without looking at the password.
func (s *Server) checkLogin(ctx context.Context, name, password string) (*ownwords.User, ownwords.Role, error) {
	u, err := s.store.UserByName(ctx, name)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		s.checkHash(decoyHash, password)
		rec := ownwords.WithActor(ctx, "anonymous")
		// The attempted name is not logged: people type passwords into it.
		if err := s.store.Record(rec, s.studyID, "login.failure", "", "unknown account"); err != nil {
			return nil, "", err
		}
		return nil, "", errBadLogin
	} else if err != nil {
		return nil, "", err
	}
	ctx = ownwords.WithActor(ctx, u.Name)
	n, err := s.store.LoginFailures(ctx, u.ID, s.now().Add(-loginWindow).UTC())
	if err != nil {
		return nil, "", err
	}
	if n >= maxLoginFailures {
		if err := s.store.Record(ctx, s.studyID, "login.refused", u.ID, "too many failures"); err != nil {
			return nil, "", err
		}
		return nil, "", errTooManyLogins
	}
	if !s.checkHash(u.PasswordHash, password) || u.Disabled {
		if err := s.store.RecordLoginFailure(ctx, u.ID, s.now().UTC()); err != nil {
			return nil, "", err
		}
		return nil, "", errBadLogin
	}
	role, err := s.store.RoleOf(ctx, s.studyID, u.ID)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return nil, "", errNoRole
	} else if err != nil {
		return nil, "", err
	}
	return u, role, nil
}

// checkHash compares a password with a hash, at most len(hashSlots) at a
// time. An unparsable hash never matches.
func (s *Server) checkHash(hash, password string) bool {
	s.hashSlots <- struct{}{}
	defer func() { <-s.hashSlots }()
	ok, err := vault.CheckPassword(hash, []byte(password))
	if err != nil {
		s.log.Error("stored password hash unusable", "err", err)
	}
	return ok && err == nil
}

// isLoginRefusal reports errors that re-show the login form.
func isLoginRefusal(err error) bool {
	return errors.Is(err, errBadLogin) || errors.Is(err, errTooManyLogins) || errors.Is(err, errNoRole)
}
