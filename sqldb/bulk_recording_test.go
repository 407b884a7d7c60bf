package sqldb

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"
	"time"

	"ownwords"
)

// envBulkRecordingHelper names the study file and interview
// TestHelperBulkRecording imports a recording into.
const envBulkRecordingHelper = "OWNWORDS_BULK_RECORDING_HELPER"

// bulkRecordingSize is the size of the helper's recording: twelve chunks
// and a short one, many times the helper's page cache.
const bulkRecordingSize = 12*RecordingChunkSize + 1000

// bulkRecording returns the helper's recording (the same every time).
func bulkRecording() []byte {
	b := make([]byte, bulkRecordingSize)
	rand.NewChaCha8([32]byte{17}).Read(b)
	return b
}

// announcingReader reads data and prints "read N" on out after the N-th
// chunk is read whole, pausing up to 2 ms now and then.
type announcingReader struct {
	data []byte
	pos  int
	out  io.Writer
}

func (a *announcingReader) Read(p []byte) (int, error) {
	if a.pos >= len(a.data) {
		return 0, io.EOF
	}
	n := copy(p, a.data[a.pos:])
	before := a.pos / RecordingChunkSize
	a.pos += n
	if after := a.pos / RecordingChunkSize; after > before || a.pos == len(a.data) {
		fmt.Fprintln(a.out, "read", after)
		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
	}
	return n, nil
}

// TestHelperBulkRecording is the process TestBulkRecordingKilled kills:
// one UpdateBulk storing one recording, announcing each chunk read on
// stdout, "synced" and "renamed" as its file is finished (media.go), then
// "commit" when fn returns and "done" when the transaction is committed.
func TestHelperBulkRecording(t *testing.T) {
	if os.Getenv(envBulkRecordingHelper) != "" {
		mediaHook = func(step string) { fmt.Fprintln(os.Stdout, step) }
	}
	runHelper(t, envBulkRecordingHelper, func(ctx context.Context, db *DB, studyID, interviewID string) error {
		return db.UpdateBulk(ctx, func(tx ownwords.Services) error {
			rec := &ownwords.Recording{StudyID: studyID, InterviewID: interviewID, Name: "long.wav", MediaType: "audio/wav", Size: bulkRecordingSize}
			if err := tx.PutRecording(ctx, rec, &announcingReader{data: bulkRecording(), out: os.Stdout}); err != nil {
				return err
			}
			fmt.Fprintln(os.Stdout, "commit")
			return nil
		})
	})
}

// checkBulkRecording opens the study and checks that it holds either no
// recording, no chunk row and no file in its media directory (the open
// removed a crash's orphan), or the helper's recording whole in one file
// of the media directory, named by its row (every chunk opens, the content
// and its SHA-256 are the helper's), the study file intact and back in WAL
// mode. It returns the recording's ID, or "" for none.
func checkBulkRecording(tb testing.TB, path, studyID string) string {
	tb.Helper()
	ctx := context.Background()
	db := openChecked(tb, path)
	defer db.Close()
	recs, err := db.Recordings(ctx, studyID, "")
	mustDo(tb, err)
	var chunks int
	mustDo(tb, db.w.QueryRowContext(ctx, `SELECT count(*) FROM recording_chunks`).Scan(&chunks))
	files := mediaDirFiles(tb, path)
	if chunks != 0 {
		tb.Fatalf("%d chunk rows: a study file's recording goes to its media directory", chunks)
	}
	if len(recs) == 0 {
		if len(files) != 0 {
			tb.Fatalf("no recording but files %v in the media directory: the import was not all or nothing", files)
		}
		return ""
	}
	if len(recs) != 1 {
		tb.Fatalf("%d recordings, want 0 or 1", len(recs))
	}
	var name string
	mustDo(tb, db.w.QueryRowContext(ctx, `SELECT media_file FROM recordings`).Scan(&name))
	if len(files) != 1 || files[0] != name {
		tb.Fatalf("media directory holds %v, want the recording's file %q alone", files, name)
	}
	want := bulkRecording()
	sum := sha256.Sum256(want)
	if recs[0].Size != bulkRecordingSize || recs[0].SHA256 != hex.EncodeToString(sum[:]) {
		tb.Fatalf("recording stored as %d bytes, SHA-256 %s; want %d bytes, %x", recs[0].Size, recs[0].SHA256, bulkRecordingSize, sum)
	}
	r, err := db.OpenRecording(ctx, recs[0].ID)
	mustDo(tb, err)
	defer r.Close()
	got, err := io.ReadAll(r)
	mustDo(tb, err)
	if !bytes.Equal(got, want) {
		tb.Fatal("the recording read back differs from the one imported")
	}
	return recs[0].ID
}

// mediaDirFiles lists the names in the media directory of the study file
// at path (none if it does not exist).
func mediaDirFiles(tb testing.TB, path string) []string {
	tb.Helper()
	entries, err := os.ReadDir(MediaDir(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	mustDo(tb, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestBulkRecordingKilled kills a process importing a recording
// (UpdateBulk, rollback journal, pages spilled into the study file while
// the chunks are read, sealed and written to the recording's file in the
// media directory, that file synced and renamed) with SIGKILL at random
// moments, and checks every time that the study opens intact, back in WAL
// mode, with no trace of the recording (no row, no file: the open removes
// an orphan) or all of it.
func TestBulkRecordingKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns many processes")
	}
	db, path, s, p := newStudyFile(t, "Bulk recording")
	iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: "int-1", Transcript: "words"}
	mustDo(t, db.CreateInterview(t.Context(), iv))
	db.Close()
	helper := func() (*exec.Cmd, *bufio.Scanner) {
		return startHelper(t, "TestHelperBulkRecording", envBulkRecordingHelper+"="+path+"|"+s.ID+"|"+iv.ID)
	}
	killAtRandom(t, int(chunkCount(bulkRecordingSize, RecordingChunkSize))+4, helper, func() bool { // each chunk read, "synced", "renamed", "commit", "done"
		id := checkBulkRecording(t, path, s.ID)
		if id == "" {
			return false
		}
		// Start again from nothing: delete what the import wrote.
		db, err := Open(t.Context(), Config{DSN: path, Passphrase: []byte(rotatePass)})
		mustDo(t, err)
		defer db.Close()
		mustDo(t, db.DeleteRecording(t.Context(), id))
		if files := mediaDirFiles(t, path); len(files) != 0 {
			t.Fatalf("files %v left after the recording was deleted", files)
		}
		return true
	})
}
