package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/sqlite migrations/postgres
var migrations embed.FS

// migrate applies pending migrations from migrations/<dialect> and the Go
// migrations (backfill.go). On PostgreSQL an advisory-lock session locker
// keeps several server instances from migrating at once.
func migrate(ctx context.Context, db *sql.DB, d dialect) error {
	fsys, err := fs.Sub(migrations, "migrations/"+d.name())
	if err != nil {
		return fmt.Errorf("sqldb: migrations: %w", err)
	}
	gd := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithGoMigrations(backfillMigration(d))}
	if d.name() == "postgres" {
		gd = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("sqldb: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("sqldb: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqldb: migrate: %w", err)
	}
	return nil
}
