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

// openPostgres connects to a team server and migrates it. One pool serves
// reads and writes: PostgreSQL handles concurrent writers itself.
func openPostgres(ctx context.Context, cfg Config) (*DB, error) {
	db, err := sql.Open("pgx", cfg.DSN)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "postgres DSN: %v", err)
	}
	db.SetMaxOpenConns(32)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqldb: connect to postgres: %w", err)
	}
	if err := migrate(ctx, db, postgresDialect{}); err != nil {
		db.Close()
		return nil, err
	}
	return newDB(postgresDialect{}, db, db, cfg.Now), nil
}
