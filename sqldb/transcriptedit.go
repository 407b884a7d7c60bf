package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// EditTranscript saves a transcript edit: in one transaction the interview
// (at the version the editor loaded), its segments and anchored memos moved
// through the edit, its time anchors, its search index, the edit's list of
// moved and broken segments and the audit entry. Nothing is saved when
// anything fails, and a save on a stale version is ECONFLICT: never an
// overwrite.
func (s services) EditTranscript(ctx context.Context, ed *ownwords.TranscriptEdit) (*ownwords.TranscriptEditResult, error) {
	if len(ed.Transcript) > ownwords.MaxTranscriptBytes {
		return nil, ownwords.Errorf(ownwords.EINVALID, "transcript larger than %d MiB", ownwords.MaxTranscriptBytes>>20)
	}
	if err := ownwords.CheckText(ed.Transcript); err != nil {
		return nil, err
	}
	var res *ownwords.TranscriptEditResult
	err := s.write(ctx, func(c conn) error {
		old, err := s.in(c).Interview(ctx, ed.InterviewID)
		if err != nil {
			return err
		}
		if old.StudyID != ed.StudyID {
			return ownwords.Errorf(ownwords.ENOTFOUND, "interview %s not found", ed.InterviewID)
		}
		if old.Version != ed.Version {
			return staleTranscript(old.Title, old.Version, ed.Version)
		}
		// A withdrawn participant's transcript is not written again (a
		// shredded one could otherwise be retyped).
		if err := s.checkActiveParticipant(ctx, c, old.StudyID, old.ParticipantID, "transcript of "+strconv.Quote(old.Title)); err != nil {
			return err
		}
		if err := checkTextsAligned(ctx, c, ed.InterviewID, old.Title, ed.Transcript); err != nil {
			return err
		}
		// The versioned UPDATE first: on PostgreSQL it takes the row's
		// lock, which segment writes wait for (checkSegment), so that the
		// segments read below are all there are until COMMIT.
		r, err := c.exec(ctx, `UPDATE interviews SET transcript = $1, version = version + 1 WHERE id = $2 AND version = $3`,
			ed.Transcript, ed.InterviewID, ed.Version)
		if err != nil {
			return fmt.Errorf("sqldb: edit transcript: %w", err)
		}
		if mustAffect(r, "interview", ed.InterviewID) != nil {
			return staleTranscript(old.Title, old.Version+1, ed.Version)
		}
		edits := ownwords.DiffText(old.Transcript, ed.Transcript)
		n := utf8.RuneCountInString(ed.Transcript)
		res = &ownwords.TranscriptEditResult{ID: newID(), InterviewID: ed.InterviewID, Version: ed.Version + 1,
			Actor: ownwords.ActorFrom(ctx), At: s.db.now().UTC(), Changes: len(edits), Moves: []ownwords.SegmentMove{}}
		segs, err := s.in(c).Segments(ctx, ownwords.SegmentFilter{StudyID: ed.StudyID, InterviewID: ed.InterviewID})
		if err != nil {
			return err
		}
		if len(segs) > 0 && n == 0 {
			return ownwords.Errorf(ownwords.EINVALID, "interview %q has coded segments: its transcript cannot be emptied", old.Title)
		}
		for _, seg := range segs {
			start, end, broken := ownwords.MoveRange(edits, seg.Start, seg.End)
			if start == seg.Start && end == seg.End && !broken {
				continue
			}
			// Offsets past the old text (a transcript destroyed by
			// retention keeps its segments) are held inside the new one.
			start, end = widen(min(start, n), min(end, n), n)
			text, _ := ownwords.Slice(ed.Transcript, start, end)
			broken = broken || seg.Broken // one broken before stays broken
			r, err := c.exec(ctx, `UPDATE segments SET start_cp = $1, end_cp = $2, text_hash = $3, broken = $4, version = version + 1
				WHERE id = $5 AND version = $6`, start, end, ownwords.HashText(text), broken, seg.ID, seg.Version)
			if err != nil {
				return fmt.Errorf("sqldb: move segment: %w", err)
			}
			if mustAffect(r, "segment", seg.ID) != nil {
				return ownwords.Errorf(ownwords.ECONFLICT, "a segment of interview %q was changed by someone else while the transcript was saved: reload, then save again", old.Title)
			}
			res.Moves = append(res.Moves, ownwords.SegmentMove{SegmentID: seg.ID, OldStart: seg.Start, OldEnd: seg.End, Start: start, End: end, Broken: broken})
		}
		if err := moveMemoAnchors(ctx, c, ed, edits, n); err != nil {
			return err
		}
		iv := *old
		iv.Transcript = ed.Transcript
		iv.Anchors = ownwords.MergeAnchors(ownwords.MoveAnchors(edits, old.Anchors), ed.Typed)
		if err := writeAnchors(ctx, c, &iv, false); err != nil {
			return err
		}
		res.Anchors = len(iv.Anchors)
		if err := s.indexInterview(ctx, c, ed.InterviewID, ed.Transcript, false); err != nil {
			return err
		}
		moves, err := json.Marshal(res.Moves)
		if err != nil {
			return fmt.Errorf("sqldb: transcript edit: %w", err)
		}
		if _, err := c.exec(ctx, `INSERT INTO transcript_edits (id, study_id, interview_id, version, actor, at, changes, anchors, moves)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, res.ID, ed.StudyID, ed.InterviewID, res.Version, res.Actor,
			formatTime(res.At), res.Changes, res.Anchors, string(moves)); err != nil {
			return fmt.Errorf("sqldb: transcript edit: %w", err)
		}
		return s.appendAudit(ctx, c, ed.StudyID, ownwords.ActionTranscriptEdit, ed.InterviewID,
			fmt.Sprintf("version %d: %d changes, %d segments moved, %d broken", res.Version, res.Changes, len(res.Moves)-res.Broken(), res.Broken()))
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func staleTranscript(title string, stored, yours int) error {
	return ownwords.Errorf(ownwords.ECONFLICT, "interview %q was saved by someone else while you edited it (version %d, yours %d): nothing was saved; copy your changes, reload and apply them again", title, stored, yours)
}

// widen gives a passage whose text an edit deleted whole (start == end)
// one code point of the new text around the place, so that it still has a
// range to show and fix; n is the new text's length (> 0).
func widen(start, end, n int) (int, int) {
	if start < end {
		return start, end
	}
	if end < n {
		return start, end + 1
	}
	return start - 1, end
}

// moveMemoAnchors moves the spans of the memos anchored in the interview's
// text through the edit, as segments move (widened when deleted whole).
func moveMemoAnchors(ctx context.Context, c conn, ed *ownwords.TranscriptEdit, edits []ownwords.TextEdit, n int) error {
	memos, err := memosIn(ctx, c, ed.StudyID, ed.InterviewID)
	if err != nil {
		return err
	}
	for _, m := range memos {
		start, end, _ := ownwords.MoveRange(edits, m.Anchor.Start, m.Anchor.End)
		if n == 0 {
			start, end = 0, 0
		} else {
			// Offsets past the old text (a transcript destroyed by
			// retention keeps its segments) are held inside the new one.
			start, end = widen(min(start, n), min(end, n), n)
		}
		if start == m.Anchor.Start && end == m.Anchor.End {
			continue
		}
		if _, err := c.exec(ctx, `UPDATE memos SET anchor_start = $1, anchor_end = $2 WHERE id = $3`, start, end, m.ID); err != nil {
			return fmt.Errorf("sqldb: move memo anchor: %w", err)
		}
	}
	return nil
}

// memosIn returns the memos anchored in an interview's text, read in c.
func memosIn(ctx context.Context, c conn, studyID, interviewID string) ([]*ownwords.Memo, error) {
	rows, err := c.query(ctx, `SELECT id, anchor_start, anchor_end FROM memos WHERE study_id = $1 AND target_type = $2 AND target_id = $3
		AND anchor_start IS NOT NULL AND anchor_end IS NOT NULL`, studyID, ownwords.MemoInterview, interviewID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: memos: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.Memo
	for rows.Next() {
		m := &ownwords.Memo{Anchor: &ownwords.MemoAnchor{}}
		if err := rows.Scan(&m.ID, &m.Anchor.Start, &m.Anchor.End); err != nil {
			return nil, fmt.Errorf("sqldb: memos: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// TranscriptEdits lists an interview's saved edits, newest first.
func (s services) TranscriptEdits(ctx context.Context, interviewID string) ([]*ownwords.TranscriptEditResult, error) {
	rows, err := s.read().query(ctx, `SELECT id, interview_id, version, actor, at, changes, anchors, moves FROM transcript_edits
		WHERE interview_id = $1 ORDER BY version DESC`, interviewID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: transcript edits: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.TranscriptEditResult
	for rows.Next() {
		var r ownwords.TranscriptEditResult
		var at, moves string
		if err := rows.Scan(&r.ID, &r.InterviewID, &r.Version, &r.Actor, &at, &r.Changes, &r.Anchors, &moves); err != nil {
			return nil, fmt.Errorf("sqldb: transcript edits: %w", err)
		}
		r.At = parseTime(at)
		if err := json.NewDecoder(strings.NewReader(moves)).Decode(&r.Moves); err != nil {
			return nil, fmt.Errorf("sqldb: transcript edit %s: %w", r.ID, err)
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}
