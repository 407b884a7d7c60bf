// Package identity keeps the identity vault: the only place that links a
// participant's pseudonym (the participant code the study uses) to who they
// are — name, contacts, consent records.
//
// The vault is a separate file, encrypted with age to the study's
// custodians (X25519 or hybrid post-quantum recipients); it is never inside
// the study store, the web server never opens it, and only a custodian's
// age identity decrypts it. Every write re-encrypts the whole file to the
// recipients recorded inside it and replaces it atomically.
package identity

import (
	"ownwords/internal/atomicfile"

	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"filippo.io/age"

	"ownwords"
	"ownwords/vault"
)

// maxVaultSize bounds the decrypted vault (millions of records).
const maxVaultSize = 256 << 20

// Version is the vault format this package reads and writes.
const Version = 1

// Consent is one consent record.
type Consent struct {
	Date  string `json:"date"`  // ISO 8601
	Scope string `json:"scope"` // what was agreed to, e.g. "interview, audio, quotes"
	Note  string `json:"note,omitempty"`
}

// Record links one pseudonym to an identity.
type Record struct {
	Pseudonym string    `json:"pseudonym"`
	Name      string    `json:"name"`
	Contacts  []string  `json:"contacts,omitempty"`
	Consents  []Consent `json:"consents,omitempty"`
	Added     time.Time `json:"added"`
}

// Vault is the decrypted content of a vault file.
type Vault struct {
	Version    int      `json:"version"`
	Recipients []string `json:"recipients"`
	Records    []Record `json:"records"`
}

// New returns an empty vault for recipients. EINVALID without a valid
// recipient.
func New(recipients []string) (*Vault, error) {
	v := &Vault{Version: Version, Recipients: slices.Clone(recipients)}
	if _, err := v.recipients(); err != nil {
		return nil, err
	}
	return v, nil
}

// recipients parses the vault's recipients.
func (v *Vault) recipients() ([]age.Recipient, error) {
	if len(v.Recipients) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "the identity vault needs at least one custodian recipient")
	}
	var rs []age.Recipient
	for i, s := range v.Recipients {
		r, err := vault.ParseRecipient(s)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "recipient %d: %s", i+1, ownwords.ErrorMessage(err))
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// Add stores r. EINVALID for a record without pseudonym or name; ECONFLICT
// if the pseudonym is taken.
func (v *Vault) Add(r Record) error {
	p := &ownwords.Participant{StudyID: "x", Code: r.Pseudonym}
	if err := p.Validate(); err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "pseudonym must be a participant code (letters, digits, '_', '.', '-')")
	}
	if strings.TrimSpace(r.Name) == "" {
		return ownwords.Errorf(ownwords.EINVALID, "record for %s has no name", r.Pseudonym)
	}
	if _, ok := v.Find(r.Pseudonym); ok {
		return ownwords.Errorf(ownwords.ECONFLICT, "pseudonym %s already has a record", r.Pseudonym)
	}
	v.Records = append(v.Records, r)
	return nil
}

// Find returns the record of a pseudonym.
func (v *Vault) Find(pseudonym string) (Record, bool) {
	for _, r := range v.Records {
		if r.Pseudonym == pseudonym {
			return r, true
		}
	}
	return Record{}, false
}

// Pseudonyms lists the pseudonyms with a record, sorted.
func (v *Vault) Pseudonyms() []string {
	ps := make([]string, 0, len(v.Records))
	for _, r := range v.Records {
		ps = append(ps, r.Pseudonym)
	}
	slices.Sort(ps)
	return ps
}

// Save encrypts v to its recipients and replaces the file at path
// atomically (mode 0600).
func (v *Vault) Save(path string) error {
	rs, err := v.recipients()
	if err != nil {
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rs...)
	if err == nil {
		_, err = w.Write(body)
	}
	if err == nil {
		err = w.Close()
	}
	clear(body)
	if err != nil {
		return fmt.Errorf("identity: encrypt: %w", err)
	}
	if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("identity: %w", err)
	}
	return nil
}

// Open decrypts the vault at path with the age identities in identityFile.
// ENOTFOUND if there is no file; EUNAUTHORIZED if no identity opens it;
// EINVALID for a damaged or altered file. Errors never contain identities.
func Open(path string, identityFile io.Reader) (*Vault, error) {
	ids, err := age.ParseIdentities(identityFile)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "age identity file: %v", err)
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "identity vault %s does not exist", path)
	} else if err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	defer f.Close()
	r, err := age.Decrypt(f, ids...)
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		return nil, ownwords.Errorf(ownwords.EUNAUTHORIZED, "none of the given identities opens identity vault %s", path)
	} else if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "identity vault %s is damaged or not a vault", path)
	}
	body, err := io.ReadAll(io.LimitReader(r, maxVaultSize+1))
	if err != nil || len(body) > maxVaultSize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "identity vault %s is damaged, truncated or too large", path)
	}
	defer clear(body)
	var v Vault
	if err := json.Unmarshal(body, &v); err != nil || v.Version != Version {
		return nil, ownwords.Errorf(ownwords.EINVALID, "identity vault %s has an unknown format", path)
	}
	return &v, nil
}
