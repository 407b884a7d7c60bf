package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

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
		db, err := sql.Open("pgx", cfg.DSN)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "postgres DSN: %v", err)
		}
		db.SetMaxOpenConns(n)
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
	if err := migrate(ctx, w, postgresDialect{}); err != nil {
		return fail(err)
	}
	return newDB(postgresDialect{}, w, r, cfg.Now), nil
}
