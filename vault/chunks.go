package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"

	"ownwords"
)

// Recordings (audio, video) are stored in chunks, each sealed on its own
// with AES-256-GCM so that a player can seek without decrypting what it
// skips. Every recording has its own random content key; the chunk's
// associated data binds it to its recording, its index and the recording's
// chunk count, so that a flipped byte, a chunk moved within or between
// recordings, or a recording cut short all fail to open. The content key
// is kept wrapped under a key derived from the study's data key
// (MediaWrapKey): deleting the wrapped key destroys the recording, and
// rotating the data key only rewraps the small content keys.

// Labels of the derivations and associated data (versioned).
const (
	mediaWrapInfo = "ownwords vault media key wrap v1"
	mediaKeyAD    = "ownwords media content key v1\x00"
	mediaChunkAD  = "ownwords media chunk v1\x00"
)

// Wrapped content key formats: the first byte of a wrap.
const (
	wrapPlain byte = 0 // no study data key (PostgreSQL, trusted as a server)
	wrapGCM   byte = 1 // AES-GCM under MediaWrapKey
)

// ChunkOverhead is what sealing adds to a chunk: the nonce and the tag.
const ChunkOverhead = 12 + 16

// MediaWrapKey derives from a study's data key the key that wraps its
// recordings' content keys (HKDF-SHA256). EINVALID for a key that is not
// DataKeySize bytes.
func MediaWrapKey(dataKey []byte) ([]byte, error) {
	if len(dataKey) != DataKeySize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "data key must be %d bytes", DataKeySize)
	}
	return hkdf.Key(sha256.New, dataKey, nil, mediaWrapInfo, 32)
}

// NewContentKey returns a random content key for a recording.
func NewContentKey() ([]byte, error) { return randomBytes(32) }

func gcm(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "media key: %v", err)
	}
	return cipher.NewGCM(b)
}

// WrapContentKey wraps the content key of recording id under wrapKey; a
// nil wrapKey (a store without a data key) keeps it as it is, marked so.
func WrapContentKey(wrapKey, contentKey []byte, id string) ([]byte, error) {
	if wrapKey == nil {
		return append([]byte{wrapPlain}, contentKey...), nil
	}
	a, err := gcm(wrapKey)
	if err != nil {
		return nil, err
	}
	nonce, err := randomBytes(a.NonceSize())
	if err != nil {
		return nil, err
	}
	out := append([]byte{wrapGCM}, nonce...)
	return a.Seal(out, nonce, contentKey, []byte(mediaKeyAD+id)), nil
}

// UnwrapContentKey returns the content key of recording id from its wrap.
// EINVALID when the wrap does not open under wrapKey (another study, a
// rotated key, an altered row) or needs a key the store does not have.
func UnwrapContentKey(wrapKey, wrapped []byte, id string) ([]byte, error) {
	bad := ownwords.Errorf(ownwords.EINVALID, "recording %s: its content key cannot be unwrapped with this study's data key", id)
	if len(wrapped) == 0 {
		return nil, bad
	}
	switch wrapped[0] {
	case wrapPlain:
		if wrapKey != nil || len(wrapped) != 33 {
			return nil, bad
		}
		return append([]byte(nil), wrapped[1:]...), nil
	case wrapGCM:
		if wrapKey == nil {
			return nil, bad
		}
		a, err := gcm(wrapKey)
		if err != nil {
			return nil, err
		}
		if len(wrapped) < 1+a.NonceSize()+a.Overhead() {
			return nil, bad
		}
		nonce, ct := wrapped[1:1+a.NonceSize()], wrapped[1+a.NonceSize():]
		k, err := a.Open(nil, nonce, ct, []byte(mediaKeyAD+id))
		if err != nil {
			return nil, bad
		}
		return k, nil
	}
	return nil, bad
}

// ChunkSealer seals and opens the chunks of one recording.
type ChunkSealer struct {
	aead  cipher.AEAD
	id    string
	total uint64
}

// NewChunkSealer returns the sealer of recording id, of total chunks,
// under its content key.
func NewChunkSealer(contentKey []byte, id string, total int64) (*ChunkSealer, error) {
	a, err := gcm(contentKey)
	if err != nil {
		return nil, err
	}
	return &ChunkSealer{aead: a, id: id, total: uint64(total)}, nil
}

// ad is the associated data of chunk idx.
func (s *ChunkSealer) ad(idx int64) []byte {
	b := make([]byte, 0, len(mediaChunkAD)+len(s.id)+17)
	b = append(b, mediaChunkAD...)
	b = append(b, s.id...)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint64(b, uint64(idx))
	return binary.BigEndian.AppendUint64(b, s.total)
}

// Seal appends the sealed chunk idx of plain to dst: a random nonce, then
// the ciphertext and tag.
func (s *ChunkSealer) Seal(dst []byte, idx int64, plain []byte) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	dst = append(dst, nonce...)
	return s.aead.Seal(dst, nonce, plain, s.ad(idx)), nil
}

// Open appends the plaintext of sealed chunk idx to dst. EINVALID when the
// chunk is not chunk idx of this recording as it was sealed.
func (s *ChunkSealer) Open(dst []byte, idx int64, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s: chunk %d is damaged (too short)", s.id, idx)
	}
	out, err := s.aead.Open(dst, sealed[:n], sealed[n:], s.ad(idx))
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s: chunk %d of %d fails authentication: altered, swapped or from another recording", s.id, idx, s.total)
	}
	return out, nil
}
