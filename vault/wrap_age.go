package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

	"ownwords"
)

// errNoAgeWrap is returned when a key file has no custodian wraps.
var errNoAgeWrap = ownwords.Errorf(ownwords.EINVALID, "it has no age (custodian) wraps")

// parseRecipient parses an age public key: X25519 ("age1…") or the hybrid
// post-quantum kind ("age1pq1…"). The error never repeats s, which may be a
// private key pasted by mistake.
func parseRecipient(s string) (age.Recipient, error) {
	var (
		r   age.Recipient
		err error
	)
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		r, err = age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1"):
		r, err = age.ParseX25519Recipient(s)
	default:
		return nil, ownwords.Errorf(ownwords.EINVALID, "recipient is not an age public key (they start with \"age1\")")
	}
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "recipient is not a valid age public key")
	}
	return r, nil
}

// AddRecipients adds one age wrap of dataKey per recipient (an age public
// key, "age1…"), so that each custodian can open the study with their age
// identity. It changes kf only; Save writes it. EINVALID for a malformed
// recipient or a dataKey that is not kf's; ECONFLICT if a recipient already
// has a wrap. On error kf is unchanged.
func (kf *KeyFile) AddRecipients(dataKey []byte, recipients []string) error {
	if len(recipients) == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "no recipients given")
	}
	if err := kf.checkMAC(dataKey); err != nil {
		return errForeignKey
	}
	have := map[string]bool{}
	for _, w := range kf.Wraps {
		if w.Type == WrapAge {
			have[w.Recipient] = true
		}
	}
	wraps := make([]Wrap, 0, len(recipients))
	for i, s := range recipients {
		r, err := parseRecipient(s)
		if err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "recipient %d: %s", i+1, ownwords.ErrorMessage(err))
		}
		if have[s] {
			return ownwords.Errorf(ownwords.ECONFLICT, "recipient %s already has a wrap", s)
		}
		have[s] = true
		ct, err := ageEncrypt(dataKey, r)
		if err != nil {
			return fmt.Errorf("vault: wrap for recipient %d: %w", i+1, err)
		}
		wraps = append(wraps, Wrap{Type: WrapAge, Recipient: s, Ciphertext: ct})
	}
	next := *kf
	next.Wraps = append(append([]Wrap(nil), kf.Wraps...), wraps...)
	if err := next.seal(dataKey); err != nil {
		return err
	}
	*kf = next
	return nil
}

// ageEncrypt encrypts dataKey to r as a binary age file.
func ageEncrypt(dataKey []byte, r age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(dataKey); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnwrapWithIdentity returns the data key from the first age wrap that an
// identity in identityFile (an age identity file: "AGE-SECRET-KEY-1…" lines,
// "#" comments) opens, after checking the key file's MAC. EINVALID for a bad
// identity file, a key file without age wraps or an altered key file;
// EUNAUTHORIZED when no identity matches.
func (kf *KeyFile) UnwrapWithIdentity(identityFile io.Reader) ([]byte, error) {
	ids, err := age.ParseIdentities(identityFile)
	if err != nil {
		// age's messages never include key material.
		return nil, ownwords.Errorf(ownwords.EINVALID, "age identity file: %v", err)
	}
	found, damaged := false, false
	for _, w := range kf.Wraps {
		if w.Type != WrapAge {
			continue
		}
		found = true
		dataKey, err := ageDecrypt(w.Ciphertext, ids)
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			continue
		} else if err != nil {
			damaged = true
			continue
		}
		if err := kf.checkMAC(dataKey); err != nil {
			clear(dataKey)
			return nil, err
		}
		return dataKey, nil
	}
	switch {
	case !found:
		return nil, errNoAgeWrap
	case damaged:
		return nil, errAltered
	}
	return nil, errNoIdentity
}

// ageDecrypt decrypts one age wrap and checks the data key's length.
func ageDecrypt(ct []byte, ids []age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(ct), ids...)
	if err != nil {
		return nil, err
	}
	dataKey, err := io.ReadAll(io.LimitReader(r, DataKeySize+1))
	if err != nil {
		return nil, err
	}
	if len(dataKey) != DataKeySize {
		clear(dataKey)
		return nil, errors.New("vault: age wrap does not hold a data key")
	}
	return dataKey, nil
}
