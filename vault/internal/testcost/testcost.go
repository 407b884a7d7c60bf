// Package testcost holds the switch that makes vault use cheap Argon2id
// parameters. It is internal to vault so that only vault and
// vault/vaulttest can flip it: vaulttest.UseTestCost is the one caller,
// and it refuses outside a test binary. Nothing in the ownwords binary calls
// Lower, so the linker leaves it out.
package testcost

import "sync/atomic"

// lowered is set once and never cleared: tests may run in parallel, and a
// hash or wrap records its own parameters, so which cost a given test saw
// changes its speed, never its outcome.
var lowered atomic.Bool

// Lower makes every later new wrap and password hash of this process use
// vault's test parameters.
func Lower() { lowered.Store(true) }

// Lowered reports whether Lower has been called in this process.
func Lowered() bool { return lowered.Load() }
