package gate

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"

	"ownwords"
)

// WithSessionKey returns c whose pseudonyms and participant handles belong
// to one session, keyed by key: within the session a participant keeps one
// pseudonym and one handle, so that a list and the pages it links fit
// together; another key (the next login) gives unrelated ones. key must be
// a secret the caller cannot learn or guess: the workbench derives it from
// the session token's hash under a secret of the server process, since the
// person holding the cookie knows the token, and with it they could
// recompute every pseudonym from guessed participant IDs.
//
// A caller without a session key gets fresh pseudonyms and handles on every
// use case it calls: never stable ones.
func (c Caller) WithSessionKey(key []byte) Caller {
	h := hmac.New(sha256.New, []byte("ownwords session pseudonyms"))
	h.Write(key)
	copy(c.sessionKey[:], h.Sum(nil))
	c.keyed = true
	return c
}

// WithNewSession returns c with a fresh random session key: the CLI's, whose
// session is one run.
func (c Caller) WithNewSession() Caller {
	var key [32]byte
	rand.Read(key[:])
	return c.WithSessionKey(key[:])
}

// masks are the disguises of one session: pseudonyms and hidden dates (a
// Deidentifier keyed by the session) and handles, the per-session names of
// participant pages.
type masks struct {
	deid     *ownwords.Deidentifier
	aead     cipher.AEAD
	nonceKey []byte
}

// masks returns the disguises of c's session with dates hidden by rule.
func (c Caller) masks(rule ownwords.DateRule) *masks {
	key := c.sessionKey
	if !c.keyed {
		rand.Read(key[:])
	}
	sub := func(purpose string) [32]byte {
		h := hmac.New(sha256.New, key[:])
		h.Write([]byte(purpose))
		var out [32]byte
		copy(out[:], h.Sum(nil))
		return out
	}
	hk, nk := sub("handles"), sub("handle nonces")
	block, err := aes.NewCipher(hk[:])
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &masks{deid: ownwords.NewKeyedDeidentifier(rule, sub("pseudonyms")), aead: aead, nonceKey: nk[:]}
}

// handle seals a participant ID into the name of its page for this
// session: AES-256-GCM under a session subkey, with the nonce a keyed
// hash of the ID. Equal nonces therefore come only with equal IDs (and
// give the same handle, which is the point), the handle reveals nothing of
// the ID, and a handle made up or kept from another session does not open.
func (m *masks) handle(id string) string {
	h := hmac.New(sha256.New, m.nonceKey)
	h.Write([]byte(id))
	n := m.aead.NonceSize()
	out := make([]byte, n, n+len(id)+m.aead.Overhead())
	copy(out, h.Sum(nil))
	return base64.RawURLEncoding.EncodeToString(m.aead.Seal(out, out[:n], []byte(id), nil))
}

// open returns the participant ID sealed in handle, or false.
func (m *masks) open(handle string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(handle)
	n := m.aead.NonceSize()
	if err != nil || len(b) < n {
		return "", false
	}
	id, err := m.aead.Open(nil, b[:n], b[n:], nil)
	return string(id), err == nil
}
