//go:build unix

package sqldb

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestStaleBackupsRemoved leaves beside a study what a backup killed
// mid-way leaves (its snapshot, SQLite's files of it, its directory of
// links to recording files), then opens the study or backs it up: they
// go, unless a backup still running (holding the backups' lock shared,
// as another process would) may own them.
func TestStaleBackupsRemoved(t *testing.T) {
	for _, c := range []struct {
		name    string
		running bool
		// at opens the study or backs it up, the leftovers made by
		// leave after the study is open.
		at func(t *testing.T, f rotFixture, leave func())
	}{
		{"OpenRemoves", false, atOpen},
		{"BackupRemoves", false, atBackup},
		{"OpenKeepsRunningBackups", true, atOpen},
		{"BackupKeepsRunningBackups", true, atBackup},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := mustRotFixture(t, 10)
			id := f.addRecording(t)
			file := mediaPath(t, f.path, id)
			tmp := f.path + ".backup-0123456789abcdef"
			left := []string{tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm", MediaDir(tmp)}
			leave := func() {
				for _, p := range left[:4] {
					mustDo(t, os.WriteFile(p, []byte("x"), 0o600))
				}
				mustDo(t, os.Mkdir(MediaDir(tmp), 0o700))
				mustDo(t, os.Link(file, filepath.Join(MediaDir(tmp), filepath.Base(file))))
			}
			if c.running {
				lock, err := os.OpenFile(f.path+backupLockSuffix, os.O_RDWR|os.O_CREATE, 0o600)
				mustDo(t, err)
				defer lock.Close()
				mustDo(t, syscall.Flock(int(lock.Fd()), syscall.LOCK_SH))
			}
			c.at(t, f, leave)
			for _, p := range left {
				if anyExists(p) != c.running {
					t.Errorf("%s there: %v, want %v", filepath.Base(p), anyExists(p), c.running)
				}
			}
			checkRecording(t, f.path, id)
		})
	}
}

// atOpen leaves the leftovers, then opens the study.
func atOpen(t *testing.T, f rotFixture, leave func()) {
	leave()
	db, err := Open(context.Background(), Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	mustDo(t, db.Close())
}

// atBackup opens the study, leaves the leftovers, then backs it up.
func atBackup(t *testing.T, f rotFixture, leave func()) {
	db, err := Open(context.Background(), Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	leave()
	var buf bytes.Buffer
	_, err = db.Backup(context.Background(), f.path, &buf, nil, nil)
	mustDo(t, err)
}

// TestOpenWithoutLeftoversMakesNoLockFile: the backups' lock file appears
// beside a study only when a backup runs or left something to clean.
func TestOpenWithoutLeftoversMakesNoLockFile(t *testing.T) {
	f := mustRotFixture(t, 10)
	if _, err := os.Stat(f.path + backupLockSuffix); !os.IsNotExist(err) {
		t.Errorf("after opens with no backup leftovers, %s: %v (want it absent)", filepath.Base(f.path)+backupLockSuffix, err)
	}
}
