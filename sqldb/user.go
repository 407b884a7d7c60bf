package sqldb

import (
	"context"
	"fmt"

	"ownwords"
)

// CreateUser stores an account.
func (s services) CreateUser(ctx context.Context, u *ownwords.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		id, now := newID(), formatTime(s.db.now())
		if _, err := c.exec(ctx, `INSERT INTO users (id, name, password_hash, created_at, disabled) VALUES ($1, $2, $3, $4, $5)`,
			id, u.Name, u.PasswordHash, now, u.Disabled); err != nil {
			return c.conflict(err, "user %s already exists", u.Name)
		}
		u.ID, u.CreatedAt = id, parseTime(now)
		return s.appendAudit(ctx, c, "", "user.create", id, u.Name)
	})
}

// UpdateUser saves the password hash and disabled flag.
func (s services) UpdateUser(ctx context.Context, u *ownwords.User) error {
	return s.write(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE users SET password_hash = $1, disabled = $2 WHERE id = $3`, u.PasswordHash, u.Disabled, u.ID)
		if err != nil {
			return fmt.Errorf("sqldb: update user: %w", err)
		}
		if err := mustAffect(res, "user", u.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, c, "", "user.update", u.ID, u.Name)
	})
}

const userColumns = `id, name, password_hash, created_at, disabled`

func scanUser(sc interface{ Scan(...any) error }) (*ownwords.User, error) {
	var u ownwords.User
	var created string
	if err := sc.Scan(&u.ID, &u.Name, &u.PasswordHash, &created, &u.Disabled); err != nil {
		return nil, err
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// User returns a user by ID.
func (s services) User(ctx context.Context, id string) (*ownwords.User, error) {
	u, err := scanUser(s.read().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "user", id)
	}
	return u, nil
}

// UserByName returns a user by name.
func (s services) UserByName(ctx context.Context, name string) (*ownwords.User, error) {
	u, err := scanUser(s.read().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
	if err != nil {
		return nil, notFound(err, "user", name)
	}
	return u, nil
}

// Users lists accounts by name.
func (s services) Users(ctx context.Context) ([]*ownwords.User, error) {
	rows, err := s.read().query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: users: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// DeleteUser removes an account and its memberships.
func (s services) DeleteUser(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		u, err := s.in(c).User(ctx, id)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM users WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete user: %w", err)
		}
		return s.appendAudit(ctx, c, "", "user.delete", id, u.Name)
	})
}

// SetRole gives a user one role in a study.
func (s services) SetRole(ctx context.Context, studyID, userID string, r ownwords.Role) error {
	if !r.Valid() {
		return ownwords.Errorf(ownwords.EINVALID, "unknown role %q: use owner, coder, analyst or viewer", r)
	}
	return s.write(ctx, func(c conn) error {
		if _, err := s.in(c).Study(ctx, studyID); err != nil {
			return err
		}
		u, err := s.in(c).User(ctx, userID)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO memberships (study_id, user_id, role) VALUES ($1, $2, $3)
			ON CONFLICT (study_id, user_id) DO UPDATE SET role = excluded.role`, studyID, userID, string(r)); err != nil {
			return fmt.Errorf("sqldb: set role: %w", err)
		}
		return s.appendAudit(ctx, c, studyID, "role.set", userID, u.Name+" "+string(r))
	})
}

// Memberships lists a study's members by name.
//
// In a write transaction on PostgreSQL the study's membership rows are
// locked until it ends (FOR UPDATE): the gate decides from them who may
// administer and that the last owner stays, so two transactions that
// each remove or demote one of the last two owners (two processes of a
// team server) must not both read two owners. The second waits, then
// reads what the first committed. (SQLite runs one writer at a time.)
func (s services) Memberships(ctx context.Context, studyID string) ([]*ownwords.Membership, error) {
	lock := ""
	if s.tx != nil && s.search().forUpdate() != "" {
		lock = " FOR UPDATE OF m"
	}
	rows, err := s.read().query(ctx, `SELECT m.study_id, m.user_id, u.name, m.role FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.study_id = $1 ORDER BY u.name`+lock, studyID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: memberships: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.Membership
	for rows.Next() {
		var m ownwords.Membership
		var role string
		if err := rows.Scan(&m.StudyID, &m.UserID, &m.User, &role); err != nil {
			return nil, fmt.Errorf("sqldb: memberships: %w", err)
		}
		m.Role = ownwords.Role(role)
		out = append(out, &m)
	}
	return out, rows.Err()
}

// RoleOf returns a user's role in a study.
func (s services) RoleOf(ctx context.Context, studyID, userID string) (ownwords.Role, error) {
	var role string
	err := s.read().queryRow(ctx, `SELECT role FROM memberships WHERE study_id = $1 AND user_id = $2`, studyID, userID).Scan(&role)
	if err != nil {
		return "", notFound(err, "membership of user", userID)
	}
	return ownwords.Role(role), nil
}
