package sqldb_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// Findings of the review of the pipelined coding writes (pipeBatch,
// pipeOne, Warm's warmCoding), PostgreSQL.

// failAtCommit installs a deferred trigger on segments that fails the
// transaction at its COMMIT (as the audit chain's trigger of
// audit_pending may): on inserting a segment whose memo is "fail-insert",
// on deleting one whose memo is "fail-delete".
func failAtCommit(t *testing.T, db *sqldb.DB) {
	t.Helper()
	_, err := sqldb.RawForTest(db).ExecContext(t.Context(), `
CREATE FUNCTION review_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (TG_OP = 'INSERT' AND NEW.memo = 'fail-insert') OR (TG_OP = 'DELETE' AND OLD.memo = 'fail-delete') THEN
		RAISE EXCEPTION 'refused at commit';
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER review_fail_at_commit AFTER INSERT OR DELETE ON segments
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION review_fail_at_commit();`)
	must(t, err)
}

// stored reports whether segment id is stored.
func stored(t *testing.T, st ownwords.Store, id string) bool {
	t.Helper()
	_, err := st.Segment(t.Context(), id)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return false
	}
	must(t, err)
	return true
}

// TestPipedCodingFailingAtCommit (PostgreSQL): a coding whose transaction
// fails at its COMMIT (a deferred trigger) is not reported done, alone
// (pipeOne: the implicit transaction's COMMIT at the pipeline's Sync) or
// in a batch (pipeBatch's COMMIT); what is reported done is stored and
// audited, and the chain verifies.
func TestPipedCodingFailingAtCommit(t *testing.T) {
	db := sqldbtest.OpenPostgres(t)
	failAtCommit(t, db)
	ctx := ownwords.WithActor(t.Context(), "coder-a")
	f := mustFixture(t, db)

	t.Run("ApplyAlone", func(t *testing.T) {
		entries := auditCount(t, db)
		seg := segmentOn(t, f, f.a, "Prices rose")
		seg.Memo = "fail-insert"
		err := db.CreateSegment(ctx, seg)
		t.Logf("apply: %v", err)
		if err == nil {
			t.Error("CreateSegment failing at COMMIT returned nil")
		}
		if seg.ID != "" && stored(t, db, seg.ID) {
			t.Error("the segment of an apply that failed at COMMIT is stored")
		}
		if got := auditCount(t, db) - entries; got != 0 {
			t.Errorf("%d audit entries added, want 0", got)
		}
	})
	t.Run("RemoveAlone", func(t *testing.T) {
		seg := segmentOn(t, f, f.a, "We had no food.")
		seg.Memo = "fail-delete"
		must(t, db.CreateSegment(ctx, seg))
		entries := auditCount(t, db)
		err := db.DeleteSegment(ctx, seg.ID, seg.Version)
		t.Logf("removal: %v", err)
		if err == nil {
			t.Error("DeleteSegment failing at COMMIT returned nil")
		}
		if !stored(t, db, seg.ID) {
			t.Error("the segment of a removal that failed at COMMIT is gone")
		}
		if got := auditCount(t, db) - entries; got != 0 {
			t.Errorf("%d audit entries added, want 0", got)
		}
	})
	t.Run("Batch", func(t *testing.T) {
		entries := auditCount(t, db)
		bad := segmentOn(t, f, f.b, "Prices rose")
		bad.Memo = "fail-insert"
		good := segmentOn(t, f, f.b, "We had no food.")
		ws := []batchWrite{
			{"Bad", func() error { return db.CreateSegment(ctx, bad) }, ""},
			{"Good", func() error { return db.CreateSegment(ctx, good) }, ""},
		}
		errs := oneBatch(t, db, func() error { return db.CreateSegment(ctx, segmentOn(t, f, f.a, "Why did you go?")) }, ws)
		t.Logf("outcomes: %v", errs)
		done := 1 // the first write
		for i, s := range []*ownwords.Segment{bad, good} {
			has := s.ID != "" && stored(t, db, s.ID)
			if (errs[i] == nil) != has {
				t.Errorf("%s: error %v, stored %v", ws[i].name, errs[i], has)
			}
			if errs[i] == nil {
				done++
			}
		}
		if errs[0] == nil {
			t.Error("the apply failing at COMMIT returned nil")
		}
		if got := auditCount(t, db) - entries; got != done {
			t.Errorf("%d audit entries added, want %d", got, done)
		}
	})
	mustVerify(t, ctx, db)
}

// TestPipedBatchCancelledBeforeCommit (PostgreSQL): once every caller of
// a batch has given up, its writes read but not yet committed, the batch
// is rolled back at once: its transaction must not stay open on a
// connection idle in the pool, holding its locks (an interview's row
// FOR SHARE, the rows it wrote) until the connection is next taken.
// The batch's statements take a transaction-level advisory lock; once
// the callers have their outcomes, another session must be able to take
// it.
func TestPipedBatchCancelledBeforeCommit(t *testing.T) {
	db := sqldbtest.OpenPostgres(t)
	key := rand.Int64N(1 << 40)
	lock := `SELECT pg_try_advisory_xact_lock(` + strconv.FormatInt(key, 10) + `)`
	taken, release := holdBatches(t, db)
	first := goWrite(func() error { return sqldb.GroupedRowForTest(t.Context(), db, `SELECT true`) })
	if n := <-taken; n != 1 {
		t.Fatalf("first batch of %d writes, want 1", n)
	}
	ctxA, cancelA := context.WithCancel(t.Context())
	defer cancelA()
	ctxB, cancelB := context.WithCancel(t.Context())
	defer cancelB()
	a := goWrite(func() error { return sqldb.GroupedRowForTest(ctxA, db, lock) })
	waitCodingQueued(t, db, 1)
	b := goWrite(func() error {
		return sqldb.GroupedRowHookForTest(ctxB, db, `SELECT true`, func(ctx context.Context) {
			// Both callers give up now, after the batch's rows are read,
			// before its COMMIT.
			cancelA()
			cancelB()
			select {
			case <-ctx.Done():
			case <-time.After(5 * time.Second):
			}
		})
	})
	waitCodingQueued(t, db, 2)
	release()
	must(t, outcome(t, first))
	if n := <-taken; n != 2 {
		t.Fatalf("batch of %d writes, want 2", n)
	}
	release()
	errA, errB := outcome(t, a), outcome(t, b)
	t.Logf("outcomes: %v; %v", errA, errB)
	var free bool
	must(t, sqldb.ReadersForTest(db).QueryRowContext(t.Context(), lock).Scan(&free))
	if !free {
		t.Error("the batch's transaction is still open after its callers had their outcomes (idle in transaction in the writers' pool)")
	}
	if errA == nil || errB == nil {
		// Committed after all: then its lock must be free too (checked).
		t.Logf("a write of a batch whose callers gave up committed")
	}
}

// writersSetting returns a setting's value on every open connection of
// the writers' pool (up to its maximum).
func writersSetting(t *testing.T, db *sqldb.DB, name string) []string {
	t.Helper()
	pool := sqldb.RawForTest(db)
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	var vals []string
	for range pool.Stats().OpenConnections {
		c, err := pool.Conn(t.Context())
		must(t, err)
		conns = append(conns, c)
		var v string
		must(t, c.QueryRowContext(t.Context(), `SELECT current_setting($1)`, name).Scan(&v))
		vals = append(vals, v)
	}
	return vals
}

// TestPipedAloneLockTimeoutGivesBack (PostgreSQL): a coding alone
// (pipeOne) that waits for an interview's row past the batches' lock
// timeout is given back to its caller, waits there and commits once the
// row is free, audited; no writer connection keeps the lock timeout.
func TestPipedAloneLockTimeoutGivesBack(t *testing.T) {
	db := sqldbtest.OpenPostgres(t)
	ctx := ownwords.WithActor(t.Context(), "coder-a")
	f := mustFixture(t, db)
	entries := auditCount(t, db)
	tx, err := sqldb.RawForTest(db).BeginTx(ctx, nil)
	must(t, err)
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `SELECT 1 FROM interviews WHERE id = $1 FOR UPDATE`, f.iv.ID)
	must(t, err)
	seg := segmentOn(t, f, f.a, "Prices rose")
	out := goWrite(func() error { return db.CreateSegment(ctx, seg) })
	time.Sleep(600 * time.Millisecond) // past the batches' lock timeout (200 ms)
	must(t, tx.Rollback())
	must(t, outcome(t, out))
	if !stored(t, db, seg.ID) {
		t.Error("the coding reported done is not stored")
	}
	if got := auditCount(t, db) - entries; got != 1 {
		t.Errorf("%d audit entries added, want 1", got)
	}
	for i, v := range writersSetting(t, db, "lock_timeout") {
		if v != "0" {
			t.Errorf("writer connection %d: lock_timeout %s after the batches", i, v)
		}
	}
	mustVerify(t, ctx, db)
}

// TestWarmLeavesNothing (PostgreSQL): Warm, run twice, with no actor and
// on a store holding codings, writes no row and no audit entry, leaves no
// writer connection in a transaction or with the lock timeout, and the
// codings and the chain are as before.
func TestWarmLeavesNothing(t *testing.T) {
	db := sqldbtest.OpenPostgres(t)
	ctx := ownwords.WithActor(t.Context(), "coder-a")
	f := mustFixture(t, db)
	seg := segmentOn(t, f, f.a, "Prices rose")
	must(t, db.CreateSegment(ctx, seg))
	entries := auditCount(t, db)
	var segs, pending int
	count := func() (int, int) {
		var s, p int
		must(t, sqldb.RawForTest(db).QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM segments), (SELECT count(*) FROM audit_pending)`).Scan(&s, &p))
		return s, p
	}
	segs, pending = count()
	for range 2 {
		must(t, db.Warm(t.Context()))
	}
	if s, p := count(); s != segs || p != pending {
		t.Errorf("after Warm: %d segments, %d pending entries; before %d, %d", s, p, segs, pending)
	}
	if got := auditCount(t, db); got != entries {
		t.Errorf("after Warm: %d audit entries, before %d", got, entries)
	}
	for i, v := range writersSetting(t, db, "lock_timeout") {
		if v != "0" {
			t.Errorf("writer connection %d: lock_timeout %s after Warm", i, v)
		}
	}
	// A coding after Warm, on the warmed connections, alone and removed.
	s2 := segmentOn(t, f, f.b, "We had no food.")
	must(t, db.CreateSegment(ctx, s2))
	must(t, db.DeleteSegment(ctx, s2.ID, s2.Version))
	if got := auditCount(t, db) - entries; got != 2 {
		t.Errorf("%d audit entries for an apply and a removal after Warm, want 2", got)
	}
	mustVerify(t, ctx, db)
}

// TestPipedCodingUnderLocksAndCancels (PostgreSQL): coders applying and
// removing codings at once, some giving up after a random while, as a
// transcript edit holds an interview's row and a long write the audit
// head by turns (lock timeouts in the batches' statements and at their
// COMMITs, writes given back), Warm running meanwhile: every apply or removal reported done is
// stored (or gone), every one reported failed left nothing, each
// coding stored or removed has exactly its audit entries, and the chain
// verifies.
func TestPipedCodingUnderLocksAndCancels(t *testing.T) {
	db := sqldbtest.OpenPostgres(t)
	ctx := ownwords.WithActor(t.Context(), "coder-a")
	f := mustFixture(t, db)
	other := secondInterview(t, db, f)
	quotes := []string{"We had no food.", "Prices rose", "İstanbul", "Why did you go?"}
	const coders, rounds = 16, 25
	type op struct {
		seg                  *ownwords.Segment
		createErr, deleteErr error
		removing             bool
	}
	ops := make([][]op, coders)
	stop := make(chan struct{})
	blocked := make(chan struct{})
	go func() {
		defer close(blocked)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			tx, err := sqldb.RawForTest(db).BeginTx(ctx, nil)
			if err != nil {
				return
			}
			if i%2 == 0 {
				_, err = tx.ExecContext(ctx, `UPDATE interviews SET version = version WHERE id = $1`, f.iv.ID)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1`)
			}
			if err == nil {
				time.Sleep(250 * time.Millisecond)
			}
			tx.Rollback()
			time.Sleep(30 * time.Millisecond)
		}
	}()
	warmed := make(chan error, 1)
	go func() { warmed <- db.Warm(t.Context()) }() // as a team server starts, requests coming in
	eachWriter(coders, func(w int) {
		r := rand.New(rand.NewPCG(uint64(w), 7))
		for i := range rounds {
			fx := f
			if (w+i)%2 == 1 {
				fx = &other
			}
			seg := segmentOn(t, fx, f.a, quotes[(w+i)%len(quotes)])
			seg.Memo = "review " + strconv.Itoa(w) + "/" + strconv.Itoa(i)
			wctx, cancel := ctx, context.CancelFunc(func() {})
			if r.IntN(3) == 0 {
				wctx, cancel = context.WithTimeout(ctx, time.Duration(r.IntN(400))*time.Millisecond)
			}
			o := op{seg: seg, createErr: db.CreateSegment(wctx, seg)}
			if o.createErr == nil && r.IntN(2) == 0 {
				o.removing = true
				o.deleteErr = db.DeleteSegment(wctx, seg.ID, seg.Version)
			}
			cancel()
			ops[w] = append(ops[w], o)
		}
	})
	close(stop)
	<-blocked
	if err := <-warmed; err != nil {
		t.Errorf("Warm among the codings: %v", err)
	}
	// The segments stored now, by memo.
	byMemo := map[string]string{}
	rows, err := sqldb.RawForTest(db).QueryContext(ctx, `SELECT memo, id FROM segments WHERE memo LIKE 'review %'`)
	must(t, err)
	for rows.Next() {
		var m, id string
		must(t, rows.Scan(&m, &id))
		if _, dup := byMemo[m]; dup {
			t.Errorf("coding %q stored twice", m)
		}
		byMemo[m] = id
	}
	must(t, rows.Err())
	creates, deletes := map[string]int{}, map[string]int{}
	must(t, db.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
		switch e.Action {
		case "segment.create":
			creates[e.Object]++
		case "segment.delete":
			deletes[e.Object]++
		}
		return true
	}))
	var failed, applied, removed, lostDone, storedFailed int
	for w := range ops {
		for _, o := range ops[w] {
			id, has := byMemo[o.seg.Memo]
			switch {
			case o.createErr != nil:
				failed++
				if has {
					storedFailed++
					t.Errorf("apply %q reported failed (%v) is stored", o.seg.Memo, o.createErr)
				}
				continue
			case !o.removing || o.deleteErr != nil:
				applied++
				if !has {
					lostDone++
					t.Errorf("apply %q reported done (removal: %v) is not stored", o.seg.Memo, o.deleteErr)
				} else if creates[id] != 1 || deletes[id] != 0 {
					t.Errorf("coding %q: %d create and %d delete entries, want 1 and 0", o.seg.Memo, creates[id], deletes[id])
				}
			default:
				removed++
				if has {
					lostDone++
					t.Errorf("removal of %q reported done, still stored", o.seg.Memo)
				} else if creates[o.seg.ID] != 1 || deletes[o.seg.ID] != 1 {
					t.Errorf("coding %q removed: %d create and %d delete entries, want 1 and 1", o.seg.Memo, creates[o.seg.ID], deletes[o.seg.ID])
				}
			}
		}
	}
	t.Logf("%d applies failed, %d kept, %d removed; %d reported done but not so, %d reported failed but stored", failed, applied, removed, lostDone, storedFailed)
	mustVerify(t, ctx, db)
}
