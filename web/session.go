package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"ownwords/gate"
	"time"

	"ownwords"
)

// Cookie names: browsers accept a __Host- cookie only with Secure, so plain
// HTTP on loopback uses the unprefixed name (see the package doc).
const (
	cookieSecure   = "__Host-ownwords"
	cookieLoopback = "ownwords"
)

// touchEvery bounds how often a session's LastSeen is written: every
// request would make every page view a write.
const touchEvery = time.Minute

// account is the logged-in user of a request and their role in the study.
type account struct {
	user      *ownwords.User
	role      ownwords.Role
	tokenHash string
	// sessionKey keys the session's pseudonyms: the token's hash under
	// the server's secret.
	sessionKey []byte
}

type accountKey struct{}

// caller is a as the application layer's caller, with the pseudonyms of
// a's session: they change with every login.
func (a *account) caller() gate.Caller {
	return gate.Member(a.user, a.role).WithSessionKey(a.sessionKey)
}

// accountFrom returns the request's account, or nil before login.
func accountFrom(ctx context.Context) *account {
	a, _ := ctx.Value(accountKey{}).(*account)
	return a
}

func (s *Server) cookieName() string {
	if s.opts.Secure {
		return cookieSecure
	}
	return cookieLoopback
}

// newToken returns a random 32-byte session token (base64url, for the
// cookie) and its SHA-256 in hex (for the store).
func newToken() (token, hash string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token), nil
}

// hashToken returns the hex SHA-256 of a cookie's token.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// sessionCookie returns the cookie carrying token; an empty token with
// MaxAge -1 deletes it.
func (s *Server) sessionCookie(token string) *http.Cookie {
	c := &http.Cookie{
		Name: s.cookieName(), Value: token, Path: "/",
		HttpOnly: true, Secure: s.opts.Secure, SameSite: http.SameSiteStrictMode,
	}
	if token == "" {
		c.MaxAge = -1
	}
	return c
}

// startSession creates a session for u and sets its cookie. Every login
// gets a fresh token, so a token planted before login is worthless.
func (s *Server) startSession(ctx context.Context, w http.ResponseWriter, u *ownwords.User) error {
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	ses := &ownwords.Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, LastSeen: now,
		ExpiresAt: now.Add(s.opts.AbsoluteTimeout)}
	if err := s.store.CreateSession(ctx, ses); err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(token))
	return nil
}

// authenticate returns the account of the request's session, or nil if
// there is none or it has expired (an expired session is deleted).
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*account, error) {
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, nil
	}
	ctx := r.Context()
	hash := hashToken(c.Value)
	// The session, its user and their role are read together, on every
	// request, so that a revocation, a disabled account or a changed or
	// removed role takes effect at once; a member without a role gets no
	// page, a disabled account no session.
	ses, member, err := s.gate.SessionMember(ctx, hash)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		http.SetCookie(w, s.sessionCookie(""))
		return nil, nil
	} else if err != nil && !gate.IsLoginRefusal(err) {
		return nil, err
	}
	now := s.now()
	if !now.Before(ses.ExpiresAt) || now.Sub(ses.LastSeen) >= s.opts.IdleTimeout {
		if err := s.store.DeleteSession(ctx, hash); err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			return nil, err
		}
		http.SetCookie(w, s.sessionCookie(""))
		return nil, nil
	}
	if member.IsPublic() { // a disabled account
		return nil, nil
	}
	if now.Sub(ses.LastSeen) >= touchEvery {
		if err := s.store.TouchSession(ctx, hash, now.UTC()); err != nil {
			return nil, err
		}
	}
	mac := hmac.New(sha256.New, s.pseudonymSecret[:])
	mac.Write([]byte(hash))
	return &account{user: member.User, role: member.Role, tokenHash: hash, sessionKey: mac.Sum(nil)}, nil
}

// withAccount returns ctx carrying a.
func withAccount(ctx context.Context, a *account) context.Context {
	return context.WithValue(ctx, accountKey{}, a)
}
