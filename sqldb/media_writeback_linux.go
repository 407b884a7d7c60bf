package sqldb

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing the n bytes of f at off
// to the disk now, without waiting (sync_file_range, SYNC_FILE_RANGE_WRITE):
// the disk works while the next chunks are sealed, and the fsync before
// COMMIT waits for the last stretch only, not for the whole recording
// (the kernel would otherwise keep a gigabyte dirty until then). Only a
// hint: its errors are fsync's to report.
func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
