package vault

import (
	"crypto/hkdf"
	"crypto/sha256"
	"strings"

	"filippo.io/age"

	"ownwords"
)

// backupInfo is the HKDF label of the backup identity.
const backupInfo = "ownwords vault backup identity v1"

// BackupIdentity returns the age X25519 identity derived from a study's data
// key (HKDF-SHA256) to which its backups are encrypted. Whoever can unwrap
// the data key (passphrase or custodian) can derive it, so a backup needs no
// key of its own; and because it exists only as long as the data key does,
// crypto-shredding the sidecar makes every backup unreadable too. EINVALID
// for a key that is not DataKeySize bytes.
func BackupIdentity(dataKey []byte) (*age.X25519Identity, error) {
	if len(dataKey) != DataKeySize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "data key must be %d bytes", DataKeySize)
	}
	secret, err := hkdf.Key(sha256.New, dataKey, nil, backupInfo, 32)
	if err != nil {
		return nil, err
	}
	defer clear(secret)
	enc := bech32Encode("age-secret-key-", secret)
	id, err := age.ParseX25519Identity(strings.ToUpper(enc))
	if err != nil {
		return nil, err
	}
	return id, nil
}

// bech32Charset is BIP 173's alphabet.
const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// bech32Encode encodes data with the human-readable part hrp as BIP 173
// bech32 (the encoding of age keys), in lower case.
func bech32Encode(hrp string, data []byte) string {
	// Regroup 8-bit bytes into 5-bit values, padding the last one.
	var values []byte
	acc, bits := 0, 0
	for _, b := range data {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			values = append(values, byte(acc>>bits)&31)
		}
	}
	if bits > 0 {
		values = append(values, byte(acc<<(5-bits))&31)
	}
	// Checksum over the expanded hrp, the values and six zeros.
	var exp []byte
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]>>5)
	}
	exp = append(exp, 0)
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]&31)
	}
	exp = append(exp, values...)
	exp = append(exp, 0, 0, 0, 0, 0, 0)
	mod := bech32Polymod(exp) ^ 1
	var sb strings.Builder
	sb.WriteString(hrp)
	sb.WriteByte('1')
	for _, v := range values {
		sb.WriteByte(bech32Charset[v])
	}
	for i := range 6 {
		sb.WriteByte(bech32Charset[(mod>>(5*(5-i)))&31])
	}
	return sb.String()
}

// bech32Polymod is BIP 173's checksum function.
func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}
