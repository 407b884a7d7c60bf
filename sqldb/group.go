package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"ownwords"
)

// Group commit of the coding writes (CreateSegment, UpdateSegment,
// DeleteSegment outside a transaction): a write joins a queue, and one
// leader, in the writers' turn (fifoLock), takes every write queued, up to
// groupMax, runs them in one transaction and commits once. On SQLite the
// COMMIT (WAL frames through the encrypting VFS) was half of a coding's
// CPU in its one writer's turn; on PostgreSQL every commit held the audit
// head's lock through its own WAL flush (the trigger of audit_pending).
// A batch shares both among its writes.
//
// Each write keeps its own fate: on SQLite it runs in a SAVEPOINT, rolled
// back when it fails; on PostgreSQL its refusals (checks, versions) write
// nothing and raise no SQL error, and an SQL error, which aborts the
// transaction, or a lock waited for longer than groupLockTimeout, rolls
// the batch back and gives each write back to its caller, to run on its
// own (writeAlone), so that no write fails or waits for another's. (On
// SQLite, one writer and no row locks, the leader runs them one by one:
// runAlone.) On PostgreSQL a batch of one write is given back too: its
// caller runs it as before batches, unless it is one statement: the
// leader then runs it as its own transaction, with the lock timeout
// (pipeOne). A PostgreSQL batch whose writes are
// each one statement (applies, removals: rowWrite) sends them all at once
// and its COMMIT after (pipeBatch), where the leader, the serial part of
// the coding writes, waited for a round trip per write.

const (
	// groupMax bounds the writes of one batch.
	groupMax = 64
	// groupTimeout bounds a batch, run under a context of its own: a
	// caller that gives up once its write is taken still gets its true
	// outcome, and one caller's end must not abort the others' writes.
	groupTimeout = 30 * time.Second
	// groupLockTimeout bounds a PostgreSQL batch's wait for any lock
	// (runBatch); below the server's deadlock_timeout (1 s by default),
	// so that the batch, not the other transaction, gives way.
	groupLockTimeout = "200ms"
)

// lockWait reports whether err is PostgreSQL's refusal of a lock after
// lock_timeout, or its end of a deadlock: the transaction was rolled back.
func lockWait(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == "55P03" || e.Code == "40P01")
}

// groupWrite is one write waiting for or taken into a batch.
type groupWrite struct {
	// caller is the context of the write's caller: its values (the
	// actor) are the write's; its end takes the write out of the queue,
	// or, once every write of its batch has ended, aborts the batch.
	caller context.Context
	// fn is the write, run in the batch's transaction. It may run twice
	// (once in a batch, once alone): it changes nothing but the database,
	// its caller applies its outcome once it has committed.
	fn func(ctx context.Context, c conn) error
	// row, when set, is fn as one statement (PostgreSQL), which may run
	// outside a transaction, as one of its own, and be sent with the
	// others of its batch at once (pipeBatch).
	row *rowWrite
	err error
	// handBack: the batch gave the write back to its caller, to run on
	// its own (writeAlone): nothing of it committed.
	handBack bool
	done     chan struct{}
}

// groupCommit is the queue of the coding writes and its leaders.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*groupWrite
	leaders int
	// slots is how many batches may run at once; 0 means 1.
	slots int
	// taken, a test hook, runs in the leader once it has taken a batch,
	// before running it.
	taken func(n int)
}

// callerValues is the context of a write in a batch: the batch's deadline
// and cancellation, its caller's values.
type callerValues struct {
	context.Context
	caller context.Context
}

func (c callerValues) Value(key any) any { return c.caller.Value(key) }

// rowWrite is a coding write of one statement on PostgreSQL, outside a
// transaction: q with args, whose one row, scanned into dest, says what
// became of it. outcome makes the write's error of the scan's (nil,
// sql.ErrNoRows or the statement's); it writes nothing, and a read it
// needs runs on c.
type rowWrite struct {
	q       string
	args    []any
	dest    []any
	outcome func(ctx context.Context, c conn, scanErr error) error
}

// run runs w on c and returns its outcome. c is a pool (outside a
// transaction: the statement commits as it ends, and scanRow reads that
// COMMIT's error) or a transaction.
func (w *rowWrite) run(ctx context.Context, c conn) error {
	return w.outcome(ctx, c, c.scanRow(ctx, w.q, w.args, w.dest...))
}

// grouped runs fn, a coding write outside any transaction, in the next
// batch (see groupCommit). A write whose context ends while queued leaves
// the queue and returns the context's error; once taken into a batch, it
// returns what became of it.
func (db *DB) grouped(ctx context.Context, fn func(ctx context.Context, c conn) error) error {
	return db.queue(ctx, &groupWrite{caller: ctx, fn: caught(fn)})
}

// groupedRow runs w, a coding write of one statement, as grouped does.
func (db *DB) groupedRow(ctx context.Context, w *rowWrite) error {
	return db.queue(ctx, &groupWrite{caller: ctx, fn: caught(w.run), row: w})
}

// queue runs w in the next batch; see grouped.
func (db *DB) queue(ctx context.Context, w *groupWrite) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	w.done = make(chan struct{})
	g := &db.group
	g.mu.Lock()
	g.queue = append(g.queue, w)
	lead := g.leaders < max(g.slots, 1)
	if lead {
		g.leaders++
	}
	g.mu.Unlock()
	if lead {
		go db.lead()
	}
	select {
	case <-w.done:
		return db.outcome(ctx, w)
	case <-ctx.Done():
	}
	g.mu.Lock()
	if i := slices.Index(g.queue, w); i >= 0 {
		g.queue = slices.Delete(g.queue, i, i+1)
		g.mu.Unlock()
		return fmt.Errorf("sqldb: begin: %w", ctx.Err())
	}
	g.mu.Unlock()
	<-w.done // taken: its batch says
	return db.outcome(ctx, w)
}

// outcome returns what became of w once its batch has ended: its error,
// or, given back (handBack), what running it on its own in its caller's
// turn gives (writeAlone).
func (db *DB) outcome(ctx context.Context, w *groupWrite) error {
	if w.handBack {
		return db.writeAlone(ctx, w)
	}
	return w.outcome()
}

// writeAlone runs a write given back by its batch on its own, in the
// writers' turn and under its caller's context, as a coding ran before
// batches: it waits for the rows it needs without holding up the queue.
func (db *DB) writeAlone(ctx context.Context, w *groupWrite) error {
	if err := db.writers.lock(ctx); err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	defer db.writers.unlock()
	db.runOne(ctx, w)
	return w.outcome()
}

// writePanic is the outcome of a write that panicked in its batch: its
// caller panics with it (outcome), as it would have without batches,
// rather than the leader's goroutine, which would end the process.
type writePanic struct {
	value any
	stack []byte
}

func (p *writePanic) Error() string {
	return fmt.Sprintf("sqldb: a coding write panicked: %v\n%s", p.value, p.stack)
}

// caught returns fn with a panic made its error (writePanic): an
// internal error, so that its batch rolls it back (SQLite: its
// savepoint; PostgreSQL: the batch runs again write by write).
func caught(fn func(ctx context.Context, c conn) error) func(ctx context.Context, c conn) error {
	return func(ctx context.Context, c conn) error { return recovered(func() error { return fn(ctx, c) }) }
}

// recovered returns fn's error, or its panic as a writePanic.
func recovered(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &writePanic{value: v, stack: debug.Stack()}
		}
	}()
	return fn()
}

// outcome returns the write's error, or panics in its caller with the
// panic of its write.
func (w *groupWrite) outcome() error {
	if p, ok := w.err.(*writePanic); ok {
		panic(p)
	}
	return w.err
}

// lead runs batches, each in the writers' turn, until the queue is empty.
func (db *DB) lead() {
	g := &db.group
	for {
		db.writers.lock(context.Background()) // never fails: no end
		g.mu.Lock()
		n := min(len(g.queue), groupMax)
		if n == 0 {
			g.leaders--
			g.mu.Unlock()
			db.writers.unlock()
			return
		}
		batch := slices.Clone(g.queue[:n])
		g.queue = slices.Delete(g.queue, 0, n)
		g.mu.Unlock()
		if g.taken != nil {
			g.taken(n)
		}
		db.runBatch(batch)
		if db.stmts != nil {
			db.stmts.prepareWanted(context.Background())
		}
		db.writers.unlock()
		for _, w := range batch {
			close(w.done)
		}
	}
}

// runBatch runs the writes of batch in one transaction and sets each
// one's outcome. The transaction's context ends at groupTimeout, or once
// the callers of all its writes have given up.
func (db *DB) runBatch(batch []*groupWrite) {
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	var waiting []*groupWrite // whose callers have not given up
	for _, w := range batch {
		if w.caller.Err() == nil {
			waiting = append(waiting, w)
		}
	}
	if len(waiting) == 0 { // no one waits for it: not begun
		for _, w := range batch {
			w.err = fmt.Errorf("sqldb: begin: %w", w.caller.Err())
		}
		return
	}
	var live atomic.Int64
	live.Store(int64(len(waiting)))
	for _, w := range waiting {
		stop := context.AfterFunc(w.caller, func() {
			if live.Add(-1) == 0 {
				cancel()
			}
		})
		defer stop()
	}
	pg := db.d.name() == "postgres"
	if len(batch) == 1 {
		if pg && batch[0].row != nil {
			db.pipeOne(ctx, batch[0])
			return
		}
		if pg { // its caller runs it (writeAlone): it may wait for a row
			batch[0].handBack = true
			return
		}
		db.runOne(ctx, batch[0]) // as without batches: no savepoint
		return
	}
	var alone bool // the batch goes back write by write
	var err error
	if pg && !slices.ContainsFunc(batch, func(w *groupWrite) bool { return w.row == nil }) {
		alone, err = db.pipeBatch(ctx, batch)
	} else {
		alone, err = db.txBatch(ctx, batch)
	}
	switch {
	case pg && (alone || lockWait(err)): // rolled back: nothing committed
		for _, w := range batch {
			w.err, w.handBack = nil, true
		}
	case alone:
		db.runAlone(ctx, batch)
	case err != nil: // COMMIT (or what precedes it) failed: nothing committed
		for _, w := range batch {
			if w.err == nil {
				w.err = err
			}
		}
	}
}

// txBatch runs the writes of batch one after the other in a transaction
// (batchWrites), committed if they allow; alone as batchWrites says.
func (db *DB) txBatch(ctx context.Context, batch []*groupWrite) (alone bool, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqldb: begin: %w", err)
	}
	err = db.runTx(ctx, tx, true, func(tx *sql.Tx, st *txState) error {
		if db.d.name() == "postgres" {
			if _, err := tx.ExecContext(ctx, setLockTimeout); err != nil {
				return fmt.Errorf("sqldb: batch: %w", err)
			}
		}
		var err error
		alone, err = db.batchWrites(ctx, conn{tx, db.d, tx, st}, batch)
		return err
	})
	return alone, err
}

// setLockTimeout starts a PostgreSQL batch. A batch waits for no row lock
// (another transaction's interview, an edit's segments) or the audit head
// for long: it gives its writes back to their callers, each to wait on its
// own, so that one locked row neither holds up every coding behind it
// nor, holding the batch's earlier writes' rows, closes a cycle with the
// lock's holder (a transcript edit).
const setLockTimeout = `SET LOCAL lock_timeout = '` + groupLockTimeout + `'`

// errBatch stops a batch whose transaction can take no further write.
var errBatch = errors.New("sqldb: batch abandoned")

// batchWrites runs the writes of a batch in c's transaction, each with its
// outcome: a failed write leaves nothing (SQLite: rolled back to its
// savepoint). It reports alone when the transaction must be rolled back
// and the writes run one by one: a write failed with an SQL error on
// PostgreSQL, which aborts the transaction, or a savepoint failed.
func (db *DB) batchWrites(ctx context.Context, c conn, batch []*groupWrite) (alone bool, err error) {
	pg := db.d.name() == "postgres"
	for _, w := range batch {
		wctx := callerValues{ctx, w.caller}
		if !pg {
			if _, err := c.tx.ExecContext(ctx, `SAVEPOINT coding`); err != nil {
				return true, errBatch
			}
		}
		queued := len(c.st.audit)
		w.err = w.fn(wctx, c)
		if w.err == nil && pg && len(c.st.audit) > queued {
			// Queued now, so that the chain keeps the batch's order.
			w.err = insertPending(ctx, c.tx, c.st.audit[queued:])
		}
		c.st.audit = c.st.audit[:queued]
		switch {
		case w.err == nil && pg:
		case w.err == nil:
			if _, err := c.tx.ExecContext(ctx, `RELEASE coding`); err != nil {
				return true, errBatch
			}
		case pg && ownwords.ErrorCode(w.err) == ownwords.EINTERNAL:
			return true, errBatch // maybe an SQL error: the transaction is aborted
		case pg: // refused before writing
		default:
			if _, err := c.tx.ExecContext(ctx, `ROLLBACK TO coding; RELEASE coding`); err != nil {
				return true, errBatch
			}
		}
	}
	return false, nil
}

// runAlone runs each write of an abandoned batch on its own (runOne), in
// the batch's order.
func (db *DB) runAlone(ctx context.Context, batch []*groupWrite) {
	for _, w := range batch {
		db.runOne(ctx, w)
	}
}

// runOne runs a write on its own: one statement (row) as a
// transaction of the server's, anything else in a transaction of its own.
func (db *DB) runOne(ctx context.Context, w *groupWrite) {
	wctx := callerValues{ctx, w.caller}
	if w.row != nil {
		w.err = w.fn(wctx, conn{db.w, db.d, nil, nil})
		return
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		w.err = fmt.Errorf("sqldb: begin: %w", err)
		return
	}
	w.err = db.runTx(ctx, tx, true, func(tx *sql.Tx, st *txState) error { return w.fn(wctx, conn{tx, db.d, tx, st}) })
}
