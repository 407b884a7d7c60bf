package sqldb

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"ownwords"
	"ownwords/internal/mediatest"
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
	f.checkIntact(t)
	checkRecording(t, f.path, id)
	noMediaOnDisk(t, f.path)
	if bytes.Equal(before, mustReadAll(t, f.path)) {
		t.Fatal("the file did not change")
	}
}

func TestBackupKeepsRecordings(t *testing.T) {
	f := mustRotFixture(t, 100)
	id := f.addRecording(t)
	backup := mustBackup(t, f)
	if bytes.Contains(backup, []byte("ownwords-media-canary")) {
		t.Fatal("media plaintext in the backup")
	}
	dest, _, err := restoreTo(t, backup, KeyPath(f.path), nil)
	mustDo(t, err)
	checkRecording(t, dest, id)
	noMediaOnDisk(t, dest)
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
