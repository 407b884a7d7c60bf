// Package vaulttest lowers vault's Argon2id cost for tests.
//
// New passphrase wraps and password hashes cost 64 MiB and three passes
// (RFC 9106), a tenth of a second or more each; a suite that creates a study
// file or an account per test spends most of its time there. UseTestCost
// switches the process to one pass over 64 KiB. Only test binaries can do
// so: UseTestCost panics unless testing.Testing reports true, and
// TestBinaryDoesNotLinkHook checks that the ownwords binary links neither
// this package nor package testing.
package vaulttest

import (
	"testing"

	"ownwords/vault/internal/testcost"
)

// UseTestCost makes every new passphrase wrap and password hash of this
// test binary, from now until it exits, use cheap Argon2id parameters. The
// wraps and hashes record them, so they open and verify like any other
// (also in the real binary: see the vault package documentation). It
// panics when called outside a test binary. Calling it again is harmless,
// so test helpers call it before each store or account they create.
func UseTestCost(tb testing.TB) {
	if !testing.Testing() {
		panic("vaulttest: UseTestCost called outside a test binary")
	}
	tb.Helper()
	testcost.Lower()
}
