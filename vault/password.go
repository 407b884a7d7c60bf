package vault

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"ownwords"
)

// Lengths of password hashes. Stored hashes may use other salt and output
// lengths within the PHC string format's bounds (salt 8-64, hash 16-64).
const passwordHashSize = 32

// phcB64 is the PHC string format's base64: standard alphabet, no padding;
// Strict rejects non-zero padding bits, so each value has one encoding.
var phcB64 = base64.RawStdEncoding.Strict()

// HashPassword returns an Argon2id hash of pw in the PHC string format,
// "$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>" (base64 without padding),
// with a fresh 16-byte salt and the parameters described in the package
// documentation. A server should bound how many hashes it computes at once:
// each takes 64 MiB.
func HashPassword(pw []byte) (string, error) {
	salt, err := randomBytes(saltSize)
	if err != nil {
		return "", err
	}
	p := newParams()
	return formatPHC(p, salt, p.derive(pw, salt, passwordHashSize)), nil
}

// CheckPassword reports whether pw matches hash, a string from
// HashPassword (or any Argon2id PHC string within the bounds above),
// comparing in constant time. EINVALID if hash cannot be parsed; the error
// never repeats the hash.
func CheckPassword(hash string, pw []byte) (bool, error) {
	p, salt, want, err := parsePHC(hash)
	if err != nil {
		return false, err
	}
	got := p.derive(pw, salt, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// formatPHC encodes an Argon2id hash as a PHC string.
func formatPHC(p KDFParams, salt, hash []byte) string {
	return fmt.Sprintf("$%s$v=%d$m=%d,t=%d,p=%d$%s$%s", algArgon2id, argon2.Version,
		p.MemoryKiB, p.Time, p.Threads, phcB64.EncodeToString(salt), phcB64.EncodeToString(hash))
}

// errPHC is parsePHC's error for anything but an unusable parameter.
var errPHC = ownwords.Errorf(ownwords.EINVALID, "password hash is not an argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)")

// parsePHC decodes a string from formatPHC. Only the canonical encoding is
// accepted (no leading zeros, no padding, fields in order), so that a hash
// has exactly one spelling.
func parsePHC(s string) (KDFParams, []byte, []byte, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != algArgon2id || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return KDFParams{}, nil, nil, errPHC
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return KDFParams{}, nil, nil, errPHC
	}
	m, errM := phcUint(kv[0], "m=", 32)
	t, errT := phcUint(kv[1], "t=", 32)
	th, errP := phcUint(kv[2], "p=", 8)
	salt, errS := phcB64.DecodeString(parts[4])
	hash, errH := phcB64.DecodeString(parts[5])
	if errM != nil || errT != nil || errP != nil || errS != nil || errH != nil ||
		len(salt) < 8 || len(salt) > maxSaltSize || len(hash) < 16 || len(hash) > 64 {
		return KDFParams{}, nil, nil, errPHC
	}
	p := KDFParams{Algorithm: algArgon2id, Time: uint32(t), MemoryKiB: uint32(m), Threads: uint8(th)}
	if err := p.validate(); err != nil {
		return KDFParams{}, nil, nil, ownwords.Errorf(ownwords.EINVALID, "password hash: %s", ownwords.ErrorMessage(err))
	}
	if formatPHC(p, salt, hash) != s {
		return KDFParams{}, nil, nil, errPHC
	}
	return p, salt, hash, nil
}

// phcUint parses "<prefix><decimal>" into an unsigned integer of bits bits.
func phcUint(s, prefix string, bits int) (uint64, error) {
	digits, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, errPHC
	}
	return strconv.ParseUint(digits, 10, bits)
}
