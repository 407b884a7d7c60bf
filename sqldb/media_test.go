package sqldb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/vault"
)

// mediaPath returns the path of the file of recording id in the study
// file at path.
func mediaPath(tb testing.TB, path, id string) string {
	tb.Helper()
	db, err := Open(context.Background(), Config{DSN: path, Passphrase: []byte(rotatePass)})
	mustDo(tb, err)
	defer db.Close()
	p, err := MediaFileForTest(db, id)
	mustDo(tb, err)
	if p == "" {
		tb.Fatalf("recording %s has no file", id)
	}
	return p
}

// TestRecordingFiles follows a study file's recording files through a
// write, a rolled-back write, and every deletion that takes recordings
// with it.
func TestRecordingFiles(t *testing.T) {
	ctx := context.Background()
	f := mustRotFixture(t, 100)
	id := f.addRecording(t)
	dir := MediaDir(f.path)
	st, err := os.Stat(dir)
	mustDo(t, err)
	if st.Mode().Perm() != 0o700 {
		t.Errorf("media directory mode %v, want 0700", st.Mode().Perm())
	}
	files := mediaDirFiles(t, f.path)
	if len(files) != 1 || !mediaName.MatchString(files[0]) || strings.HasSuffix(files[0], partialSuffix) || strings.Contains(files[0], strings.ReplaceAll(id, "-", "")) {
		t.Fatalf("media directory %v: want one file with a random name", files)
	}
	fi, err := os.Stat(filepath.Join(dir, files[0]))
	mustDo(t, err)
	chunks := chunkCount(int64(len(mediaSample)), RecordingChunkSize)
	if fi.Size() != sealedSize(int64(len(mediaSample)), chunks) || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file of %d bytes, mode %v; want %d, 0600", fi.Size(), fi.Mode().Perm(), sealedSize(int64(len(mediaSample)), chunks))
	}
	noMediaOnDisk(t, filepath.Join(dir, files[0]))

	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	var rows int
	mustDo(t, db.w.QueryRow(`SELECT count(*) FROM recording_chunks`).Scan(&rows))
	if rows != 0 {
		t.Fatalf("%d chunk rows beside the file", rows)
	}
	put := func(s ownwords.Services, name string) error {
		rec := &ownwords.Recording{StudyID: f.studyID, InterviewID: f.interviewID, Name: name, MediaType: "audio/wav", Size: int64(len(mediaSample))}
		return s.PutRecording(ctx, rec, bytes.NewReader(mediaSample))
	}
	// A transaction that writes a recording and rolls back leaves no file.
	errUndo := errors.New("undo")
	for _, update := range []func(context.Context, func(ownwords.Services) error) error{db.Update, db.UpdateBulk} {
		if err := update(ctx, func(s ownwords.Services) error {
			mustDo(t, put(s, "undone.wav"))
			got := slices.DeleteFunc(mediaDirFiles(t, f.path), journalName.MatchString)
			if len(got) != 2 {
				t.Fatalf("%d recording files while the transaction runs, want 2", len(got))
			}
			return errUndo
		}); err != errUndo {
			t.Fatal(err)
		}
		if got := mediaDirFiles(t, f.path); !slices.Equal(got, files) {
			t.Fatalf("after a rollback the media directory holds %v, want %v", got, files)
		}
	}
	// DeleteRecording removes the file.
	mustDo(t, db.DeleteRecording(ctx, id))
	if got := mediaDirFiles(t, f.path); len(got) != 0 {
		t.Fatalf("deleted recording's file left: %v", got)
	}
	// Deleting the interview, or the participant, takes the files of its
	// recordings.
	mustDo(t, put(db, "b.wav"))
	mustDo(t, db.DeleteInterview(ctx, f.interviewID))
	if got := mediaDirFiles(t, f.path); len(got) != 0 {
		t.Fatalf("deleted interview's recording file left: %v", got)
	}
	ps, err := db.Participants(ctx, ownwords.ParticipantFilter{StudyID: f.studyID})
	mustDo(t, err)
	iv := &ownwords.Interview{StudyID: f.studyID, ParticipantID: ps[0].ID, Title: "int-2", Transcript: "words"}
	mustDo(t, db.CreateInterview(ctx, iv))
	f.interviewID = iv.ID
	mustDo(t, put(db, "c.wav"))
	mustDo(t, db.DeleteParticipant(ctx, ps[0].ID))
	if got := mediaDirFiles(t, f.path); len(got) != 0 {
		t.Fatalf("deleted participant's recording file left: %v", got)
	}
}

// TestRecordingRowsStillRead turns a recording back into the layout of
// studies written before the media directory (chunk rows, media_file ”)
// and reads it, backs it up and restores it.
func TestRecordingRowsStillRead(t *testing.T) {
	ctx := context.Background()
	f := mustRotFixture(t, 100)
	id := f.addRecording(t)
	file := mediaPath(t, f.path, id)
	sealed := mustReadAll(t, file)
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	const step = RecordingChunkSize + vault.ChunkOverhead
	for i := 0; i*step < len(sealed); i++ {
		_, err := db.w.Exec(`INSERT INTO recording_chunks (recording_id, idx, data) VALUES (?, ?, ?)`, id, i, sealed[i*step:min(len(sealed), (i+1)*step)])
		mustDo(t, err)
	}
	_, err = db.w.Exec(`UPDATE recordings SET media_file = '' WHERE id = ?`, id)
	mustDo(t, err)
	mustDo(t, db.Close())
	mustDo(t, os.Remove(file))
	checkRecording(t, f.path, id)
	backup := mustBackup(t, f)
	dest, _, err := restoreTo(t, backup, KeyPath(f.path), nil)
	mustDo(t, err)
	checkRecording(t, dest, id)
	if anyExists(MediaDir(dest)) {
		t.Fatal("a media directory was restored for a study without recording files")
	}
}

// TestRecordingFileDamaged: a recording whose file is missing or short
// is EINVALID at once, naming the file; a flipped byte fails its chunk.
func TestRecordingFileDamaged(t *testing.T) {
	ctx := context.Background()
	f := mustRotFixture(t, 100)
	id := f.addRecording(t)
	file := mediaPath(t, f.path, id)
	good := mustReadAll(t, file)
	// Named as the study's user knows it, never by its path here: the
	// message reaches web clients and logs.
	shown := "study.ownwords.media/" + filepath.Base(file)
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	read := func() error {
		r, err := db.OpenRecording(ctx, id)
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.ReadAll(r)
		return err
	}
	for _, c := range []struct {
		name   string
		damage func()
		msg    string
	}{
		{"missing", func() { mustDo(t, os.Remove(file)) }, "is damaged: its file " + shown + " is missing"},
		{"short", func() { mustDo(t, os.WriteFile(file, good[:len(good)-1], 0o600)) }, "is damaged: its file " + shown + " holds"},
		{"flipped", func() {
			b := bytes.Clone(good)
			b[len(b)/2] ^= 1
			mustDo(t, os.WriteFile(file, b, 0o600))
		}, ""},
	} {
		c.damage()
		err := read()
		if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(ownwords.ErrorMessage(err), c.msg) {
			t.Errorf("%s: %v, want EINVALID with %q", c.name, err, c.msg)
		}
		if strings.Contains(err.Error(), filepath.Dir(file)) {
			t.Errorf("%s: %v names the file by its path on this machine", c.name, err)
		}
		mustDo(t, os.WriteFile(file, good, 0o600))
	}
	mustDo(t, read())
}

// TestBackupManyRecordings backs up a study with more recording files
// than a 64 KiB manifest can list (about 830), and than the process may
// have files open, and restores it: a backup that Backup writes must be
// one that Restore reads.
func TestBackupManyRecordings(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 1000 recording files")
	}
	ctx := context.Background()
	f := mustRotFixture(t, 10)
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	mustDo(t, db.UpdateBulk(ctx, func(s ownwords.Services) error {
		for i := range 1000 {
			rec := &ownwords.Recording{StudyID: f.studyID, InterviewID: f.interviewID, Name: fmt.Sprintf("r%03d.wav", i), MediaType: "audio/wav", Size: 1}
			if err := s.PutRecording(ctx, rec, strings.NewReader("x")); err != nil {
				return err
			}
		}
		return nil
	}))
	mustDo(t, db.Close())
	// Fewer files than recordings may be open: the backup and the
	// restore's check must not hold one open per recording.
	limitOpenFiles(t, 512)
	backup := mustBackup(t, f)
	dest, m, err := restoreTo(t, backup, KeyPath(f.path), nil)
	mustDo(t, err)
	if len(m.Media) != 1000 || len(mediaDirFiles(t, dest)) != 1000 {
		t.Fatalf("restored %d recording files (manifest %d), want 1000", len(mediaDirFiles(t, dest)), len(m.Media))
	}
}

// TestCreateOverMediaDir: a new study file is not created beside a media
// directory already there (another study's recordings, left when its
// study file was moved, or a directory planted with other permissions):
// adopting it, the first open would delete every file in it as an orphan.
func TestCreateOverMediaDir(t *testing.T) {
	ctx := context.Background()
	f := mustRotFixture(t, 10)
	f.addRecording(t)
	files := mediaDirFiles(t, f.path)
	moved := f.path + ".moved"
	mustDo(t, os.Rename(f.path, moved))
	mustDo(t, os.Rename(KeyPath(f.path), KeyPath(moved)))
	db, err := Create(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	if err == nil {
		db.Close()
	}
	if ownwords.ErrorCode(err) != ownwords.ECONFLICT {
		t.Errorf("create beside a media directory: %v, want ECONFLICT", err)
	}
	if got := mediaDirFiles(t, f.path); !slices.Equal(got, files) {
		t.Fatalf("the media directory holds %v, want %v", got, files)
	}
	if anyExists(f.path, KeyPath(f.path)) {
		t.Error("a refused create left a study or key file")
	}
}

// TestRestoreAfterInterruptedRestore: a restore killed while writing the
// recording files leaves "<dest>.restoring.media"; the next restore to
// the same path must work, not call the backup damaged (a researcher told
// so may throw a good backup away).
func TestRestoreAfterInterruptedRestore(t *testing.T) {
	f := mustRotFixture(t, 10)
	id := f.addRecording(t)
	backup := mustBackup(t, f)
	key, err := vault.Unlock(KeyPath(f.path), []byte(rotatePass))
	mustDo(t, err)
	dest := filepath.Join(t.TempDir(), "restored.ownwords")
	stale := MediaDir(dest + ".restoring")
	mustDo(t, os.Mkdir(stale, 0o700))
	mustDo(t, os.WriteFile(filepath.Join(stale, newMediaName()), []byte("x"), 0o600))
	_, err = Restore(context.Background(), bytes.NewReader(backup), RestoreOptions{Dest: dest, KeyFile: KeyPath(f.path), DataKey: key})
	if err != nil {
		t.Fatalf("restore after an interrupted one: %v", err)
	}
	checkRecording(t, dest, id)
	if anyExists(stale) {
		t.Error("the interrupted restore's media directory is left")
	}
}

// TestMediaDirOwnerOnly: a media directory left readable by others (made
// by hand, with the umask's mode) is narrowed to 0700 when the study opens.
func TestMediaDirOwnerOnly(t *testing.T) {
	f := mustRotFixture(t, 10)
	id := f.addRecording(t)
	mustDo(t, os.Chmod(MediaDir(f.path), 0o755))
	checkRecording(t, f.path, id) // opens the study
	st, err := os.Stat(MediaDir(f.path))
	mustDo(t, err)
	if st.Mode().Perm() != 0o700 {
		t.Fatalf("media directory mode %v after opening, want 0700", st.Mode().Perm())
	}
}

// TestBackupHoldsDeletedRecording: the files a backup holds (linked
// beside the study) stay readable when their recording is deleted before
// they are copied, and nothing is kept open for them.
func TestBackupHoldsDeletedRecording(t *testing.T) {
	ctx := context.Background()
	f := mustRotFixture(t, 10)
	id := f.addRecording(t)
	sealed := mustReadAll(t, mediaPath(t, f.path, id))
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	links := filepath.Join(t.TempDir(), "held")
	held, err := db.holdMediaFiles(ctx, links)
	mustDo(t, err)
	defer closeHeld(held)
	if len(held) != 1 || held[0].f != nil || held[0].size != int64(len(sealed)) {
		t.Fatalf("held %+v, want one linked file of %d bytes", held, len(sealed))
	}
	mustDo(t, db.DeleteRecording(ctx, id))
	if n := len(mediaDirFiles(t, f.path)); n != 0 {
		t.Fatalf("%d files left in the media directory", n)
	}
	hf, err := held[0].open()
	mustDo(t, err)
	got, err := io.ReadAll(hf)
	hf.Close()
	mustDo(t, err)
	if !bytes.Equal(got, sealed) {
		t.Fatal("the held file differs from the recording's")
	}
	if fi, err := os.Stat(links); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("link directory: %v, %v; want mode 0700", fi, err)
	}
}
