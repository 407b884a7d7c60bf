package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"ownwords"
)

// appendAudit adds the entry of a write to the hash chain inside the
// write's transaction. The action must be one of writeActions: the study
// version (StudyVersion) is the newest entry of those, so a write audited
// under an action it does not know would leave caches stale.
func (s services) appendAudit(ctx context.Context, c conn, studyID, action, object, detail string) error {
	if !writeActions[action] {
		return fmt.Errorf("sqldb: write audited as %q, an action missing from writeActions (sqldb/version.go): add it there, to studyWrites if it can change a study's outputs", action)
	}
	return s.appendEntry(ctx, c, studyID, action, object, detail)
}

// appendEntry adds an entry to the hash chain inside the caller's
// transaction. Bumping the head row first locks it (PostgreSQL row lock;
// SQLite already has one writer), so concurrent appends queue and the chain
// never forks.
func (s services) appendEntry(ctx context.Context, c conn, studyID, action, object, detail string) error {
	e := &ownwords.AuditEntry{
		At: s.db.now().UTC(), StudyID: studyID, Actor: ownwords.ActorFrom(ctx),
		Action: action, Object: object, Detail: detail,
	}
	err := c.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	e.Hash = e.ComputeHash()
	args := []any{e.Seq, e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail, e.PrevHash, e.Hash}
	const insert = `INSERT INTO audit_log (seq, at, study_id, actor, action, object, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
	if c.d.name() == "postgres" {
		// One round trip fewer while the head's row lock is held, which
		// every concurrent write waits for.
		if _, err := c.exec(ctx, `WITH appended AS (`+insert+`) UPDATE audit_head SET hash = $9 WHERE id = 1`, args...); err != nil {
			return fmt.Errorf("sqldb: audit append: %w", err)
		}
		return nil
	}
	if _, err := c.exec(ctx, insert, args...); err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
	}
	if _, err := c.exec(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	return nil
}

// stateActions are the actions whose entries the store appends only with
// the rows they record (adjudication.go, publication.go): an entry recorded
// alone would claim a decision or approval that no table holds.
var stateActions = map[string]bool{
	ownwords.ActionDecide: true, ownwords.ActionPublishRequested: true, ownwords.ActionPublishApproved: true,
}

// Record appends an audit entry for an event that is not a write.
func (s services) Record(ctx context.Context, studyID, action, object, detail string) error {
	if action == "" {
		return ownwords.Errorf(ownwords.EINVALID, "audit: action required")
	} else if stateActions[action] {
		return ownwords.Errorf(ownwords.EINVALID, "audit: %s entries are written by the store with the state they record", action)
	}
	return s.write(ctx, func(c conn) error {
		return s.appendEntry(ctx, c, studyID, action, object, detail)
	})
}

// AuditEntries streams the log in seq order.
func (s services) AuditEntries(ctx context.Context, fn func(*ownwords.AuditEntry) bool) error {
	rows, err := s.read().query(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("sqldb: audit entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return fmt.Errorf("sqldb: audit entries: %w", err)
		}
		if !fn(e) {
			return nil
		}
	}
	return rows.Err()
}

// auditColumns are the columns scanAuditEntry reads, in its order.
const auditColumns = `seq, at, study_id, actor, action, object, detail, prev_hash, hash`

func scanAuditEntry(sc interface{ Scan(...any) error }) (*ownwords.AuditEntry, error) {
	var e ownwords.AuditEntry
	var at string
	if err := sc.Scan(&e.Seq, &at, &e.StudyID, &e.Actor, &e.Action, &e.Object, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	e.At = parseTime(at)
	return &e, nil
}

// maxRecentAudit bounds RecentAuditEntries' limit.
const maxRecentAudit = 100

// RecentAuditEntries returns a study's newest entries of some actions; see
// ownwords.ActivityService. Each action's newest entries come from a range
// of the index audit_log_study_action read backwards, at most limit of
// them; the union is then cut to the newest limit. One query over all
// actions would have to find and sort every matching entry of the log.
func (s services) RecentAuditEntries(ctx context.Context, studyID, actor string, actions []string, limit int) ([]*ownwords.AuditEntry, error) {
	actions = slices.Compact(slices.Sorted(slices.Values(actions)))
	switch {
	case limit < 1 || limit > maxRecentAudit:
		return nil, ownwords.Errorf(ownwords.EINVALID, "audit: limit %d is outside 1..%d", limit, maxRecentAudit)
	case len(actions) == 0 || len(actions) > ownwords.MaxActivityActions:
		return nil, ownwords.Errorf(ownwords.EINVALID, "audit: name 1 to %d actions, not %d", ownwords.MaxActivityActions, len(actions))
	}
	args := []any{studyID, limit}
	if actor != "" {
		args = append(args, actor)
	}
	first := len(args) + 1
	for _, a := range actions {
		args = append(args, a)
	}
	return collect(ctx, s.read(), "recent audit entries", recentAuditQuery(len(actions), actor != "", first), args, scanAuditEntry)
}

// recentAuditQuery is the query of RecentAuditEntries for n actions: $1 the
// study, $2 the limit, with byActor $3 the actor, then from $first the
// actions. Each action reads its newest entries through an index
// (study, action, seq) or, by actor, (study, actor, action, seq).
func recentAuditQuery(n int, byActor bool, first int) string {
	actor := ""
	if byActor {
		actor = " AND actor = $3"
	}
	var q strings.Builder
	for i := range n {
		if i > 0 {
			q.WriteString("\nUNION ALL ")
		}
		fmt.Fprintf(&q, `SELECT * FROM (SELECT %s FROM audit_log WHERE study_id = $1%s AND action = $%d ORDER BY seq DESC LIMIT $2) AS a%d`,
			auditColumns, actor, first+i, i)
	}
	q.WriteString("\nORDER BY seq DESC LIMIT $2")
	return q.String()
}

// AuditTimes returns when a study's entries by actor with action and
// object were made since a time; see ownwords.ActivityService. The times
// are a range of the index audit_log_study_actor_action_at (migration
// 00010), read from its end: the column at is text in both dialects,
// written fixed-width (timeLayout), so its order is time order.
func (s services) AuditTimes(ctx context.Context, studyID, actor, action, object string, since time.Time, limit int) ([]time.Time, error) {
	if limit < 1 || limit > ownwords.MaxAuditTimes {
		return nil, ownwords.Errorf(ownwords.EINVALID, "audit: limit %d is outside 1..%d", limit, ownwords.MaxAuditTimes)
	}
	return collect(ctx, s.read(), "audit times", auditTimesQuery, []any{studyID, actor, action, object, formatTime(since), limit},
		func(sc interface{ Scan(...any) error }) (time.Time, error) {
			var at string
			err := sc.Scan(&at)
			return parseTime(at), err
		})
}

// auditTimesQuery is the query of AuditTimes.
const auditTimesQuery = `SELECT at FROM audit_log WHERE study_id = $1 AND actor = $2 AND action = $3 AND object = $4 AND at >= $5
	ORDER BY at DESC LIMIT $6`

// AuditHead returns the recorded head.
func (s services) AuditHead(ctx context.Context) (ownwords.AuditHead, error) {
	var h ownwords.AuditHead
	err := s.read().queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		// Every schema version inserts the row: it can only have been removed.
		return h, ownwords.Errorf(ownwords.ENOTFOUND, "the audit log has no recorded head")
	}
	if err != nil {
		return h, fmt.Errorf("sqldb: audit head: %w", err)
	}
	return h, nil
}

// HoldsAuditedData reports whether the store holds a study or a user: each
// was recorded in the audit log when it was written, so a store holding one
// cannot have an empty log (see audit.Verify).
func (s services) HoldsAuditedData(ctx context.Context) (bool, error) {
	var held bool
	err := s.read().queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM studies) OR EXISTS (SELECT 1 FROM users)`).Scan(&held)
	if err != nil {
		return false, fmt.Errorf("sqldb: audited data: %w", err)
	}
	return held, nil
}
