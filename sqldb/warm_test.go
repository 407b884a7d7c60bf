package sqldb_test

import (
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestWarmOpensEveryConnection checks that Warm leaves a team server's
// pools with every connection open and idle, so that the first requests
// do not start server processes, and that it is a no-op on SQLite.
func TestWarmOpensEveryConnection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		db := st.(*sqldb.DB)
		sqldbtest.MustStudy(t, db, "Warm")
		before, _ := sqldb.PoolStatsForTest(db)
		entries := auditCount(t, db)
		start := time.Now()
		must(t, db.Warm(t.Context()))
		t.Logf("Warm took %v", time.Since(start))
		w, r := sqldb.PoolStatsForTest(db)
		if db.Dialect() != "postgres" {
			if w.OpenConnections != before.OpenConnections {
				t.Errorf("SQLite writers: %d connections open after Warm, %d before", w.OpenConnections, before.OpenConnections)
			}
			return
		}
		for name, s := range map[string]struct{ open, idle, max int }{
			"writers": {w.OpenConnections, w.Idle, w.MaxOpenConnections},
			"readers": {r.OpenConnections, r.Idle, r.MaxOpenConnections},
		} {
			if s.max < 2 || s.open != s.max || s.idle != s.max {
				t.Errorf("%s: %d open, %d idle after Warm, want all %d", name, s.open, s.idle, s.max)
			}
		}
		// The chain's trigger ran in transactions rolled back: no entry,
		// nothing pending.
		if n := auditCount(t, db); n != entries {
			t.Errorf("%d audit entries after Warm, %d before", n, entries)
		}
		var pending int
		must(t, sqldb.RawForTest(db).QueryRowContext(t.Context(), `SELECT count(*) FROM audit_pending`).Scan(&pending))
		if pending != 0 {
			t.Errorf("%d entries pending after Warm", pending)
		}
		mustVerify(t, t.Context(), db)
		// Still usable afterwards.
		if _, err := db.Study(t.Context(), "nope"); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("a read after Warm: %v", err)
		}
	})
}
