package vault

import (
	"filippo.io/age"

	"ownwords"
)

// Recipients returns the age public keys of kf's custodian wraps, in the
// order they were added.
func (kf *KeyFile) Recipients() []string {
	var rs []string
	for _, w := range kf.Wraps {
		if w.Type == WrapAge {
			rs = append(rs, w.Recipient)
		}
	}
	return rs
}

// RemoveRecipient deletes the custodian wrap of recipient and re-seals kf
// under dataKey. It changes kf only; Save writes it. EINVALID for a dataKey
// that is not kf's; ENOTFOUND if recipient has no wrap. A removed custodian
// who kept a copy of the old sidecar can still open the study file with it:
// only rotating the data key (sqldb.RotateKey) revokes that.
func (kf *KeyFile) RemoveRecipient(dataKey []byte, recipient string) error {
	if err := kf.checkMAC(dataKey); err != nil {
		return errForeignKey
	}
	next := *kf
	next.Wraps = nil
	found := false
	for _, w := range kf.Wraps {
		if w.Type == WrapAge && w.Recipient == recipient {
			found = true
			continue
		}
		next.Wraps = append(next.Wraps, w)
	}
	if !found {
		return ownwords.Errorf(ownwords.ENOTFOUND, "recipient %s has no wrap in this key file", recipient)
	}
	if err := next.seal(dataKey); err != nil {
		return err
	}
	*kf = next
	return nil
}

// CheckRecipient reports (EINVALID) whether s is not an age public key
// that can receive a wrap or an encrypted export. The error never repeats s.
func CheckRecipient(s string) error {
	_, err := parseRecipient(s)
	return err
}

// Owns reports whether dataKey is the key kf wraps (its MAC checks).
func (kf *KeyFile) Owns(dataKey []byte) bool {
	return kf.checkMAC(dataKey) == nil
}

// ParseRecipient parses an age public key ("age1…", or "age1pq1…" for the
// hybrid post-quantum kind). EINVALID; the error never repeats s, which may
// be a private key pasted by mistake.
func ParseRecipient(s string) (age.Recipient, error) {
	return parseRecipient(s)
}
