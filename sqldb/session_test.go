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
