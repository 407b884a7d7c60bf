package sqldb

import (
	"context"
	"fmt"
	"time"

	"ownwords"
)

// CreateSession stores a session; logins are audited.
func (s services) CreateSession(ctx context.Context, ses *ownwords.Session) error {
	if len(ses.TokenHash) != 64 || ses.UserID == "" || !ses.ExpiresAt.After(ses.CreatedAt) {
		return ownwords.Errorf(ownwords.EINVALID, "session: token hash, user and a future expiry required")
	}
	return s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			ses.TokenHash, ses.UserID, formatTime(ses.CreatedAt), formatTime(ses.LastSeen), formatTime(ses.ExpiresAt)); err != nil {
			return c.conflict(err, "session exists")
		}
		return s.appendAudit(ctx, c, "", "session.create", ses.UserID, "")
	})
}

// Session returns a session by token hash.
func (s services) Session(ctx context.Context, tokenHash string) (*ownwords.Session, error) {
	var ses ownwords.Session
	var created, seen, expires string
	err := s.read().queryRow(ctx, `SELECT token_hash, user_id, created_at, last_seen, expires_at FROM sessions WHERE token_hash = $1`,
		tokenHash).Scan(&ses.TokenHash, &ses.UserID, &created, &seen, &expires)
	if err != nil {
		return nil, notFound(err, "session", "")
	}
	ses.CreatedAt, ses.LastSeen, ses.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
	return &ses, nil
}

// TouchSession records activity.
func (s services) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	return s.write(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, formatTime(at), tokenHash)
		if err != nil {
			return fmt.Errorf("sqldb: touch session: %w", err)
		}
		return mustAffect(res, "session", "")
	})
}

// DeleteSession revokes a session.
func (s services) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(c conn) error {
		var userID string
		if err := c.queryRow(ctx, `SELECT user_id FROM sessions WHERE token_hash = $1`, tokenHash).Scan(&userID); err != nil {
			return notFound(err, "session", "")
		}
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
			return fmt.Errorf("sqldb: delete session: %w", err)
		}
		return s.appendAudit(ctx, c, "", "session.delete", userID, "")
	})
}

// DeleteUserSessions revokes all of a user's sessions.
func (s services) DeleteUserSessions(ctx context.Context, userID string) error {
	return s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("sqldb: delete sessions: %w", err)
		}
		return s.appendAudit(ctx, c, "", "session.delete_all", userID, "")
	})
}

// RecordLoginFailure notes a failed login (audited: repeated failures are
// what an investigator looks for).
func (s services) RecordLoginFailure(ctx context.Context, userID string, at time.Time) error {
	return s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO login_failures (user_id, at) VALUES ($1, $2)`, userID, formatTime(at)); err != nil {
			return fmt.Errorf("sqldb: login failure: %w", err)
		}
		return s.appendAudit(ctx, c, "", "login.failure", userID, "")
	})
}

// LoginFailures counts failures since a time.
func (s services) LoginFailures(ctx context.Context, userID string, since time.Time) (int, error) {
	var n int
	err := s.read().queryRow(ctx, `SELECT count(*) FROM login_failures WHERE user_id = $1 AND at >= $2`, userID, formatTime(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqldb: login failures: %w", err)
	}
	return n, nil
}
