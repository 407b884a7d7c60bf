package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

func TestSessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		hash := strings.Repeat("ab", 32)
		ses := &ownwords.Session{TokenHash: hash, UserID: f.coder.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(8 * time.Hour)}
		must(t, st.CreateSession(ctx, ses))
		must(t, st.TouchSession(ctx, hash, now.Add(time.Minute)))
		got, err := st.Session(ctx, hash)
		must(t, err)
		if got.UserID != f.coder.ID || !got.LastSeen.Equal(now.Add(time.Minute)) || !got.ExpiresAt.Equal(ses.ExpiresAt) {
			t.Fatalf("session = %+v", got)
		}
		must(t, st.DeleteSession(ctx, hash))
		_, err = st.Session(ctx, hash)
		wantCode(t, err, ownwords.ENOTFOUND)
		wantCode(t, st.CreateSession(ctx, &ownwords.Session{TokenHash: "short", UserID: f.coder.ID}), ownwords.EINVALID)

		// Failed logins: one series per name and client, started over after
		// a quiet spell and ended by a clear; the name is kept only hashed.
		const name, client = "a password typed as a name", "203.0.113.7"
		for i := range 3 {
			a, err := st.RecordLoginFailure(ctx, name, client, now.Add(time.Duration(i)*time.Minute), now.Add(-time.Hour))
			must(t, err)
			if a.Failures != i+1 || !a.First.Equal(now) || !a.Last.Equal(now.Add(time.Duration(i)*time.Minute)) {
				t.Fatalf("failure %d: series %+v", i+1, a)
			}
		}
		tests := []struct {
			name, typed, client string
			want                int
		}{
			{"TheSeries", name, client, 3},
			{"AnotherClient", name, "198.51.100.9", 0},
			{"AnotherName", "a password typed as a nam", client, 0},
			{"NameAndClientRunTogether", name + client, "", 0},
		}
		for _, tt := range tests {
			a, err := st.LoginAttempts(ctx, tt.typed, tt.client)
			must(t, err)
			if a.Failures != tt.want {
				t.Errorf("%s: %d failures, want %d", tt.name, a.Failures, tt.want)
			}
		}
		later := now.Add(25 * time.Hour)
		a, err := st.RecordLoginFailure(ctx, name, client, later, later.Add(-24*time.Hour))
		must(t, err)
		if a.Failures != 1 || !a.First.Equal(later) {
			t.Errorf("after a quiet day the series is %+v, want a new one", a)
		}
		must(t, st.ClearLoginFailures(ctx, name, client))
		if a, err := st.LoginAttempts(ctx, name, client); err != nil || a.Failures != 0 {
			t.Errorf("after a clear: %+v, %v", a, err)
		}
	})
}

// TestKeyed: the store's keyed hash is the same for the same input, every
// time and in every process on the store, and differs with the purpose,
// the parts and where parts split.
func TestKeyed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		key := func(purpose string, parts ...string) string {
			t.Helper()
			bs := make([][]byte, len(parts))
			for i, p := range parts {
				bs[i] = []byte(p)
			}
			h, err := st.Keyed(ctx, purpose, bs...)
			must(t, err)
			if len(h) != 32 {
				t.Fatalf("keyed hash of %d bytes", len(h))
			}
			return string(h)
		}
		a := key("search", "P-1", "P-2")
		if key("search", "P-1", "P-2") != a {
			t.Error("same input, another hash")
		}
		for _, other := range []string{key("other", "P-1", "P-2"), key("search", "P-1P-2"), key("search", "P-1", "P-3"), key("search", "P-2", "P-1")} {
			if other == a {
				t.Error("another input, the same hash")
			}
		}
		// The login key's input never collides with Keyed's.
		_, err := st.RecordLoginFailure(ctx, "search", "", time.Now(), time.Now().Add(-time.Hour))
		must(t, err)
		if key("search", "P-1", "P-2") != a {
			t.Error("the hash changed after a login failure")
		}
	})
}

// TestSessionAccount reads a session with its user and role in one
// study: as they are at the moment of the read.
func TestSessionAccount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		other := sqldbtest.MustStudy(t, st, "Other study")
		now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		hash := strings.Repeat("cd", 32)
		must(t, st.CreateSession(ctx, &ownwords.Session{TokenHash: hash, UserID: f.coder.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}))
		tests := []struct {
			name, hash, study string
			change            func() error
			role              ownwords.Role
			disabled          bool
			code              string
		}{
			{"Member", hash, f.study.ID, nil, ownwords.RoleCoder, false, ""},
			{"NoRoleInStudy", hash, other.ID, nil, "", false, ""},
			{"RoleChanged", hash, f.study.ID, func() error { return st.SetRole(ctx, f.study.ID, f.coder.ID, ownwords.RoleViewer) }, ownwords.RoleViewer, false, ""},
			{"Disabled", hash, f.study.ID, func() error {
				u, err := st.User(ctx, f.coder.ID)
				if err == nil {
					u.Disabled = true
					err = st.UpdateUser(ctx, u)
				}
				return err
			}, ownwords.RoleViewer, true, ""},
			{"ErrNoSession", strings.Repeat("ef", 32), f.study.ID, nil, "", false, ownwords.ENOTFOUND},
			{"ErrRevoked", hash, f.study.ID, func() error { return st.DeleteUserSessions(ctx, f.coder.ID) }, "", false, ownwords.ENOTFOUND},
		}
		for _, tt := range tests {
			if tt.change != nil {
				must(t, tt.change())
			}
			sa, err := st.SessionAccount(ctx, tt.hash, tt.study)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				continue
			}
			must(t, err)
			if sa.Session.TokenHash != hash || sa.Session.UserID != f.coder.ID || !sa.Session.ExpiresAt.Equal(now.Add(time.Hour)) ||
				sa.User.ID != f.coder.ID || sa.User.Name != f.coder.Name || sa.User.Disabled != tt.disabled || sa.Role != tt.role {
				t.Errorf("%s: session %+v, user %+v, role %q", tt.name, sa.Session, sa.User, sa.Role)
			}
		}
	})
}
