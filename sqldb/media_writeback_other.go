//go:build !linux

package sqldb

import "os"

// startWriteback does nothing where sync_file_range is missing: the
// fsync before COMMIT writes the whole file.
func startWriteback(f *os.File, off, n int64) {}
