package sqldb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"
	_ "github.com/ncruces/go-sqlite3/vfs/adiantum" // registers the encrypting VFS

	"ownwords"
	"ownwords/vault"
)

// KeyPath returns the path of the key sidecar of a study file: the wrapped
// data key lives there, so the passphrase can change without rewriting data.
func KeyPath(studyFile string) string { return studyFile + ".key" }

// readers is the size of the SQLite reader pool.
const readers = 4

type sqliteDialect struct {
	key []byte
	// file is the study file's path; media its media directory (MediaDir).
	file, media string
}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return rebind(q) }

func (sqliteDialect) isUnique(err error) bool {
	var e *sqlite3.Error
	if !errors.As(err, &e) {
		return false
	}
	c := e.ExtendedCode()
	return c == sqlite3.CONSTRAINT_UNIQUE || c == sqlite3.CONSTRAINT_PRIMARYKEY
}

// close wipes the data key held for new connections.
func (d sqliteDialect) close() error {
	clear(d.key)
	return nil
}

// openSQLite opens (or, with create, creates) an encrypted study file. The
// whole file — tables, indexes, the FTS index, the WAL and the rollback
// journal — goes through the Adiantum VFS; temporary tables and indexes are
// kept in memory (temp_store), so no plaintext reaches the disk.
func openSQLite(ctx context.Context, cfg Config, create bool) (*DB, error) {
	path, err := filepath.Abs(cfg.DSN)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "study file %q: %v", cfg.DSN, err)
	}
	if !create {
		// An interrupted key rotation is finished or undone before anything
		// reads the file (see rotate.go).
		if err := recoverRotation(path); err != nil {
			return nil, err
		}
	}
	_, statErr := os.Stat(path)
	var key []byte
	if create {
		if statErr == nil {
			return nil, ownwords.Errorf(ownwords.ECONFLICT, "study file %s already exists", cfg.DSN)
		}
		// A media directory already there is not this study's: the first
		// open would take its files for orphans and delete them.
		if anyExists(MediaDir(path)) {
			return nil, ownwords.Errorf(ownwords.ECONFLICT, "media directory %s already exists (another study's recordings?); move it away or create the study elsewhere", MediaDir(path))
		}
		// Create the file ourselves so that it (and the -wal and -shm files
		// SQLite derives from it) is readable by the owner only.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "cannot create study file %s: %v", cfg.DSN, err)
		}
		f.Close()
		if key, err = vault.Create(KeyPath(path), cfg.Passphrase); err != nil {
			os.Remove(path)
			return nil, err
		}
	} else {
		if statErr != nil {
			return nil, ownwords.Errorf(ownwords.ENOTFOUND, "study file %s not found; create one with `ownwords init --store %s`", cfg.DSN, cfg.DSN)
		}
		if key, err = vault.Unlock(KeyPath(path), cfg.Passphrase); err != nil {
			return nil, err
		}
	}
	db, err := openSQLiteKeyed(ctx, path, key, cfg)
	if err != nil && create {
		os.Remove(path)
		os.Remove(KeyPath(path))
	}
	if err == nil {
		clearStaleBackups(path) // what a crashed backup left (backup_stale.go)
	}
	return db, err
}

func openSQLiteKeyed(ctx context.Context, path string, key []byte, cfg Config) (*DB, error) {
	if err := ownerOnlySidecars(path); err != nil {
		return nil, err
	}
	// modeof gives a "-wal" file SQLite creates later the study file's mode.
	u := url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: "vfs=adiantum&_txlock=immediate&modeof=" + url.QueryEscape(path)}
	d := sqliteDialect{key: key, file: path, media: MediaDir(path)}
	w, err := driver.Open(u.String(), sqliteInit(d.key, false, cfg.Trace))
	if err != nil {
		return nil, fmt.Errorf("sqldb: open %s: %w", cfg.DSN, err)
	}
	// One writer: SQLite allows one write transaction at a time, and a
	// single connection turns contention into queueing instead of SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	if err := checkKey(ctx, w, cfg.DSN); err != nil {
		w.Close()
		return nil, err
	}
	if err := migrate(ctx, w, d); err != nil {
		w.Close()
		return nil, err
	}
	r, err := driver.Open(u.String(), sqliteInit(d.key, true, cfg.Trace))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqldb: open %s: %w", cfg.DSN, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readerIdle)
	db := newDB(d, w, r, cfg.Now)
	// Recording files a crash left with no row go (media.go).
	if err := db.sweepMedia(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// ownerOnlySidecars makes the "-wal" and "-shm" files SQLite keeps next to
// the study file, and its media directory, readable by the owner only, whatever the umask: the VFS
// creates them 0666 less the umask. The shared-memory file, which ignores
// modeof, is created here before SQLite looks for it; one left wider by an
// earlier version is narrowed.
func ownerOnlySidecars(path string) error {
	for _, side := range []string{path + "-wal", path + "-shm"} {
		flag := os.O_RDWR
		if strings.HasSuffix(side, "-shm") {
			flag |= os.O_CREATE
		}
		f, err := os.OpenFile(side, flag, 0o600)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil {
			err = f.Chmod(0o600)
			f.Close()
		}
		if err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "study file %s: cannot make %s owner-only: %v", filepath.Base(path), filepath.Base(side), err)
		}
	}
	// The media directory too (media.go), were it made by hand (say on a
	// larger disk, linked here) with the umask's mode: its listing shows
	// how many recordings there are, their sizes and times.
	if st, err := os.Stat(MediaDir(path)); err == nil && st.IsDir() && st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(MediaDir(path), 0o700); err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "study file %s: cannot make %s owner-only: %v", filepath.Base(path), filepath.Base(MediaDir(path)), err)
		}
	}
	return nil
}

// sqliteInit returns the per-connection set-up. Order matters: the key
// first (nothing may read the file before it — which is also why FTS5 is
// registered here and not with sqlite3.AutoExtension, whose hook runs at
// open time and reads the still-locked file), then busy_timeout (so the
// pragmas after it wait instead of failing on a busy file), then the rest.
//
// With trace, each statement is reported as it ends (SQLite's profile
// event: once per statement, its triggers included).
func sqliteInit(key []byte, readOnly bool, trace func(string)) func(*sqlite3.Conn) error {
	return func(c *sqlite3.Conn) error {
		if err := c.Exec("PRAGMA hexkey='" + hex.EncodeToString(key) + "'"); err != nil {
			return err
		}
		pragmas := `PRAGMA busy_timeout=10000;
			PRAGMA synchronous=NORMAL;
			PRAGMA foreign_keys=ON;
			PRAGMA temp_store=MEMORY;`
		if readOnly {
			// No journal_mode: the writer, opened first, has put the
			// file in WAL mode (a persistent setting) and readers follow
			// it; a reader opened while UpdateBulk writes through a
			// rollback journal must not wait to switch the file back.
			pragmas += `PRAGMA query_only=ON;`
		} else {
			pragmas += `PRAGMA journal_mode=WAL;`
			// The one writer gets a page cache of 64 MiB (SQLite's
			// default is 2 MiB): an import's transaction otherwise spills
			// dirty pages to the WAL all along, pages it dirties again
			// (the B-trees of the index words, the audit chain) being
			// encrypted and written more than once.
			pragmas += `PRAGMA cache_size=-65536;`
		}
		if err := c.Exec(pragmas); err != nil {
			return err
		}
		if trace != nil {
			err := c.Trace(sqlite3.TRACE_PROFILE, func(_ sqlite3.TraceEvent, stmt, _ any) error {
				if s, ok := stmt.(*sqlite3.Stmt); ok {
					trace(s.SQL())
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return fts5.Register(c)
	}
}

// checkKey reads the schema: with a data key that does not belong to the
// file, SQLite sees noise and says "not a database".
func checkKey(ctx context.Context, db *sql.DB, dsn string) error {
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n)
	if errors.Is(err, sqlite3.NOTADB) {
		return ownwords.Errorf(ownwords.EINVALID, "study file %s cannot be decrypted with the key in %s: the files do not belong together", dsn, KeyPath(dsn))
	}
	if err != nil {
		return fmt.Errorf("sqldb: open %s: %w", dsn, err)
	}
	return nil
}

// snapshotStep is how many pages a snapshot copies between progress
// reports (tests lower it).
var snapshotStep = 256

// sqliteSnapshot copies the open SQLite study, through the Adiantum VFS, to
// a new file dst encrypted with dstKey (SQLite's online backup API: the pages
// are decrypted with the study's key and re-encrypted with dstKey, so no
// plaintext reaches the disk). A second connection holds the study's write
// lock from before the copy until after locked (which may be nil) returns,
// so the copy is a consistent snapshot and nothing is written between the
// copy and locked. (The copying connection itself cannot hold it: SQLite
// refuses to back up from a connection in a write transaction.) progress
// gets (pages copied, total pages). dst is synced before locked runs. The
// key goes to SQLite in the destination URI, inside this process only;
// errors are scrubbed of it.
func (db *DB) sqliteSnapshot(ctx context.Context, dst string, dstKey []byte, progress func(done, total int), locked func() error) error {
	d, ok := db.d.(sqliteDialect)
	if !ok {
		return ownwords.Errorf(ownwords.EINVALID, "snapshots and key rotation are for study files; back up PostgreSQL with its own tools")
	}
	hexKey := hex.EncodeToString(dstKey)
	scrub := func(what string, err error) error {
		if err == nil {
			return nil
		}
		return fmt.Errorf("sqldb: snapshot: %s: %s", what, strings.ReplaceAll(err.Error(), hexKey, "<key>"))
	}
	c, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: snapshot: %w", err)
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		raw := dc.(driver.Conn).Raw()
		// Fold the WAL into the file first, so that what stays behind in
		// "-wal" after the copy is nothing the copy lacks.
		if err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return scrub("checkpoint", err)
		}
		src := url.URL{Scheme: "file", OmitHost: true, Path: raw.Filename("main").String(), RawQuery: "vfs=adiantum"}
		lock, err := sqlite3.OpenContext(ctx, src.String())
		if err != nil {
			return scrub("lock", err)
		}
		defer lock.Close()
		if err := lock.Exec("PRAGMA hexkey='" + hex.EncodeToString(d.key) + "'; PRAGMA busy_timeout=10000; BEGIN IMMEDIATE"); err != nil {
			return scrub("lock", err)
		}
		defer lock.Exec("ROLLBACK")
		u := url.URL{Scheme: "file", OmitHost: true, Path: dst, RawQuery: "vfs=adiantum&hexkey=" + hexKey}
		b, err := raw.BackupInit("main", u.String())
		if err != nil {
			return scrub("start", err)
		}
		for {
			if err := ctx.Err(); err != nil {
				b.Close()
				return err
			}
			done, err := b.Step(snapshotStep)
			if err != nil {
				b.Close()
				return scrub("copy", err)
			}
			if progress != nil {
				total := b.PageCount()
				progress(total-b.Remaining(), total)
			}
			if done {
				break
			}
		}
		if err := b.Close(); err != nil {
			return scrub("finish", err)
		}
		if err := syncFile(dst); err != nil {
			return err
		}
		if locked != nil {
			return locked()
		}
		return nil
	})
}
