package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"ownwords"
	"ownwords/vault"
)

// RecordingChunkSize is the plaintext size of a recording's chunks (the
// last one may be shorter). Each chunk is stored sealed
// (vault.ChunkSealer), as a row of recording_chunks or, on a study file, at
// its fixed offset in the recording's file (media.go): a seek reads and
// opens one chunk.
const RecordingChunkSize = 1 << 20

// mediaWrapKey returns the key that wraps recordings' content keys: derived
// from the data key of a study file; nil on PostgreSQL, which has no data
// key (it is trusted as a server, like the transcripts it holds), where the
// chunks are still sealed (integrity, per-recording destruction).
func (db *DB) mediaWrapKey() ([]byte, error) {
	if d, ok := db.d.(sqliteDialect); ok {
		return vault.MediaWrapKey(d.key)
	}
	return nil, nil
}

// chunkCount is the number of chunks of a recording of size bytes.
func chunkCount(size, chunkSize int64) int64 {
	return (size + chunkSize - 1) / chunkSize
}

// PutRecording stores a recording, read from r and sealed chunk by chunk:
// memory holds one chunk, whatever the size. See ownwords.RecordingService.
func (s services) PutRecording(ctx context.Context, rec *ownwords.Recording, r io.Reader) error {
	if rec.Name == "" || rec.MediaType == "" || rec.Size < 0 {
		return ownwords.Errorf(ownwords.EINVALID, "a recording needs a name, a media type and a size")
	}
	wrapKey, err := s.db.mediaWrapKey()
	if err != nil {
		return err
	}
	defer clear(wrapKey)
	return s.write(ctx, func(c conn) error {
		var participant string
		err := c.queryRow(ctx, `SELECT participant_id FROM interviews WHERE id = $1 AND study_id = $2`, rec.InterviewID, rec.StudyID).Scan(&participant)
		if errors.Is(err, sql.ErrNoRows) {
			return ownwords.Errorf(ownwords.ENOTFOUND, "interview %s not found in this study", rec.InterviewID)
		}
		if err != nil {
			return fmt.Errorf("sqldb: recording: %w", err)
		}
		if err := s.checkActiveParticipant(ctx, c, rec.StudyID, participant, "recording "+strconv.Quote(rec.Name)); err != nil {
			return err
		}
		id := newID()
		key, err := vault.NewContentKey()
		if err != nil {
			return err
		}
		defer clear(key)
		wrapped, err := vault.WrapContentKey(wrapKey, key, id)
		if err != nil {
			return err
		}
		total := chunkCount(rec.Size, RecordingChunkSize)
		sealer, err := vault.NewChunkSealer(key, id, total)
		if err != nil {
			return err
		}
		created := s.db.now().UTC()
		_, err = c.exec(ctx, `INSERT INTO recordings (id, study_id, interview_id, name, media_type, size, chunk_size, chunks, sha256, key_wrap, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10)`,
			id, rec.StudyID, rec.InterviewID, rec.Name, rec.MediaType, rec.Size, RecordingChunkSize, total, wrapped, formatTime(created))
		if err != nil {
			return c.conflict(err, "interview %s already has a recording named %q", rec.InterviewID, rec.Name)
		}
		// The chunks are read, hashed and sealed on a goroutine of their
		// own, which this one stores, working ahead: on PostgreSQL the
		// server's write of a chunk overlaps the reading, hashing and
		// sealing of the next; on a study file, the write of a chunk to
		// the recording's file (media.go). (When a study file stored
		// chunks as rows, SQLite's and the VFS's CPU work competed with
		// the goroutine and it sealed a chunk only while the store
		// waited: BENCHMARKS.md.) The sealing goroutine hands the hashing
		// to a third (see run): on an idle 2-core machine a 1 GiB import
		// went from ~2.1 s to ~1.8 s (BENCHMARKS.md).
		var mw *mediaWriter
		var file string
		if dir := s.db.mediaDir(); dir != "" {
			if mw, file, err = createMediaFile(dir, c.st); err != nil {
				return err
			}
			defer mw.close()
		}
		sl := startSealing(rec, r, sealer, total, 3)
		defer sl.stop()
		for ch := range sl.out {
			if err := ctx.Err(); err != nil {
				return err
			}
			if mw != nil {
				err = mw.write(ch.data)
			} else {
				_, err = c.exec(ctx, `INSERT INTO recording_chunks (recording_id, idx, data) VALUES ($1, $2, $3)`, id, ch.idx, ch.data)
			}
			if err != nil {
				return fmt.Errorf("sqldb: recording %s chunk %d: %w", rec.Name, ch.idx, err)
			}
			sl.free <- ch.data
		}
		digest, err := sl.wait()
		if err != nil {
			return err
		}
		sum := hex.EncodeToString(digest)
		if mw != nil {
			// The file is whole and synced before the row names it.
			if err := mw.finish(); err != nil {
				return err
			}
			_, err = c.exec(ctx, `UPDATE recordings SET sha256 = $1, media_file = $2 WHERE id = $3`, sum, file, id)
		} else {
			_, err = c.exec(ctx, `UPDATE recordings SET sha256 = $1 WHERE id = $2`, sum, id)
		}
		if err != nil {
			return fmt.Errorf("sqldb: recording: %w", err)
		}
		rec.ID, rec.SHA256, rec.Created = id, sum, created
		return s.appendAudit(ctx, c, rec.StudyID, "recording.create", id, fmt.Sprintf("%s (%s, %d bytes) for interview %s", rec.Name, rec.MediaType, rec.Size, rec.InterviewID))
	})
}

// sealing reads a recording's plaintext chunk by chunk, hashes it
// (SHA-256, the recording's fingerprint) and seals each chunk, on a
// goroutine of its own, handing the sealed chunks over on out in order.
// It holds one plaintext chunk (wiped when it ends) and a few sealed ones,
// which the receiver gives back on free once stored.
type sealing struct {
	out  chan sealedChunk
	free chan []byte
	quit chan struct{}
	done chan struct{}
	// Set by the goroutine before done is closed.
	digest []byte
	err    error
}

type sealedChunk struct {
	idx  int64
	data []byte
}

// startSealing starts the goroutine with buffers sealed chunks in hand:
// with three, one is stored, one sealed and waiting, one being sealed;
// with one, the goroutine reads and seals only while the store waits.
func startSealing(rec *ownwords.Recording, r io.Reader, sealer *vault.ChunkSealer, total int64, buffers int) *sealing {
	sl := &sealing{
		out:  make(chan sealedChunk, buffers),
		free: make(chan []byte, buffers),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range buffers {
		sl.free <- make([]byte, 0, RecordingChunkSize+vault.ChunkOverhead)
	}
	go func() {
		// Deferred, so that done closes even if r's Read ends the
		// goroutine (runtime.Goexit): wait then reports it unfinished.
		defer close(sl.done)
		defer close(sl.out)
		sl.digest, sl.err = sl.run(rec, r, sealer, total)
	}()
	return sl
}

// run is the goroutine's work; it returns the plaintext's SHA-256. The
// hashing runs on a goroutine of its own, beside the sealing of the same
// chunk (both only read it): on an idle 2-core machine the reading,
// hashing and sealing on one goroutine was the import's critical path
// (BENCHMARKS.md, Recordings). A few plaintext chunks are in hand, each
// wiped when the run ends.
func (sl *sealing) run(rec *ownwords.Recording, r io.Reader, sealer *vault.ChunkSealer, total int64) ([]byte, error) {
	const plains = 3
	h := sha256.New()
	toHash := make(chan []byte, plains)
	hashed := make(chan []byte, plains)
	all := make([][]byte, plains)
	for k := range all {
		all[k] = make([]byte, RecordingChunkSize)
		hashed <- all[k]
	}
	hashDone := make(chan struct{})
	go func() {
		defer close(hashDone)
		for p := range toHash {
			h.Write(p)
			hashed <- p[:cap(p)]
		}
	}()
	// endHashing waits for the hasher (at most once); the chunks are
	// wiped after it.
	var ended bool
	endHashing := func() {
		if !ended {
			ended = true
			close(toHash)
			<-hashDone
		}
	}
	defer func() {
		endHashing()
		for _, p := range all {
			clear(p)
		}
	}()
	for i := int64(0); i < total; i++ {
		// A free buffer first: with one, the chunks are read and sealed
		// only while the store is not writing.
		var buf []byte
		select {
		case buf = <-sl.free:
		case <-sl.quit:
			return nil, errSealingStopped
		}
		plain := <-hashed // free once the hasher is done with it
		want := min(RecordingChunkSize, rec.Size-i*RecordingChunkSize)
		if _, err := io.ReadFull(r, plain[:want]); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s: shorter than its %d bytes (did the file change during the import?)", rec.Name, rec.Size)
			}
			return nil, fmt.Errorf("sqldb: recording %s: %w", rec.Name, err)
		}
		toHash <- plain[:want]
		sealed, err := sealer.Seal(buf[:0], i, plain[:want])
		if err != nil {
			return nil, err
		}
		select {
		case sl.out <- sealedChunk{idx: i, data: sealed}:
		case <-sl.quit:
			return nil, errSealingStopped
		}
	}
	var one [1]byte
	if k, _ := io.ReadFull(r, one[:]); k > 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s: longer than its %d bytes (did the file change during the import?)", rec.Name, rec.Size)
	}
	endHashing()
	return h.Sum(nil), nil
}

var errSealingStopped = errors.New("sqldb: recording: sealing stopped")

// wait waits for the goroutine, after out is drained, and returns the
// plaintext's SHA-256 or why the recording could not be read whole.
func (sl *sealing) wait() ([]byte, error) {
	<-sl.done
	if sl.err == nil && sl.digest == nil {
		return nil, fmt.Errorf("sqldb: recording: the reading of its chunks ended early")
	}
	return sl.digest, sl.err
}

// stop ends the goroutine (if the store failed, it reads no further) and
// waits for it: nothing reads r after PutRecording returns.
func (sl *sealing) stop() {
	select {
	case <-sl.quit:
	default:
		close(sl.quit)
	}
	<-sl.done
}

const recordingColumns = `id, study_id, interview_id, name, media_type, size, sha256, created_at`

func scanRecording(sc interface{ Scan(...any) error }) (*ownwords.Recording, error) {
	var r ownwords.Recording
	var at string
	if err := sc.Scan(&r.ID, &r.StudyID, &r.InterviewID, &r.Name, &r.MediaType, &r.Size, &r.SHA256, &at); err != nil {
		return nil, err
	}
	r.Created = parseTime(at)
	return &r, nil
}

// Recording returns a recording's description.
func (s services) Recording(ctx context.Context, id string) (*ownwords.Recording, error) {
	r, err := scanRecording(s.read().queryRow(ctx, `SELECT `+recordingColumns+` FROM recordings WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "recording", id)
	}
	return r, nil
}

// Recordings lists a study's recordings, of one interview if set.
func (s services) Recordings(ctx context.Context, studyID, interviewID string) ([]*ownwords.Recording, error) {
	var f filter
	f.eq("study_id", studyID)
	f.eq("interview_id", interviewID)
	return collect(ctx, s.read(), "recordings", `SELECT `+recordingColumns+` FROM recordings WHERE `+f.where()+` ORDER BY interview_id, name`, f.args, scanRecording)
}

// DeleteRecording destroys a recording's chunks and content key (its
// file, on a study file, once the deletion has committed).
func (s services) DeleteRecording(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		var studyID string
		if err := c.queryRow(ctx, `SELECT study_id FROM recordings WHERE id = $1`, id).Scan(&studyID); err != nil {
			return notFound(err, "recording", id)
		}
		if err := s.dropMediaFiles(ctx, c, `id = $1`, id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM recording_chunks WHERE recording_id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete recording: %w", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM recordings WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete recording: %w", err)
		}
		return s.appendAudit(ctx, c, studyID, "recording.delete", id, "")
	})
}

// OpenRecording opens a recording for reading, chunk by chunk. It checks
// that the recording has all its chunks and no more (a truncated or padded
// recording is EINVALID at once); each chunk is authenticated when read.
func (s services) OpenRecording(ctx context.Context, id string) (ownwords.RecordingReader, error) {
	c := s.read()
	var rec recordingReader
	var wrapped []byte
	file := `''`
	dir := s.db.mediaDir()
	if dir != "" {
		file = "media_file"
	}
	var name string
	err := c.queryRow(ctx, `SELECT size, chunk_size, chunks, key_wrap, `+file+` FROM recordings WHERE id = $1`, id).Scan(&rec.size, &rec.chunkSize, &rec.chunks, &wrapped, &name)
	if err != nil {
		return nil, notFound(err, "recording", id)
	}
	if rec.chunkSize <= 0 || rec.chunks != chunkCount(rec.size, rec.chunkSize) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: its size and chunk count disagree", id)
	}
	if name != "" {
		if rec.f, err = openMediaFile(dir, name, id, rec.size, rec.chunks); err != nil {
			return nil, err
		}
		rec.file = mediaFileName(dir, name)
	} else {
		var n int64
		if err := c.queryRow(ctx, `SELECT count(*) FROM recording_chunks WHERE recording_id = $1`, id).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqldb: recording %s: %w", id, err)
		}
		if n != rec.chunks {
			return nil, ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: %d chunks stored, %d expected (truncated or altered)", id, n, rec.chunks)
		}
	}
	rec.sealer, err = s.db.recordingSealer(wrapped, id, rec.chunks)
	if err != nil {
		rec.Close()
		return nil, err
	}
	rec.ctx, rec.c, rec.id, rec.cur = ctx, c, id, -1
	return &rec, nil
}

// recordingSealer unwraps a recording's content key and returns the
// sealer of its chunks.
func (db *DB) recordingSealer(wrapped []byte, id string, chunks int64) (*vault.ChunkSealer, error) {
	wrapKey, err := db.mediaWrapKey()
	if err != nil {
		return nil, err
	}
	key, err := vault.UnwrapContentKey(wrapKey, wrapped, id)
	clear(wrapKey)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	return vault.NewChunkSealer(key, id, chunks)
}

// recordingReader reads a recording's plaintext; it holds one chunk.
type recordingReader struct {
	ctx context.Context
	c   conn
	// f is the recording's file (a study file's recordings since
	// media.go); nil for one kept in rows.
	f *os.File
	// file names f for errors (mediaFileName).
	file                    string
	id                      string
	sealer                  *vault.ChunkSealer
	size, chunkSize, chunks int64
	pos                     int64
	cur                     int64 // index of the chunk in plain; -1 for none
	plain, sealed           []byte
}

func (r *recordingReader) Read(p []byte) (int, error) {
	if r.sealer == nil {
		return 0, ownwords.Errorf(ownwords.EINVALID, "recording %s is closed", r.id)
	}
	if r.pos >= r.size {
		return 0, io.EOF
	}
	idx := r.pos / r.chunkSize
	if idx != r.cur {
		if err := r.load(idx); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.plain[r.pos-idx*r.chunkSize:])
	r.pos += int64(n)
	return n, nil
}

// load reads and opens chunk idx.
func (r *recordingReader) load(idx int64) error {
	r.cur = -1
	var err error
	if r.f != nil {
		n := min(r.chunkSize, r.size-idx*r.chunkSize) + vault.ChunkOverhead
		r.sealed = slices.Grow(r.sealed[:0], int(n))[:n]
		var k int
		k, err = r.f.ReadAt(r.sealed, idx*(r.chunkSize+vault.ChunkOverhead))
		if int64(k) < n {
			return ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: chunk %d of %d is cut short in %s (%v)", r.id, idx, r.chunks, r.file, pathless(err))
		}
		err = nil
	} else {
		err = r.c.queryRow(r.ctx, `SELECT data FROM recording_chunks WHERE recording_id = $1 AND idx = $2`, r.id, idx).Scan(&r.sealed)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: chunk %d of %d is missing", r.id, idx, r.chunks)
	} else if err != nil {
		return fmt.Errorf("sqldb: recording %s chunk %d: %w", r.id, idx, err)
	}
	clear(r.plain)
	if r.plain, err = r.sealer.Open(r.plain[:0], idx, r.sealed); err != nil {
		return err
	}
	if want := min(r.chunkSize, r.size-idx*r.chunkSize); int64(len(r.plain)) != want {
		return ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: chunk %d holds %d bytes, not %d", r.id, idx, len(r.plain), want)
	}
	r.cur = idx
	return nil
}

func (r *recordingReader) Seek(offset int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = r.pos + offset
	case io.SeekEnd:
		abs = r.size + offset
	default:
		return 0, ownwords.Errorf(ownwords.EINVALID, "seek: bad whence %d", whence)
	}
	if abs < 0 {
		return 0, ownwords.Errorf(ownwords.EINVALID, "seek before the start of recording %s", r.id)
	}
	r.pos = abs
	return abs, nil
}

// Close wipes the chunk held and closes the recording's file.
func (r *recordingReader) Close() error {
	clear(r.plain)
	r.plain, r.sealer = nil, nil
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
	return nil
}

// rewrapRecordingKeys rewraps, in the study file db (opened with newKey),
// every recording's content key from oldKey's wrap key to newKey's: the
// step of a key rotation that keeps recordings readable (rotate.go).
func rewrapRecordingKeys(ctx context.Context, db *DB, oldKey, newKey []byte) error {
	oldWrap, err := vault.MediaWrapKey(oldKey)
	if err != nil {
		return err
	}
	defer clear(oldWrap)
	newWrap, err := vault.MediaWrapKey(newKey)
	if err != nil {
		return err
	}
	defer clear(newWrap)
	return db.inTx(ctx, false, func(tx *sql.Tx, state *txState) error {
		c := conn{tx, db.d, tx, state}
		type row struct {
			id   string
			wrap []byte
		}
		rows, err := collect(ctx, c, "recording keys", `SELECT id, key_wrap FROM recordings`, nil, func(sc interface{ Scan(...any) error }) (row, error) {
			var r row
			err := sc.Scan(&r.id, &r.wrap)
			return r, err
		})
		if err != nil {
			return err
		}
		for _, r := range rows {
			key, err := vault.UnwrapContentKey(oldWrap, r.wrap, r.id)
			if err != nil {
				return err
			}
			w, err := vault.WrapContentKey(newWrap, key, r.id)
			clear(key)
			if err != nil {
				return err
			}
			if _, err := c.exec(ctx, `UPDATE recordings SET key_wrap = $1 WHERE id = $2`, w, r.id); err != nil {
				return fmt.Errorf("sqldb: rewrap recording %s: %w", r.id, err)
			}
		}
		return nil
	})
}
