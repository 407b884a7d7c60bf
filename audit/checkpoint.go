package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"ownwords"
)

// Checkpoint is a signed statement that the log's head was entry Seq with
// hash Hash at time At. Kept outside the store (printed, mailed to a
// custodian), it catches a rewrite of the whole chain, which Verify alone
// cannot: see Extends.
type Checkpoint struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	At   time.Time `json:"at"`
}

// signedCheckpoint is the encoding Sign produces.
type signedCheckpoint struct {
	Checkpoint Checkpoint `json:"checkpoint"`
	Signature  []byte     `json:"signature"` // ed25519 over Checkpoint.message
}

// message is the exact text the signature covers: a fixed first line, so a
// checkpoint signature can never be taken for a signature of anything else,
// then the fields in a fixed form.
func (cp Checkpoint) message() []byte {
	return fmt.Appendf(nil, "ownwords audit checkpoint v1\nseq %d\nhash %s\nat %s\n",
		cp.Seq, cp.Hash, cp.At.UTC().Format(time.RFC3339Nano))
}

// validate checks that cp can name an entry.
func (cp Checkpoint) validate() error {
	h, err := hex.DecodeString(cp.Hash)
	switch {
	case cp.Seq < 1:
		return ownwords.Errorf(ownwords.EINVALID, "checkpoint seq %d: the log is empty or the seq is wrong", cp.Seq)
	case err != nil || len(h) != 32 || hex.EncodeToString(h) != cp.Hash:
		return ownwords.Errorf(ownwords.EINVALID, "checkpoint hash must be 64 lowercase hex digits")
	case cp.At.IsZero():
		return ownwords.Errorf(ownwords.EINVALID, "checkpoint has no time")
	}
	return nil
}

// Sign returns a checkpoint of head taken at time at, signed with priv, as
// indented JSON. EINVALID for an empty log's head or a malformed key.
func Sign(head ownwords.AuditHead, at time.Time, priv ed25519.PrivateKey) ([]byte, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "checkpoint signing key must be %d bytes", ed25519.PrivateKeySize)
	}
	cp := Checkpoint{Seq: head.Seq, Hash: head.Hash, At: at.UTC()}
	if err := cp.validate(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(signedCheckpoint{cp, ed25519.Sign(priv, cp.message())}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// VerifyCheckpoint parses a signed checkpoint from Sign and checks its
// signature with pub. EINVALID if it is malformed or the signature does not
// verify.
func VerifyCheckpoint(data []byte, pub ed25519.PublicKey) (Checkpoint, error) {
	if len(pub) != ed25519.PublicKeySize {
		return Checkpoint{}, ownwords.Errorf(ownwords.EINVALID, "checkpoint public key must be %d bytes", ed25519.PublicKeySize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sc signedCheckpoint
	if err := dec.Decode(&sc); err != nil {
		return Checkpoint{}, ownwords.Errorf(ownwords.EINVALID, "checkpoint is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Checkpoint{}, ownwords.Errorf(ownwords.EINVALID, "checkpoint has data after its JSON object")
	}
	cp := sc.Checkpoint
	if err := cp.validate(); err != nil {
		return Checkpoint{}, err
	}
	if !ed25519.Verify(pub, cp.message(), sc.Signature) {
		return Checkpoint{}, ownwords.Errorf(ownwords.EINVALID, "checkpoint of entry %d: the signature is not valid for this key", cp.Seq)
	}
	cp.At = cp.At.UTC()
	return cp, nil
}

// Extends reports whether the log of src is still the log cp was taken
// from, grown only by appending: the whole chain verifies and its entry
// cp.Seq still has hash cp.Hash. It returns nil if so, ECONFLICT saying what
// differs if not, and other errors for failures to read the log.
func Extends(ctx context.Context, src ownwords.AuditService, cp Checkpoint) error {
	var found string
	res, err := verify(ctx, src, func(e *ownwords.AuditEntry) {
		if e.Seq == cp.Seq && found == "" {
			found = e.Hash
		}
	})
	switch {
	case err != nil:
		return err
	case !res.OK:
		return ownwords.Errorf(ownwords.ECONFLICT, "the audit log does not verify, so it cannot extend checkpoint %d: %s", cp.Seq, res.FirstBad.Message)
	case res.Head.Seq < cp.Seq:
		return ownwords.Errorf(ownwords.ECONFLICT, "the audit log ends at entry %d, before checkpoint entry %d: it was cut short and rewritten", res.Head.Seq, cp.Seq)
	case found != cp.Hash:
		return ownwords.Errorf(ownwords.ECONFLICT, "entry %d differs from the signed checkpoint: the log was rewritten after %s", cp.Seq, cp.At.UTC().Format(time.RFC3339))
	}
	return nil
}
