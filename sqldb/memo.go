package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"ownwords"
)

// checkMemoAnchor verifies that an anchored memo's interview is in the
// study and that the anchor lies in its transcript.
func (s services) checkMemoAnchor(ctx context.Context, c conn, m *ownwords.Memo) error {
	if m.Anchor == nil {
		return nil
	}
	// The transcript's length in code points (length() counts characters
	// in both dialects), not the transcript: an import of thousands of
	// annotations on a long interview would read it once per memo.
	var ivStudy string
	var n int
	if err := c.queryRow(ctx, `SELECT study_id, length(transcript) FROM interviews WHERE id = $1`, m.TargetID).Scan(&ivStudy, &n); err != nil || ivStudy != m.StudyID {
		return ownwords.Errorf(ownwords.ENOTFOUND, "memo: interview %s not found in this study", m.TargetID)
	}
	if a := m.Anchor; a.Start < 0 || a.End < a.Start || a.End > n {
		return ownwords.Errorf(ownwords.EINVALID, "memo: anchor %d..%d lies outside the transcript", m.Anchor.Start, m.Anchor.End)
	}
	return nil
}

// anchorArgs returns the anchor columns' values: NULL without an anchor.
func anchorArgs(a *ownwords.MemoAnchor) (start, end any) {
	if a == nil {
		return nil, nil
	}
	return a.Start, a.End
}

// CreateMemo stores a memo.
func (s services) CreateMemo(ctx context.Context, m *ownwords.Memo) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		if err := s.checkMemoAnchor(ctx, c, m); err != nil {
			return err
		}
		id, now := newID(), formatTime(s.db.now())
		start, end := anchorArgs(m.Anchor)
		if _, err := c.exec(ctx, `INSERT INTO memos (id, study_id, target_type, target_id, author_id, title, body, anchor_start, anchor_end, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`, id, m.StudyID, m.TargetType, m.TargetID, m.AuthorID, m.Title, m.Body, start, end, now); err != nil {
			return fmt.Errorf("sqldb: create memo: %w", err)
		}
		m.ID, m.CreatedAt, m.UpdatedAt = id, parseTime(now), parseTime(now)
		return s.appendAudit(ctx, c, m.StudyID, "memo.create", id, m.TargetType)
	})
}

// UpdateMemo saves title, body and anchor; the anchor is checked against
// the stored target.
func (s services) UpdateMemo(ctx context.Context, m *ownwords.Memo) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		if m.Anchor != nil {
			var target, targetID string
			if err := c.queryRow(ctx, `SELECT target_type, target_id FROM memos WHERE id = $1 AND study_id = $2`, m.ID, m.StudyID).Scan(&target, &targetID); err != nil {
				return notFound(err, "memo", m.ID)
			}
			stored := *m
			stored.TargetType, stored.TargetID = target, targetID
			if err := stored.Validate(); err != nil {
				return err
			}
			if err := s.checkMemoAnchor(ctx, c, &stored); err != nil {
				return err
			}
		}
		now := formatTime(s.db.now())
		start, end := anchorArgs(m.Anchor)
		res, err := c.exec(ctx, `UPDATE memos SET title = $1, body = $2, anchor_start = $3, anchor_end = $4, updated_at = $5 WHERE id = $6 AND study_id = $7`,
			m.Title, m.Body, start, end, now, m.ID, m.StudyID)
		if err != nil {
			return fmt.Errorf("sqldb: update memo: %w", err)
		}
		if err := mustAffect(res, "memo", m.ID); err != nil {
			return err
		}
		m.UpdatedAt = parseTime(now)
		return s.appendAudit(ctx, c, m.StudyID, "memo.update", m.ID, m.TargetType)
	})
}

// Memos lists memos on one target, or all of a study's when targetType is "".
func (s services) Memos(ctx context.Context, studyID, targetType, targetID string) ([]*ownwords.Memo, error) {
	q := `SELECT id, study_id, target_type, target_id, author_id, title, body, anchor_start, anchor_end, created_at, updated_at FROM memos WHERE study_id = $1`
	args := []any{studyID}
	if targetType != "" {
		q += ` AND target_type = $2 AND target_id = $3`
		args = append(args, targetType, targetID)
	}
	rows, err := s.read().query(ctx, q+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: memos: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.Memo
	for rows.Next() {
		var m ownwords.Memo
		var created, updated string
		var start, end sql.NullInt64
		if err := rows.Scan(&m.ID, &m.StudyID, &m.TargetType, &m.TargetID, &m.AuthorID, &m.Title, &m.Body, &start, &end, &created, &updated); err != nil {
			return nil, fmt.Errorf("sqldb: memos: %w", err)
		}
		if start.Valid && end.Valid {
			m.Anchor = &ownwords.MemoAnchor{Start: int(start.Int64), End: int(end.Int64)}
		}
		m.CreatedAt, m.UpdatedAt = parseTime(created), parseTime(updated)
		out = append(out, &m)
	}
	return out, rows.Err()
}

// DeleteMemo removes a memo.
func (s services) DeleteMemo(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		var studyID string
		if err := c.queryRow(ctx, `SELECT study_id FROM memos WHERE id = $1`, id).Scan(&studyID); err != nil {
			return notFound(err, "memo", id)
		}
		if _, err := c.exec(ctx, `DELETE FROM memos WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete memo: %w", err)
		}
		return s.appendAudit(ctx, c, studyID, "memo.delete", id, "")
	})
}
