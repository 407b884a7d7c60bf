package vault

import (
	"bytes"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
)

// mustIdentity generates an X25519 age identity.
func mustIdentity(tb testing.TB) *age.X25519Identity {
	tb.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// mustAddIdentity adds an age wrap for a new identity to the sidecar at
// path and returns the identity.
func mustAddIdentity(tb testing.TB, path string, key []byte) *age.X25519Identity {
	tb.Helper()
	id := mustIdentity(tb)
	kf := mustReadKeyFile(tb, path)
	if err := kf.AddRecipients(key, []string{id.Recipient().String()}); err != nil {
		tb.Fatalf("AddRecipients: %v", err)
	}
	if err := kf.Save(path); err != nil {
		tb.Fatalf("Save: %v", err)
	}
	return id
}

func TestAgeWraps(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		a, b := mustIdentity(t), mustIdentity(t)
		kf := mustReadKeyFile(t, path)
		if err := kf.AddRecipients(key, []string{a.Recipient().String(), b.Recipient().String()}); err != nil {
			t.Fatal(err)
		}
		if err := kf.Save(path); err != nil {
			t.Fatal(err)
		}
		for _, id := range []*age.X25519Identity{a, b} {
			file := "# custodian key\n" + id.String() + "\n"
			got, err := UnlockWithIdentity(path, strings.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			wantKey(t, got, key)
		}
		got, err := Unlock(path, testPass) // the passphrase still works
		if err != nil {
			t.Fatal(err)
		}
		wantKey(t, got, key)
	})
	t.Run("OKPostQuantum", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		id, err := age.GenerateHybridIdentity()
		if err != nil {
			t.Fatal(err)
		}
		kf := mustReadKeyFile(t, path)
		if err := kf.AddRecipients(key, []string{id.Recipient().String()}); err != nil {
			t.Fatal(err)
		}
		got, err := kf.UnwrapWithIdentity(strings.NewReader(id.String()))
		if err != nil {
			t.Fatal(err)
		}
		wantKey(t, got, key)
	})
	t.Run("ErrOtherIdentity", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		mustAddIdentity(t, path, key)
		got, err := UnlockWithIdentity(path, strings.NewReader(mustIdentity(t).String()))
		wantCode(t, err, ownwords.EUNAUTHORIZED)
		if got != nil || !strings.Contains(err.Error(), path) {
			t.Errorf("got key %x, error %v (want no key and the file's name)", got, err)
		}
	})
	t.Run("ErrNoAgeWraps", func(t *testing.T) {
		path, _ := mustCreate(t, testPass)
		_, err := UnlockWithIdentity(path, strings.NewReader(mustIdentity(t).String()))
		wantCode(t, err, ownwords.EINVALID)
	})
	t.Run("ErrBadIdentityFile", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		mustAddIdentity(t, path, key)
		_, err := UnlockWithIdentity(path, strings.NewReader("not an identity\n"))
		wantCode(t, err, ownwords.EINVALID)
	})
	t.Run("ErrForeignDataKey", func(t *testing.T) {
		path, _ := mustCreate(t, testPass)
		kf := mustReadKeyFile(t, path)
		before, _ := kf.Marshal()
		otherKey, _ := NewDataKey()
		wantCode(t, kf.AddRecipients(otherKey, []string{mustIdentity(t).Recipient().String()}), ownwords.EINVALID)
		if after, _ := kf.Marshal(); !bytes.Equal(before, after) {
			t.Error("a refused AddRecipients changed the key file")
		}
	})
	t.Run("ErrDuplicateRecipient", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		id := mustAddIdentity(t, path, key)
		kf := mustReadKeyFile(t, path)
		wantCode(t, kf.AddRecipients(key, []string{id.Recipient().String()}), ownwords.ECONFLICT)
		if len(kf.Wraps) != 2 {
			t.Errorf("%d wraps after a refused AddRecipients, want 2", len(kf.Wraps))
		}
	})
	t.Run("ErrPrivateKeyAsRecipient", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		secret := mustIdentity(t).String()
		kf := mustReadKeyFile(t, path)
		err := kf.AddRecipients(key, []string{secret})
		wantCode(t, err, ownwords.EINVALID)
		if strings.Contains(err.Error(), secret) {
			t.Error("the error repeats a private key")
		}
	})
	t.Run("ErrForgedWrap", func(t *testing.T) {
		// Someone who can write the sidecar adds a wrap of a key they
		// chose: it opens with their identity, but the MAC exposes it.
		path, key := mustCreate(t, testPass)
		mustAddIdentity(t, path, key)
		mallory := mustIdentity(t)
		forgedKey, _ := NewDataKey()
		ct, err := ageEncrypt(forgedKey, mallory.Recipient())
		if err != nil {
			t.Fatal(err)
		}
		kf := mustReadKeyFile(t, path)
		kf.Wraps = append(kf.Wraps, Wrap{Type: WrapAge, Recipient: mallory.Recipient().String(), Ciphertext: ct})
		mustWriteKeyFile(t, path, kf)
		_, err = UnlockWithIdentity(path, strings.NewReader(mallory.String()))
		wantCode(t, err, ownwords.EINVALID)
		_, err = Unlock(path, testPass)
		wantCode(t, err, ownwords.EINVALID)
	})
}
