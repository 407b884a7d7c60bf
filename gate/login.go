package gate

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"sync"
	"time"

	"ownwords"
	"ownwords/vault"
)

// Login throttling: at most MaxLoginFailures failed logins per account in
// LoginWindow; beyond that even the right password is refused, so that a
// guesser gets ten tries an hour whatever they do.
const (
	MaxLoginFailures = 10
	LoginWindow      = time.Hour
)

// decoyHash is checked when the account does not exist, so that a login
// for an unknown name costs the same time as one for a known name and does
// not reveal which names exist. It is made once, with the parameters every
// new password hash gets, so the two costs stay equal; its password is
// random and never kept.
var decoyHash = sync.OnceValue(func() string {
	pw := make([]byte, 32)
	rand.Read(pw)
	h, err := vault.HashPassword(pw)
	if err != nil {
		panic("gate: decoy password hash: " + err.Error())
	}
	return h
})

// Login refusals. ErrBadLogin does not say whether the name exists.
var (
	ErrBadLogin      = ownwords.Errorf(ownwords.EUNAUTHORIZED, "wrong name or password")
	ErrTooManyLogins = ownwords.Errorf(ownwords.EFORBIDDEN, "too many failed logins for this account: try again later or ask the study owner")
	ErrNoRole        = ownwords.Errorf(ownwords.EFORBIDDEN, "your account has no role in this study: ask its owner")
)

// IsLoginRefusal reports whether err is one of the login refusals.
func IsLoginRefusal(err error) bool {
	return errors.Is(err, ErrBadLogin) || errors.Is(err, ErrTooManyLogins) || errors.Is(err, ErrNoRole)
}

// hashSlots bounds concurrent Argon2id checks of the process: each takes
// 64 MiB, so a burst of logins must queue rather than exhaust memory.
var hashSlots = make(chan struct{}, 2)

// Login verifies a name and password and returns the member they open.
// Both front ends log in here: failures are audited and counted per
// account, past the limit the account is refused without looking at the
// password, and an unknown name costs the same time as a known one.
func (g *Gate) Login(ctx context.Context, name string, password []byte, now time.Time) (Caller, error) {
	u, err := g.store.UserByName(ctx, name)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		checkHash(decoyHash(), password)
		rec := ownwords.WithActor(ctx, "anonymous")
		// The attempted name is not logged: people type passwords into it.
		if err := g.store.Record(rec, g.studyID, "login.failure", "", "unknown account"); err != nil {
			return Caller{}, err
		}
		return Caller{}, ErrBadLogin
	} else if err != nil {
		return Caller{}, err
	}
	ctx = ownwords.WithActor(ctx, u.Name)
	n, err := g.store.LoginFailures(ctx, u.ID, now.Add(-LoginWindow).UTC())
	if err != nil {
		return Caller{}, err
	}
	if n >= MaxLoginFailures {
		if err := g.store.Record(ctx, g.studyID, "login.refused", u.ID, "too many failures"); err != nil {
			return Caller{}, err
		}
		return Caller{}, ErrTooManyLogins
	}
	if !checkHash(u.PasswordHash, password) || u.Disabled {
		if err := g.store.RecordLoginFailure(ctx, u.ID, now.UTC()); err != nil {
			return Caller{}, err
		}
		return Caller{}, ErrBadLogin
	}
	return g.Account(ctx, u)
}

// Account returns the member u of the gate's study with their current
// role (a session re-reads it on every request, so a role change or a
// removal takes effect at once). ErrNoRole when u has none; a disabled
// account is ErrBadLogin.
func (g *Gate) Account(ctx context.Context, u *ownwords.User) (Caller, error) {
	if u.Disabled {
		return Caller{}, ErrBadLogin
	}
	role, err := g.store.RoleOf(ctx, g.studyID, u.ID)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return Caller{}, ErrNoRole
	} else if err != nil {
		return Caller{}, err
	}
	return Member(u, role), nil
}

// checkHash compares a password with a hash, at most len(hashSlots) at a
// time. An unparsable hash never matches.
func checkHash(hash string, password []byte) bool {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	ok, err := vault.CheckPassword(hash, password)
	if err != nil {
		slog.Error("stored password hash unusable", "err", err)
	}
	return ok && err == nil
}
