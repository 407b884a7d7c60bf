package vault

import (
	"crypto/rand"
	"fmt"

	"golang.org/x/crypto/argon2"

	"ownwords"
	"ownwords/vault/internal/testcost"
)

// DataKeySize is the length in bytes of a data key.
const DataKeySize = 32

// saltSize is the salt length of new wraps and hashes: 128 bits, as RFC 9106
// recommends.
const saltSize = 16

// NewDataKey returns a fresh random 32-byte data key from crypto/rand. The
// caller should clear it once the study is closed.
func NewDataKey() ([]byte, error) {
	return randomBytes(DataKeySize)
}

// randomBytes returns n bytes from crypto/rand.
func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("vault: read random bytes: %w", err)
	}
	return b, nil
}

// KDFParams are the Argon2id parameters of one passphrase wrap or password
// hash. They are stored with the wrap so that they can be raised later.
type KDFParams struct {
	Algorithm string `json:"alg"` // always "argon2id" for now
	Time      uint32 `json:"t"`   // passes over memory
	MemoryKiB uint32 `json:"m"`   // memory in KiB
	Threads   uint8  `json:"p"`   // lanes
}

// algArgon2id is the only KDF algorithm.
const algArgon2id = "argon2id"

// recommendedParams is RFC 9106's second recommended option (section 4):
// t=3, m=2^16 KiB (64 MiB), p=4. See the package documentation for why.
var recommendedParams = KDFParams{Algorithm: algArgon2id, Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// testParams are the parameters of new wraps and hashes once a test has
// called vaulttest.UseTestCost: one pass over 64 KiB, so that test suites
// creating hundreds of study files and accounts run in seconds. Wraps and
// hashes record their parameters, so these open and verify anywhere (see
// the package documentation).
var testParams = KDFParams{Algorithm: algArgon2id, Time: 1, MemoryKiB: 64, Threads: 1}

// newParams returns the parameters of a new passphrase wrap or password
// hash: recommendedParams, or testParams in a test binary that asked for
// them (vaulttest.UseTestCost).
func newParams() KDFParams {
	if testcost.Lowered() {
		return testParams
	}
	return recommendedParams
}

// Upper bounds on stored parameters, so that a damaged or hostile sidecar or
// hash cannot make us allocate unbounded memory or loop for hours. 4 GiB is
// twice RFC 9106's first (most expensive) recommended option.
const (
	maxKDFTime      = 64
	maxKDFMemoryKiB = 4 << 20
)

// validate checks that p is a usable Argon2id parameter set.
func (p KDFParams) validate() error {
	switch {
	case p.Algorithm != algArgon2id:
		return ownwords.Errorf(ownwords.EINVALID, "unsupported key derivation %q (want %q)", p.Algorithm, algArgon2id)
	case p.Time < 1 || p.Time > maxKDFTime:
		return ownwords.Errorf(ownwords.EINVALID, "argon2id time %d out of range 1-%d", p.Time, maxKDFTime)
	case p.Threads < 1:
		return ownwords.Errorf(ownwords.EINVALID, "argon2id parallelism must be at least 1")
	case p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxKDFMemoryKiB:
		// Argon2 needs at least 8 KiB per lane.
		return ownwords.Errorf(ownwords.EINVALID, "argon2id memory %d KiB out of range %d-%d", p.MemoryKiB, 8*uint32(p.Threads), maxKDFMemoryKiB)
	}
	return nil
}

// derive returns an n-byte key derived from secret and salt.
func (p KDFParams) derive(secret, salt []byte, n uint32) []byte {
	return argon2.IDKey(secret, salt, p.Time, p.MemoryKiB, p.Threads, n)
}
