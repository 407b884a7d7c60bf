package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"ownwords"
)

// checkSegment verifies the code (same study, not derived) and that the
// range lies in the transcript and its text has the given hash, reading
// code and interview in one statement. seg is valid (0 <= Start < End).
func (s services) checkSegment(ctx context.Context, c conn, seg *ownwords.Segment) error {
	var ivStudy, codeStudy, derived, quoted string
	var err error
	if err := beyondAnyTranscript(seg); err != nil {
		return err
	}
	if c.d.name() == "postgres" {
		// The server slices the transcript (code points: the database's
		// encoding is UTF8, checkEncoding), which then stays there. The
		// row is read FOR SHARE: a transcript edit saving meanwhile
		// (EditTranscript, which moves every segment) holds the row, and
		// this read then waits for it and sees the new text, so that no
		// segment is stored on offsets of a replaced transcript.
		err = c.queryRow(ctx, `SELECT i.study_id, COALESCE(c.study_id, ''), COALESCE(c.derived, ''),
			substr(i.transcript, $3 + 1, $4) FROM interviews i LEFT JOIN codes c ON c.id = $2 WHERE i.id = $1 FOR SHARE OF i`,
			seg.InterviewID, seg.CodeID, seg.Start, seg.End-seg.Start).Scan(&ivStudy, &codeStudy, &derived, &quoted)
	} else {
		// SQLite counts code points in valid UTF-8 only: Go slices.
		var transcript string
		err = c.queryRow(ctx, `SELECT i.study_id, COALESCE(c.study_id, ''), COALESCE(c.derived, ''), i.transcript
			FROM interviews i LEFT JOIN codes c ON c.id = $2 WHERE i.id = $1`, seg.InterviewID, seg.CodeID).Scan(&ivStudy, &codeStudy, &derived, &transcript)
		var ok bool
		if quoted, ok = ownwords.Slice(transcript, seg.Start, seg.End); !ok {
			quoted = "" // shorter than the range: outside
		}
	}
	if errors.Is(err, sql.ErrNoRows) { // no interview: the code is still checked first
		err = c.queryRow(ctx, `SELECT study_id, derived FROM codes WHERE id = $1`, seg.CodeID).Scan(&codeStudy, &derived)
		ivStudy = ""
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqldb: segment %d..%d of interview %s: %w", seg.Start, seg.End, seg.InterviewID, err)
	}
	return segmentCheck(seg, ivStudy, codeStudy, derived, quoted)
}

// beyondAnyTranscript refuses a range ending past the longest transcript
// the store takes, before the server is asked to slice one there (its
// offsets are 32-bit integers).
func beyondAnyTranscript(seg *ownwords.Segment) error {
	if seg.End > ownwords.MaxTranscriptBytes {
		return ownwords.Errorf(ownwords.EINVALID, "segment %d..%d lies outside the transcript", seg.Start, seg.End)
	}
	return nil
}

// segmentCheck says what is wrong with seg, if anything, given its code's
// study and derivation, its interview's study (each "" when missing) and
// the text of its range, which has fewer than End-Start code points when
// the range does not lie inside the transcript (the server's substr, cut
// at the end of the text).
func segmentCheck(seg *ownwords.Segment, ivStudy, codeStudy, derived, quoted string) error {
	switch {
	case codeStudy != seg.StudyID:
		return ownwords.Errorf(ownwords.ENOTFOUND, "code %s not found in this study", seg.CodeID)
	case derived != "":
		return ownwords.Errorf(ownwords.EINVALID, "a derived item cannot be applied to text")
	case ivStudy != seg.StudyID:
		return ownwords.Errorf(ownwords.ENOTFOUND, "interview %s not found in this study", seg.InterviewID)
	case utf8.RuneCountInString(quoted) != seg.End-seg.Start:
		return ownwords.Errorf(ownwords.EINVALID, "segment %d..%d lies outside the transcript", seg.Start, seg.End)
	case !strings.EqualFold(ownwords.HashText(quoted), seg.TextHash):
		return ownwords.Errorf(ownwords.EINVALID, "segment %d..%d: the selected text does not match the stored transcript", seg.Start, seg.End)
	}
	return nil
}

// CreateSegment stores a coding.
func (s services) CreateSegment(ctx context.Context, seg *ownwords.Segment) error {
	if err := seg.Validate(); err != nil {
		return err
	}
	id, now := newID(), s.db.now()
	write := func(ctx context.Context, c conn) error {
		if err := s.checkSegment(ctx, c, seg); err != nil {
			return err
		}
		_, err := c.exec(ctx, `INSERT INTO segments (id, study_id, interview_id, code_id, coder_id, layer, start_cp, end_cp,
			text_hash, memo, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11)`,
			id, seg.StudyID, seg.InterviewID, seg.CodeID, seg.CoderID, seg.Layer, seg.Start, seg.End,
			strings.ToLower(seg.TextHash), seg.Memo, formatTime(now))
		if err != nil {
			return fmt.Errorf("sqldb: create segment: %w", err)
		}
		return s.appendAudit(ctx, c, seg.StudyID, "segment.create", id, seg.Layer)
	}
	var err error
	if s.tx == nil && s.db.deferAudit {
		var w *rowWrite
		if w, err = s.createSegmentAlone(ctx, seg, id, now); err == nil {
			err = s.db.groupedRow(ctx, w)
		}
	} else {
		err = s.coding(ctx, write)
	}
	if err != nil {
		return err
	}
	seg.ID, seg.Version, seg.CreatedAt = id, 1, parseTime(formatTime(now))
	return nil
}

// createSegmentAlone is the statement of a coding on PostgreSQL outside a
// transaction: checkSegment's checks (the interview's row read
// FOR SHARE, the text hashed on the server), the insert and the audit
// entry queued in audit_pending, in one statement, committed with the
// others of its batch (grouped). It returns what it checked, from which
// segmentCheck says what was wrong when nothing was inserted.
const createSegmentAlone = `WITH chk AS (
	SELECT i.study_id AS iv_study, COALESCE(c.study_id, '') AS code_study, COALESCE(c.derived, '') AS derived,
		substr(i.transcript, $7::integer + 1, $8::integer - $7::integer) AS quoted
	FROM interviews i LEFT JOIN codes c ON c.id = $4 WHERE i.id = $3 FOR SHARE OF i),
seg AS (INSERT INTO segments (id, study_id, interview_id, code_id, coder_id, layer, start_cp, end_cp, text_hash, memo, version, created_at)
	SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11 FROM chk
	WHERE iv_study = $2 AND code_study = $2 AND derived = '' AND char_length(quoted) = $8::integer - $7::integer
		AND encode(sha256(convert_to(quoted, 'UTF8')), 'hex') = $9
	RETURNING id),
pending AS (INSERT INTO audit_pending (` + pendingColumns + `) SELECT $12, $13, $14, $15, $16, $17, $18 FROM seg)
SELECT iv_study, code_study, derived, quoted, EXISTS (SELECT 1 FROM seg) FROM chk`

// createSegmentAlone returns the write of a coding on PostgreSQL outside
// a transaction: one statement (createSegmentAlone) instead of five round
// trips.
func (s services) createSegmentAlone(ctx context.Context, seg *ownwords.Segment, id string, now time.Time) (*rowWrite, error) {
	if err := beyondAnyTranscript(seg); err != nil {
		return nil, err
	}
	entry, err := s.pendingEntry(ctx, seg.StudyID, "segment.create", id, seg.Layer)
	if err != nil {
		return nil, err
	}
	args := append([]any{id, seg.StudyID, seg.InterviewID, seg.CodeID, seg.CoderID, seg.Layer, seg.Start, seg.End,
		strings.ToLower(seg.TextHash), seg.Memo, formatTime(now)}, entry...)
	var ivStudy, codeStudy, derived, quoted string
	var created bool
	return &rowWrite{q: createSegmentAlone, args: args, dest: []any{&ivStudy, &codeStudy, &derived, &quoted, &created}, outcome: func(ctx context.Context, c conn, err error) error {
		if errors.Is(err, sql.ErrNoRows) { // no interview: the code is still checked first
			err = c.queryRow(ctx, `SELECT study_id, derived FROM codes WHERE id = $1`, seg.CodeID).Scan(&codeStudy, &derived)
			ivStudy, created = "", false
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqldb: create segment: %w", err)
		}
		if !created {
			if err := segmentCheck(seg, ivStudy, codeStudy, derived, quoted); err != nil {
				return err
			}
			return fmt.Errorf("sqldb: create segment on %s: not stored, though every check passed", seg.InterviewID)
		}
		return nil
	}}, nil
}

// UpdateSegment saves code, range and memo at the segment's version.
func (s services) UpdateSegment(ctx context.Context, seg *ownwords.Segment) error {
	if err := seg.Validate(); err != nil {
		return err
	}
	err := s.coding(ctx, func(ctx context.Context, c conn) error {
		old, err := s.in(c).Segment(ctx, seg.ID)
		if err != nil {
			return err
		}
		if old.StudyID != seg.StudyID || old.InterviewID != seg.InterviewID {
			return ownwords.Errorf(ownwords.ENOTFOUND, "segment %s not found", seg.ID)
		}
		if old.Version != seg.Version {
			return ownwords.Errorf(ownwords.ECONFLICT, "segment was changed by someone else (version %d, yours %d): reload", old.Version, seg.Version)
		}
		if err := s.checkSegment(ctx, c, seg); err != nil {
			return err
		}
		// Saving a segment is its coder's (or the owner's) word that its
		// range is right: a mark left by a transcript edit goes.
		res, err := c.exec(ctx, `UPDATE segments SET code_id = $1, start_cp = $2, end_cp = $3, text_hash = $4, memo = $5,
			layer = $6, coder_id = $7, version = version + 1, broken = $10 WHERE id = $8 AND version = $9`,
			seg.CodeID, seg.Start, seg.End, strings.ToLower(seg.TextHash), seg.Memo, seg.Layer, seg.CoderID, seg.ID, seg.Version, false)
		if err != nil {
			return fmt.Errorf("sqldb: update segment: %w", err)
		}
		if err := mustAffect(res, "segment", seg.ID); err != nil {
			return ownwords.Errorf(ownwords.ECONFLICT, "segment was changed by someone else: reload")
		}
		return s.appendAudit(ctx, c, seg.StudyID, "segment.update", seg.ID, seg.Layer)
	})
	if err != nil {
		return err
	}
	seg.Version++
	seg.Broken = false
	return nil
}

// DeleteSegment removes a segment at its version: one statement, which
// finds nothing to delete when the segment is gone or at another
// version (a concurrent change committed first on PostgreSQL, READ
// COMMITTED, included); only then is it read, to say which.
func (s services) DeleteSegment(ctx context.Context, id string, version int) error {
	if s.tx == nil && s.db.deferAudit {
		return s.deleteSegmentAlone(ctx, id, version)
	}
	return s.coding(ctx, func(ctx context.Context, c conn) error {
		var studyID, layer string
		err := c.queryRow(ctx, `DELETE FROM segments WHERE id = $1 AND version = $2 RETURNING study_id, layer`, id, version).Scan(&studyID, &layer)
		if errors.Is(err, sql.ErrNoRows) {
			old, err := s.in(c).Segment(ctx, id)
			if err != nil {
				return err
			}
			return ownwords.Errorf(ownwords.ECONFLICT, "segment was changed by someone else (version %d, yours %d): reload", old.Version, version)
		} else if err != nil {
			return fmt.Errorf("sqldb: delete segment: %w", err)
		}
		return s.appendAudit(ctx, c, studyID, "segment.delete", id, layer)
	})
}

// deleteSegmentAlone deletes a segment (its ID, $1) at a version ($2)
// and queues its audit entry (the rest), in one statement: at the version
// read, the row is the one read (every change moves the version), so the
// entry's study and layer are its. (Conditions on them too made
// PostgreSQL's generic plan scan the index segments_study_layer: 1.6 ms a
// removal.)
const deleteSegmentAlone = `WITH d AS (DELETE FROM segments WHERE id = $1 AND version = $2 RETURNING id),
			pending AS (INSERT INTO audit_pending (` + pendingColumns + `) SELECT $3, $4, $5, $6, $7, $8, $9 FROM d)
			SELECT EXISTS (SELECT 1 FROM d)`

// deleteSegmentAlone removes a segment on PostgreSQL outside a
// transaction: the segment is read first (its study and layer are its
// audit entry's), then deleted at that version with
// the entry queued in audit_pending, in one statement, committed with
// the others of its batch (grouped).
func (s services) deleteSegmentAlone(ctx context.Context, id string, version int) error {
	old, err := s.Segment(ctx, id)
	if err != nil {
		return err
	}
	conflict := func(v int) error {
		return ownwords.Errorf(ownwords.ECONFLICT, "segment was changed by someone else (version %d, yours %d): reload", v, version)
	}
	if old.Version != version {
		return conflict(old.Version)
	}
	entry, err := s.pendingEntry(ctx, old.StudyID, "segment.delete", id, old.Layer)
	if err != nil {
		return err
	}
	err = s.db.groupedRow(ctx, deleteRow(id, version, entry, conflict))
	if ownwords.ErrorCode(err) == ownwords.ECONFLICT { // changed or removed since the read: say which
		now, rerr := s.Segment(ctx, id)
		if rerr != nil {
			return rerr
		}
		return conflict(now.Version)
	}
	return err
}

// deleteRow is the write of deleteSegmentAlone: segment id deleted at
// version, its audit entry (pendingEntry) queued; conflict(0) when there
// was nothing to delete.
func deleteRow(id string, version int, entry []any, conflict func(int) error) *rowWrite {
	var deleted bool
	return &rowWrite{q: deleteSegmentAlone, args: append([]any{id, version}, entry...), dest: []any{&deleted},
		outcome: func(ctx context.Context, c conn, err error) error {
			if err != nil {
				return fmt.Errorf("sqldb: delete segment: %w", err)
			}
			if !deleted {
				return conflict(0)
			}
			return nil
		}}
}

const segmentColumns = `id, study_id, interview_id, code_id, coder_id, layer, start_cp, end_cp, text_hash, memo, version, created_at, broken`

func scanSegment(sc interface{ Scan(...any) error }) (*ownwords.Segment, error) {
	var seg ownwords.Segment
	var created string
	if err := sc.Scan(&seg.ID, &seg.StudyID, &seg.InterviewID, &seg.CodeID, &seg.CoderID, &seg.Layer, &seg.Start, &seg.End,
		&seg.TextHash, &seg.Memo, &seg.Version, &created, &seg.Broken); err != nil {
		return nil, err
	}
	seg.CreatedAt = parseTime(created)
	return &seg, nil
}

// Segment returns one segment.
func (s services) Segment(ctx context.Context, id string) (*ownwords.Segment, error) {
	seg, err := scanSegment(s.read().queryRow(ctx, `SELECT `+segmentColumns+` FROM segments WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "segment", id)
	}
	return seg, nil
}

// Segments lists segments by interview, start, end.
// SegmentCounts counts in the database, from the segments' study index.
func (s services) SegmentCounts(ctx context.Context, studyID string) ([]ownwords.SegmentCount, error) {
	q := `SELECT interview_id, layer, coder_id, count(*) FROM segments WHERE study_id = $1
		GROUP BY interview_id, layer, coder_id ORDER BY interview_id, layer, coder_id`
	return collect(ctx, s.read(), "segment counts", q, []any{studyID}, func(r interface{ Scan(...any) error }) (ownwords.SegmentCount, error) {
		var c ownwords.SegmentCount
		err := r.Scan(&c.InterviewID, &c.Layer, &c.CoderID, &c.N)
		return c, err
	})
}

func (s services) Segments(ctx context.Context, f ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	var w filter
	w.eq("study_id", f.StudyID)
	w.eq("interview_id", f.InterviewID)
	w.eq("coder_id", f.CoderID)
	w.eq("layer", f.Layer)
	w.in("code_id", f.CodeIDs)
	q := `SELECT ` + segmentColumns + ` FROM segments WHERE ` + w.where() + ` ORDER BY interview_id, start_cp, end_cp, id`
	return collect(ctx, s.read(), "segments", q, w.args, scanSegment)
}

// coding runs fn, a coding write, in the current transaction or, outside
// one, in the next batch of coding writes (grouped), committed with the
// others.
func (s services) coding(ctx context.Context, fn func(ctx context.Context, c conn) error) error {
	if s.tx != nil {
		return fn(ctx, s.read())
	}
	return s.db.grouped(ctx, fn)
}
