package sqldb

import (
	"context"
	"fmt"

	"ownwords"
)

// CreateMemo stores a memo.
func (s services) CreateMemo(ctx context.Context, m *ownwords.Memo) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		id, now := newID(), formatTime(s.db.now())
		if _, err := c.exec(ctx, `INSERT INTO memos (id, study_id, target_type, target_id, author_id, title, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`, id, m.StudyID, m.TargetType, m.TargetID, m.AuthorID, m.Title, m.Body, now); err != nil {
			return fmt.Errorf("sqldb: create memo: %w", err)
		}
		m.ID, m.CreatedAt, m.UpdatedAt = id, parseTime(now), parseTime(now)
		return s.appendAudit(ctx, c, m.StudyID, "memo.create", id, m.TargetType)
	})
}

// UpdateMemo saves title and body.
func (s services) UpdateMemo(ctx context.Context, m *ownwords.Memo) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		now := formatTime(s.db.now())
		res, err := c.exec(ctx, `UPDATE memos SET title = $1, body = $2, updated_at = $3 WHERE id = $4 AND study_id = $5`,
			m.Title, m.Body, now, m.ID, m.StudyID)
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
	q := `SELECT id, study_id, target_type, target_id, author_id, title, body, created_at, updated_at FROM memos WHERE study_id = $1`
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
		if err := rows.Scan(&m.ID, &m.StudyID, &m.TargetType, &m.TargetID, &m.AuthorID, &m.Title, &m.Body, &created, &updated); err != nil {
			return nil, fmt.Errorf("sqldb: memos: %w", err)
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
