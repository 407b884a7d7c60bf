package gate

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"ownwords"
	"ownwords/vault"
)

// Login throttling, per typed name and client (the web: the address the
// request came from; the CLI: CLIClient). A client gets LoginFreeFailures
// failed logins for a name; each further failure makes it wait, from
// LoginBackoff doubling up to LoginBackoffMax, and while it waits its
// attempts for that name are refused without looking at the password (or
// at whether the name is an account). Another client is not held up, so a
// burst of bad guesses from one address cannot lock the owner out: they
// log in from elsewhere, or from the same place after at most
// LoginBackoffMax. A series is forgotten after a successful login from the
// client or LoginForget without a failure.
//
// The counters live in the store, not in the process: every CLI run is a
// process of its own, and several server instances may share a database,
// so counts kept in memory would restart with each run and split between
// instances (a guesser would multiply their tries by spreading them). The
// store keys them by an HMAC of name and client (ownwords.LoginAttempts),
// so a name that is no account is counted exactly like one that is, and
// nothing typed into the name field — often a password — is kept.
const (
	LoginFreeFailures = 5
	LoginBackoff      = time.Second
	LoginBackoffMax   = 15 * time.Minute
	LoginForget       = 24 * time.Hour
)

// CLIClient is the client of every login on the command line: whoever can
// run ownwords on the study file shares one series per name.
const CLIClient = "cli"

// LoginWait is how long a client must wait after its failures-th failed
// login for a name before it may try that name again.
func LoginWait(failures int) time.Duration {
	if failures < LoginFreeFailures {
		return 0
	}
	wait := LoginBackoff
	for range failures - LoginFreeFailures {
		if wait >= LoginBackoffMax {
			break
		}
		wait *= 2
	}
	return min(wait, LoginBackoffMax)
}

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

// Login refusals. None says whether the name is an account: a name that
// is none gets ErrBadLogin and ErrTooManyLogins exactly when an account
// would.
var (
	ErrBadLogin      = ownwords.Errorf(ownwords.EUNAUTHORIZED, "wrong name or password")
	ErrTooManyLogins = ownwords.Errorf(ownwords.EFORBIDDEN, "too many failed logins for this name from here: wait a few minutes and try again, or ask the study owner")
	ErrNoRole        = ownwords.Errorf(ownwords.EFORBIDDEN, "your account has no role in this study: ask its owner")
)

// IsLoginRefusal reports whether err is one of the login refusals.
func IsLoginRefusal(err error) bool {
	return errors.Is(err, ErrBadLogin) || errors.Is(err, ErrTooManyLogins) || errors.Is(err, ErrNoRole)
}

// hashSlots bounds concurrent Argon2id checks of the process: each takes
// 64 MiB, so a burst of logins must queue rather than exhaust memory.
var hashSlots = make(chan struct{}, 2)

// Login verifies a name and password typed at client and returns the
// member they open. Both front ends log in here. A client waiting out its
// back-off for the name gets ErrTooManyLogins before anything is looked up
// or hashed; otherwise the attempt is counted for name and client and the
// password checked against the account's hash, or against decoyHash when
// the name is no account, so both cost the same time; a failure is
// ErrBadLogin, audited at most a few times per series (see
// auditLoginFailure). A right password ends the series; ErrNoRole when the
// account has no role in the study.
func (g *Gate) Login(ctx context.Context, name, client string, password []byte, now time.Time) (Caller, error) {
	a, err := g.store.LoginAttempts(ctx, name, client)
	if err != nil {
		return Caller{}, err
	}
	if a.Last.Before(now.Add(-LoginForget)) {
		a = ownwords.LoginAttempts{} // the store starts such a series over
	}
	if now.Before(a.Last.Add(LoginWait(a.Failures))) {
		return Caller{}, ErrTooManyLogins
	}
	// The attempt is counted as a failure before the (slow) hash and the
	// count undone by a right password: counting after it would let a
	// burst of simultaneous attempts all pass the check above. An attempt
	// that finds others counted since it looked lost that race and is
	// refused like one during the wait (it stays counted).
	counted, err := g.store.RecordLoginFailure(ctx, name, client, now.UTC(), now.Add(-LoginForget).UTC())
	if err != nil {
		return Caller{}, err
	}
	if counted.Failures != a.Failures+1 {
		return Caller{}, ErrTooManyLogins
	}
	u, err := g.store.UserByName(ctx, name)
	if err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		return Caller{}, err
	}
	hash := decoyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	if !checkHash(hash, password) || u == nil || u.Disabled {
		if err := g.auditLoginFailure(ctx, u, client, counted); err != nil {
			return Caller{}, err
		}
		return Caller{}, ErrBadLogin
	}
	ctx = ownwords.WithActor(ctx, u.Name)
	if err := g.store.ClearLoginFailures(ctx, name, client); err != nil {
		return Caller{}, err
	}
	return g.Account(ctx, u)
}

// auditLoginFailure writes a "login.failure" entry for the failures-th
// failure of a series only when it is the first, the one that starts the
// back-off, or a power of two, with the count so far: a series of n
// failures leaves at most 2+log2(n) entries, however long a guesser keeps
// on. The entry of an account names it (actor and target); for a name
// that is no account the actor is "anonymous" and what was typed is not
// kept — people type passwords into the name field.
func (g *Gate) auditLoginFailure(ctx context.Context, u *ownwords.User, client string, a ownwords.LoginAttempts) error {
	n := a.Failures
	if n != 1 && n != LoginFreeFailures && n&(n-1) != 0 {
		return nil
	}
	detail := fmt.Sprintf("%d failed since %s from %s", n, a.First.UTC().Format(time.RFC3339), client)
	if u == nil {
		return g.store.Record(ownwords.WithActor(ctx, "anonymous"), g.studyID, "login.failure", "", "unknown account; "+detail)
	}
	return g.store.Record(ownwords.WithActor(ctx, u.Name), g.studyID, "login.failure", u.ID, detail)
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

// SessionMember returns the session with this token hash and the member
// its user is in the gate's study, as Account decides from the user and
// the role read with the session, in one store read (the workbench checks
// a session on every request, so a revoked session, a disabled account or
// a changed or removed role takes effect at the next one). A user
// without a role is Member(u, "") with ErrNoRole; a disabled account is
// the public with ErrBadLogin. ENOTFOUND when there is no such session.
func (g *Gate) SessionMember(ctx context.Context, tokenHash string) (*ownwords.Session, Caller, error) {
	sa, err := g.store.SessionAccount(ctx, tokenHash, g.studyID)
	switch {
	case err != nil:
		return nil, Caller{}, err
	case sa.User.Disabled:
		return sa.Session, Caller{}, ErrBadLogin
	case sa.Role == "":
		return sa.Session, Member(sa.User, ""), ErrNoRole
	}
	return sa.Session, Member(sa.User, sa.Role), nil
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
