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
	if err := checkWriteAction(action); err != nil {
		return err
	}
	return s.appendEntry(ctx, c, studyID, action, object, detail)
}

// checkWriteAction refuses an action missing from writeActions (see
// appendAudit).
func checkWriteAction(action string) error {
	if !writeActions[action] {
		return fmt.Errorf("sqldb: write audited as %q, an action missing from writeActions (sqldb/version.go): add it there, to studyWrites if it can change a study's outputs", action)
	}
	return nil
}

// pendingEntry returns the audit entry of a write by the actor of ctx,
// now, and the arguments of its row of audit_pending (pendingColumns),
// for a write of one statement that queues its own entry (grouped).
func (s services) pendingEntry(ctx context.Context, studyID, action, object, detail string) ([]any, error) {
	if err := checkWriteAction(action); err != nil {
		return nil, err
	}
	e := &ownwords.AuditEntry{
		At: s.db.now().UTC(), StudyID: studyID, Actor: ownwords.ActorFrom(ctx),
		Action: action, Object: object, Detail: detail,
	}
	return []any{e.CanonicalFields(), e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail}, nil
}

// appendEntry adds an entry to the hash chain inside the caller's
// transaction. Bumping the head row first locks it (PostgreSQL row lock;
// SQLite already has one writer), so concurrent appends queue and the chain
// never forks. In a transaction that defers its entries (txState), the
// entry is queued and chained as the transaction commits (commitAudited).
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
		if c.st != nil { // an Update transaction: chained late (chainLate)
			c.st.late = append(c.st.late, e)
			return nil
		}
		return appendChained(ctx, c, e)
	}
	err := c.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	e.Hash = e.ComputeHash()
	if err := insertEntry(ctx, c, e); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	return nil
}

// chainFirst locks the audit head, chains one entry after it and moves the
// head, in one statement (PostgreSQL), returning the entry's seq, previous
// hash and hash. The hash is computed where the head is read, from the
// entry's canonical content (ownwords.AuditEntry.CanonicalFields, $1), as
// the trigger of audit_pending does (migration 00026). Under READ
// COMMITTED, FOR UPDATE returns the head as its last holder committed it.
const chainFirst = `WITH h AS (SELECT seq + 1 AS seq, hash AS prev FROM audit_head WHERE id = 1 FOR UPDATE),
e AS (SELECT seq, prev, encode(sha256(convert_to('[' || seq || ',' || $1 || ',"' || prev || '"]', 'UTF8')), 'hex') AS hash FROM h),
appended AS (INSERT INTO audit_log (` + auditColumns + `) SELECT seq, $2, $3, $4, $5, $6, $7, prev, hash FROM e)
UPDATE audit_head SET seq = e.seq, hash = e.hash FROM e WHERE audit_head.id = 1 RETURNING e.seq, e.prev, e.hash`

// appendChained appends an entry to the chain at once in the transaction
// of c (PostgreSQL), an Update transaction whose caller may read the log
// after appending: the head's lock is held from here to COMMIT. The hash
// is checked against ComputeHash, which audit verification recomputes.
func appendChained(ctx context.Context, c conn, e *ownwords.AuditEntry) error {
	var hash string
	err := c.queryRow(ctx, chainFirst, e.CanonicalFields(), e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail).
		Scan(&e.Seq, &e.PrevHash, &hash)
	if err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
	}
	if e.Hash = e.ComputeHash(); hash != e.Hash {
		return fmt.Errorf("sqldb: audit append: the server hashed entry %d as %s, not %s: is the database's encoding UTF8?", e.Seq, hash, e.Hash)
	}
	return nil
}

// chainLate chains the entries an Update transaction queued (PostgreSQL,
// txState.late): the first after the head, which it locks
// (appendChained; the server's hash is checked), the others in Go, as
// ComputeHash does, inserted a batch at a time; the new head is kept in
// the transaction's state and written once before COMMIT (moveHead). It
// runs before COMMIT and before any statement of the transaction that
// reads the audit tables (conn.beforeAudit), so the transaction sees its
// own entries, but it takes the head's lock, which every audited write
// of the server waits for, only then: an import of 20,000 interviews
// holds it for its entries' insert and COMMIT, not for its minutes of
// work. (Updating audit_head for every entry instead left a row version
// per entry that each later FOR UPDATE of the head walked, dead to no one
// until COMMIT: quadratic in the transaction's entries.)
func chainLate(ctx context.Context, c conn) (err error) {
	late := c.st.late
	c.st.late = nil
	if len(late) == 0 {
		return nil
	}
	// The queue is gone: a failure must keep the transaction from
	// committing whatever its caller does with the error.
	defer func() {
		if err != nil && c.st.lateErr == nil {
			c.st.lateErr = err
		}
	}()
	if c.st.head == nil {
		if err := appendChained(ctx, c, late[0]); err != nil {
			return err
		}
		c.st.head = &ownwords.AuditHead{Seq: late[0].Seq, Hash: late[0].Hash}
		late = late[1:]
	}
	for _, e := range late {
		e.Seq, e.PrevHash = c.st.head.Seq+1, c.st.head.Hash
		e.Hash = e.ComputeHash()
		c.st.head.Seq, c.st.head.Hash = e.Seq, e.Hash
	}
	if len(late) > 0 {
		c.st.headMoved = true
	}
	return insertEntries(ctx, c, late)
}

// entryBatch bounds the rows of one INSERT of insertEntries: nine
// parameters each, within PostgreSQL's 65,535 per statement.
const entryBatch = 1000

// insertEntries writes chained entries (Seq, PrevHash and Hash set) to the
// log, a batch at a time.
func insertEntries(ctx context.Context, c conn, es []*ownwords.AuditEntry) error {
	for len(es) > 0 {
		n := min(len(es), entryBatch)
		args := make([]any, 0, 9*n)
		for _, e := range es[:n] {
			args = append(args, e.Seq, e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail, e.PrevHash, e.Hash)
		}
		if _, err := c.q.ExecContext(ctx, `INSERT INTO audit_log (`+auditColumns+`) VALUES `+rowPlaceholders(n, 9), args...); err != nil {
			return fmt.Errorf("sqldb: audit append: %w", err)
		}
		es = es[n:]
	}
	return nil
}

// insertEntry writes one chained entry to the log.
func insertEntry(ctx context.Context, c conn, e *ownwords.AuditEntry) error {
	if _, err := c.exec(ctx, `INSERT INTO audit_log (`+auditColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.Seq, e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
	}
	return nil
}

// moveHead writes the head kept by chainLate, before COMMIT.
func moveHead(ctx context.Context, c conn) error {
	if c.st == nil || !c.st.headMoved {
		return nil
	}
	if _, err := c.exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, c.st.head.Seq, c.st.head.Hash); err != nil {
		return fmt.Errorf("sqldb: audit head: %w", err)
	}
	c.st.headMoved = false
	return nil
}

// pendingColumns are the columns of audit_pending that commitAudited fills.
const pendingColumns = `canonical, at, study_id, actor, action, object, detail`

// commitAudited queues a transaction's deferred audit entries in
// audit_pending, in order, and commits it (PostgreSQL). The insert takes
// no lock; the constraint trigger of audit_pending (migration 00026),
// deferred to COMMIT, chains each entry inside the server: it locks the
// head, hashes the entry as ComputeHash does and moves the head. So the
// head's lock, which every audited write waits for, is held for the
// trigger and the commit's WAL flush, not across a round trip to this
// client. Chain order stays commit order (the lock is held to the end of
// COMMIT), each entry commits with its write or not at all, and a
// transaction that rolls back never fires the trigger: no entry, no gap.
// The entries' Seq and Hash are left unset: nothing reads them, and
// openPostgres refuses a server whose encoding would hash otherwise than
// ComputeHash (audit verification recomputes every hash).
func (db *DB) commitAudited(ctx context.Context, tx *sql.Tx, entries []*ownwords.AuditEntry) error {
	if err := insertPending(ctx, tx, entries); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqldb: commit: %w", err)
	}
	return nil
}

// insertPending queues entries in audit_pending, in order, to be chained
// as tx commits (commitAudited).
func insertPending(ctx context.Context, tx *sql.Tx, entries []*ownwords.AuditEntry) error {
	args := make([]any, 0, 7*len(entries))
	for _, e := range entries {
		args = append(args, e.CanonicalFields(), e.At.Format(timeLayout), e.StudyID, e.Actor, e.Action, e.Object, e.Detail)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_pending (`+pendingColumns+`) VALUES `+rowPlaceholders(len(entries), 7), args...); err != nil {
		return fmt.Errorf("sqldb: audit append: %w", err)
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
// (study, action, seq + 0) or, by actor, (study, actor, action, seq + 0):
// ordered by seq + 0, which no other index holds (migration 00027).
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
		fmt.Fprintf(&q, `SELECT * FROM (SELECT %s FROM audit_log WHERE study_id = $1%s AND action = $%d ORDER BY seq + 0 DESC LIMIT $2) AS a%d`,
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
	if s.state != nil {
		if err := chainLate(ctx, s.read()); err != nil {
			return h, err
		}
		if s.state.headMoved { // this transaction's head, not yet written (moveHead)
			return *s.state.head, nil
		}
	}
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
