package sqldb_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ownwords"
	"ownwords/internal/mediatest"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// mediaBytes returns n pseudo-random bytes (seeded: the same every run).
func mediaBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 17))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// recordingFixture stores an interview and returns it.
func recordingFixture(t *testing.T, st ownwords.Store) *ownwords.Interview {
	t.Helper()
	ctx := context.Background()
	s := sqldbtest.MustStudy(t, st, "Recordings")
	p := &ownwords.Participant{StudyID: s.ID, Code: "P-0001"}
	must(t, st.CreateParticipant(ctx, p))
	iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: "int-1", Transcript: "words"}
	must(t, st.CreateInterview(ctx, iv))
	return iv
}

func putRecording(t *testing.T, st ownwords.Store, iv *ownwords.Interview, name string, data []byte) *ownwords.Recording {
	t.Helper()
	rec := &ownwords.Recording{StudyID: iv.StudyID, InterviewID: iv.ID, Name: name, MediaType: "audio/wav", Size: int64(len(data))}
	must(t, st.PutRecording(context.Background(), rec, bytes.NewReader(data)))
	return rec
}

func readAllRecording(st ownwords.Store, id string) ([]byte, error) {
	r, err := st.OpenRecording(context.Background(), id)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func TestRecordingRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := context.Background()
		iv := recordingFixture(t, st)
		data := mediaBytes(2*sqldb.RecordingChunkSize+12345, 1)
		rec := putRecording(t, st, iv, "int-1.wav", data)
		sum := sha256.Sum256(data)
		if rec.SHA256 != hex.EncodeToString(sum[:]) || rec.ID == "" {
			t.Fatalf("recording %+v", rec)
		}
		got, err := readAllRecording(st, rec.ID)
		must(t, err)
		if !bytes.Equal(got, data) {
			t.Fatal("the recording read back differs")
		}
		// Seeks: across a chunk boundary, from the end, past the end.
		r, err := st.OpenRecording(ctx, rec.ID)
		must(t, err)
		defer r.Close()
		for _, c := range []struct {
			off    int64
			whence int
			at     int64
		}{
			{sqldb.RecordingChunkSize - 5, io.SeekStart, sqldb.RecordingChunkSize - 5},
			{-100, io.SeekEnd, int64(len(data)) - 100},
			{3, io.SeekStart, 3},
		} {
			at, err := r.Seek(c.off, c.whence)
			must(t, err)
			if at != c.at {
				t.Fatalf("seek to %d", at)
			}
			buf := make([]byte, 10)
			n, err := io.ReadFull(r, buf)
			if err != nil && n != int(min(10, int64(len(data))-at)) {
				t.Fatal(err)
			}
			if !bytes.Equal(buf[:n], data[at:at+int64(n)]) {
				t.Fatalf("bytes at %d differ", at)
			}
		}
		if _, err := r.Seek(-1, io.SeekStart); ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Fatalf("seek before start: %v", err)
		}
		list, err := st.Recordings(ctx, iv.StudyID, "")
		must(t, err)
		if len(list) != 1 || list[0].Name != "int-1.wav" || list[0].Size != int64(len(data)) {
			t.Fatalf("list %+v", list)
		}
		// The same name twice for one interview is a conflict.
		dup := &ownwords.Recording{StudyID: iv.StudyID, InterviewID: iv.ID, Name: "int-1.wav", MediaType: "audio/wav", Size: 1}
		wantCode(t, st.PutRecording(ctx, dup, bytes.NewReader([]byte{1})), ownwords.ECONFLICT)
		must(t, st.DeleteRecording(ctx, rec.ID))
		if _, err := st.OpenRecording(ctx, rec.ID); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Fatalf("deleted recording opens: %v", err)
		}
	})
}

func TestRecordingWrongLengthLandsNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := context.Background()
		iv := recordingFixture(t, st)
		data := mediaBytes(sqldb.RecordingChunkSize+10, 2)
		for _, size := range []int64{int64(len(data)) + 1, int64(len(data)) - 1} {
			rec := &ownwords.Recording{StudyID: iv.StudyID, InterviewID: iv.ID, Name: "a.wav", MediaType: "audio/wav", Size: size}
			wantCode(t, st.PutRecording(ctx, rec, bytes.NewReader(data)), ownwords.EINVALID)
		}
		other := &ownwords.Recording{StudyID: iv.StudyID, InterviewID: "no-such", Name: "a.wav", MediaType: "audio/wav", Size: 1}
		wantCode(t, st.PutRecording(ctx, other, bytes.NewReader([]byte{1})), ownwords.ENOTFOUND)
		list, err := st.Recordings(ctx, iv.StudyID, "")
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a failed import left %d recordings", len(list))
		}
		var n int
		must(t, sqldb.RawForTest(st.(*sqldb.DB)).QueryRow(`SELECT count(*) FROM recording_chunks`).Scan(&n))
		if n != 0 {
			t.Fatalf("a failed import left %d chunks", n)
		}
	})
}

func TestRecordingTamper(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		iv := recordingFixture(t, st)
		raw := sqldb.RawForTest(st.(*sqldb.DB))
		// The raw queries' $N appear in order: SQLite binds them so too.
		q := func(query string) string { return query }
		// A recording is in rows (PostgreSQL) or in a file of the media
		// directory (a study file), its chunks at fixed offsets.
		file := func(id string) string {
			p, err := sqldb.MediaFileForTest(st.(*sqldb.DB), id)
			must(t, err)
			return p
		}
		const sealed = sqldb.RecordingChunkSize + vault.ChunkOverhead
		chunk := func(id string, idx int) []byte {
			if p := file(id); p != "" {
				b, err := os.ReadFile(p)
				must(t, err)
				return bytes.Clone(b[idx*sealed : min(len(b), (idx+1)*sealed)])
			}
			var b []byte
			must(t, raw.QueryRow(q(`SELECT data FROM recording_chunks WHERE recording_id = $1 AND idx = $2`), id, idx).Scan(&b))
			return b
		}
		setChunk := func(id string, idx int, b []byte) {
			if p := file(id); p != "" {
				all, err := os.ReadFile(p)
				must(t, err)
				all = append(append(all[:idx*sealed:idx*sealed], b...), all[min(len(all), (idx+1)*sealed):]...)
				must(t, os.WriteFile(p, all, 0o600))
				return
			}
			_, err := raw.Exec(q(`UPDATE recording_chunks SET data = $1 WHERE recording_id = $2 AND idx = $3`), b, id, idx)
			must(t, err)
		}
		n := 3*sqldb.RecordingChunkSize + 7
		for _, c := range []struct {
			name   string
			tamper func(a, b *ownwords.Recording)
		}{
			{"FlippedByte", func(a, _ *ownwords.Recording) {
				d := chunk(a.ID, 1)
				d[len(d)/2] ^= 1
				setChunk(a.ID, 1, d)
			}},
			{"SwappedChunks", func(a, _ *ownwords.Recording) {
				c0, c1 := chunk(a.ID, 0), chunk(a.ID, 1)
				setChunk(a.ID, 0, c1)
				setChunk(a.ID, 1, c0)
			}},
			{"ChunkFromAnotherRecording", func(a, b *ownwords.Recording) {
				setChunk(a.ID, 2, chunk(b.ID, 2))
			}},
			{"Truncated", func(a, _ *ownwords.Recording) {
				if p := file(a.ID); p != "" {
					must(t, os.Truncate(p, 3*sealed))
					return
				}
				_, err := raw.Exec(q(`DELETE FROM recording_chunks WHERE recording_id = $1 AND idx = 3`), a.ID)
				must(t, err)
			}},
			{"FileMissing", func(a, _ *ownwords.Recording) {
				if p := file(a.ID); p != "" {
					must(t, os.Remove(p))
					return
				}
				_, err := raw.Exec(q(`DELETE FROM recording_chunks WHERE recording_id = $1`), a.ID)
				must(t, err)
			}},
			{"ShortenedChunk", func(a, _ *ownwords.Recording) {
				d := chunk(a.ID, 3)
				setChunk(a.ID, 3, d[:len(d)-1])
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				a := putRecording(t, st, iv, c.name+"-a.wav", mediaBytes(n, 3))
				b := putRecording(t, st, iv, c.name+"-b.wav", mediaBytes(n, 3))
				c.tamper(a, b)
				_, err := readAllRecording(st, a.ID)
				if ownwords.ErrorCode(err) != ownwords.EINVALID {
					t.Fatalf("reading the tampered recording: %v, want EINVALID", err)
				}
				// A missing or short file is named, as S.media/<name>.
				if p := file(a.ID); p != "" && (c.name == "Truncated" || c.name == "FileMissing") && !strings.Contains(ownwords.ErrorMessage(err), "recording "+a.ID+" is damaged: its file "+filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p)) {
					t.Fatalf("the error does not name the file: %v", err)
				}
				if _, err := readAllRecording(st, b.ID); err != nil {
					t.Fatalf("the untouched recording: %v", err)
				}
			})
		}
	})
}

// sweepingReader reads r and, once at byte at, sweeps dir for plaintext
// media (the import is then half written: the WAL holds its chunks).
type sweepingReader struct {
	t      *testing.T
	r      io.Reader
	n, at  int64
	dir    string
	swept  bool
	marker string
	media  string // the media directory, if the import writes there
}

func (s *sweepingReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.n += int64(n)
	if !s.swept && s.n >= s.at {
		s.swept = true
		mediatest.Sweep(s.t, s.dir, []string{s.marker}, nil)
		// The sweep went through the recording's file being written.
		if s.media != "" {
			if m, _ := filepath.Glob(filepath.Join(s.media, "*.partial")); len(m) != 1 {
				s.t.Errorf("no file being written in %s during the import: %v", s.media, m)
			}
		}
	}
	return n, err
}

// TestRecordingNoPlaintextOnDisk imports real media (a WebM made by
// ffmpeg, repeated to three chunks) into a study file and sweeps its
// directory for container signatures and the media's metadata marker
// halfway through the import, and after it and a read.
func TestRecordingNoPlaintextOnDisk(t *testing.T) {
	const marker = "quorblaxstoremarker"
	webm := mediatest.Make(t, t.TempDir(), "v.webm", 1, marker)
	one, err := os.ReadFile(webm)
	must(t, err)
	data := bytes.Repeat(one, 3*sqldb.RecordingChunkSize/len(one)+1)
	if !bytes.Contains(data, []byte(marker)) || !bytes.Contains(data, []byte{0x1A, 0x45, 0xDF, 0xA3}) {
		t.Fatal("the media lacks its marker or EBML signature: the sweep would prove nothing")
	}
	db, path := sqldbtest.OpenSQLite(t)
	dir := filepath.Dir(path)
	iv := recordingFixture(t, db)
	rec := &ownwords.Recording{StudyID: iv.StudyID, InterviewID: iv.ID, Name: "v.webm", MediaType: "video/webm", Size: int64(len(data))}
	sr := &sweepingReader{t: t, r: bytes.NewReader(data), at: 2 * sqldb.RecordingChunkSize, dir: dir, marker: marker, media: sqldb.MediaDir(path)}
	must(t, db.PutRecording(context.Background(), rec, sr))
	if !sr.swept {
		t.Fatal("no sweep during the import")
	}
	mediatest.Sweep(t, dir, []string{marker}, nil)
	got, err := readAllRecording(db, rec.ID)
	must(t, err)
	if !bytes.Equal(got, data) {
		t.Fatal("read back differs")
	}
	mediatest.Sweep(t, dir, []string{marker}, nil)
}

// cancellingReader serves data and cancels the import's context once it
// has served after bytes; it reports a read after the import returned.
type cancellingReader struct {
	t        *testing.T
	r        io.Reader
	n, after int64
	cancel   func()
	returned atomic.Bool
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	if c.returned.Load() {
		c.t.Error("the recording was read after PutRecording returned")
	}
	n, err := c.r.Read(p)
	if c.n += int64(n); c.n >= c.after {
		c.cancel()
	}
	return n, err
}

// TestRecordingCancelledStopsReading cancels an import after two chunks:
// PutRecording fails, lands nothing, and reads nothing more once it
// returned (the chunks are read on a goroutine of their own).
func TestRecordingCancelledStopsReading(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		iv := recordingFixture(t, st)
		data := mediaBytes(8*sqldb.RecordingChunkSize, 3)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cr := &cancellingReader{t: t, r: bytes.NewReader(data), after: 2 * sqldb.RecordingChunkSize, cancel: cancel}
		rec := &ownwords.Recording{StudyID: iv.StudyID, InterviewID: iv.ID, Name: "a.wav", MediaType: "audio/wav", Size: int64(len(data))}
		err := st.PutRecording(ctx, rec, cr)
		cr.returned.Store(true)
		if err == nil {
			t.Fatal("a cancelled import succeeded")
		}
		if cr.n == int64(len(data)) {
			t.Errorf("the whole recording was read (%d bytes) after the import was cancelled at %d", cr.n, cr.after)
		}
		time.Sleep(50 * time.Millisecond) // a read still running would report itself
		list, err := st.Recordings(context.Background(), iv.StudyID, "")
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a cancelled import left %d recordings", len(list))
		}
	})
}
