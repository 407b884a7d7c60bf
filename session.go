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

// SessionAccount is a session read together with its user and the user's
// role in one study: what the workbench checks on every request.
type SessionAccount struct {
	Session *Session
	User    *User
	// Role is the user's role in the study; "" when they have none.
	Role Role
}

// SessionService keeps sessions and failed logins. Callers: the web server
// (sessions) and the gate (failed logins).
type SessionService interface {
	// CreateSession stores s. EINVALID.
	CreateSession(ctx context.Context, s *Session) error
	// Session returns the session with this token hash. ENOTFOUND.
	Session(ctx context.Context, tokenHash string) (*Session, error)
	// SessionAccount returns the session with this token hash, its user
	// and the user's role in the study studyID, as they are now, in one
	// read. ENOTFOUND when there is no such session.
	SessionAccount(ctx context.Context, tokenHash, studyID string) (*SessionAccount, error)
	// TouchSession sets LastSeen (not audited: it is not a change of data).
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// DeleteSession revokes one session (logout). ENOTFOUND.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions revokes every session of a user.
	DeleteUserSessions(ctx context.Context, userID string) error
	// LoginAttempts returns the current series of failed logins of the
	// typed name from client; the zero value when there is none.
	LoginAttempts(ctx context.Context, name, client string) (LoginAttempts, error)
	// RecordLoginFailure counts a failed login of name from client at at
	// and returns the series it belongs to. A series whose last failure is
	// before forget starts over, and every such series is deleted.
	RecordLoginFailure(ctx context.Context, name, client string, at, forget time.Time) (LoginAttempts, error)
	// ClearLoginFailures ends the series of name from client (a login
	// succeeded).
	ClearLoginFailures(ctx context.Context, name, client string) error
	// Keyed returns HMAC-SHA-256 of purpose and parts under a random
	// secret the store makes on first use and keeps: a value that every
	// process on the store computes alike and nobody can predict without
	// the store (the perturbation of search counts). Purposes keep the
	// values of different uses independent.
	Keyed(ctx context.Context, purpose string, parts ...[]byte) ([]byte, error)
}

// LoginAttempts is a series of failed logins of one typed name from one
// client. The store keys it by a keyed hash of the two, so it holds the
// same for names that are no account and never keeps what was typed.
type LoginAttempts struct {
	// Failures counts the failures of the series.
	Failures int
	// First and Last are the times of its first and last failure.
	First, Last time.Time
}
