package ownwords

import (
	"context"
	"time"
)

// Session is a server-side login session. Only the SHA-256 of the random
// token is stored, so a copy of the database does not yield live sessions.
type Session struct {
	TokenHash string    `json:"-"`
	UserID    string    `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	// ExpiresAt is the absolute timeout; idle timeouts compare LastSeen.
	ExpiresAt time.Time `json:"expires_at"`
}

// SessionService keeps sessions and failed logins. Callers: the web server.
type SessionService interface {
	// CreateSession stores s. EINVALID.
	CreateSession(ctx context.Context, s *Session) error
	// Session returns the session with this token hash. ENOTFOUND.
	Session(ctx context.Context, tokenHash string) (*Session, error)
	// TouchSession sets LastSeen (not audited: it is not a change of data).
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// DeleteSession revokes one session (logout). ENOTFOUND.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions revokes every session of a user.
	DeleteUserSessions(ctx context.Context, userID string) error
	// RecordLoginFailure notes a failed login for a user at a time.
	RecordLoginFailure(ctx context.Context, userID string, at time.Time) error
	// LoginFailures counts a user's failed logins since a time.
	LoginFailures(ctx context.Context, userID string, since time.Time) (int, error)
}
