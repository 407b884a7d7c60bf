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
// never forks. In a transaction that defers its entries (txState), the
// entry is queued and chained just before COMMIT (commitAudited).
func (s services) appendEntry(ctx context.Context, c conn, studyID, action, object, detail string) error {
	e := &ownwords.AuditEntry{
		At: s.db.now().UTC(), StudyID: studyID, Actor: ownwords.ActorFrom(ctx),
		Action: action, Object: object, Detail: detail,
	}
	if c.st != nil && c.st.deferAudit {
		c.st.audit = append(c.st.audit, e)
		return nil
	}
	if c.d.name() == "postgres" {
		return appendChained(ctx, c, []*ownwords.AuditEntry{e})
	}
	err := c.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	e.Hash = e.ComputeHash()
	args := []any{e.Seq, e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail, e.PrevHash, e.Hash}
	if _, err := c.exec(ctx, `INSERT INTO audit_log (`+auditColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, args...); err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
	}
	if _, err := c.exec(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	return nil
}

// chainFirst locks the audit head, chains one entry after it and moves the
// head, in one statement (PostgreSQL), returning the entry's seq, previous
// hash and hash. The hash is computed where the head is read, from the
// entry's canonical content (ownwords.AuditEntry.CanonicalFields, $1), so
// that the head's row lock is held from this statement to COMMIT: one
// round trip, not one to read the head and one to append. A waiter for the
// lock is woken inside PostgreSQL and goes on without a round trip to the
// client. Under READ COMMITTED, FOR UPDATE returns the head as its last
// holder committed it.
const chainFirst = `WITH h AS (SELECT seq + 1 AS seq, hash AS prev FROM audit_head WHERE id = 1 FOR UPDATE),
e AS (SELECT seq, prev, encode(sha256(convert_to('[' || seq || ',' || $1 || ',"' || prev || '"]', 'UTF8')), 'hex') AS hash FROM h),
appended AS (INSERT INTO audit_log (` + auditColumns + `) SELECT seq, $2, $3, $4, $5, $6, $7, prev, hash FROM e)
UPDATE audit_head SET seq = e.seq, hash = e.hash FROM e WHERE audit_head.id = 1 RETURNING e.seq, e.prev, e.hash`

// appendChained appends entries to the chain in the transaction of c
// (PostgreSQL): the first with chainFirst, which takes the head's lock,
// the others after it in one more statement. Each hash is checked against
// ComputeHash, which audit verification recomputes: an entry the server
// hashed otherwise (a text encoding that is not UTF-8) fails the write.
func appendChained(ctx context.Context, c conn, entries []*ownwords.AuditEntry) error {
	e := entries[0]
	var hash string
	err := c.queryRow(ctx, chainFirst, e.CanonicalFields(), e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail).
		Scan(&e.Seq, &e.PrevHash, &hash)
	if err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
	}
	if e.Hash = e.ComputeHash(); hash != e.Hash {
		return fmt.Errorf("sqldb: audit append: the server hashed entry %d as %s, not %s: is the database's encoding UTF8?", e.Seq, hash, e.Hash)
	}
	if len(entries) == 1 {
		return nil
	}
	var q strings.Builder
	q.WriteString(`WITH appended AS (INSERT INTO audit_log (` + auditColumns + `) VALUES `)
	args := make([]any, 0, 9*len(entries))
	for i, e := range entries[1:] {
		prev := entries[i]
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
		e.Hash = e.ComputeHash()
		if i > 0 {
			q.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9)
		args = append(args, e.Seq, e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail, e.PrevHash, e.Hash)
	}
	last := entries[len(entries)-1]
	fmt.Fprintf(&q, `) UPDATE audit_head SET seq = $%d, hash = $%d WHERE id = 1`, len(args)+1, len(args)+2)
	args = append(args, last.Seq, last.Hash)
	if _, err := c.exec(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
	}
	return nil
}

// commitAudited chains a transaction's deferred audit entries and commits
// it (PostgreSQL). The head's row lock, which every audited write waits
// for, is taken as the last step before COMMIT and held from the statement
// that appends the entries to the end of COMMIT. Chain order stays commit
// order (the lock is held until COMMIT) and each entry stays in its
// write's transaction.
func (db *DB) commitAudited(ctx context.Context, tx *sql.Tx, entries []*ownwords.AuditEntry) error {
	if err := appendChained(ctx, conn{tx, db.d, tx, nil}, entries); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqldb: commit: %w", err)
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
