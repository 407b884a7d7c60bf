package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pressly/goose/v3"

	"ownwords"
)

// backfillVersion is the Go migration that follows 00006_workflow_state in
// both dialects; the next migration file is 00008.
const backfillVersion = 7

// backfillMigration fills the tables of 00006_workflow_state from the audit
// log of a store made before them, where the log was the only record of
// adjudication decisions and quote publication requests and approvals. It
// runs once, in the transaction that records its version; a store made
// after 00006 has no such entries. The log is left as it is.
func backfillMigration(d dialect) *goose.Migration {
	return goose.NewGoMigration(backfillVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		return backfill(ctx, conn{tx, d, tx, nil})
	}}, nil)
}

// backfill reads the entries as the readers before 00006 did: a request is
// the first "requested" entry of its ID in its study; an approval counts
// only after its request; an entry whose detail is not the JSON its writer
// made is skipped. A decision whose two segments are both gone is skipped:
// its passage can no longer be shown.
func backfill(ctx context.Context, c conn) error {
	entries, err := collect(ctx, c, "backfill", `SELECT `+auditColumns+` FROM audit_log WHERE action IN ($1, $2, $3) ORDER BY seq`,
		[]any{ownwords.ActionPublishRequested, ownwords.ActionPublishApproved, ownwords.ActionDecide}, scanAuditEntry)
	if err != nil {
		return err
	}
	requested := map[[2]string]bool{} // study, request ID
	for _, e := range entries {
		var err error
		key := [2]string{e.StudyID, e.Object}
		switch e.Action {
		case ownwords.ActionPublishRequested:
			var ok bool
			if ok, err = backfillRequest(ctx, c, e); ok {
				requested[key] = true
			}
		case ownwords.ActionPublishApproved:
			if requested[key] {
				err = backfillApproval(ctx, c, e)
			}
		case ownwords.ActionDecide:
			err = backfillDecision(ctx, c, e)
		}
		if err != nil {
			return fmt.Errorf("sqldb: backfill from audit entry %d: %w", e.Seq, err)
		}
	}
	return nil
}

// backfillRequest inserts the request of e unless its ID is taken, and
// reports whether it did.
func backfillRequest(ctx context.Context, c conn, e *ownwords.AuditEntry) (bool, error) {
	var d publicationDetail
	if e.Object == "" || json.Unmarshal([]byte(e.Detail), &d) != nil {
		return false, nil
	}
	return insertPublicationRequest(ctx, c, &ownwords.PublicationRequest{ID: e.Object, StudyID: e.StudyID, Item: d.Item, Group: d.Group,
		Plan: d.Plan, SHA256: d.SHA256, Quotes: d.Quotes, RequesterID: d.UserID, RequestedBy: e.Actor, RequestedAt: e.At})
}

// backfillApproval inserts the approval of e; an account's later approvals
// of the same request are repeats.
func backfillApproval(ctx context.Context, c conn, e *ownwords.AuditEntry) error {
	var d publicationDetail
	if json.Unmarshal([]byte(e.Detail), &d) != nil || d.UserID == "" {
		return nil
	}
	_, err := insertApproval(ctx, c, e.Object, &ownwords.PublicationApproval{UserID: d.UserID, By: e.Actor, At: e.At, SHA256: d.SHA256})
	return err
}

// backfillDecision inserts the decision of e, on the interview of its
// segments; a later decision on the same passage is a repeat.
func backfillDecision(ctx context.Context, c conn, e *ownwords.AuditEntry) error {
	var d decisionDetail
	if json.Unmarshal([]byte(e.Detail), &d) != nil {
		return nil
	}
	var interviewID string
	err := c.queryRow(ctx, `SELECT interview_id FROM segments WHERE study_id = $1 AND id IN ($2, $3) ORDER BY id LIMIT 1`,
		e.StudyID, d.Left, d.Right).Scan(&interviewID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	_, err = insertDecision(ctx, c, &ownwords.Decision{ID: newID(), StudyID: e.StudyID, InterviewID: interviewID, Passage: e.Object,
		Choice: d.Choice, Left: d.Left, Right: d.Right, Note: d.Note, Segments: d.Segments, DecidedBy: e.Actor, DecidedAt: e.At})
	return err
}
