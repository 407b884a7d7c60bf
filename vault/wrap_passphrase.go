package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/json"
	"unicode/utf8"

	"ownwords"
)

// MinPassphraseLen is the shortest passphrase, in characters, accepted for
// a new wrap. It only stops typos and placeholders such as "test": Argon2id
// makes each guess cost about a tenth of a second, but an eight-character
// passphrase is still guessable by a determined attacker with a copy of the
// sidecar. Use a long passphrase (five or more random words).
const MinPassphraseLen = 8

// checkNewPassphrase enforces MinPassphraseLen.
func checkNewPassphrase(p []byte) error {
	if n := utf8.RuneCount(p); n < MinPassphraseLen {
		return ownwords.Errorf(ownwords.EINVALID, "the passphrase has %d characters; use at least %d (a few random words are best)", n, MinPassphraseLen)
	}
	return nil
}

// wrapAD is the GCM additional data of a passphrase wrap: it binds the
// ciphertext to the format version, key ID, KDF parameters and salt, so that
// none of them can be changed or swapped with another wrap's.
func (kf *KeyFile) wrapAD(p KDFParams, salt []byte) []byte {
	ad, _ := json.Marshal([]any{"ownwords vault passphrase wrap", kf.Version, kf.KeyID, p.Algorithm, p.Time, p.MemoryKiB, p.Threads, salt})
	return ad
}

// newPassphraseWrap seals dataKey under a key derived from passphrase with
// p, a fresh salt and a fresh nonce.
func (kf *KeyFile) newPassphraseWrap(dataKey, passphrase []byte, p KDFParams) (Wrap, error) {
	salt, err := randomBytes(saltSize)
	if err != nil {
		return Wrap{}, err
	}
	nonce, err := randomBytes(gcmNonceSize)
	if err != nil {
		return Wrap{}, err
	}
	aead, err := passphraseAEAD(passphrase, salt, p)
	if err != nil {
		return Wrap{}, err
	}
	ct := aead.Seal(nil, nonce, dataKey, kf.wrapAD(p, salt))
	return Wrap{Type: WrapPassphrase, KDF: &p, Salt: salt, Nonce: nonce, Ciphertext: ct}, nil
}

// passphraseAEAD returns AES-256-GCM keyed by Argon2id(passphrase, salt).
func passphraseAEAD(passphrase, salt []byte, p KDFParams) (cipher.AEAD, error) {
	kek := p.derive(passphrase, salt, 32)
	// The cipher keeps its own expanded copy of the key; ours can go.
	defer clear(kek)
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// unwrapPassphrase opens the first passphrase wrap that passphrase opens
// and checks the MAC. It returns the data key and the wrap's index, or
// errNoPassWrap, errWrongPass or errAltered.
func (kf *KeyFile) unwrapPassphrase(passphrase []byte) ([]byte, int, error) {
	tried := false
	for i, w := range kf.Wraps {
		if w.Type != WrapPassphrase {
			continue
		}
		tried = true
		aead, err := passphraseAEAD(passphrase, w.Salt, *w.KDF)
		if err != nil {
			return nil, 0, err
		}
		dataKey, err := aead.Open(nil, w.Nonce, w.Ciphertext, kf.wrapAD(*w.KDF, w.Salt))
		if err != nil {
			continue // wrong passphrase or tampered wrap: GCM cannot tell
		}
		if err := kf.checkMAC(dataKey); err != nil {
			clear(dataKey)
			return nil, 0, err
		}
		return dataKey, i, nil
	}
	if !tried {
		return nil, 0, errNoPassWrap
	}
	return nil, 0, errWrongPass
}
