package sqldb

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"time"

	"ownwords"
	"ownwords/internal/mediatest"
	"ownwords/vault"
)

// mediaSample is plaintext that a test recording holds: a WAV header and
// a marker that a disk scan looks for.
var mediaSample = append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), bytes.Repeat([]byte("ownwords-media-canary "), 3*RecordingChunkSize/22)...)

// addRecording stores mediaSample as a recording of f's interview.
func (f rotFixture) addRecording(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(tb, err)
	defer db.Close()
	rec := &ownwords.Recording{StudyID: f.studyID, InterviewID: f.interviewID, Name: "int-1.wav", MediaType: "audio/wav", Size: int64(len(mediaSample))}
	mustDo(tb, db.PutRecording(ctx, rec, bytes.NewReader(mediaSample)))
	return rec.ID
}

// checkRecording opens the study file at path and reads recording id back.
func checkRecording(tb testing.TB, path, id string) {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, Config{DSN: path, Passphrase: []byte(rotatePass)})
	mustDo(tb, err)
	defer db.Close()
	r, err := db.OpenRecording(ctx, id)
	mustDo(tb, err)
	defer r.Close()
	got, err := io.ReadAll(r)
	mustDo(tb, err)
	if !bytes.Equal(got, mediaSample) {
		tb.Fatal("the recording differs")
	}
}

// noMediaOnDisk fails if a file of the study holds the sample's plaintext.
func noMediaOnDisk(tb testing.TB, files ...string) {
	tb.Helper()
	for _, p := range files {
		b := mustReadAll(tb, p)
		if bytes.Contains(b, []byte("ownwords-media-canary")) {
			tb.Fatalf("%s holds the sample's marker in the clear", p)
		}
		for _, sig := range mediatest.Signatures {
			if sig.In(b) {
				tb.Fatalf("%s holds the %s in the clear", p, sig.Name)
			}
		}
	}
}

func TestRotateKeyKeepsRecordings(t *testing.T) {
	f := mustRotFixture(t, 100)
	id := f.addRecording(t)
	before := mustReadAll(t, f.path)
	if _, err := RotateKey(context.Background(), Config{DSN: f.path, Passphrase: []byte(rotatePass)}, nil); err != nil {
		t.Fatal(err)
	}
	file := mediaPath(t, f.path, id)
	sealed := mustReadAll(t, file)
	f.checkIntact(t)
	checkRecording(t, f.path, id)
	noMediaOnDisk(t, f.path, file)
	if bytes.Equal(before, mustReadAll(t, f.path)) {
		t.Fatal("the file did not change")
	}
	// The recording's file is as it was: only its key's wrap changed.
	if !bytes.Equal(sealed, mustReadAll(t, mediaPath(t, f.path, id))) {
		t.Fatal("the recording's file changed")
	}
}

func TestBackupKeepsRecordings(t *testing.T) {
	f := mustRotFixture(t, 100)
	id := f.addRecording(t)
	sealed := mustReadAll(t, mediaPath(t, f.path, id))
	backup := mustBackup(t, f)
	if bytes.Contains(backup, []byte("ownwords-media-canary")) {
		t.Fatal("media plaintext in the backup")
	}
	// The original's recording is deleted: the backup must carry it.
	db, err := Open(context.Background(), Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	mustDo(t, db.DeleteRecording(context.Background(), id))
	db.Close()
	dest, m, err := restoreTo(t, backup, KeyPath(f.path), nil)
	mustDo(t, err)
	if m.Version != 2 || len(m.Media) != 1 {
		t.Fatalf("manifest version %d, %d media files; want 2, 1", m.Version, len(m.Media))
	}
	checkRecording(t, dest, id)
	restored := mediaPath(t, dest, id)
	noMediaOnDisk(t, dest, restored)
	if !bytes.Equal(sealed, mustReadAll(t, restored)) {
		t.Fatal("the restored recording file differs from the original")
	}
	if fi, err := os.Stat(MediaDir(dest)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("restored media directory: %v %v", fi, err)
	}
	// A restore where a media directory is left (an interrupted restore)
	// is refused.
	mustDo(t, os.Rename(dest, dest+".moved"))
	key, err := vault.Unlock(KeyPath(f.path), []byte(rotatePass))
	mustDo(t, err)
	if _, err := Restore(context.Background(), bytes.NewReader(backup), RestoreOptions{Dest: dest, KeyFile: KeyPath(f.path), DataKey: key}); ownwords.ErrorCode(err) != ownwords.ECONFLICT {
		t.Fatalf("restore over a media directory: %v, want ECONFLICT", err)
	}
}

func TestBackupWithoutRecordingsIsVersion1(t *testing.T) {
	f := mustRotFixture(t, 100)
	_, m, err := restoreTo(t, mustBackup(t, f), KeyPath(f.path), nil)
	mustDo(t, err)
	if m.Version != 1 || len(m.Media) != 0 {
		t.Fatalf("manifest version %d, %d media files; want 1, 0", m.Version, len(m.Media))
	}
}

func TestPurgeDestroysRecordings(t *testing.T) {
	ctx := context.Background()
	f := mustRotFixture(t, 100)
	id := f.addRecording(t)
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	sec := &ownwords.Code{StudyID: f.studyID, Slug: "influences"}
	mustDo(t, db.CreateCode(ctx, sec))
	iv, err := db.Interview(ctx, f.interviewID)
	mustDo(t, err)
	quote, _ := ownwords.Slice(iv.Transcript, 0, 5)
	mustDo(t, db.CreateSegment(ctx, &ownwords.Segment{StudyID: f.studyID, InterviewID: iv.ID, CodeID: sec.ID, CoderID: "u1", Layer: "consensus",
		Start: 0, End: 5, TextHash: ownwords.HashText(quote)}))
	got, err := db.PurgeTranscripts(ctx, f.studyID, time.Now().Add(time.Hour), true)
	mustDo(t, err)
	if len(got) != 1 || got[0].Recordings != 1 {
		t.Fatalf("dry run %+v", got)
	}
	if _, err = db.PurgeTranscripts(ctx, f.studyID, time.Now().Add(time.Hour), false); err != nil {
		t.Fatal(err)
	}
	if files := mediaDirFiles(t, f.path); len(files) != 0 {
		t.Fatalf("purged recording's file left: %v", files)
	}
	if _, err := db.OpenRecording(ctx, id); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		t.Fatalf("purged recording: %v", err)
	}
	var n int
	mustDo(t, db.w.QueryRow(`SELECT count(*) FROM recording_chunks`).Scan(&n))
	if n != 0 {
		t.Fatalf("%d chunks left", n)
	}
	// A second run finds nothing left to destroy.
	again, err := db.PurgeTranscripts(ctx, f.studyID, time.Now().Add(time.Hour), true)
	mustDo(t, err)
	if len(again) != 0 {
		t.Fatalf("second run %+v", again)
	}
}
