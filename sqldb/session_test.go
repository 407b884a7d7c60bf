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

		for i := range 3 {
			must(t, st.RecordLoginFailure(ctx, f.coder.ID, now.Add(time.Duration(i)*30*time.Minute)))
		}
		n, err := st.LoginFailures(ctx, f.coder.ID, now.Add(50*time.Minute))
		must(t, err)
		if n != 1 {
			t.Fatalf("failures in the last hour = %d, want 1", n)
		}
	})
}
