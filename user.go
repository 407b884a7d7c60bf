package ownwords

import (
	"context"
	"regexp"
	"time"
)

// Role is what a user may do in one study.
type Role string

// Roles, from most to least power.
const (
	RoleOwner   Role = "owner"   // everything, including the team and the codebook
	RoleCoder   Role = "coder"   // reads transcripts, codes them
	RoleAnalyst Role = "analyst" // aggregates and reports only, never transcript text
	RoleViewer  Role = "viewer"  // public-audience reports only
)

// Roles lists the roles from most to least power.
var Roles = []Role{RoleOwner, RoleCoder, RoleAnalyst, RoleViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleCoder, RoleAnalyst, RoleViewer:
		return true
	}
	return false
}

// SeesText reports whether the role may receive transcript text or quotes.
func (r Role) SeesText() bool { return r == RoleOwner || r == RoleCoder }

// User is an account. Passwords are kept only as Argon2id hashes.
type User struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	Disabled     bool      `json:"disabled,omitempty"`
}

var userNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.\-]{0,63}$`)

// Validate checks the user.
func (u *User) Validate() error {
	if !userNameRE.MatchString(u.Name) {
		return Errorf(EINVALID, "user %q: name must be 1-64 lowercase letters, digits, '_', '.' or '-'", u.Name)
	}
	return nil
}

// Membership is a user's role in a study.
type Membership struct {
	StudyID string `json:"study_id"`
	UserID  string `json:"user_id"`
	User    string `json:"user"`
	Role    Role   `json:"role"`
}

// UserService manages accounts and their roles.
type UserService interface {
	// CreateUser stores u. EINVALID, ECONFLICT (name taken).
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser saves password hash and disabled flag. ENOTFOUND.
	UpdateUser(ctx context.Context, u *User) error
	// User returns a user by ID. ENOTFOUND.
	User(ctx context.Context, id string) (*User, error)
	// UserByName returns a user by name. ENOTFOUND.
	UserByName(ctx context.Context, name string) (*User, error)
	// Users lists accounts by name.
	Users(ctx context.Context) ([]*User, error)
	// DeleteUser removes an account and its memberships; its segments stay
	// (coders' work is the study's). ENOTFOUND.
	DeleteUser(ctx context.Context, id string) error
	// SetRole gives a user a role in a study, replacing any other. EINVALID,
	// ENOTFOUND.
	SetRole(ctx context.Context, studyID, userID string, r Role) error
	// Memberships lists a study's members by name.
	Memberships(ctx context.Context, studyID string) ([]*Membership, error)
	// RoleOf returns a user's role in a study. ENOTFOUND if none.
	RoleOf(ctx context.Context, studyID, userID string) (Role, error)
}
