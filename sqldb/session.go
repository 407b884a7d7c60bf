package sqldb

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
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

// SessionAccount reads a session, its user and their membership of a
// study in one query: every request of the workbench checks all three.
func (s services) SessionAccount(ctx context.Context, tokenHash, studyID string) (*ownwords.SessionAccount, error) {
	var ses ownwords.Session
	var u ownwords.User
	var role, created, seen, expires, userCreated string
	err := s.read().queryRow(ctx, `SELECT s.token_hash, s.user_id, s.created_at, s.last_seen, s.expires_at,
		u.id, u.name, u.password_hash, u.created_at, u.disabled, COALESCE(m.role, '')
		FROM sessions s JOIN users u ON u.id = s.user_id
		LEFT JOIN memberships m ON m.study_id = $2 AND m.user_id = s.user_id
		WHERE s.token_hash = $1`, tokenHash, studyID).
		Scan(&ses.TokenHash, &ses.UserID, &created, &seen, &expires, &u.ID, &u.Name, &u.PasswordHash, &userCreated, &u.Disabled, &role)
	if err != nil {
		return nil, notFound(err, "session", "")
	}
	ses.CreatedAt, ses.LastSeen, ses.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
	u.CreatedAt = parseTime(userCreated)
	return &ownwords.SessionAccount{Session: &ses, User: &u, Role: ownwords.Role(role)}, nil
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

// loginKey returns the HMAC key of login_attempts: 32 random bytes made
// on first use and kept in login_secret (one row), so that every process
// on the store — CLI runs, several server instances — counts a name and
// client under the same key.
func (s services) loginKey(ctx context.Context) ([]byte, error) {
	if k := s.db.secret.Load(); k != nil {
		return *k, nil
	}
	var hexKey string
	err := s.read().queryRow(ctx, `SELECT secret FROM login_secret WHERE id = 1`).Scan(&hexKey)
	if errors.Is(err, sql.ErrNoRows) {
		key := make([]byte, 32)
		rand.Read(key)
		err = s.write(ctx, func(c conn) error {
			if _, err := c.exec(ctx, `INSERT INTO login_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, hex.EncodeToString(key)); err != nil {
				return err
			}
			return c.queryRow(ctx, `SELECT secret FROM login_secret WHERE id = 1`).Scan(&hexKey)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: login key: %w", err)
	}
	key, err := hex.DecodeString(hexKey)
	// Outside a transaction the key read or written is committed; inside
	// one, a rollback could take a new key back, so it is not kept.
	if err == nil && s.tx == nil {
		s.db.secret.Store(&key)
	}
	return key, err
}

// loginAttemptKey is the row key of name from client: HMAC-SHA-256 under
// the login key of both, each prefixed by its length.
func (s services) loginAttemptKey(ctx context.Context, name, client string) (string, error) {
	key, err := s.loginKey(ctx)
	if err != nil {
		return "", err
	}
	h := hmac.New(sha256.New, key)
	for _, part := range []string{name, client} {
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(part))))
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// keyedMarker starts the input of Keyed: no login key input starts with
// it (those start with the length of a typed name, which is far shorter),
// so the two uses of the store's secret never meet.
var keyedMarker = []byte{0xff, 0xff, 0xff, 0xff}

// Keyed is HMAC-SHA-256 under the store's secret (login_secret) of
// keyedMarker, purpose and parts, each length-prefixed.
func (s services) Keyed(ctx context.Context, purpose string, parts ...[]byte) ([]byte, error) {
	key, err := s.loginKey(ctx)
	if err != nil {
		return nil, err
	}
	h := hmac.New(sha256.New, key)
	h.Write(keyedMarker)
	for _, part := range append([][]byte{[]byte(purpose)}, parts...) {
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(part))))
		h.Write(part)
	}
	return h.Sum(nil), nil
}

// LoginAttempts returns the series of failed logins of name from client.
func (s services) LoginAttempts(ctx context.Context, name, client string) (ownwords.LoginAttempts, error) {
	k, err := s.loginAttemptKey(ctx, name, client)
	if err != nil {
		return ownwords.LoginAttempts{}, err
	}
	var a ownwords.LoginAttempts
	var first, last string
	err = s.read().queryRow(ctx, `SELECT failures, first_at, last_at FROM login_attempts WHERE key_hash = $1`, k).Scan(&a.Failures, &first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return ownwords.LoginAttempts{}, nil
	} else if err != nil {
		return ownwords.LoginAttempts{}, fmt.Errorf("sqldb: login attempts: %w", err)
	}
	a.First, a.Last = parseTime(first), parseTime(last)
	return a, nil
}

// RecordLoginFailure counts a failure of name from client at at, starting
// the series over when its last failure is before forget, and deletes
// every series that ended before forget (so the table stays small). Not
// audited here: the gate writes one entry per back-off step, not one per
// failure.
func (s services) RecordLoginFailure(ctx context.Context, name, client string, at, forget time.Time) (ownwords.LoginAttempts, error) {
	k, err := s.loginAttemptKey(ctx, name, client)
	if err != nil {
		return ownwords.LoginAttempts{}, err
	}
	var a ownwords.LoginAttempts
	err = s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM login_attempts WHERE last_at < $1`, formatTime(forget)); err != nil {
			return err
		}
		var first, last string
		err := c.queryRow(ctx, `INSERT INTO login_attempts (key_hash, failures, first_at, last_at) VALUES ($1, 1, $2, $2)
			ON CONFLICT (key_hash) DO UPDATE SET failures = login_attempts.failures + 1, last_at = excluded.last_at
			RETURNING failures, first_at, last_at`, k, formatTime(at)).Scan(&a.Failures, &first, &last)
		a.First, a.Last = parseTime(first), parseTime(last)
		return err
	})
	if err != nil {
		return ownwords.LoginAttempts{}, fmt.Errorf("sqldb: login failure: %w", err)
	}
	return a, nil
}

// ClearLoginFailures deletes the series of name from client.
func (s services) ClearLoginFailures(ctx context.Context, name, client string) error {
	k, err := s.loginAttemptKey(ctx, name, client)
	if err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM login_attempts WHERE key_hash = $1`, k); err != nil {
			return fmt.Errorf("sqldb: clear login failures: %w", err)
		}
		return nil
	})
}
