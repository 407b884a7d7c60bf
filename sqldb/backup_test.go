package sqldb

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
	"ownwords/vault"
)

// mustBackup opens the fixture and backs it up to memory, with custodians.
func mustBackup(tb testing.TB, f rotFixture, custodians ...string) []byte {
	tb.Helper()
	db, err := Open(context.Background(), Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(tb, err)
	defer db.Close()
	var buf bytes.Buffer
	if _, err := db.Backup(context.Background(), f.path, &buf, custodians, nil); err != nil {
		tb.Fatalf("backup: %v", err)
	}
	return buf.Bytes()
}

// restoreTo restores backup to a new study file beside nothing, with the
// sidecar at keyFile opened by the test passphrase.
func restoreTo(tb testing.TB, backup []byte, keyFile string, verify func(context.Context, ownwords.Store) error) (string, *BackupManifest, error) {
	tb.Helper()
	key, err := vault.Unlock(keyFile, []byte(rotatePass))
	if err != nil {
		return "", nil, err
	}
	dest := filepath.Join(tb.TempDir(), "restored.ownwords")
	m, err := Restore(context.Background(), bytes.NewReader(backup), RestoreOptions{Dest: dest, KeyFile: keyFile, DataKey: key, Verify: verify})
	return dest, m, err
}

func TestBackupRestore(t *testing.T) {
	f := mustRotFixture(t, 3000)
	backup := mustBackup(t, f)
	verified := false
	dest, m, err := restoreTo(t, backup, KeyPath(f.path), func(ctx context.Context, st ownwords.Store) error {
		verified = true
		h, err := st.AuditHead(ctx)
		if err == nil && h.Seq < 1 {
			t.Error("restored audit log is empty")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !verified {
		t.Fatal("Verify was not called")
	}
	kf, _ := vault.ReadKeyFile(KeyPath(f.path))
	if m.KeyID != kf.KeyID || m.AuditHead.Seq < 1 {
		t.Fatalf("manifest %+v", m)
	}
	restored := rotFixture{path: dest, studyID: f.studyID, interviewID: f.interviewID, sum: f.sum}
	restored.checkIntact(t)
	if bytes.Contains(backup, []byte("harbour")) {
		t.Fatal("transcript words in the backup file")
	}
}

func TestBackupRestoreRejected(t *testing.T) {
	f := mustRotFixture(t, 3000)
	backup := mustBackup(t, f)
	other := mustRotFixture(t, 10)
	flipped := bytes.Clone(backup)
	flipped[len(flipped)/2] ^= 0x01
	tests := []struct {
		name    string
		backup  []byte
		keyFile string
		verify  func(context.Context, ownwords.Store) error
		code    string
	}{
		{"ErrOtherStudyKey", backup, KeyPath(other.path), nil, ownwords.EUNAUTHORIZED},
		{"ErrTruncated", backup[:len(backup)-100], KeyPath(f.path), nil, ownwords.EINVALID},
		{"ErrTruncatedToHeader", backup[:300], KeyPath(f.path), nil, ownwords.EINVALID},
		{"ErrBitFlipped", flipped, KeyPath(f.path), nil, ownwords.EINVALID},
		{"ErrNotABackup", []byte("hello"), KeyPath(f.path), nil, ownwords.EINVALID},
		{"ErrVerifyFails", backup, KeyPath(f.path), func(context.Context, ownwords.Store) error {
			return ownwords.Errorf(ownwords.ECONFLICT, "audit log broken")
		}, ownwords.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest, _, err := restoreTo(t, tt.backup, tt.keyFile, tt.verify)
			if ownwords.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			if dest != "" && anyExists(dest) {
				t.Fatal("a failed restore left a study file")
			}
		})
	}
}

// TestBackupAfterShred is the crypto-shredding guarantee: once the sidecar
// is destroyed, a backup taken before cannot be opened, not even by a
// custodian the backup was encrypted to.
func TestBackupAfterShred(t *testing.T) {
	f := mustRotFixture(t, 3000)
	custodian, err := age.GenerateX25519Identity()
	mustDo(t, err)
	backup := mustBackup(t, f, custodian.Recipient().String())
	study := mustReadAll(t, f.path)
	mustDo(t, vault.Shred(KeyPath(f.path)))

	// The normal route: no key file, no restore.
	if _, _, err := restoreTo(t, backup, KeyPath(f.path), nil); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		t.Fatalf("restore after shredding: err = %v, want ENOTFOUND (no key file)", err)
	}
	// The custodian can strip the age layer, but inside is the study file
	// encrypted with the destroyed data key.
	r, err := age.Decrypt(bytes.NewReader(backup), custodian)
	mustDo(t, err)
	tr := tar.NewReader(r)
	var inner []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		mustDo(t, err)
		if h.Name == backupStudyMember {
			inner, _ = io.ReadAll(tr)
		}
	}
	if len(inner) == 0 || bytes.Contains(inner, []byte("harbour")) || bytes.Contains(inner, []byte("SQLite format")) {
		t.Fatal("the backup's study file is missing or readable without the key")
	}
	// No other key opens it, nor the copy of the study file itself.
	for i, data := range [][]byte{inner, study} {
		p := filepath.Join(t.TempDir(), "copy.ownwords")
		mustDo(t, os.WriteFile(p, data, 0o600))
		key, err := vault.NewDataKey()
		mustDo(t, err)
		db, err := openSQLiteKeyed(t.Context(), p, key, Config{DSN: p})
		if err == nil {
			db.Close()
			t.Fatalf("copy %d opened with a random key", i)
		}
		if !strings.Contains(ownwords.ErrorMessage(err), "cannot be decrypted") {
			t.Fatalf("copy %d: err = %v", i, err)
		}
	}
}

func mustReadAll(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	mustDo(tb, err)
	return b
}
