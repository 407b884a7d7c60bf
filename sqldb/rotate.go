package sqldb

import (
	"ownwords/internal/atomicfile"

	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"ownwords"
	"ownwords/vault"
)

// Key rotation replaces a study file's data key: the file is copied, page by
// page, re-encrypted under a new random key (sqliteSnapshot), beside the old
// one, and then both the file and its sidecar are swapped in. Two renames
// cannot be atomic together, so the swap is a small redo log:
//
//  1. "<study>.rotating" (the re-encrypted copy) and "<study>.rotating.key"
//     (its sidecar) are written and synced; nothing else changes;
//  2. the commit marker "<study>.rotating.commit" is written atomically:
//     this is the commit point;
//  3. the copy is renamed over the study, the old sidecar is overwritten
//     with noise and the new one renamed over it, the marker is removed.
//
// Whoever opens the study first runs recoverRotation: with no marker it
// deletes the staged files (the old pair was never touched), with a marker
// it finishes step 3 (every step can be repeated). So a rotation killed at
// any point leaves a study that opens with the old key or with the new one.
// A lock file held with an OS lock for the whole rotation keeps recovery
// from running while a rotation is alive.

// Suffixes of the files a rotation writes beside the study.
const (
	rotatingSuffix = ".rotating"        // the re-encrypted copy
	commitSuffix   = ".rotating.commit" // the commit marker
	lockSuffix     = ".rotating.lock"   // held by a running rotation
)

// rotateHook, when set by tests, is called at each step of RotateKey so
// that a test can stop the process there.
var rotateHook func(step string)

func hook(step string) {
	if rotateHook != nil {
		rotateHook(step)
	}
}

// RotateResult describes a finished key rotation.
type RotateResult struct {
	OldKeyID string `json:"old_key_id"`
	NewKeyID string `json:"new_key_id"`
	Pages    int    `json:"pages"`
	// Custodians are the age recipients re-wrapped under the new key.
	Custodians []string `json:"custodians,omitempty"`
}

// commitMarker is the content of the commit marker.
type commitMarker struct {
	OldKeyID string `json:"old_key_id"`
	NewKeyID string `json:"new_key_id"`
}

// RotateKey re-encrypts the study file cfg.DSN under a new random data key,
// wrapped under the same passphrase and for the same custodians, and
// destroys the old sidecar. progress gets (pages copied, total pages). The
// rotation is appended to the audit log twice: "key.rotate.begin" before the
// copy (so the copy holds it) and "key.rotate" in the new file once it is in
// place, both audited as the actor in ctx.
//
// The study must not be open elsewhere (stop `ownwords serve` first): a
// process that keeps the old file open keeps writing to it, and those writes
// are lost. Backups taken before the rotation need the old sidecar (see
// Backup). EINVALID for PostgreSQL; Open's errors for a wrong passphrase.
func RotateKey(ctx context.Context, cfg Config, progress func(done, total int)) (*RotateResult, error) {
	if IsPostgres(cfg.DSN) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "key rotation is for study files; a PostgreSQL server has no data key")
	}
	path, err := filepath.Abs(cfg.DSN)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "study file %q: %v", cfg.DSN, err)
	}
	unlock, err := lockRotation(path)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := recoverLocked(path); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "study file %s not found", cfg.DSN)
	}
	oldKF, err := vault.ReadKeyFile(KeyPath(path))
	if err != nil {
		return nil, err
	}
	oldKey, err := vault.Unlock(KeyPath(path), cfg.Passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(oldKey)
	db, err := openSQLiteKeyed(ctx, path, clone(oldKey), cfg)
	if err != nil {
		return nil, err
	}
	res, err := rotateOpen(ctx, db, path, oldKF, cfg.Passphrase, progress)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		// Undo, or finish if the marker was written before the failure.
		recoverLocked(path)
		return nil, err
	}
	hook("committed")
	if err := rollForward(path); err != nil {
		return nil, err
	}
	hook("swapped")
	// Record the finished rotation in the new file.
	newKey, err := vault.Unlock(KeyPath(path), cfg.Passphrase)
	if err != nil {
		return nil, err
	}
	ndb, err := openSQLiteKeyed(ctx, path, newKey, cfg)
	if err != nil {
		return nil, err
	}
	defer ndb.Close()
	sid, err := soleStudyID(ctx, ndb)
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("data key %s replaced by %s; %d pages re-encrypted; %d custodian wraps", res.OldKeyID, res.NewKeyID, res.Pages, len(res.Custodians))
	if err := ndb.Record(ctx, sid, "key.rotate", res.NewKeyID, detail); err != nil {
		return nil, err
	}
	return res, nil
}

// rotateOpen stages the new sidecar and the re-encrypted copy of the open
// db, and writes the commit marker while the copy is still consistent.
func rotateOpen(ctx context.Context, db *DB, path string, oldKF *vault.KeyFile, passphrase []byte, progress func(done, total int)) (*RotateResult, error) {
	staged := path + rotatingSuffix
	newKey, err := vault.Create(KeyPath(staged), passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(newKey)
	newKF, err := vault.ReadKeyFile(KeyPath(staged))
	if err != nil {
		return nil, err
	}
	res := &RotateResult{OldKeyID: oldKF.KeyID, NewKeyID: newKF.KeyID, Custodians: oldKF.Recipients()}
	if len(res.Custodians) > 0 {
		if err := newKF.AddRecipients(newKey, res.Custodians); err != nil {
			return nil, err
		}
		if err := newKF.Save(KeyPath(staged)); err != nil {
			return nil, err
		}
	}
	hook("staged-key")
	sid, err := soleStudyID(ctx, db)
	if err != nil {
		return nil, err
	}
	if err := db.Record(ctx, sid, "key.rotate.begin", res.NewKeyID, "re-encrypting under data key "+res.NewKeyID+", replacing "+res.OldKeyID); err != nil {
		return nil, err
	}
	err = db.sqliteSnapshot(ctx, staged, newKey, func(done, total int) {
		res.Pages = total
		hook("copy")
		if progress != nil {
			progress(done, total)
		}
	}, func() error {
		// The copy's recordings keep their content keys, wrapped under
		// the old data key: rewrap them under the new one before the
		// commit point.
		if err := rewrapStaged(ctx, staged, db.d.(sqliteDialect).key, newKey); err != nil {
			return err
		}
		hook("copied")
		m, _ := json.Marshal(commitMarker{OldKeyID: res.OldKeyID, NewKeyID: res.NewKeyID})
		return atomicfile.WriteFile(path+commitSuffix, append(m, '\n'))
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// rewrapStaged opens the staged copy with newKey and rewraps its
// recordings' content keys from oldKey (rewrapRecordingKeys), then syncs it.
func rewrapStaged(ctx context.Context, staged string, oldKey, newKey []byte) error {
	sdb, err := openSQLiteKeyed(ctx, staged, clone(newKey), Config{DSN: staged})
	if err != nil {
		return err
	}
	err = rewrapRecordingKeys(ctx, sdb, oldKey, newKey)
	if cerr := sdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return syncFile(staged)
}

// soleStudyID returns the ID of the only study in db, or "" if there are
// none or several (store-wide audit entries).
func soleStudyID(ctx context.Context, db *DB) (string, error) {
	studies, err := db.Studies(ctx)
	if err != nil {
		return "", err
	}
	if len(studies) == 1 {
		return studies[0].ID, nil
	}
	return "", nil
}

// recoverRotation finishes or undoes an interrupted rotation of the study
// file at path. It does nothing (and takes no lock) when no rotation left
// files behind; ECONFLICT while another process is rotating.
func recoverRotation(path string) error {
	if !anyExists(path+commitSuffix, path+rotatingSuffix, KeyPath(path+rotatingSuffix)) {
		return nil
	}
	unlock, err := lockRotation(path)
	if err != nil {
		return err
	}
	defer unlock()
	return recoverLocked(path)
}

// recoverLocked is recoverRotation with the rotation lock held.
func recoverLocked(path string) error {
	if anyExists(path + commitSuffix) {
		return rollForward(path)
	}
	return removeStaged(path)
}

// rollForward performs step 3 of a committed rotation; each part can be
// repeated after a crash.
func rollForward(path string) error {
	staged := path + rotatingSuffix
	// The old file's WAL and shared memory belong to the old key: left in
	// place, SQLite would try to apply them to the new file. Everything they
	// held was checkpointed or copied before the commit.
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if err := removeIfExists(f); err != nil {
			return err
		}
	}
	if anyExists(staged) {
		if err := os.Rename(staged, path); err != nil {
			return fmt.Errorf("sqldb: finish key rotation: %w", err)
		}
	}
	if anyExists(KeyPath(staged)) {
		if err := overwrite(KeyPath(path)); err != nil {
			return err
		}
		if err := os.Rename(KeyPath(staged), KeyPath(path)); err != nil {
			return fmt.Errorf("sqldb: finish key rotation: %w", err)
		}
	}
	if err := atomicfile.SyncDir(path); err != nil {
		return err
	}
	if err := removeIfExists(path + commitSuffix); err != nil {
		return err
	}
	for _, f := range []string{staged + "-journal", staged + "-wal", staged + "-shm"} {
		if err := removeIfExists(f); err != nil {
			return err
		}
	}
	return atomicfile.SyncDir(path)
}

// removeStaged deletes what an uncommitted rotation wrote.
func removeStaged(path string) error {
	staged := path + rotatingSuffix
	for _, f := range []string{KeyPath(staged), staged, staged + "-journal", staged + "-wal", staged + "-shm"} {
		if err := removeIfExists(f); err != nil {
			return err
		}
	}
	return atomicfile.SyncDir(path)
}

// overwrite replaces the content of the file at path with random bytes of
// the same length and syncs it, so the old sidecar's key material does not
// simply linger in freed blocks (see vault.Shred for the limits of this).
// A missing file is fine.
func overwrite(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("sqldb: overwrite old key file: %w", err)
	}
	noise := make([]byte, st.Size())
	rand.Read(noise)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("sqldb: overwrite old key file: %w", err)
	}
	_, err = f.WriteAt(noise, 0)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sqldb: overwrite old key file: %w", err)
	}
	return nil
}

// anyExists reports whether any of the paths exists.
func anyExists(paths ...string) bool {
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			return true
		}
	}
	return false
}

// removeIfExists removes path; a missing file is not an error.
func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqldb: remove %s: %w", path, err)
	}
	return nil
}

// syncFile flushes the file at path to stable storage.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("sqldb: sync %s: %w", path, err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sqldb: sync %s: %w", path, err)
	}
	return nil
}

// clone returns a copy of b (a key the callee will clear).
func clone(b []byte) []byte { return append([]byte(nil), b...) }
