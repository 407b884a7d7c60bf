package sqldb

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// A backup writes, beside the study file S, its snapshot
// "S.backup-<16 hex>" (with SQLite's "-journal", "-wal" and "-shm" of it)
// and the directory of hard links to the recording files it carries,
// "S.backup-<16 hex>.media", and removes them when it ends. A backup
// killed mid-way leaves them: a copy of the study as it was (encrypted,
// but holding what a retention run or a deletion has since erased) and
// links that keep deleted recordings' files on the disk. They go at the
// next backup or open of the study, unless a backup still running (in
// any process) owns them: every backup holds a shared flock on
// "S.backup.lock" from before it creates them until it has removed them,
// and only whoever gets that lock exclusively (so no backup runs)
// removes them. Where flock is unavailable they stay.

// backupLockSuffix names the backups' lock beside the study file.
const backupLockSuffix = ".backup.lock"

// backupTmpName returns the pattern of the names a backup of the study
// file at path leaves beside it.
func backupTmpName(path string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(filepath.Base(path)) + `\.backup-[0-9a-f]{16}(-journal|-wal|-shm|\.media)?$`)
}

// lockBackups takes the shared lock of a backup of the study file at
// path, having removed what crashed backups left if no other backup
// runs; the returned function releases it.
func lockBackups(path string) (func(), error) {
	f, err := os.OpenFile(path+backupLockSuffix, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqldb: backup lock: %w", err)
	}
	if alone, _ := tryLockExclusive(f); alone {
		removeStaleBackups(path)
	}
	if err := lockShared(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("sqldb: backup lock: %w", err)
	}
	return func() { f.Close() }, nil // closing releases the flock
}

// clearStaleBackups removes what crashed backups of the study file at
// path left, if no backup runs; at open. Without such leftovers it creates
// no lock file.
func clearStaleBackups(path string) {
	if len(staleBackups(path)) == 0 {
		return
	}
	f, err := os.OpenFile(path+backupLockSuffix, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	if alone, _ := tryLockExclusive(f); alone {
		removeStaleBackups(path)
	}
}

// removeStaleBackups removes, best effort, the names backups leave
// beside the study file at path; the caller holds the backups' lock
// exclusively.
func removeStaleBackups(path string) {
	for _, n := range staleBackups(path) {
		os.RemoveAll(n)
	}
}

// staleBackups lists the names a backup leaves beside the study file at
// path (paths), whoever left them.
func staleBackups(path string) []string {
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return nil
	}
	stale := backupTmpName(path)
	var out []string
	for _, e := range entries {
		if stale.MatchString(e.Name()) {
			out = append(out, filepath.Join(filepath.Dir(path), e.Name()))
		}
	}
	return out
}
