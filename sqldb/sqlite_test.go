package sqldb_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

func TestSQLiteReopen(t *testing.T) {
	ctx := t.Context()
	db, path := sqldbtest.OpenSQLite(t)
	s := sqldbtest.MustStudy(t, db, "Reopen")
	must(t, db.Close())

	t.Run("OK", func(t *testing.T) {
		db, err := sqldb.Open(ctx, sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)})
		must(t, err)
		defer db.Close()
		got, err := db.Study(ctx, s.ID)
		must(t, err)
		if got.Name != "Reopen" {
			t.Fatalf("study = %+v", got)
		}
	})
	t.Run("ErrWrongPassphraseTouchesNothing", func(t *testing.T) {
		before := hashDir(t, filepath.Dir(path))
		_, err := sqldb.Open(ctx, sqldb.Config{DSN: path, Passphrase: []byte("wrong horse")})
		wantCode(t, err, ownwords.EUNAUTHORIZED)
		if after := hashDir(t, filepath.Dir(path)); after != before {
			t.Fatal("a failed open changed files on disk")
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, err := sqldb.Open(ctx, sqldb.Config{DSN: filepath.Join(t.TempDir(), "none.ownwords"), Passphrase: []byte("x")})
		wantCode(t, err, ownwords.ENOTFOUND)
	})
	t.Run("ErrCreateExisting", func(t *testing.T) {
		_, err := sqldb.Create(ctx, sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)})
		wantCode(t, err, ownwords.ECONFLICT)
	})
	t.Run("ErrForeignKeyFile", func(t *testing.T) {
		_, other := sqldbtest.OpenSQLite(t)
		copyFile(t, sqldb.KeyPath(other), sqldb.KeyPath(path)+".swap")
		orig := sqldb.KeyPath(path) + ".orig"
		must(t, os.Rename(sqldb.KeyPath(path), orig))
		must(t, os.Rename(sqldb.KeyPath(path)+".swap", sqldb.KeyPath(path)))
		defer os.Rename(orig, sqldb.KeyPath(path))
		_, err := sqldb.Open(ctx, sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)})
		wantCode(t, err, ownwords.EINVALID)
	})
}

// TestSQLiteCanary plants distinctive phrases in every kind of text the
// store keeps and checks that none reaches the disk in plaintext: not the
// study file, its WAL or shared memory, the key sidecar, nor any other file
// the store wrote, while open and after closing.
func TestSQLiteCanary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "canary.ownwords")
	db, err := sqldb.Create(ctx, sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)})
	must(t, err)
	canaries := []string{"ZEBRAQUOKKA", "Ἀλέξανδρος-canary", "قنارية-كناري", "PASSWORDHASHCANARY", "MEMOCANARY"}
	s := sqldbtest.MustStudy(t, db, "Study "+canaries[0])
	must(t, db.CreateAttribute(ctx, &ownwords.Attribute{StudyID: s.ID, Slug: "note", Type: ownwords.AttrText}))
	p := &ownwords.Participant{StudyID: s.ID, Code: "P-0001", Values: map[string]ownwords.Value{
		"note": {Type: ownwords.AttrText, Str: "lives near " + canaries[1]}}}
	must(t, db.CreateParticipant(ctx, p))
	body := strings.Repeat("Filler text about daily life. ", 400) + "He said " + canaries[2] + " twice."
	iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: "iv", Transcript: body}
	must(t, db.CreateInterview(ctx, iv))
	must(t, db.CreateUser(ctx, &ownwords.User{Name: "u", PasswordHash: canaries[3]}))
	must(t, db.CreateMemo(ctx, &ownwords.Memo{StudyID: s.ID, TargetType: ownwords.MemoStudy, TargetID: s.ID, Body: canaries[4]}))
	code := &ownwords.Code{StudyID: s.ID, Slug: "c", Description: canaries[0]}
	must(t, db.CreateCode(ctx, code))

	check := func(when string) {
		entries, err := os.ReadDir(dir)
		must(t, err)
		if len(entries) == 0 {
			t.Fatal("store wrote no files")
		}
		for _, e := range entries {
			raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
			must(t, err)
			for _, c := range canaries {
				if bytes.Contains(raw, []byte(c)) {
					t.Errorf("%s: canary %q found in plaintext in %s", when, c, e.Name())
				}
			}
		}
	}
	check("while open")
	// Reading back proves the data is there, just not in plaintext.
	got, err := db.Interview(ctx, iv.ID)
	must(t, err)
	if !strings.Contains(got.Transcript, canaries[2]) {
		t.Fatal("transcript lost")
	}
	must(t, db.Close())
	check("after close")
}

func hashDir(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	entries, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		must(t, err)
		h.Write([]byte(e.Name()))
		h.Write(raw)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	raw, err := os.ReadFile(from)
	must(t, err)
	must(t, os.WriteFile(to, raw, 0o600))
}
