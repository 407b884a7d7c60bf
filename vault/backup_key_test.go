package vault

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
)

func TestBech32EncodeReference(t *testing.T) {
	// BIP 173's valid test vectors with empty data; and a round trip
	// through age's own parser, which checks the checksum.
	for _, want := range []string{"a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"} {
		hrp, _, _ := strings.Cut(want, "1")
		var data []byte
		if want != "a12uel5l" {
			// "qpzry9x8gf2tvdw0s3jn54khce6mua7l" is the values 0..31: 20 bytes.
			data = []byte{0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf, 0x84, 0x65, 0x3a, 0x56, 0xd7, 0xc6, 0x75, 0xbe, 0x77, 0xdf}
		}
		if got := bech32Encode(hrp, data); got != want {
			t.Errorf("bech32Encode(%q) = %q, want %q", hrp, got, want)
		}
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := age.ParseX25519Identity(id.String()); err != nil {
		t.Fatal(err)
	}
}

func TestBackupIdentity(t *testing.T) {
	key := bytes.Repeat([]byte{7}, DataKeySize)
	a, err := BackupIdentity(key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := BackupIdentity(key)
	if a.String() != b.String() {
		t.Fatal("BackupIdentity is not deterministic")
	}
	other, _ := BackupIdentity(bytes.Repeat([]byte{8}, DataKeySize))
	if other.Recipient().String() == a.Recipient().String() {
		t.Fatal("two data keys give the same backup identity")
	}
	var buf bytes.Buffer
	w, _ := age.Encrypt(&buf, a.Recipient())
	io.WriteString(w, "snapshot")
	w.Close()
	ct := buf.Bytes()
	if r, err := age.Decrypt(bytes.NewReader(ct), b); err != nil {
		t.Fatalf("decrypt with the same data key: %v", err)
	} else if got, _ := io.ReadAll(r); string(got) != "snapshot" {
		t.Fatalf("decrypted %q", got)
	}
	if _, err := age.Decrypt(bytes.NewReader(ct), other); err == nil {
		t.Fatal("another data key's identity decrypted the backup")
	}
	_, err = BackupIdentity([]byte("short"))
	wantCode(t, err, ownwords.EINVALID)
}

func TestRemoveRecipient(t *testing.T) {
	path, key := mustCreate(t, testPass)
	a := mustAddIdentity(t, path, key)
	b := mustAddIdentity(t, path, key)
	kf := mustReadKeyFile(t, path)
	if got := kf.Recipients(); len(got) != 2 || got[0] != a.Recipient().String() || got[1] != b.Recipient().String() {
		t.Fatalf("Recipients = %v", got)
	}
	if err := kf.RemoveRecipient(key, a.Recipient().String()); err != nil {
		t.Fatal(err)
	}
	if err := kf.Save(path); err != nil {
		t.Fatal(err)
	}
	var ida, idb bytes.Buffer
	ida.WriteString(a.String() + "\n")
	idb.WriteString(b.String() + "\n")
	_, err := UnlockWithIdentity(path, &ida)
	wantCode(t, err, ownwords.EUNAUTHORIZED)
	got, err := UnlockWithIdentity(path, &idb)
	if err != nil {
		t.Fatal(err)
	}
	wantKey(t, got, key)
	// The passphrase still opens it: the MAC was re-sealed.
	if _, err := Unlock(path, testPass); err != nil {
		t.Fatal(err)
	}
	kf = mustReadKeyFile(t, path)
	wantCode(t, kf.RemoveRecipient(key, a.Recipient().String()), ownwords.ENOTFOUND)
	wantCode(t, kf.RemoveRecipient(bytes.Repeat([]byte{1}, DataKeySize), b.Recipient().String()), ownwords.EINVALID)
	wantCode(t, CheckRecipient("AGE-SECRET-KEY-1QQQ"), ownwords.EINVALID)
	if err := CheckRecipient(b.Recipient().String()); err != nil {
		t.Fatal(err)
	}
}
