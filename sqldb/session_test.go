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
