package sqldb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"ownwords"
	"ownwords/internal/atomicfile"
	"ownwords/vault"
)

// Recordings of a study file live in files of their own, beside it, in
// the media directory "<study>.media" (MediaDir): one file per recording,
// named by 32 random hex digits kept in recordings.media_file (nothing in
// the name is the recording's ID, a time or a person), holding the
// recording's chunks already sealed (vault.ChunkSealer, under the
// recording's content key, whose wrap stays in the study file) end to end:
// chunk i at offset i × (chunk size + vault.ChunkOverhead), so a seek reads
// one chunk with one pread. Nothing in the directory is plaintext, and
// without the study file's data key (which unwraps the content keys) the
// files are noise. Their sizes show the recordings' sizes.
//
// The files follow the store's transactions:
//
//   - PutRecording writes "<name>.partial" with large writes while it
//     holds the write lock (its row is inserted first), syncs it, renames
//     it to "<name>" and syncs the directory, all before the transaction
//     commits; if the transaction rolls back, the file is removed.
//   - Deleting a recording (or the interview, participant or transcript it
//     belongs to) removes its file once the transaction has committed,
//     and its commit is durable.
//   - Both note the file's name in the transaction's journal first
//     (media_journal.go). A crash can leave a file with no row (written,
//     never committed; or committed deleted, never removed): opening the
//     study removes such files, under the write lock, when a journal
//     names them (sweepMedia), and no other.
//
// Studies written before the media directory keep their recordings in
// recording_chunks rows (media_file ''), read as before. PostgreSQL (a
// trusted server, holding the transcripts too) keeps every recording in
// rows.

// MediaDir returns the directory beside the study file studyFile that
// holds its recordings' sealed chunk files.
func MediaDir(studyFile string) string { return studyFile + ".media" }

// partialSuffix marks a media file still being written.
const partialSuffix = ".partial"

// mediaName matches the names of media files (and of those being
// written).
var mediaName = regexp.MustCompile(`^[0-9a-f]{32}(\.partial)?$`)

// newMediaName returns a random name for a recording's file.
func newMediaName() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// sealedSize is the size of the file of a recording of size bytes in
// chunks chunks.
func sealedSize(size, chunks int64) int64 { return size + chunks*vault.ChunkOverhead }

// mediaDir returns the open study file's media directory ("" on
// PostgreSQL, which keeps recordings in rows).
func (db *DB) mediaDir() string {
	if d, ok := db.d.(sqliteDialect); ok {
		return d.media
	}
	return ""
}

// mediaFiles are a write transaction's media files (txState.media): those
// it created, removed unless it commits, and those of the recordings it
// deleted, removed once it has committed; journal notes them all
// (media_journal.go).
type mediaFiles struct {
	created []string
	deleted []string
	journal *os.File
}

// end settles the transaction's files: removes the created ones if it
// did not commit, the deleted ones if it did, then its journal. A failed
// COMMIT (committed false, err set) may still have committed: its files
// and journal are left to sweepMedia, which decides under the write lock
// at the next open; so are they when a removal fails.
//
// durable makes the commit durable first. The store runs WAL with
// synchronous=NORMAL: a COMMIT is in the WAL but not yet on disk, and a
// power cut may undo it. Removing a deleted recording's file before then
// would bring its row back with its file gone (damaged); dropping the
// journal before then would leave a created file no row and no journal
// names (never removed). (synchronous cannot be raised inside the
// transaction, and a checkpoint syncs the WAL only when it has frames to
// copy, so durable syncs the WAL file itself.)
func (m *mediaFiles) end(committed bool, commitErr error, durable func() error) {
	created, deleted, journal := m.created, m.deleted, m.journal
	m.created, m.deleted, m.journal = nil, nil, nil
	if journal == nil {
		return
	}
	journal.Close()
	var gone []string
	switch {
	case committed:
		if durable() != nil {
			return
		}
		if mediaHook != nil && len(deleted) > 0 {
			mediaHook("durable")
		}
		gone = deleted
	case commitErr == nil:
		gone = created
	default:
		return
	}
	for _, p := range gone {
		if removeIfExists(p) != nil {
			return
		}
	}
	// The files' removal is durable before the journal naming them goes,
	// and so is the journal's: one that came back would name the files a
	// committed transaction created, which an older copy of the study
	// opened next would take for leftovers. (A crash between the commit
	// and here leaves that window open.)
	if len(gone) > 0 && atomicfile.SyncDir(journal.Name()) != nil {
		return
	}
	if os.Remove(journal.Name()) == nil {
		atomicfile.SyncDir(journal.Name())
	}
}

// syncCommit makes the writer's last commit durable (see mediaFiles.end):
// it syncs the study's WAL file, which holds the commit until a
// checkpoint, and a checkpoint syncs the study file before the WAL is
// reused. Nothing to do without a WAL file: UpdateBulk's rollback journal
// commits with synchronous=FULL.
func (db *DB) syncCommit() error {
	d, ok := db.d.(sqliteDialect)
	if !ok {
		return nil
	}
	f, err := os.Open(d.file + "-wal")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// dropMediaFiles queues, for removal once c's transaction commits, the
// files of the recordings matching where (a condition on recordings, with
// args) that the transaction is about to delete. Nothing on PostgreSQL.
func (s services) dropMediaFiles(ctx context.Context, c conn, where string, args ...any) error {
	dir := s.db.mediaDir()
	if dir == "" {
		return nil
	}
	names, err := collect(ctx, c, "recording files", `SELECT media_file FROM recordings WHERE media_file <> '' AND (`+where+`)`, args, func(sc interface{ Scan(...any) error }) (string, error) {
		var n string
		return n, sc.Scan(&n)
	})
	if err != nil {
		return err
	}
	if len(names) == 0 || !anyExists(dir) {
		return nil // no file to remove (a media directory lost: recordings damaged)
	}
	if c.st == nil {
		return fmt.Errorf("sqldb: recording files deleted outside a write transaction")
	}
	if err := c.st.media.note(dir, names...); err != nil {
		return err
	}
	for _, n := range names {
		c.st.media.deleted = append(c.st.media.deleted, filepath.Join(dir, n))
	}
	return nil
}

// writebackStep is how many bytes of a recording's file are written
// before their writeback is started (startWriteback).
const writebackStep = 16 << 20

// mediaWriter writes a recording's sealed chunks to its file.
type mediaWriter struct {
	f            *os.File
	dir, partial string
	final        string
	// off is how much is written; flushed where writeback began.
	off, flushed int64
}

// createMediaFile creates a new recording file (as name.partial) in dir,
// the directory first if needed (owner-only), and registers it in st so
// that it goes if the transaction does not commit.
func createMediaFile(dir string, st *txState) (*mediaWriter, string, error) {
	if st == nil {
		return nil, "", fmt.Errorf("sqldb: recording file written outside a write transaction")
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, "", fmt.Errorf("sqldb: media directory: %w", err)
		}
		if err := atomicfile.SyncDir(dir); err != nil {
			return nil, "", err
		}
	}
	name := newMediaName()
	if err := st.media.note(dir, name); err != nil {
		return nil, "", err
	}
	w := &mediaWriter{dir: dir, final: filepath.Join(dir, name)}
	w.partial = w.final + partialSuffix
	f, err := os.OpenFile(w.partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, "", fmt.Errorf("sqldb: recording file: %w", err)
	}
	w.f = f
	st.media.created = append(st.media.created, w.partial, w.final)
	return w, name, nil
}

// write appends a sealed chunk.
func (w *mediaWriter) write(sealed []byte) error {
	n, err := w.f.Write(sealed)
	if err != nil {
		return fmt.Errorf("sqldb: recording file: %w", err)
	}
	if w.off += int64(n); w.off-w.flushed >= writebackStep {
		startWriteback(w.f, w.flushed, w.off-w.flushed)
		w.flushed = w.off
	}
	return nil
}

// mediaHook, when set by tests, is called at the steps of finish, so that
// a test can kill the process there.
var mediaHook func(step string)

// finish syncs the file, names it and syncs the directory.
func (w *mediaWriter) finish() error {
	err := w.f.Sync()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	if mediaHook != nil {
		mediaHook("synced")
	}
	if err == nil {
		err = os.Rename(w.partial, w.final)
	}
	if err != nil {
		return fmt.Errorf("sqldb: recording file: %w", err)
	}
	if mediaHook != nil {
		mediaHook("renamed")
	}
	return atomicfile.SyncDir(w.final)
}

// close closes the file if finish did not (the transaction's end removes it).
func (w *mediaWriter) close() {
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
}

// openMediaFile opens the file of recording id, named name in dir, and
// checks its size against the recording's. EINVALID naming the file when
// it is missing or not the size its chunks make. Errors name the file as
// mediaFileName does, never by its path on this machine: they reach web
// clients and logs.
func openMediaFile(dir, name, id string, size, chunks int64) (*os.File, error) {
	shown := mediaFileName(dir, name)
	f, err := os.Open(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: its file %s is missing", id, shown)
	} else if err != nil {
		return nil, mediaFileErr(id, shown, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, mediaFileErr(id, shown, err)
	}
	if want := sealedSize(size, chunks); st.Size() != want {
		f.Close()
		return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: its file %s holds %d bytes, not %d (truncated or altered)", id, shown, st.Size(), want)
	}
	return f, nil
}

// mediaFileName names the media file name of dir as the study's user
// knows it: "S.media/name", S the study file's base name.
func mediaFileName(dir, name string) string {
	return filepath.Base(dir) + "/" + name
}

// mediaFileErr wraps an error of the file of recording id, named shown.
func mediaFileErr(id, shown string, err error) error {
	return fmt.Errorf("sqldb: recording %s: file %s: %w", id, shown, pathless(err))
}

// pathless returns err without the path an *fs.PathError carries.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// mediaRow is a recording kept in a file.
type mediaRow struct {
	id, file     string
	size, chunks int64
}

// mediaRows lists the recordings kept in files (none on PostgreSQL).
func (db *DB) mediaRows(ctx context.Context) ([]mediaRow, error) {
	if db.mediaDir() == "" {
		return nil, nil
	}
	return collect(ctx, db.read(), "recording files", `SELECT id, media_file, size, chunks FROM recordings WHERE media_file <> '' ORDER BY media_file`, nil, func(sc interface{ Scan(...any) error }) (mediaRow, error) {
		var r mediaRow
		return r, sc.Scan(&r.id, &r.file, &r.size, &r.chunks)
	})
}

// heldMedia is a recording file a backup holds on to, so that a deletion
// after the snapshot leaves it readable: a hard link in a directory of the
// backup's own (link), or, where the file system has no hard links, the
// open file (f).
type heldMedia struct {
	name string
	size int64
	link string
	f    *os.File
}

// open returns the held file, to be closed after use.
func (h heldMedia) open() (*os.File, error) {
	if h.f != nil {
		return h.f, nil
	}
	return os.Open(h.link)
}

// closeHeld closes the files held open.
func closeHeld(held []heldMedia) {
	for _, h := range held {
		if h.f != nil {
			h.f.Close()
		}
	}
}

// holdMediaFiles holds on to the file of every recording kept in one,
// each checked whole (openMediaFile): linked into linkDir (created
// owner-only; the caller removes it), else kept open. The caller holds the
// write lock, so no file of the snapshot is removed meanwhile. Links, not
// open files, so that a study with more recordings than the process may
// have files open still backs up.
func (db *DB) holdMediaFiles(ctx context.Context, linkDir string) ([]heldMedia, error) {
	rows, err := db.mediaRows(ctx)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	linking := os.Mkdir(linkDir, 0o700) == nil
	var out []heldMedia
	for _, r := range rows {
		f, err := openMediaFile(db.mediaDir(), r.file, r.id, r.size, r.chunks)
		if err != nil {
			closeHeld(out)
			return nil, err
		}
		h := heldMedia{name: r.file, size: sealedSize(r.size, r.chunks)}
		if linking {
			h.link = filepath.Join(linkDir, r.file)
			if linking = os.Link(f.Name(), h.link) == nil; linking {
				f.Close()
				f = nil
			}
		}
		h.f = f
		out = append(out, h)
	}
	return out, nil
}

// checkMediaFiles checks that every recording kept in a file has it,
// whole (the size its chunks make); EINVALID naming the first that does not.
func (db *DB) checkMediaFiles(ctx context.Context) error {
	rows, err := db.mediaRows(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		f, err := openMediaFile(db.mediaDir(), r.file, r.id, r.size, r.chunks)
		if err != nil {
			return err
		}
		f.Close()
	}
	return nil
}
