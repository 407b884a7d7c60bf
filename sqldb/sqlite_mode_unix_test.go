//go:build unix

package sqldb_test

import (
	"os"
	"syscall"
	"testing"

	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestSQLiteSidecarsOwnerOnly runs with umask 0, so that only the store's
// own doing keeps the "-wal" and "-shm" files from being world-readable.
func TestSQLiteSidecarsOwnerOnly(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	wantOwnerOnly := func(t *testing.T, path string) {
		t.Helper()
		for _, side := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(side)
			must(t, err)
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v, want -rw-------", side, fi.Mode().Perm())
			}
		}
	}

	t.Run("NewStudyAfterWrites", func(t *testing.T) {
		db, path := sqldbtest.OpenSQLite(t)
		sqldbtest.MustStudy(t, db, "Modes")
		wantOwnerOnly(t, path)
	})
	t.Run("WiderFilesNarrowedOnOpen", func(t *testing.T) {
		db, path := sqldbtest.OpenSQLite(t)
		sqldbtest.MustStudy(t, db, "Modes")
		must(t, db.Close())
		for _, side := range []string{path + "-wal", path + "-shm"} {
			must(t, os.WriteFile(side, nil, 0o666))
			must(t, os.Chmod(side, 0o666))
		}
		db, err := sqldb.Open(t.Context(), sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)})
		must(t, err)
		defer db.Close()
		sqldbtest.MustStudy(t, db, "Again")
		wantOwnerOnly(t, path)
	})
}
