// Package sqldb implements the ownwords store on database/sql, once, for two
// databases: an embedded SQLite file encrypted at rest (sqlite.go) and a
// PostgreSQL team server (postgres.go). Queries use $N placeholders and are
// shared; only DDL, full-text search and connection set-up differ.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"ownwords"
)

// Config says how to open a store.
type Config struct {
	// DSN is a path to a study file, or a postgres:// URL.
	DSN string
	// Passphrase unlocks an embedded study file's data key. Unused for
	// PostgreSQL, which is trusted as a server (TLS, its own disk encryption).
	Passphrase []byte
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Trace, when set, is called with the text of every SQL statement
	// the store runs, once each, from whichever goroutine runs it: tests
	// and benchmarks count a request's statements with it. On SQLite
	// it sees the statements the store runs, each as it ends (a
	// trigger's are part of the one that fired it), but not the
	// driver's BEGIN and COMMIT; on PostgreSQL what the client sends,
	// BEGIN and COMMIT included (not what a trigger runs on the server,
	// nor the driver's pings and statement preparations).
	Trace func(query string)
	// dialWriters, when set, connects the PostgreSQL writer pool's
	// connections (tests count their round trips).
	dialWriters pgconn.DialFunc
}

// IsPostgres reports whether dsn names a PostgreSQL server.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// dialect is what differs between the two databases.
type dialect interface {
	name() string
	rebind(q string) string
	// isUnique reports a unique-constraint violation.
	isUnique(err error) bool
	close() error
}

// DB is an open store. It implements ownwords.Store.
type DB struct {
	services
	d dialect
	// w is the writer pool; on SQLite it has one connection (one writer at
	// a time is SQLite's model), r is a pool of readers.
	w, r *sql.DB
	now  func() time.Time
	// writers orders write transactions by arrival (fifo.go), as many at
	// once as the writer pool has connections: on SQLite one, whose one
	// writer connection serializes them anyway; on PostgreSQL
	// postgresWriters, which run at once (a queue of one in front halved
	// its throughput in bench/load). When deferAudit, a write the store
	// runs in a transaction of its own appends its audit entries last,
	// as it commits (commitAudited).
	writers    fifoLock
	deferAudit bool
	// group queues the coding writes made outside a transaction, run
	// in batches, each committed once (group.go).
	group groupCommit
	// stmts keeps statements prepared on SQLite's writer connection
	// (stmts.go); nil on PostgreSQL.
	stmts *stmtCache
	// rq is what reads outside a transaction run on: r, on SQLite with
	// its statements kept prepared (stmtPool).
	rq queryer
	// secret caches the committed login_secret (see loginKey): it is made
	// once and never changes, and Keyed asks for it once per count shown.
	secret atomic.Pointer[[]byte]
	// codebooks keeps each study's codebook as read outside a
	// transaction, by study ID, at its codebook_version (code.go).
	codebooks sync.Map // string → *ownwords.Codebook
	// consents keeps each study's consent records as read outside a
	// transaction, by study ID, at the newest consent write (consent.go).
	consents sync.Map // string → *keptConsents
	// listings keeps each study's search listing, by study ID, at its
	// version (searchListing).
	listings sync.Map // string → *studyListing
	// textTerms keeps the folded words of interviews' other texts, for
	// searches to read only the texts a query may match (search_texts.go).
	textTerms termCache
}

var _ ownwords.Store = (*DB)(nil)

// Open opens an existing store and runs pending migrations. A SQLite study
// file needs the right passphrase: a wrong one is EUNAUTHORIZED and touches
// nothing.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if IsPostgres(cfg.DSN) {
		return openPostgres(ctx, cfg)
	}
	return openSQLite(ctx, cfg, false)
}

// Create creates a new embedded study file (and its key sidecar) and opens
// it. ECONFLICT if the file exists. For PostgreSQL it is Open.
func Create(ctx context.Context, cfg Config) (*DB, error) {
	if IsPostgres(cfg.DSN) {
		return openPostgres(ctx, cfg)
	}
	return openSQLite(ctx, cfg, true)
}

func newDB(d dialect, w, r *sql.DB, now func() time.Time) *DB {
	if now == nil {
		now = time.Now
	}
	db := &DB{d: d, w: w, r: r, now: now, deferAudit: d.name() == "postgres"}
	db.writers.slots = w.Stats().MaxOpenConnections
	db.rq = r
	if d.name() == "sqlite" {
		db.stmts = newStmtCache(w)
		db.rq = &stmtPool{DB: r, kept: map[string]*sql.Stmt{}}
	}
	db.services = services{db: db}
	return db
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name() }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return errors.Join(err, db.d.close())
}

// Update runs fn in one transaction; see ownwords.Store.
func (db *DB) Update(ctx context.Context, fn func(ownwords.Services) error) error {
	// Entries are not left to the trigger at COMMIT (commitAudited): fn
	// may read the log after appending (the search budget of gate counts
	// its own entry). On PostgreSQL they are chained before such a read
	// or before COMMIT, whichever comes first (chainLate).
	return db.inTx(ctx, false, func(tx *sql.Tx, state *txState) error { return fn(services{db: db, tx: tx, state: state}) })
}

// inTx runs fn in a write transaction, committed if fn returns nil. Write
// transactions start in arrival order (fifoLock). With
// deferAudit (and db.deferAudit) the audit entries fn appends are queued
// in the transaction's state and added to the chain as it commits
// (commitAudited): the caller promises that fn does not read the audit
// log after appending.
func (db *DB) inTx(ctx context.Context, deferAudit bool, fn func(tx *sql.Tx, state *txState) error) error {
	if err := db.writers.lock(ctx); err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	defer db.writers.unlock()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	err = db.runTx(ctx, tx, deferAudit, fn)
	if db.stmts != nil {
		db.stmts.prepareWanted(ctx)
	}
	return err
}

// runTx runs fn in the write transaction tx, begun by the caller (who holds
// db.writers), and commits it if fn returns nil; see inTx.
func (db *DB) runTx(ctx context.Context, tx *sql.Tx, deferAudit bool, fn func(tx *sql.Tx, state *txState) error) error {
	defer tx.Rollback()
	// The transaction's state (index entries prepared by workers) ends
	// with it: the workers stop whether it commits or not.
	state := &txState{deferAudit: deferAudit && db.deferAudit, stmts: db.stmts}
	defer func() { state.index.stop() }()
	defer func() { // after COMMIT (or before the rollback, harmless)
		for _, id := range state.forgetTexts {
			db.textTerms.forget(id)
		}
	}()
	// The recording files it wrote go unless it commits; those of the
	// recordings it deleted go once it has (media.go).
	var committed bool
	var commitErr error
	defer func() { state.media.end(committed, commitErr, db.syncCommit) }()
	if err := fn(tx, state); err != nil {
		return err
	}
	if err := (services{db: db, tx: tx, state: state}).flushCounts(ctx, conn{tx, db.d, tx, state}); err != nil {
		return err
	}
	if err := state.lateErr; err != nil {
		return err
	}
	if err := chainLate(ctx, conn{tx, db.d, tx, state}); err != nil {
		return err
	}
	if err := moveHead(ctx, conn{tx, db.d, tx, state}); err != nil {
		return err
	}
	if len(state.audit) > 0 {
		commitErr = db.commitAudited(ctx, tx, state.audit)
	} else if err := tx.Commit(); err != nil {
		commitErr = fmt.Errorf("sqldb: commit: %w", err)
	}
	committed = commitErr == nil
	return commitErr
}

// services implements ownwords.Services, inside a transaction (tx set) or
// not (each write then runs in a transaction of its own).
type services struct {
	db *DB
	tx *sql.Tx
	// state is shared by the services of one Update transaction (nil
	// elsewhere).
	state *txState
}

// txState is what a write transaction's services share (services is
// copied by value).
type txState struct {
	index *indexPipeline
	// counts buffers the search_tf rows of the interviews the
	// transaction indexed, packed as chunks when full (packCounts);
	// chunks are those packed, all written in key order before COMMIT
	// (flushCounts).
	counts countBuffer
	chunks []*packedChunk
	// packedOf is the chunk of chunks each interview's counts are in.
	packedOf map[string]*packedChunk
	// deferAudit queues the audit entries of the transaction in audit,
	// to be added to the chain as it commits (commitAudited).
	deferAudit bool
	audit      []*ownwords.AuditEntry
	// stmts keeps the writer connection's prepared statements (SQLite;
	// nil on PostgreSQL).
	stmts *stmtCache
	// late queues the audit entries of an Update transaction (PostgreSQL),
	// chained before COMMIT or before the transaction reads the audit
	// tables (chainLate); lateErr is why a chaining failed (its queue is
	// gone), returned instead of committing.
	late    []*ownwords.AuditEntry
	lateErr error
	// head is the audit head this transaction holds locked once it has
	// chained an entry (PostgreSQL), moved by its later entries in memory
	// and written once before COMMIT (chainLate, moveHead).
	head      *ownwords.AuditHead
	headMoved bool
	// forgetTexts are the studies whose other texts' words the
	// transaction deleted: forgotten again once it has ended (forgetTexts).
	forgetTexts []string
	// media are the recording files the transaction wrote or deleted.
	media mediaFiles
	// attrs are the attribute definitions of a study by slug, as read in
	// the transaction (attributesBySlug), until it writes one.
	attrs map[string]map[string]*ownwords.Attribute
}

// attributes returns the definitions of studyID kept in the transaction
// (keepAttributes); none outside one.
func (st *txState) attributes(studyID string) (map[string]*ownwords.Attribute, bool) {
	if st == nil {
		return nil, false
	}
	m, ok := st.attrs[studyID]
	return m, ok
}

// keepAttributes keeps the definitions of studyID read in the transaction.
func (st *txState) keepAttributes(studyID string, m map[string]*ownwords.Attribute) {
	if st == nil {
		return
	}
	if st.attrs == nil {
		st.attrs = map[string]map[string]*ownwords.Attribute{}
	}
	st.attrs[studyID] = m
}

// forgetAttributes drops the definitions kept: the transaction wrote one.
func (st *txState) forgetAttributes() {
	if st != nil {
		st.attrs = nil
	}
}

// forgetTexts drops the words of the study's other texts kept for search
// (termCache) now and, in a write transaction, once more when it has
// committed or rolled back, so that no search whose snapshot predates the
// commit keeps the words of a text the transaction deleted.
func (s services) forgetTexts(c conn, studyID string) {
	s.db.textTerms.forget(studyID)
	if c.st != nil && !slices.Contains(c.st.forgetTexts, studyID) {
		c.st.forgetTexts = append(c.st.forgetTexts, studyID)
	}
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// conn wraps a queryer and rebinds every query for the dialect.
type conn struct {
	q  queryer
	d  dialect
	tx *sql.Tx // set when q is a transaction
	// st is the write transaction's state (nil outside one, and in a
	// backfill).
	st *txState
}

// beforeAudit chains the entries the transaction queued (chainLate)
// before a statement of q that reads or writes the audit tables, so that
// the transaction sees its own entries in order. A failure is kept in the
// transaction's state (the statement then runs without them, and the
// transaction does not commit).
func (c conn) beforeAudit(ctx context.Context, q string) {
	if c.st != nil && len(c.st.late) > 0 && strings.Contains(q, "audit_") {
		chainLate(ctx, c) // a failure is kept in c.st.lateErr
	}
}

func (c conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	c.beforeAudit(ctx, q)
	q = c.d.rebind(q)
	if s := c.prepared(ctx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return c.q.ExecContext(ctx, q, args...)
}

func (c conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.beforeAudit(ctx, q)
	return c.q.QueryContext(ctx, c.d.rebind(q), args...)
}

func (c conn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	c.beforeAudit(ctx, q)
	q = c.d.rebind(q)
	if s := c.prepared(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return c.q.QueryRowContext(ctx, q, args...)
}

// scanRow scans the one row of q, a statement that may commit as it ends
// (run outside a transaction: the error of its implicit COMMIT, such as
// the audit chain's trigger cancelled when ctx ends, comes after the
// row). sql.Row.Scan returned nil for such a statement when ctx ended
// between its Scan and its Close: database/sql had closed the rows on
// ctx's end, dropping the COMMIT's error, and its Close of closed rows
// says nothing. Rows.Err says why they were closed. ErrNoRows as
// sql.Row.Scan.
func (c conn) scanRow(ctx context.Context, q string, args []any, dest ...any) error {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return rows.Err()
}

// prepared returns q prepared in c's write transaction when the writer
// keeps it (stmtCache), else nil.
func (c conn) prepared(ctx context.Context, q string) *sql.Stmt {
	if c.tx == nil || c.st == nil || c.st.stmts == nil {
		return nil
	}
	return c.st.stmts.in(ctx, c.tx, q)
}

// read returns a connection for reads: the transaction if there is one.
func (s services) read() conn {
	if s.tx != nil {
		return conn{s.tx, s.db.d, s.tx, s.state}
	}
	return conn{s.db.rq, s.db.d, nil, nil}
}

// write runs fn in the current transaction or a new one. In a new one,
// the audit entries fn appends are added to the chain last, as it
// commits, on PostgreSQL (see commitAudited): fn, code of this package,
// never reads the audit log.
func (s services) write(ctx context.Context, fn func(c conn) error) error {
	if s.tx != nil {
		return fn(s.read())
	}
	return s.db.inTx(ctx, true, func(tx *sql.Tx, state *txState) error { return fn(conn{tx, s.db.d, tx, state}) })
}

// in returns the services bound to c's transaction, for reads inside a write.
func (s services) in(c conn) services {
	return services{db: s.db, tx: c.tx, state: c.st}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// timeLayout is fixed-width so that text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

// notFound returns ENOTFOUND for sql.ErrNoRows and wraps anything else.
func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ownwords.Errorf(ownwords.ENOTFOUND, "%s %s not found", what, id)
	}
	return fmt.Errorf("sqldb: %s %s: %w", what, id, err)
}

// conflict maps a unique violation to ECONFLICT with msg, and wraps anything else.
func (c conn) conflict(err error, msg string, args ...any) error {
	if err == nil {
		return nil
	}
	if c.d.isUnique(err) {
		return ownwords.Errorf(ownwords.ECONFLICT, msg, args...)
	}
	return fmt.Errorf("sqldb: %s: %w", fmt.Sprintf(msg, args...), err)
}

// mustAffect returns ENOTFOUND when an UPDATE or DELETE touched no row.
func mustAffect(res sql.Result, what, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqldb: %s %s: %w", what, id, err)
	}
	if n == 0 {
		return ownwords.Errorf(ownwords.ENOTFOUND, "%s %s not found", what, id)
	}
	return nil
}
