// Package sqldbtest opens real stores for tests: an encrypted SQLite file in
// a temporary directory always, and a fresh PostgreSQL schema when
// OWNWORDS_TEST_POSTGRES holds a DSN. Never mocks.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/vault/vaulttest"
)

// Passphrase is the passphrase of every test study file.
const Passphrase = "correct horse battery staple"

// EnvPostgres names the variable holding the test PostgreSQL DSN.
const EnvPostgres = "OWNWORDS_TEST_POSTGRES"

// EnvRequire, when "1", turns skipped suites (PostgreSQL, browser) into
// failures: CI sets it so that a missing server cannot pass unseen.
const EnvRequire = "OWNWORDS_REQUIRE_SUITES"

// OpenSQLite creates an encrypted study file in tb.TempDir() and returns
// the open store and the file's path. It lowers the test binary's Argon2id
// cost first (vaulttest.UseTestCost): the file's key wrap, and every
// password hash the test makes after, cost one pass over 64 KiB instead of
// three over 64 MiB.
func OpenSQLite(tb testing.TB) (*sqldb.DB, string) {
	tb.Helper()
	return openSQLite(tb, nil)
}

func openSQLite(tb testing.TB, trace func(string)) (*sqldb.DB, string) {
	tb.Helper()
	vaulttest.UseTestCost(tb)
	path := filepath.Join(tb.TempDir(), "study.ownwords")
	db, err := sqldb.Create(context.Background(), sqldb.Config{DSN: path, Passphrase: []byte(Passphrase), Trace: trace})
	if err != nil {
		tb.Fatalf("create sqlite store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, path
}

// PostgresDSN returns the test server's DSN, or skips tb with the reason
// (fails it when EnvRequire is set).
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		if os.Getenv(EnvRequire) == "1" {
			tb.Fatalf("%s is not set but %s=1: the PostgreSQL suite must run", EnvPostgres, EnvRequire)
		}
		tb.Skipf("PostgreSQL suite skipped: set %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run it", EnvPostgres)
	}
	return dsn
}

// FreshPostgresDSN creates a schema on the test server, dropped when tb
// ends, and returns a DSN whose connections work in it.
func FreshPostgresDSN(tb testing.TB) string {
	tb.Helper()
	dsn := PostgresDSN(tb)
	var b [6]byte
	rand.Read(b[:])
	schema := "ownwords_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("postgres: create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("postgres DSN: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres opens a store in a fresh schema of the test server, with
// the test binary's Argon2id cost lowered (see OpenSQLite) for the password
// hashes the test makes.
func OpenPostgres(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return openPostgres(tb, nil)
}

func openPostgres(tb testing.TB, trace func(string)) *sqldb.DB {
	tb.Helper()
	vaulttest.UseTestCost(tb)
	db, err := sqldb.Open(context.Background(), sqldb.Config{DSN: FreshPostgresDSN(tb), Trace: trace})
	if err != nil {
		tb.Fatalf("open postgres store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Each runs fn against a fresh SQLite store and a fresh PostgreSQL store,
// as subtests "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, st ownwords.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		db, _ := OpenSQLite(t)
		fn(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, OpenPostgres(t))
	})
}

// Statements records the SQL statements a store runs (sqldb.Config.Trace)
// between Record and Stop, to count those of one request or call.
type Statements struct {
	mu   sync.Mutex
	on   bool
	list []string
}

// trace is the store's Config.Trace.
func (s *Statements) trace(q string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.on {
		s.list = append(s.list, q)
	}
}

// Record starts recording, afresh.
func (s *Statements) Record() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on, s.list = true, nil
}

// Stop ends recording and returns the statements run since Record, in
// the order they ran (ended, on SQLite).
func (s *Statements) Stop() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.list
}

// EachTraced is Each with stores whose statements s records: the two
// subtests run one after the other, and s serves the one running.
func EachTraced(t *testing.T, s *Statements, fn func(t *testing.T, st ownwords.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		db, _ := openSQLite(t, s.trace)
		fn(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, openPostgres(t, s.trace))
	})
}

// OpenTraced opens a store of the given dialect ("sqlite" or "postgres",
// skipped without a server) whose statements s records.
func OpenTraced(tb testing.TB, dialect string, s *Statements) *sqldb.DB {
	tb.Helper()
	if dialect == "postgres" {
		return openPostgres(tb, s.trace)
	}
	db, _ := openSQLite(tb, s.trace)
	return db
}

// Handle is a store handle with a name, for subtests.
type Handle struct {
	Name string
	ownwords.Store
}

// EachTwoHandles runs fn with two handles on one fresh database — two
// processes of a team server, or two on one study file — as subtests
// "sqlite" and "postgres": writes through one are for the other to see.
func EachTwoHandles(t *testing.T, fn func(t *testing.T, this, other Handle)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		db, path := OpenSQLite(t)
		o, err := sqldb.Open(context.Background(), sqldb.Config{DSN: path, Passphrase: []byte(Passphrase)})
		if err != nil {
			t.Fatalf("open the study file again: %v", err)
		}
		t.Cleanup(func() { o.Close() })
		fn(t, Handle{"this handle", db}, Handle{"other handle", o})
	})
	t.Run("postgres", func(t *testing.T) {
		vaulttest.UseTestCost(t)
		dsn := FreshPostgresDSN(t)
		var h [2]Handle
		for i, name := range []string{"this handle", "other handle"} {
			db, err := sqldb.Open(context.Background(), sqldb.Config{DSN: dsn})
			if err != nil {
				t.Fatalf("open postgres store: %v", err)
			}
			t.Cleanup(func() { db.Close() })
			h[i] = Handle{name, db}
		}
		fn(t, h[0], h[1])
	})
}

// MustStudy creates a study named name.
func MustStudy(tb testing.TB, st ownwords.Store, name string) *ownwords.Study {
	tb.Helper()
	s := &ownwords.Study{Name: name}
	if err := st.CreateStudy(context.Background(), s); err != nil {
		tb.Fatalf("create study: %v", err)
	}
	return s
}
