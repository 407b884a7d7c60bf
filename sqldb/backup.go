package sqldb

import (
	"ownwords/internal/atomicfile"

	"archive/tar"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"ownwords"
	"ownwords/vault"
)

// A backup is an age file whose plaintext is a tar of these members:
//
//   - backup.json, a BackupManifest (key ID, size and SHA-256 of the study
//     file, audit head, time, the recording files that follow);
//   - study.ownwords, a consistent snapshot of the study file, still
//     encrypted with the study's data key (Adiantum);
//   - media/<name> for each file of the media directory (media.go) that a
//     recording of the snapshot names, as it is: sealed chunks under the
//     recording's content key, wrapped in the study file (version 2; a
//     backup with no recording file is still written as version 1).
//
// The age file is encrypted to the study's backup identity (derived from
// the data key, vault.BackupIdentity) and to its custodians. The sidecar is
// deliberately NOT in the backup: restoring needs the study's sidecar (or a
// copy of it), so destroying the sidecar and its copies (crypto-shredding)
// makes every backup unreadable, wherever the backups went. Both layers
// depend on the data key: a custodian can strip the age layer, but what is
// inside is the Adiantum-encrypted file. The age layer also hides what
// Adiantum's deterministic encryption would show when two snapshots are
// compared: which pages changed.
//
// The flip side: a backup is only as good as the copies of the sidecar.
// Keep one (it is small and holds no secret in the clear) with a custodian,
// apart from the backups. After a key rotation, earlier backups need the
// sidecar of the key they were made with.

// Backup member names and format.
const (
	backupFormat      = "ownwords-backup"
	backupVersion     = 1
	backupMediaV      = 2 // with media members
	backupManifest    = "backup.json"
	backupStudyMember = "study.ownwords"
	backupMediaPrefix = "media/"
	// maxManifestSize bounds the manifest Restore reads: it lists every
	// recording file (about 80 bytes each), so 16 MiB is some 200,000
	// of them. Backup refuses to write a larger one, which could not be
	// restored.
	maxManifestSize = 16 << 20
)

// BackupManifest describes a backup.
type BackupManifest struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	KeyID       string             `json:"key_id"`
	Created     time.Time          `json:"created"`
	StudySize   int64              `json:"study_size"`
	StudySHA256 string             `json:"study_sha256"`
	AuditHead   ownwords.AuditHead `json:"audit_head"`
	Custodians  []string           `json:"custodians,omitempty"`
	// Media are the recording files after the study file, in order.
	Media []BackupMediaFile `json:"media,omitempty"`
}

// BackupMediaFile is a recording file in a backup.
type BackupMediaFile struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// Backup writes an encrypted backup of the open study file studyPath (db
// must be that file, opened) to out: see the format above. custodians are
// extra age recipients of the outer layer. progress gets pages copied.
// EINVALID for PostgreSQL, for a sidecar that does not hold db's key or a
// malformed custodian.
func (db *DB) Backup(ctx context.Context, studyPath string, out io.Writer, custodians []string, progress func(done, total int)) (*BackupManifest, error) {
	d, ok := db.d.(sqliteDialect)
	if !ok {
		return nil, ownwords.Errorf(ownwords.EINVALID, "backups are for study files; back up a PostgreSQL server with its own tools")
	}
	path, err := filepath.Abs(studyPath)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "study file %q: %v", studyPath, err)
	}
	kf, err := vault.ReadKeyFile(KeyPath(path))
	if err != nil {
		return nil, err
	}
	if !kf.Owns(d.key) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "key file %s does not belong to the open study", KeyPath(path))
	}
	recips, err := backupRecipients(d.key, custodians)
	if err != nil {
		return nil, err
	}
	// Held until the snapshot and links are removed (backup_stale.go).
	unlock, err := lockBackups(path)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := path + ".backup-" + hex.EncodeToString(rnd[:])
	defer func() {
		for _, f := range []string{tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"} {
			os.Remove(f)
		}
	}()
	var head ownwords.AuditHead
	var media []heldMedia
	defer func() {
		closeHeld(media)
		os.RemoveAll(MediaDir(tmp))
	}()
	err = db.sqliteSnapshot(ctx, tmp, d.key, progress, func() (err error) {
		if head, err = db.AuditHead(ctx); err != nil {
			return err
		}
		// The files of the snapshot's recordings, held while nothing
		// writes: a deletion after this leaves them readable to us.
		media, err = db.holdMediaFiles(ctx, MediaDir(tmp))
		return err
	})
	if err != nil {
		return nil, err
	}
	sum, size, err := hashFile(tmp)
	if err != nil {
		return nil, err
	}
	m := &BackupManifest{Format: backupFormat, Version: backupVersion, KeyID: kf.KeyID, Created: db.now().UTC(),
		StudySize: size, StudySHA256: sum, AuditHead: head, Custodians: custodians}
	for _, h := range media {
		m.Media = append(m.Media, BackupMediaFile{Name: h.name, Size: h.size})
		m.Version = backupMediaV
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if len(mj) > maxManifestSize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "backup: the manifest of %d recording files is %d bytes, more than a restore reads (%d)", len(m.Media), len(mj), maxManifestSize)
	}
	aw, err := age.Encrypt(out, recips...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: backup: %w", err)
	}
	tw := tar.NewWriter(aw)
	if err := tw.WriteHeader(&tar.Header{Name: backupManifest, Mode: 0o600, Size: int64(len(mj)), ModTime: m.Created}); err != nil {
		return nil, fmt.Errorf("sqldb: backup: %w", err)
	}
	if _, err := tw.Write(mj); err != nil {
		return nil, fmt.Errorf("sqldb: backup: %w", err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: backupStudyMember, Mode: 0o600, Size: size, ModTime: m.Created}); err != nil {
		return nil, fmt.Errorf("sqldb: backup: %w", err)
	}
	f, err := os.Open(tmp)
	if err != nil {
		return nil, fmt.Errorf("sqldb: backup: %w", err)
	}
	_, err = io.Copy(tw, f)
	f.Close()
	for i, h := range media {
		if err == nil {
			err = tw.WriteHeader(&tar.Header{Name: backupMediaPrefix + m.Media[i].Name, Mode: 0o600, Size: m.Media[i].Size, ModTime: m.Created})
		}
		var mf *os.File
		if err == nil {
			mf, err = h.open()
		}
		if err == nil {
			_, err = io.Copy(tw, io.NewSectionReader(mf, 0, m.Media[i].Size))
			if h.f == nil {
				mf.Close()
			}
		}
	}
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = aw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: backup: %w", err)
	}
	return m, nil
}

// backupRecipients returns the study's backup recipient and the custodians'.
func backupRecipients(dataKey []byte, custodians []string) ([]age.Recipient, error) {
	id, err := vault.BackupIdentity(dataKey)
	if err != nil {
		return nil, err
	}
	rs := []age.Recipient{id.Recipient()}
	for i, c := range custodians {
		r, err := vault.ParseRecipient(c)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "custodian %d: %s", i+1, ownwords.ErrorMessage(err))
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// hashFile returns the hex SHA-256 and size of the file at path.
func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, fmt.Errorf("sqldb: backup: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("sqldb: backup: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// RestoreOptions say where a backup goes and how to check it.
type RestoreOptions struct {
	// Dest is the study file to create; it must not exist.
	Dest string
	// KeyFile is the sidecar of the key the backup was made with (usually
	// a custodian's copy); it is copied to KeyPath(Dest) unless that is
	// already the same file.
	KeyFile string
	// DataKey is the data key KeyFile wraps, unwrapped by the caller with
	// the passphrase or a custodian identity.
	DataKey []byte
	// Verify, if set, checks the restored store (e.g. audit.Verify) before
	// it is moved into place; an error aborts the restore.
	Verify func(ctx context.Context, st ownwords.Store) error
}

// Restore reads a backup from in and creates the study file opt.Dest from
// it: it decrypts the backup with the backup identity of opt.DataKey,
// checks the manifest's key ID, the study file's size and SHA-256, opens the
// restored copy with the data key and runs opt.Verify, and only then moves
// it (and the sidecar) into place. EUNAUTHORIZED when the backup was made
// with another key (after a rotation, or crypto-shredding); EINVALID for a
// damaged, truncated or altered backup; ECONFLICT if Dest exists.
func Restore(ctx context.Context, in io.Reader, opt RestoreOptions) (*BackupManifest, error) {
	dest, err := filepath.Abs(opt.Dest)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "study file %q: %v", opt.Dest, err)
	}
	if anyExists(dest) {
		return nil, ownwords.Errorf(ownwords.ECONFLICT, "study file %s already exists; restore to a new path", opt.Dest)
	}
	if anyExists(MediaDir(dest)) {
		return nil, ownwords.Errorf(ownwords.ECONFLICT, "media directory %s already exists (left by an interrupted restore?); remove it or restore to a new path", MediaDir(dest))
	}
	kf, err := vault.ReadKeyFile(opt.KeyFile)
	if err != nil {
		return nil, err
	}
	if !kf.Owns(opt.DataKey) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "the data key does not belong to key file %s", opt.KeyFile)
	}
	id, err := vault.BackupIdentity(opt.DataKey)
	if err != nil {
		return nil, err
	}
	r, err := age.Decrypt(in, id)
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		return nil, ownwords.Errorf(ownwords.EUNAUTHORIZED, "this backup was not made with data key %s: it needs the key file it was made with (a key rotation or crypto-shredding since?)", kf.KeyID)
	} else if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "not an ownwords backup, or a damaged one: %v", err)
	}
	tmp := dest + ".restoring"
	// What an interrupted restore to dest left goes first (readBackup
	// creates these afresh), and whatever this one leaves at the end.
	clearTmp := func() {
		for _, f := range []string{tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"} {
			os.Remove(f)
		}
		os.RemoveAll(MediaDir(tmp))
	}
	clearTmp()
	defer clearTmp()
	m, err := readBackup(r, tmp, kf.KeyID)
	if err != nil {
		return nil, err
	}
	db, err := openSQLiteKeyed(ctx, tmp, clone(opt.DataKey), Config{DSN: tmp})
	if err != nil {
		return nil, err
	}
	err = db.checkMediaFiles(ctx)
	if err == nil && opt.Verify != nil {
		err = opt.Verify(ctx, db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := installKeyFile(opt.KeyFile, KeyPath(dest)); err != nil {
		return nil, err
	}
	// The recording files first: a crash before the study file is in
	// place leaves a media directory that a new restore refuses to
	// overwrite, never a study whose recordings are missing.
	if len(m.Media) > 0 {
		if err := os.Rename(MediaDir(tmp), MediaDir(dest)); err != nil {
			return nil, fmt.Errorf("sqldb: restore: %w", err)
		}
		if err := atomicfile.SyncDir(dest); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		return nil, fmt.Errorf("sqldb: restore: %w", err)
	}
	return m, atomicfile.SyncDir(dest)
}

// readBackupMedia writes the recording files of a backup, the members
// after the study file, to dir (created owner-only), each synced, and the
// directory. Their content is checked when read (each chunk is sealed),
// their presence and sizes now; age authenticates the whole stream.
//
// damaged makes the error of a backup that is not as its manifest says;
// an error writing here (a full disk) is returned as it is, so that a
// good backup is not called damaged.
func readBackupMedia(tr *tar.Reader, dir string, files []BackupMediaFile, damaged func(string, ...any) error) error {
	if len(files) == 0 {
		return nil
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return fmt.Errorf("sqldb: restore: %w", err)
	}
	for _, want := range files {
		h, err := tr.Next()
		if err != nil || h.Name != backupMediaPrefix+want.Name || h.Size != want.Size || !mediaName.MatchString(want.Name) || strings.HasSuffix(want.Name, partialSuffix) {
			return damaged("no recording file %s of %d bytes as the manifest gives (%v)", want.Name, want.Size, err)
		}
		f, err := os.OpenFile(filepath.Join(dir, want.Name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return fmt.Errorf("sqldb: restore: %w", err)
		}
		w := &fileWriter{f: f}
		n, err := io.Copy(w, tr)
		switch {
		case w.err != nil:
			err = fmt.Errorf("sqldb: restore: %w", w.err)
		case err != nil:
			err = damaged("recording file %s: %v", want.Name, err)
		case n != want.Size:
			err = damaged("recording file %s: %d bytes, not %d", want.Name, n, want.Size)
		default:
			if err = f.Sync(); err != nil {
				err = fmt.Errorf("sqldb: restore: %w", err)
			}
		}
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("sqldb: restore: %w", cerr)
		}
		if err != nil {
			return err
		}
	}
	return atomicfile.SyncDir(filepath.Join(dir, files[0].Name))
}

// fileWriter writes to f and keeps its write error, told apart from the
// reader's in an io.Copy.
type fileWriter struct {
	f   *os.File
	err error
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		w.err = err
	}
	return n, err
}

// readBackup reads the decrypted tar, checks it, and writes the study file
// member to tmp (synced).
func readBackup(r io.Reader, tmp, keyID string) (*BackupManifest, error) {
	damaged := func(format string, args ...any) error {
		return ownwords.Errorf(ownwords.EINVALID, "damaged backup: "+format, args...)
	}
	tr := tar.NewReader(r)
	h, err := tr.Next()
	if err != nil || h.Name != backupManifest || h.Size > maxManifestSize {
		return nil, damaged("no manifest (%v)", err)
	}
	var m BackupManifest
	if err := json.NewDecoder(io.LimitReader(tr, maxManifestSize)).Decode(&m); err != nil {
		return nil, damaged("manifest: %v", err)
	}
	if m.Format != backupFormat || (m.Version != backupVersion && m.Version != backupMediaV) || (m.Version == backupVersion) != (len(m.Media) == 0) {
		return nil, damaged("format %q version %d is not %q version %d or %d", m.Format, m.Version, backupFormat, backupVersion, backupMediaV)
	}
	if m.KeyID != keyID {
		return nil, ownwords.Errorf(ownwords.EUNAUTHORIZED, "the backup was made with data key %s, the key file holds %s", m.KeyID, keyID)
	}
	h, err = tr.Next()
	if err != nil || h.Name != backupStudyMember || h.Size != m.StudySize {
		return nil, damaged("no study file of the size the manifest gives (%v)", err)
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqldb: restore: %w", err)
	}
	hw := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, hw), tr)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, damaged("%v", err)
	}
	if n != m.StudySize || hex.EncodeToString(hw.Sum(nil)) != m.StudySHA256 {
		return nil, damaged("the study file's SHA-256 does not match the manifest")
	}
	if err := readBackupMedia(tr, MediaDir(tmp), m.Media, damaged); err != nil {
		return nil, err
	}
	if _, err := tr.Next(); err != io.EOF {
		return nil, damaged("unexpected content after the study file")
	}
	// Read to the end of the age stream: age authenticates its last chunk
	// there, which is what catches a truncated file.
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, damaged("%v", err)
	}
	return &m, nil
}

// installKeyFile copies the sidecar src to dst (mode 0600, atomically),
// unless they are the same file. ECONFLICT if dst exists with other content.
func installKeyFile(src, dst string) error {
	a, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	if a == dst {
		return nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("sqldb: restore: %w", err)
	}
	if old, err := os.ReadFile(dst); err == nil {
		if string(old) == string(data) {
			return nil
		}
		return ownwords.Errorf(ownwords.ECONFLICT, "key file %s already exists and differs from %s", dst, src)
	}
	return atomicfile.WriteFile(dst, data)
}
