package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" database/sql driver

	"ownwords"
)

type postgresDialect struct{}

func (postgresDialect) name() string           { return "postgres" }
func (postgresDialect) rebind(q string) string { return q }
func (postgresDialect) close() error           { return nil }

func (postgresDialect) isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// Connections of a team server's pools: write transactions, which wait
// for one another (the audit head) while holding theirs, have a pool of
// their own, so that reads never wait behind them for a connection.
const (
	postgresWriters = 16
	postgresReaders = 32
)

// openPostgres connects to a team server and migrates it.
func openPostgres(ctx context.Context, cfg Config) (*DB, error) {
	var pools [2]*sql.DB
	for i, n := range []int{postgresWriters, postgresReaders} {
		conf, err := pgx.ParseConfig(cfg.DSN)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "postgres DSN: %v", err)
		}
		if i == 0 {
			conf.BuildContextWatcherHandler = cancelOnServer
			if cfg.dialWriters != nil {
				conf.DialFunc = cfg.dialWriters
			}
		}
		if cfg.Trace != nil {
			conf.Tracer = queryTrace(cfg.Trace)
		}
		db := stdlib.OpenDB(*conf)
		// Every connection may stay idle: database/sql keeps 2 by
		// default and closes the others as they come back, so a burst
		// of requests opened new connections (a server process each)
		// all the time; in bench/load that halved the throughput. A
		// connection idle for five minutes is closed, so that a quiet
		// team server does not keep a server process per connection.
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
		db.SetConnMaxIdleTime(5 * time.Minute)
		pools[i] = db
	}
	w, r := pools[0], pools[1]
	fail := func(err error) (*DB, error) {
		w.Close()
		r.Close()
		return nil, err
	}
	if err := w.PingContext(ctx); err != nil {
		return fail(fmt.Errorf("sqldb: connect to postgres: %w", err))
	}
	if err := checkEncoding(ctx, w); err != nil {
		return fail(err)
	}
	if err := migrate(ctx, w, postgresDialect{}); err != nil {
		return fail(err)
	}
	return newDB(postgresDialect{}, w, r, cfg.Now), nil
}

// queryTrace reports each statement pgx sends (Config.Trace).
type queryTrace func(string)

func (t queryTrace) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	t(d.SQL)
	return ctx
}

func (queryTrace) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// The statements of a batch sent at once (pipeBatch) are reported as
// their results are read.
func (queryTrace) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (t queryTrace) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	t(d.SQL)
}

func (queryTrace) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// cancelOnServer makes a writer connection whose context ends during a
// statement ask the server to cancel it, rather than only stop waiting for
// the answer (pgx's default). A write waits for the audit head inside its
// COMMIT (the trigger of audit_pending, see commitAudited): cancelled
// there, the transaction is rolled back, where a client that merely
// stopped listening would leave the server to commit a write the caller
// was told had failed. The connection is cut only if the server has not
// answered a second after.
func cancelOnServer(c *pgconn.PgConn) ctxwatch.Handler {
	return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: time.Second}
}

// checkEncoding refuses a database whose encoding is not UTF8. The server
// hashes the audit entries of most writes as they commit (commitAudited),
// where the store cannot compare the hash with ownwords.AuditEntry's
// ComputeHash, which audit verification recomputes: only in UTF8 is the
// text the server hashes the text Go hashes, whatever it holds.
func checkEncoding(ctx context.Context, db *sql.DB) error {
	var enc string
	if err := db.QueryRowContext(ctx, `SHOW server_encoding`).Scan(&enc); err != nil {
		return fmt.Errorf("sqldb: postgres encoding: %w", err)
	}
	if enc != "UTF8" {
		return ownwords.Errorf(ownwords.EINVALID, "postgres: the database's encoding is %s, not UTF8: create it with ENCODING 'UTF8' (the audit log's hashes are of UTF-8 text)", enc)
	}
	return nil
}

// Warm opens every connection of a team server's pools ahead of the first
// requests and leaves them idle in the pools (for up to ConnMaxIdleTime).
// Each is a server process, started at its first use otherwise: when 50
// coders applied their first codes at once, the writes waited for the
// pools to open theirs, 0.7–1.4 s for a first code against ~70 ms for the
// others (bench/load). Each writer connection also runs the audit chain's
// trigger once (warmChain). The embedded store's connections are cheap: there
// it does nothing. A connection that fails ends it with the error; those
// opened stay.
func (db *DB) Warm(ctx context.Context) error {
	if db.d.name() != "postgres" {
		return nil
	}
	// A new server process also reads the catalog of each table and
	// index the first time a statement names them: every connection
	// names every table once (a statement planned, no row read).
	var names strings.Builder
	rows, err := db.r.QueryContext(ctx, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("sqldb: warm the connection pools: %w", err)
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("sqldb: warm the connection pools: %w", err)
		}
		fmt.Fprintf(&names, "SELECT * FROM %s LIMIT 0;", t)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("sqldb: warm the connection pools: %w", err)
	}
	var opened []*sql.Conn
	release := func() {
		for _, c := range opened {
			c.Close() // back to the pool, idle
		}
		opened = opened[:0]
	}
	defer release()
	for _, pool := range []*sql.DB{db.w, db.r} {
		release() // the writers' before the readers' are opened
		for range pool.Stats().MaxOpenConnections {
			c, err := pool.Conn(ctx)
			if err == nil {
				opened = append(opened, c)
				// One round trip, kept out of the connection's
				// statement cache.
				_, err = c.ExecContext(ctx, names.String(), pgx.QueryExecModeSimpleProtocol)
			}
			if err == nil && pool == db.w {
				err = warmChain(ctx, c)
			}
			if err == nil {
				err = db.warmCoding(ctx, c, pool == db.w)
			}
			if err != nil {
				return fmt.Errorf("sqldb: warm the connection pools: %w", err)
			}
		}
	}
	return nil
}

// warmChain runs the audit chain's trigger (migration 00026) once on a
// writer connection, in a transaction rolled back: a server process
// compiles a PL/pgSQL function and plans its statements at its first
// call, 42 ms in psql against ~1 ms after (measured in a new session of
// this server), and every coding's COMMIT calls it.
func warmChain(ctx context.Context, c *sql.Conn) error {
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_pending (`+pendingColumns+`) VALUES ('"warm"', '', '', '', 'warm', '', '')`,
		pgx.QueryExecModeSimpleProtocol); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `SET CONSTRAINTS audit_pending_chain IMMEDIATE`, pgx.QueryExecModeSimpleProtocol)
	return err
}

// warmCoding prepares on c, a connection of the writers' pool (writer) or
// of the readers', the statements of a coding request as the workbench
// makes them (web's TestCodingRequestStatements lists them): the session
// check, gate's reads of the interview, its consent, the code and the
// segment, and the writes of an apply and a removal, sent as a batch
// (pipeOn) in a transaction rolled back, and a write alone (pipeOne).
// Each runs once, matching no row. pgx prepares a statement on a
// connection at its first use there (a round trip, the server's parse
// and its catalog lookups): when 50 coders applied their first codes at
// once, every connection did so for each statement.
func (db *DB) warmCoding(ctx context.Context, c *sql.Conn, writer bool) error {
	const none = "-" // matches no row: IDs are UUIDs
	s := services{db: db}
	if writer {
		seg := &ownwords.Segment{StudyID: none, InterviewID: none, CodeID: none, CoderID: none, Layer: ownwords.LayerCoder,
			Start: 0, End: 1, TextHash: none}
		create, err := s.createSegmentAlone(ctx, seg, none, db.now())
		if err != nil {
			return err
		}
		entry, err := s.pendingEntry(ctx, none, "segment.delete", none, ownwords.LayerCoder)
		if err != nil {
			return err
		}
		gone := func(int) error { return ownwords.Errorf(ownwords.ECONFLICT, "gone") }
		if _, err := db.pipeOn(ctx, c, []*groupWrite{{caller: ctx, row: create}, {caller: ctx, row: deleteRow(none, 1, entry, gone)}}, false); err != nil {
			return err
		}
		// A write alone (nothing stored: no such interview).
		one := &groupWrite{caller: ctx, row: create}
		db.pipeOneOn(ctx, c, one)
		if ownwords.ErrorCode(one.err) == ownwords.EINTERNAL {
			return one.err
		}
		return nil
	}
	tx, err := c.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s.tx = tx
	for _, read := range []func() error{
		func() error { _, err := s.SessionAccount(ctx, none, none); return err },
		func() error {
			_, err := s.Interviews(ctx, ownwords.InterviewFilter{StudyID: none, ID: none})
			return err
		},
		func() error { _, err := s.Consent(ctx, none, none); return err },
		func() error { _, err := s.Code(ctx, none, none); return err },
		func() error { _, err := s.Segment(ctx, none); return err },
	} {
		if err := read(); ownwords.ErrorCode(err) == ownwords.EINTERNAL {
			return err
		}
	}
	return nil
}
