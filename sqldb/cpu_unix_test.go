//go:build unix

package sqldb_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) this process has used:
// on a machine shared with other work, a search's CPU time says what it
// costs when its wall time mostly says how long it waited for a core.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
