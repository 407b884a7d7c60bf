//go:build unix

package sqldb

import (
	"syscall"
	"testing"
)

// limitOpenFiles lowers the number of files the test process may have
// open to n for the rest of the test.
func limitOpenFiles(tb testing.TB, n uint64) {
	tb.Helper()
	var old syscall.Rlimit
	mustDo(tb, syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old))
	lim := old
	lim.Cur = min(n, old.Max)
	mustDo(tb, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim))
	tb.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) })
}
