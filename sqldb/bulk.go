package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"

	"ownwords"
)

// readerIdle is how many idle connections the reader pool keeps (database/sql's
// default, set explicitly because UpdateBulk lowers it for a while).
const readerIdle = 2

// UpdateBulk runs fn in one write transaction, as Update does, for one
// large write: an import. See ownwords.BulkUpdater.
//
// On a study file, Update's transaction goes through the WAL: every page
// is encrypted and written into the WAL, then read back, decrypted,
// encrypted again and written into the file by the checkpoint after the
// commit — and a WAL frame (a 24-byte header and a page) is not aligned
// on the encryption's 4 KiB blocks, so each frame costs two blocks read,
// decrypted, re-encrypted and written, under locks. UpdateBulk switches
// the file to a rollback journal (journal_mode=DELETE) for the
// transaction when no other connection has it open, so each page is
// written once, into the file; SQLite journals only the pages the file
// had before (the new ones past its old end need no journal: a rollback
// truncates them), so a fresh import writes almost no journal. The
// transaction stays all or nothing: after a crash (kill -9) the hot
// journal, encrypted like the file, restores the file on the next open,
// which also returns it to WAL mode (sqliteInit). synchronous is FULL
// while in rollback mode, SQLite's safe setting for it on power loss.
//
// The cost: while it writes, other processes cannot read the study (a
// rollback journal's writer locks the file against readers once its
// pages no longer fit in its cache), and a process opening the study
// meanwhile waits for busy_timeout and fails. When another connection has
// the file open (a running `ownwords serve`, a reader of this process
// busy with a query) the switch is refused and the transaction runs
// through the WAL, as Update's.
func (db *DB) UpdateBulk(ctx context.Context, fn func(ownwords.Services) error) error {
	if _, ok := db.d.(sqliteDialect); !ok {
		if err := db.Update(ctx, fn); err != nil {
			return err
		}
		return db.analyze(ctx)
	}
	if err := db.writers.lock(ctx); err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	defer db.writers.unlock()
	c, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	defer c.Close()
	if db.leaveWAL(ctx, c) {
		defer db.enterWAL(c)
	}
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	return db.runTx(ctx, tx, false, func(tx *sql.Tx, state *txState) error {
		return fn(services{db: db, tx: tx, state: state})
	})
}

// analyze refreshes PostgreSQL's planner statistics of the store's tables
// after a bulk write. Until autovacuum comes round (or never, where it is
// off) the tables an import filled keep the statistics of empty ones, and
// the planner then scans where an index would do: a search filtered by an
// attribute took 16 s instead of milliseconds on such a server.
func (db *DB) analyze(ctx context.Context) error {
	rows, err := db.w.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'goose_db_version' ORDER BY tablename`)
	if err != nil {
		return fmt.Errorf("sqldb: analyze: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("sqldb: analyze: %w", err)
		}
		names = append(names, `"`+strings.ReplaceAll(n, `"`, `""`)+`"`)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqldb: analyze: %w", err)
	}
	if len(names) == 0 {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, `ANALYZE `+strings.Join(names, ", ")); err != nil {
		return fmt.Errorf("sqldb: analyze: %w", err)
	}
	return nil
}

// bulkRollback reports whether UpdateBulk's last transaction went through
// a rollback journal, for tests.
var bulkRollback atomic.Bool

// leaveWAL switches the writer connection c (outside a transaction) to a
// rollback journal with synchronous=FULL and reports whether it did. Every
// connection to a WAL database keeps a shared lock on the file, so the
// switch succeeds only when c is the only one: the reader pool's idle
// connections are closed first (they are opened again when needed).
func (db *DB) leaveWAL(ctx context.Context, c *sql.Conn) bool {
	db.r.SetMaxIdleConns(0)
	var mode string
	if err := c.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode); err != nil || mode != "delete" {
		db.enterWAL(c)
		bulkRollback.Store(false)
		return false
	}
	if _, err := c.ExecContext(ctx, `PRAGMA synchronous=FULL`); err != nil {
		db.enterWAL(c)
		bulkRollback.Store(false)
		return false
	}
	bulkRollback.Store(true)
	return true
}

// enterWAL returns c to WAL mode with synchronous=NORMAL (sqliteInit's
// settings) and the reader pool to its idle connections. Should the
// switch fail (a reader of another process holds the file), c stays in
// rollback mode, which is correct, only slower, and the next open of the
// study switches the file back.
func (db *DB) enterWAL(c *sql.Conn) {
	ctx := context.Background() // also after the caller's ctx is cancelled
	c.ExecContext(ctx, `PRAGMA journal_mode=WAL`)
	c.ExecContext(ctx, `PRAGMA synchronous=NORMAL`)
	db.r.SetMaxIdleConns(readerIdle)
}
