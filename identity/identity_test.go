package identity

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
)

func mustID(tb testing.TB) *age.X25519Identity {
	tb.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func idFile(id *age.X25519Identity) *strings.Reader { return strings.NewReader(id.String() + "\n") }

// canary is a planted, synthetic identity that must never appear in clear.
const canary = "Zyxwerta Plonkovich"

func TestVaultRoundTrip(t *testing.T) {
	custodian, stranger := mustID(t), mustID(t)
	path := filepath.Join(t.TempDir(), "identities.age")
	v, err := New([]string{custodian.Recipient().String()})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Add(Record{Pseudonym: "P-0001", Name: canary, Contacts: []string{"+00 000 0000"}, Consents: []Consent{{Date: "2024-05-01", Scope: "interview"}}}); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(path); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte(canary)) || bytes.Contains(raw, []byte("P-0001")) {
		t.Fatal("the vault file holds plaintext")
	}
	got, err := Open(path, idFile(custodian))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := got.Find("P-0001"); !ok || r.Name != canary {
		t.Fatalf("Find = %+v, %v", r, ok)
	}
	tests := []struct {
		name string
		data []byte
		id   *age.X25519Identity
		code string
	}{
		{"ErrStranger", raw, stranger, ownwords.EUNAUTHORIZED},
		{"ErrTruncated", raw[:len(raw)-20], custodian, ownwords.EINVALID},
		{"ErrBitFlipped", flip(raw, len(raw)-40), custodian, ownwords.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "v.age")
			os.WriteFile(p, tt.data, 0o600)
			_, err := Open(p, idFile(tt.id))
			if ownwords.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			if err != nil && strings.Contains(err.Error(), canary) {
				t.Fatal("identity in an error message")
			}
		})
	}
	if err := got.Add(Record{Pseudonym: "P-0001", Name: "x"}); ownwords.ErrorCode(err) != ownwords.ECONFLICT {
		t.Fatalf("duplicate pseudonym: %v", err)
	}
	if err := got.Add(Record{Pseudonym: "bad code!", Name: "x"}); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("bad pseudonym: %v", err)
	}
	if _, err := New(nil); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("New without recipients: %v", err)
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}
