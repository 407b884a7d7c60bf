package web

import (
	"net/url"
	"ownwords/gate"
	"strings"

	"ownwords"
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
		return f, gate.ErrBadLogin
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
