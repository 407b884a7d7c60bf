package sqldb_test

import (
	"database/sql"
	"strings"
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

// TestWarmPreparesCodingStatements (PostgreSQL): after Warm, every
// connection of each pool has the statements of a coding request prepared
// (pgx prepares a statement on a connection at its first use there): the
// store calls of an apply and a removal, as the workbench makes them
// (web's TestCodingRequestStatements records them from requests), are
// each found prepared on every connection of the pool it runs on, the
// writes on the writers', the reads on the readers'.
func TestWarmPreparesCodingStatements(t *testing.T) {
	stmts := &sqldbtest.Statements{}
	db := sqldbtest.OpenTraced(t, "postgres", stmts)
	ctx := ownwords.WithActor(t.Context(), "coder-a")
	f := mustFixture(t, db)
	must(t, db.Warm(ctx))
	prepared := func(pool *sql.DB) []map[string]bool {
		var conns []*sql.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		var sets []map[string]bool
		for range pool.Stats().MaxOpenConnections {
			c, err := pool.Conn(ctx)
			must(t, err)
			conns = append(conns, c)
			rows, err := c.QueryContext(ctx, `SELECT statement FROM pg_prepared_statements`)
			must(t, err)
			set := map[string]bool{}
			for rows.Next() {
				var q string
				must(t, rows.Scan(&q))
				set[q] = true
			}
			must(t, rows.Err())
			sets = append(sets, set)
		}
		return sets
	}
	writers, readers := prepared(sqldb.RawForTest(db)), prepared(sqldb.ReadersForTest(db))
	stmts.Record()
	_, err := db.SessionAccount(ctx, "no-such-session", f.study.ID)
	wantCode(t, err, ownwords.ENOTFOUND)
	_, err = db.Interviews(ctx, ownwords.InterviewFilter{StudyID: f.study.ID, ID: f.iv.ID})
	must(t, err)
	_, err = db.Consent(ctx, f.study.ID, f.iv.ParticipantID)
	must(t, err)
	_, err = db.Code(ctx, f.study.ID, f.a.ID)
	must(t, err)
	seg := segmentOn(t, f, f.a, "Prices rose")
	must(t, db.CreateSegment(ctx, seg))
	_, err = db.Segment(ctx, seg.ID)
	must(t, err)
	must(t, db.DeleteSegment(ctx, seg.ID, seg.Version))
	ran := stmts.Stop()
	for _, q := range ran {
		pool, name := readers, "readers"
		if strings.HasPrefix(q, "WITH") || strings.Contains(q, "lock_timeout") { // the writes, one statement each, and their lock timeout
			pool, name = writers, "writers"
		}
		for i, set := range pool {
			if !set[q] {
				t.Errorf("%s' connection %d has not prepared %.80q", name, i, q)
				break
			}
		}
	}
	if len(ran) < 7 {
		t.Errorf("%d statements ran, want at least 7: %q", len(ran), ran)
	}
}
