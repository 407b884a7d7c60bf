package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ownwords"
)

func TestNewDataKey(t *testing.T) {
	a, err := NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != DataKeySize || len(b) != DataKeySize || bytes.Equal(a, b) {
		t.Fatalf("two data keys %x and %x: want two different %d-byte keys", a, b, DataKeySize)
	}
}

func TestSidecarPath(t *testing.T) {
	if got := SidecarPath(filepath.Join("data", "study.db")); got != filepath.Join("data", "study.db.key") {
		t.Errorf("SidecarPath = %q", got)
	}
}

func TestCreateUnlock(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		got, err := Unlock(path, testPass)
		if err != nil {
			t.Fatal(err)
		}
		wantKey(t, got, key)
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", info.Mode().Perm())
		}
		if names := mustDirNames(t, filepath.Dir(path)); !slices.Equal(names, []string{"study.db.key"}) {
			t.Errorf("directory holds %v, want only the key file", names)
		}
		kf := mustReadKeyFile(t, path)
		if len(kf.KeyID) != 32 || kf.Version != FormatVersion || len(kf.Wraps) != 1 || *kf.Wraps[0].KDF != testParams {
			t.Errorf("key file %+v", kf)
		}
		if bytes.Contains(mustReadFile(t, path), key) {
			t.Error("the key file holds the data key in the clear")
		}
	})
	t.Run("ErrWrongPassphraseFileUnchanged", func(t *testing.T) {
		path, _ := mustCreate(t, testPass)
		before := mustReadFile(t, path)
		key, err := Unlock(path, []byte("incorrect horse battery staple"))
		wantCode(t, err, ownwords.EUNAUTHORIZED)
		if want := "wrong passphrase for " + path; ownwords.ErrorMessage(err) != want {
			t.Errorf("message %q, want %q", ownwords.ErrorMessage(err), want)
		}
		if key != nil {
			t.Errorf("got a key %x with a wrong passphrase", key)
		}
		if !bytes.Equal(mustReadFile(t, path), before) {
			t.Error("a failed unlock changed the key file")
		}
		if names := mustDirNames(t, filepath.Dir(path)); len(names) != 1 {
			t.Errorf("directory holds %v after a failed unlock", names)
		}
	})
	t.Run("ErrRefuseOverwrite", func(t *testing.T) {
		path, _ := mustCreate(t, testPass)
		before := mustReadFile(t, path)
		_, err := Create(path, []byte("another passphrase"))
		wantCode(t, err, ownwords.ECONFLICT)
		if !bytes.Equal(mustReadFile(t, path), before) {
			t.Error("Create changed an existing key file")
		}
	})
	t.Run("ErrRefuseOverwriteRace", func(t *testing.T) {
		// writeAtomic itself must refuse, not only Create's early check.
		path, _ := mustCreate(t, testPass)
		wantCode(t, writeAtomic(path, []byte("{}"), false), ownwords.ECONFLICT)
		if names := mustDirNames(t, filepath.Dir(path)); len(names) != 1 {
			t.Errorf("directory holds %v, want no temporary file left", names)
		}
	})
	t.Run("ErrShortPassphrase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "s.key")
		_, err := Create(path, []byte("seven77"))
		wantCode(t, err, ownwords.EINVALID)
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Error("Create wrote a key file for a refused passphrase")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "missing.key")
		_, err := Unlock(path, testPass)
		wantCode(t, err, ownwords.ENOTFOUND)
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%v does not name the file", err)
		}
	})
	t.Run("ErrCorrupt", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "corrupt.key")
		if err := os.WriteFile(path, []byte(`{"version": 1, "key_id": `), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Unlock(path, testPass)
		wantCode(t, err, ownwords.EINVALID)
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%v does not name the file", err)
		}
	})
}

// TestUnlockTampered changes one field of a valid sidecar at a time; each
// change must stop Unlock from returning a key.
func TestUnlockTampered(t *testing.T) {
	flip := func(b []byte) { b[len(b)/2] ^= 0x01 }
	other, _ := mustCreate(t, testPass) // same passphrase, other key file
	tests := []struct {
		name   string
		tamper func(kf *KeyFile)
		code   string
	}{
		{"ErrSalt", func(kf *KeyFile) { flip(kf.Wraps[0].Salt) }, ownwords.EUNAUTHORIZED},
		{"ErrNonce", func(kf *KeyFile) { flip(kf.Wraps[0].Nonce) }, ownwords.EUNAUTHORIZED},
		{"ErrCiphertext", func(kf *KeyFile) { flip(kf.Wraps[0].Ciphertext) }, ownwords.EUNAUTHORIZED},
		{"ErrKDFTime", func(kf *KeyFile) { kf.Wraps[0].KDF.Time++ }, ownwords.EUNAUTHORIZED},
		{"ErrKDFMemory", func(kf *KeyFile) { kf.Wraps[0].KDF.MemoryKiB += 8 }, ownwords.EUNAUTHORIZED},
		{"ErrKeyID", func(kf *KeyFile) { kf.KeyID = strings.Repeat("ab", 16) }, ownwords.EUNAUTHORIZED},
		{"ErrWrapFromOtherFile", func(kf *KeyFile) { kf.Wraps[0] = mustReadKeyFile(t, other).Wraps[0] }, ownwords.EUNAUTHORIZED},
		{"ErrVersion", func(kf *KeyFile) { kf.Version = 2 }, ownwords.EINVALID},
		{"ErrCreated", func(kf *KeyFile) { kf.Created = kf.Created.Add(time.Hour) }, ownwords.EINVALID},
		{"ErrMAC", func(kf *KeyFile) { flip(kf.MAC) }, ownwords.EINVALID},
		{"ErrAddedWrap", func(kf *KeyFile) { kf.Wraps = append(kf.Wraps, kf.Wraps[0]) }, ownwords.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, _ := mustCreate(t, testPass)
			kf := mustReadKeyFile(t, path)
			tt.tamper(kf)
			mustWriteKeyFile(t, path, kf)
			key, err := Unlock(path, testPass)
			wantCode(t, err, tt.code)
			if key != nil {
				t.Errorf("got key %x from a tampered file", key)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("%v does not name the file", err)
			}
		})
	}
}

func TestChangePassphrase(t *testing.T) {
	newPass := []byte("a new and longer passphrase")
	t.Run("OK", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		before := mustReadKeyFile(t, path)
		if err := ChangePassphrase(path, testPass, newPass); err != nil {
			t.Fatal(err)
		}
		_, err := Unlock(path, testPass)
		wantCode(t, err, ownwords.EUNAUTHORIZED)
		got, err := Unlock(path, newPass)
		if err != nil {
			t.Fatal(err)
		}
		wantKey(t, got, key)
		after := mustReadKeyFile(t, path)
		if after.KeyID != before.KeyID || !after.Created.Equal(before.Created) {
			t.Errorf("key ID or creation time changed: %+v -> %+v", before, after)
		}
		if bytes.Equal(after.Wraps[0].Salt, before.Wraps[0].Salt) || bytes.Equal(after.Wraps[0].Nonce, before.Wraps[0].Nonce) {
			t.Error("the new wrap reuses the old salt or nonce")
		}
		if names := mustDirNames(t, filepath.Dir(path)); len(names) != 1 {
			t.Errorf("directory holds %v, want only the key file", names)
		}
	})
	t.Run("KeepsAgeWraps", func(t *testing.T) {
		path, key := mustCreate(t, testPass)
		id := mustAddIdentity(t, path, key)
		if err := ChangePassphrase(path, testPass, newPass); err != nil {
			t.Fatal(err)
		}
		got, err := UnlockWithIdentity(path, strings.NewReader(id.String()))
		if err != nil {
			t.Fatal(err)
		}
		wantKey(t, got, key)
	})
	t.Run("ErrWrongOldFileUnchanged", func(t *testing.T) {
		path, _ := mustCreate(t, testPass)
		before := mustReadFile(t, path)
		wantCode(t, ChangePassphrase(path, []byte("not the passphrase"), newPass), ownwords.EUNAUTHORIZED)
		if !bytes.Equal(mustReadFile(t, path), before) {
			t.Error("a failed change rewrote the key file")
		}
	})
	t.Run("ErrShortNew", func(t *testing.T) {
		path, _ := mustCreate(t, testPass)
		before := mustReadFile(t, path)
		wantCode(t, ChangePassphrase(path, testPass, []byte("short")), ownwords.EINVALID)
		if !bytes.Equal(mustReadFile(t, path), before) {
			t.Error("a refused change rewrote the key file")
		}
	})
}

func TestShred(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path, _ := mustCreate(t, testPass)
		if err := Shred(path); err != nil {
			t.Fatal(err)
		}
		if names := mustDirNames(t, filepath.Dir(path)); len(names) != 0 {
			t.Errorf("directory holds %v after shredding", names)
		}
		_, err := Unlock(path, testPass)
		wantCode(t, err, ownwords.ENOTFOUND)
	})
	t.Run("OverwritesBeforeRemoving", func(t *testing.T) {
		// A second hard link keeps the inode alive, so we can see what
		// Shred left in the blocks the key file used.
		path, _ := mustCreate(t, testPass)
		before := mustReadFile(t, path)
		spy := path + ".spy"
		if err := os.Link(path, spy); err != nil {
			t.Skipf("no hard links here: %v", err)
		}
		if err := Shred(path); err != nil {
			t.Fatal(err)
		}
		after := mustReadFile(t, spy)
		if len(after) != len(before) || bytes.Contains(after, []byte("ciphertext")) {
			t.Errorf("the key file's content was not overwritten: %q", after)
		}
	})
	t.Run("ErrNotAKeyFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "study.db")
		content := []byte("SQLite format 3\x00 pretend study")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		wantCode(t, Shred(path), ownwords.EINVALID)
		if !bytes.Equal(mustReadFile(t, path), content) {
			t.Error("Shred changed a file that is not a key file")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantCode(t, Shred(filepath.Join(t.TempDir(), "none.key")), ownwords.ENOTFOUND)
	})
}

// TestRecommendedParams checks that new wraps and password hashes outside
// tests use RFC 9106's second recommended option, and that a wrap made with
// it opens. (vaulttest's TestOutsideTestsFullCost checks that a program
// which is not a test gets these parameters.)
func TestRecommendedParams(t *testing.T) {
	want := KDFParams{Algorithm: "argon2id", Time: 3, MemoryKiB: 65536, Threads: 4}
	if recommendedParams != want {
		t.Fatalf("recommended params %+v, want %+v", recommendedParams, want)
	}
	if testing.Short() {
		t.Skip("64 MiB Argon2id in -short mode")
	}
	key, err := NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	kf := &KeyFile{Version: FormatVersion, KeyID: "0123456789abcdef0123456789abcdef"}
	w, err := kf.newPassphraseWrap(key, testPass, recommendedParams)
	if err != nil {
		t.Fatal(err)
	}
	kf.Wraps = []Wrap{w}
	if err := kf.seal(key); err != nil {
		t.Fatal(err)
	}
	got, _, err := kf.unwrapPassphrase(testPass)
	if err != nil {
		t.Fatal(err)
	}
	wantKey(t, got, key)
}
