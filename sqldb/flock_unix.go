//go:build unix

package sqldb

import (
	"errors"
	"os"
	"syscall"
)

// tryLockExclusive takes an exclusive flock on f if no one (in this
// process or another) holds one on the file; false if someone does.
func tryLockExclusive(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// lockShared takes (or turns an exclusive one into) a shared flock on f,
// waiting for an exclusive holder.
func lockShared(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_SH) }
