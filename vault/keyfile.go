package vault

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"time"

	"ownwords"
)

// FormatVersion is the sidecar format this package writes and reads.
const FormatVersion = 1

// Wrap types.
const (
	WrapPassphrase = "passphrase" // AES-256-GCM under an Argon2id key
	WrapAge        = "age"        // filippo.io/age to one recipient
)

// KeyFile is the sidecar "<study>.key": the study's data key, wrapped once
// per way of opening the study. It holds no secret in the clear.
type KeyFile struct {
	Version int       `json:"version"`
	KeyID   string    `json:"key_id"` // 32 random hex digits, names the data key
	Created time.Time `json:"created"`
	Wraps   []Wrap    `json:"wraps"`
	// MAC is HMAC-SHA256, under a key derived from the data key, of the file
	// encoded without MAC. It catches edits no wrap's own check covers.
	MAC []byte `json:"mac,omitempty"`
}

// Wrap is the data key encrypted one way. A passphrase wrap has KDF, Salt
// and Nonce; an age wrap has Recipient; both have Ciphertext.
type Wrap struct {
	Type       string     `json:"type"`
	KDF        *KDFParams `json:"kdf,omitempty"`
	Salt       []byte     `json:"salt,omitempty"`
	Nonce      []byte     `json:"nonce,omitempty"`
	Recipient  string     `json:"recipient,omitempty"` // the custodian's age public key
	Ciphertext []byte     `json:"ciphertext"`
}

// Sizes of a sidecar and its parts; the maxima are far above what valid
// files use and only bound what a damaged file can make us read.
const (
	maxKeyFileSize = 1 << 20
	maxAgeWrapSize = 16 << 10 // a post-quantum age stanza is about 1.5 KiB
	maxSaltSize    = 64
	gcmNonceSize   = 12
	gcmTagSize     = 16
	keyIDSize      = 16
	macSize        = sha256.Size
	macInfo        = "ownwords vault key file mac v1"
)

// Fixed failures of key file operations, compared by identity. The
// file-level functions put the file's name in front (see inFile).
var (
	errWrongPass  = ownwords.Errorf(ownwords.EUNAUTHORIZED, "wrong passphrase")
	errAltered    = ownwords.Errorf(ownwords.EINVALID, "the file was altered after it was written (its MAC does not match)")
	errNoIdentity = ownwords.Errorf(ownwords.EUNAUTHORIZED, "none of the given age identities opens it")
	errNoPassWrap = ownwords.Errorf(ownwords.EINVALID, "it has no passphrase wrap; open it with an age identity")
	errForeignKey = ownwords.Errorf(ownwords.EINVALID, "the data key does not belong to this key file")
)

// ParseKeyFile decodes and checks a sidecar. It verifies the structure only;
// the MAC needs the data key and is checked when a wrap is opened. EINVALID.
func ParseKeyFile(data []byte) (*KeyFile, error) {
	if len(data) > maxKeyFileSize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "key file is larger than %d bytes", maxKeyFileSize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var kf KeyFile
	if err := dec.Decode(&kf); err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "key file is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "key file has data after its JSON object")
	}
	if err := kf.validate(); err != nil {
		return nil, err
	}
	return &kf, nil
}

// validate checks the structure of kf.
func (kf *KeyFile) validate() error {
	if kf.Version != FormatVersion {
		return ownwords.Errorf(ownwords.EINVALID, "key file format version %d is not supported (this ownwords reads version %d)", kf.Version, FormatVersion)
	}
	if id, err := hex.DecodeString(kf.KeyID); err != nil || len(id) != keyIDSize || hex.EncodeToString(id) != kf.KeyID {
		return ownwords.Errorf(ownwords.EINVALID, "key_id must be %d lowercase hex digits", 2*keyIDSize)
	}
	if kf.Created.IsZero() {
		return ownwords.Errorf(ownwords.EINVALID, "key file has no creation time")
	}
	if len(kf.Wraps) == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "key file has no wraps")
	}
	for i := range kf.Wraps {
		if err := kf.Wraps[i].validate(); err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "wrap %d: %s", i+1, ownwords.ErrorMessage(err))
		}
	}
	if len(kf.MAC) != macSize {
		return ownwords.Errorf(ownwords.EINVALID, "key file MAC must be %d bytes", macSize)
	}
	return nil
}

// validate checks the fields of one wrap against its type.
func (w *Wrap) validate() error {
	switch w.Type {
	case WrapPassphrase:
		switch {
		case w.KDF == nil:
			return ownwords.Errorf(ownwords.EINVALID, "passphrase wrap has no kdf")
		case len(w.Salt) < saltSize || len(w.Salt) > maxSaltSize:
			return ownwords.Errorf(ownwords.EINVALID, "salt must be %d-%d bytes", saltSize, maxSaltSize)
		case len(w.Nonce) != gcmNonceSize:
			return ownwords.Errorf(ownwords.EINVALID, "nonce must be %d bytes", gcmNonceSize)
		case len(w.Ciphertext) != DataKeySize+gcmTagSize:
			return ownwords.Errorf(ownwords.EINVALID, "ciphertext must be %d bytes", DataKeySize+gcmTagSize)
		case w.Recipient != "":
			return ownwords.Errorf(ownwords.EINVALID, "passphrase wrap must not name a recipient")
		}
		return w.KDF.validate()
	case WrapAge:
		switch {
		case w.KDF != nil || w.Salt != nil || w.Nonce != nil:
			return ownwords.Errorf(ownwords.EINVALID, "age wrap must not have kdf, salt or nonce")
		case len(w.Ciphertext) == 0 || len(w.Ciphertext) > maxAgeWrapSize:
			return ownwords.Errorf(ownwords.EINVALID, "age ciphertext must be 1-%d bytes", maxAgeWrapSize)
		}
		_, err := parseRecipient(w.Recipient)
		return err
	}
	return ownwords.Errorf(ownwords.EINVALID, "unknown wrap type %q (want %q or %q)", w.Type, WrapPassphrase, WrapAge)
}

// Marshal encodes kf as indented JSON ending in a newline.
func (kf *KeyFile) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// computeMAC returns the MAC of kf under dataKey.
func (kf *KeyFile) computeMAC(dataKey []byte) ([]byte, error) {
	macKey, err := hkdf.Key(sha256.New, dataKey, nil, macInfo, sha256.Size)
	if err != nil {
		return nil, err
	}
	defer clear(macKey)
	unsigned := *kf
	unsigned.MAC = nil
	body, err := json.Marshal(&unsigned)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, macKey)
	m.Write(body)
	return m.Sum(nil), nil
}

// seal sets kf.MAC under dataKey; every change to kf must end with it.
func (kf *KeyFile) seal(dataKey []byte) error {
	mac, err := kf.computeMAC(dataKey)
	if err != nil {
		return err
	}
	kf.MAC = mac
	return nil
}

// checkMAC returns errAltered unless kf.MAC is right for dataKey.
func (kf *KeyFile) checkMAC(dataKey []byte) error {
	mac, err := kf.computeMAC(dataKey)
	if err != nil {
		return err
	}
	if !hmac.Equal(mac, kf.MAC) {
		return errAltered
	}
	return nil
}

// newKeyFile returns a sealed key file holding dataKey under passphrase.
func newKeyFile(dataKey, passphrase []byte, now time.Time) (*KeyFile, error) {
	id, err := randomBytes(keyIDSize)
	if err != nil {
		return nil, err
	}
	kf := &KeyFile{Version: FormatVersion, KeyID: hex.EncodeToString(id), Created: now.UTC().Truncate(time.Second)}
	w, err := kf.newPassphraseWrap(dataKey, passphrase, newParams())
	if err != nil {
		return nil, err
	}
	kf.Wraps = []Wrap{w}
	return kf, kf.seal(dataKey)
}
