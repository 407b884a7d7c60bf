//go:build !unix

package sqldb

import "os"

// tryLockExclusive reports false where flock is unavailable: nothing can
// tell a crashed process's files from a running one's.
func tryLockExclusive(f *os.File) (bool, error) { return false, nil }

// lockShared does nothing where flock is unavailable.
func lockShared(f *os.File) error { return nil }
