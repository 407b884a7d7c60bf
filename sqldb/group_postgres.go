package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"ownwords"
)

// pipeBatch runs a PostgreSQL batch whose writes are each one statement
// (rowWrite) as txBatch does, but sends BEGIN, the lock timeout and every
// write's statement at once (pgx's pipelined batch) and reads their rows
// after: one round trip for the writes instead of one each, and one for
// the COMMIT, sent only once every write's outcome is known, as in
// txBatch. A write's refusal writes nothing and is its own (outcome);
// any statement's error, a failed scan or an internal outcome (a panic
// included) rolls the batch back and reports alone (the writes go back to
// their callers); a lock waited for past the timeout is that error. The
// COMMIT's error, if any, is returned: nothing committed.
func (db *DB) pipeBatch(ctx context.Context, batch []*groupWrite) (alone bool, err error) {
	sc, err := db.w.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("sqldb: begin: %w", err)
	}
	defer sc.Close()
	if alone, err = db.pipeOn(ctx, sc, batch, true); alone {
		return true, errBatch
	}
	return false, err
}

// pipeOn runs batch on the writer connection sc as pipeBatch says, and
// commits it if commit is set and its writes allow; else (Warm) it is
// rolled back. err is why it did not commit, if it was to.
func (db *DB) pipeOn(ctx context.Context, sc *sql.Conn, batch []*groupWrite, commit bool) (alone bool, err error) {
	err = sc.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		var failed error // the batch's transaction must not commit
		alone, failed = db.pipeWrites(ctx, pc, batch)
		if failed != nil || !commit {
			// A connection left in a transaction (ROLLBACK failed) is
			// dropped by the pool (stdlib's ResetSession).
			pc.Exec(context.WithoutCancel(ctx), `ROLLBACK`)
			return failed
		}
		tag, err := pc.Exec(ctx, `COMMIT`)
		if err == nil && tag.String() != "COMMIT" { // rolled back
			err = fmt.Errorf("the server answered %s", tag)
		}
		if err != nil {
			if pc.PgConn().TxStatus() != 'I' {
				// Still in the transaction: the COMMIT was not sent (the
				// batch's context had ended). Rolled back now, not left
				// open, its locks held, on a connection idle in the pool.
				pc.Exec(context.WithoutCancel(ctx), `ROLLBACK`)
			}
			return fmt.Errorf("sqldb: commit: %w", err)
		}
		return nil
	})
	return alone, err
}

// pipeWrites sends the statements of batch at once in a transaction on
// pc and sets each write's outcome. failed, if not nil, says why the
// transaction must be rolled back: alone unless a lock timed out.
func (db *DB) pipeWrites(ctx context.Context, pc *pgx.Conn, batch []*groupWrite) (alone bool, failed error) {
	b := &pgx.Batch{}
	b.Queue(`BEGIN`)
	b.Queue(setLockTimeout)
	for _, w := range batch {
		b.Queue(w.row.q, w.row.args...)
	}
	br := pc.SendBatch(ctx, b)
	defer br.Close()
	stop := func(err error) (bool, error) { return !lockWait(err), err }
	for range 2 {
		if _, err := br.Exec(); err != nil {
			return stop(err)
		}
	}
	reads := conn{db.rq, db.d, nil, nil} // for an outcome's reads
	for _, w := range batch {
		err := br.QueryRow().Scan(w.row.dest...)
		if err != nil && !errors.Is(err, sql.ErrNoRows) { // pgx.ErrNoRows is sql.ErrNoRows too
			return stop(err)
		}
		w.err = recovered(func() error { return w.row.outcome(callerValues{ctx, w.caller}, reads, err) })
		if ownwords.ErrorCode(w.err) == ownwords.EINTERNAL {
			return true, w.err
		}
	}
	if err := br.Close(); err != nil {
		return stop(err)
	}
	return false, nil
}

// pipeOne runs a batch of one write of one statement as its own
// transaction, as its caller would (rowWrite.run: the statement commits
// as it ends, and its outcome follows from its row and that COMMIT), but
// in the leader's turn and with the batches' lock timeout: the timeout
// and the statement are sent at once, in the one transaction the server
// runs until their Sync (pgx's batch without BEGIN). A lock waited for
// past the timeout gives the write back to its caller (nothing
// committed). Before, a batch of one was given back at once: when
// applies came one at a time (the first of 50 coders at once), each ran
// on a connection of its own, up to 16 at once, every one committing on
// its own and waiting for the audit head behind the others, 10–20 ms
// each.
func (db *DB) pipeOne(ctx context.Context, w *groupWrite) {
	sc, err := db.w.Conn(ctx)
	if err != nil {
		w.err = fmt.Errorf("sqldb: begin: %w", err)
		return
	}
	defer sc.Close()
	db.pipeOneOn(ctx, sc, w)
}

// pipeOneOn runs w as pipeOne says on the writer connection sc.
func (db *DB) pipeOneOn(ctx context.Context, sc *sql.Conn, w *groupWrite) {
	err := sc.Raw(func(dc any) error {
		b := &pgx.Batch{}
		b.Queue(lockTimeoutAlone)
		b.Queue(w.row.q, w.row.args...)
		br := dc.(*stdlib.Conn).Conn().SendBatch(ctx, b)
		defer br.Close()
		if _, err := br.Exec(); err != nil {
			return err
		}
		err := br.QueryRow().Scan(w.row.dest...)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cerr := br.Close(); cerr != nil { // the COMMIT's
			return cerr
		}
		return err
	})
	if lockWait(err) {
		w.err, w.handBack = nil, true
		return
	}
	w.err = recovered(func() error {
		return w.row.outcome(callerValues{ctx, w.caller}, conn{db.rq, db.d, nil, nil}, err)
	})
}

// lockTimeoutAlone is setLockTimeout as a function call, for a statement
// run as its own transaction in a pipeline (pipeOne): local to the
// transaction the server runs until the pipeline's Sync, outside any
// BEGIN.
const lockTimeoutAlone = `SELECT set_config('lock_timeout', '` + groupLockTimeout + `', true)`
