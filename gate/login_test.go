package gate

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// loginFixture is a study with one owner whose password is testPassword.
type loginFixture struct {
	st    ownwords.Store
	g     *Gate
	owner *ownwords.User
}

// unknownName is a name that is no account, shaped like the password
// people type into the name field by mistake.
const unknownName = "Tr0ub4dor&3-typed-as-name"

func mustLoginFixture(t *testing.T, st ownwords.Store) *loginFixture {
	t.Helper()
	study := sqldbtest.MustStudy(t, st, "Login")
	h, err := vault.HashPassword([]byte(testPassword))
	mustOK(t, err)
	u := &ownwords.User{Name: asOwner, PasswordHash: h}
	mustOK(t, st.CreateUser(t.Context(), u))
	mustOK(t, st.SetRole(t.Context(), study.ID, u.ID, ownwords.RoleOwner))
	return &loginFixture{st: st, g: New(st, study.ID), owner: u}
}

// outcome names a login's result: "ok", "bad", "wait" or the error.
func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrBadLogin):
		return "bad"
	case errors.Is(err, ErrTooManyLogins):
		return "wait"
	}
	return err.Error()
}

func TestLoginWaitDoublesUpToTheCap(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 0},
		{LoginFreeFailures - 1, 0},
		{LoginFreeFailures, LoginBackoff},
		{LoginFreeFailures + 1, 2 * LoginBackoff},
		{LoginFreeFailures + 3, 8 * LoginBackoff},
		{LoginFreeFailures + 9, 512 * LoginBackoff},
		{LoginFreeFailures + 10, LoginBackoffMax},
		{LoginFreeFailures + 1000, LoginBackoffMax},
	}
	for _, tt := range tests {
		if got := LoginWait(tt.failures); got != tt.want {
			t.Errorf("LoginWait(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

// TestLoginBackoffGrowsAndExpiresAlikeForEveryName: a known and an
// unknown name from one client get the same answer at every step: free
// failures, then refusals until each doubled wait has passed, and the
// series forgotten after a quiet day.
func TestLoginBackoffGrowsAndExpiresAlikeForEveryName(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustLoginFixture(t, st)
		start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		type step struct {
			after time.Duration // since start
			want  string
		}
		var steps []step
		at := time.Duration(0)
		for n := 1; n <= LoginFreeFailures+3; n++ {
			steps = append(steps, step{at, "bad"})
			if w := LoginWait(n); w > 0 {
				steps = append(steps, step{at + w - time.Millisecond, "wait"})
				at += w
			}
		}
		steps = append(steps, step{at + LoginForget + LoginBackoffMax, "bad"}) // a new series: free again
		steps = append(steps, step{at + LoginForget + LoginBackoffMax + time.Millisecond, "bad"})
		runs := map[string][]string{}
		for _, name := range []string{asOwner, unknownName} {
			for _, s := range steps {
				_, err := f.g.Login(t.Context(), name, "203.0.113.7", []byte("wrong"), start.Add(s.after))
				runs[name] = append(runs[name], outcome(err))
				if got := outcome(err); got != s.want {
					t.Errorf("%s at +%v: %s, want %s", name, s.after, got, s.want)
				}
			}
		}
		if a, b := strings.Join(runs[asOwner], " "), strings.Join(runs[unknownName], " "); a != b {
			t.Errorf("known name: %s\nunknown name: %s", a, b)
		}
	})
}

// TestLoginBurstFromOneClientLeavesTheOwnerIn: after a burst of bad
// guesses from one client the owner logs in from another at once, and
// from the guesser's client once the wait has passed (which also ends
// the series there); a right password during the wait is refused too.
func TestLoginBurstFromOneClientLeavesTheOwnerIn(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustLoginFixture(t, st)
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		const burst = LoginFreeFailures + 12
		for range burst {
			a, err := f.st.LoginAttempts(t.Context(), asOwner, "attacker")
			mustOK(t, err)
			now = now.Add(LoginWait(a.Failures))
			_, err = f.g.Login(t.Context(), asOwner, "attacker", []byte("guess"), now)
			if outcome(err) != "bad" {
				t.Fatalf("guess: %v", err)
			}
		}
		tests := []struct {
			name, client string
			after        time.Duration
			want         string
		}{
			{"RefusedWithTheRightPasswordWhileTheGuesserWaits", "attacker", time.Second, "wait"},
			{"InFromAnotherClient", "198.51.100.9", time.Second, "ok"},
			{"InFromTheCLI", CLIClient, time.Second, "ok"},
			{"InFromTheGuessersClientAfterTheLongestWait", "attacker", LoginBackoffMax, "ok"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c, err := f.g.Login(t.Context(), asOwner, tt.client, []byte(testPassword), now.Add(tt.after))
				if got := outcome(err); got != tt.want {
					t.Fatalf("%s, want %s", got, tt.want)
				}
				if err == nil && (c.User.ID != f.owner.ID || c.Role != ownwords.RoleOwner) {
					t.Errorf("logged in as %+v", c)
				}
			})
		}
		a, err := f.st.LoginAttempts(t.Context(), asOwner, "attacker")
		mustOK(t, err)
		if a.Failures != 0 {
			t.Errorf("after the login the series still counts %d failures", a.Failures)
		}
	})
}

// TestLoginFailuresAuditedBoundedWithoutTypedNames: a long series leaves
// a handful of audit entries carrying the count, and a name that is no
// account is never written down.
func TestLoginFailuresAuditedBoundedWithoutTypedNames(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustLoginFixture(t, st)
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		const failures = 40
		tests := []struct {
			name, actor, prefix string
		}{
			{asOwner, asOwner, ""},
			{unknownName, "anonymous", "unknown account; "},
		}
		for _, tt := range tests {
			for range failures {
				a, err := f.st.LoginAttempts(t.Context(), tt.name, "203.0.113.7")
				mustOK(t, err)
				now = now.Add(LoginWait(a.Failures))
				if _, err := f.g.Login(t.Context(), tt.name, "203.0.113.7", []byte("guess"), now); outcome(err) != "bad" {
					t.Fatalf("%s: %v", tt.name, err)
				}
				// A try during the wait is refused, and neither counted nor audited.
				a, err = f.st.LoginAttempts(t.Context(), tt.name, "203.0.113.7")
				mustOK(t, err)
				if LoginWait(a.Failures) > 0 {
					if _, err := f.g.Login(t.Context(), tt.name, "203.0.113.7", []byte("guess"), now); outcome(err) != "wait" {
						t.Fatalf("%s during the wait: %v", tt.name, err)
					}
				}
			}
		}
		var details = map[string][]string{}
		mustOK(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
			if strings.Contains(e.Detail+e.Actor+e.Object, unknownName) {
				t.Errorf("audit entry keeps the typed name: %+v", e)
			}
			if e.Action == "login.failure" {
				details[e.Actor] = append(details[e.Actor], e.Detail)
			}
			return true
		}))
		// 1, 2, 4, 5 (the back-off starts), 8, 16, 32 of 40.
		for _, tt := range tests {
			got := details[tt.actor]
			if len(got) != 7 {
				t.Errorf("%s: %d failure entries, want 7: %q", tt.actor, len(got), got)
				continue
			}
			if !strings.HasPrefix(got[6], tt.prefix+"32 failed since ") {
				t.Errorf("%s: last entry %q does not carry the count", tt.actor, got[6])
			}
		}
	})
}

// TestLoginSimultaneousBurstGetsOneTry: attempts sent at once when a wait
// ends get one password check between them, for an account and for a name
// that is none alike.
func TestLoginSimultaneousBurstGetsOneTry(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustLoginFixture(t, st)
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		for _, name := range []string{asOwner, unknownName} {
			for range LoginFreeFailures {
				if _, err := f.g.Login(t.Context(), name, "203.0.113.7", []byte("guess"), now); outcome(err) != "bad" {
					t.Fatalf("%s: %v", name, err)
				}
			}
			at := now.Add(LoginWait(LoginFreeFailures))
			const burst = 8
			outcomes := make(chan string, burst)
			var wg sync.WaitGroup
			for range burst {
				wg.Go(func() {
					_, err := f.g.Login(t.Context(), name, "203.0.113.7", []byte("guess"), at)
					outcomes <- outcome(err)
				})
			}
			wg.Wait()
			close(outcomes)
			got := map[string]int{}
			for o := range outcomes {
				got[o]++
			}
			if got["bad"] != 1 || got["wait"] != burst-1 {
				t.Errorf("%s: a burst of %d got %v, want one password check", name, burst, got)
			}
		}
	})
}
