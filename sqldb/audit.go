package sqldb

import (
	"context"
	"fmt"

	"ownwords"
)

// appendAudit adds an entry to the hash chain inside the caller's
// transaction. Bumping the head row first locks it (PostgreSQL row lock;
// SQLite already has one writer), so concurrent appends queue and the chain
// never forks.
func (s services) appendAudit(ctx context.Context, c conn, studyID, action, object, detail string) error {
	e := &ownwords.AuditEntry{
		At: s.db.now().UTC(), StudyID: studyID, Actor: ownwords.ActorFrom(ctx),
		Action: action, Object: object, Detail: detail,
	}
	err := c.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	e.Hash = e.ComputeHash()
	if _, err := c.exec(ctx, `INSERT INTO audit_log (seq, at, study_id, actor, action, object, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.Seq, e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
	}
	if _, err := c.exec(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	return nil
}

// Record appends an audit entry for an event that is not a write.
func (s services) Record(ctx context.Context, studyID, action, object, detail string) error {
	if action == "" {
		return ownwords.Errorf(ownwords.EINVALID, "audit: action required")
	}
	return s.write(ctx, func(c conn) error {
		return s.appendAudit(ctx, c, studyID, action, object, detail)
	})
}

// AuditEntries streams the log in seq order.
func (s services) AuditEntries(ctx context.Context, fn func(*ownwords.AuditEntry) bool) error {
	rows, err := s.read().query(ctx, `SELECT seq, at, study_id, actor, action, object, detail, prev_hash, hash
		FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("sqldb: audit entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e ownwords.AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.StudyID, &e.Actor, &e.Action, &e.Object, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return fmt.Errorf("sqldb: audit entries: %w", err)
		}
		e.At = parseTime(at)
		if !fn(&e) {
			return nil
		}
	}
	return rows.Err()
}

// AuditHead returns the recorded head.
func (s services) AuditHead(ctx context.Context) (ownwords.AuditHead, error) {
	var h ownwords.AuditHead
	err := s.read().queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash)
	if err != nil {
		return h, fmt.Errorf("sqldb: audit head: %w", err)
	}
	return h, nil
}
