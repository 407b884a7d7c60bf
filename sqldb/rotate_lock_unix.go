//go:build unix

package sqldb

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"ownwords"
)

// lockRotation takes the rotation lock of the study at path: an exclusive
// flock on "<study>.rotating.lock", released by the returned function or
// by the OS when the process dies (so a killed rotation never leaves a
// stale lock). ECONFLICT if another process holds it.
func lockRotation(path string) (func(), error) {
	f, err := os.OpenFile(path+lockSuffix, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqldb: rotation lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ownwords.Errorf(ownwords.ECONFLICT, "a key rotation of %s is running in another process; try again when it has finished", path)
		}
		return nil, fmt.Errorf("sqldb: rotation lock: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
