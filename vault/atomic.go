package vault

import (
	"ownwords/internal/atomicfile"

	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeAtomic writes data to path so that a crash leaves either the old
// file or the complete new one: a temporary file in the same directory
// (mode 0600) is written and synced, then moved into place, then the
// directory is synced so that the move itself survives a power cut.
//
// With replace false the move is a hard link, which fails if path exists, so
// two racing Creates cannot both win; on filesystems without hard links it
// falls back to check-then-rename, which has a small race.
func writeAtomic(path string, data []byte, replace bool) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("vault: write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err := writeSynced(f, data); err != nil {
		return fmt.Errorf("vault: write %s: %w", path, err)
	}
	if replace {
		err = os.Rename(tmp, path)
	} else {
		err = linkNew(tmp, path)
	}
	if err != nil {
		return err
	}
	return atomicfile.SyncDir(path)
}

// writeSynced sets f's mode to 0600, writes data, syncs and closes f.
func writeSynced(f *os.File, data []byte) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// linkNew moves tmp to path unless path exists (ECONFLICT).
func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		os.Remove(tmp) // a leftover would only be a second copy of the same wraps
		return nil
	case errors.Is(err, fs.ErrExist):
		return errExists(path)
	}
	if _, serr := os.Lstat(path); serr == nil {
		return errExists(path)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("vault: write %s: %w", path, err)
	}
	return nil
}
