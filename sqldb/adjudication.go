package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"ownwords"
)

// decisionDetail is the audit detail of an adjudication decision.
type decisionDetail struct {
	Choice   string   `json:"choice"`
	Left     string   `json:"left,omitempty"`
	Right    string   `json:"right,omitempty"`
	Note     string   `json:"note"`
	Segments []string `json:"segments"`
}

// CreateDecision stores a decision and audits it; see
// ownwords.AdjudicationService.
func (s services) CreateDecision(ctx context.Context, d *ownwords.Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		var n int
		if err := c.queryRow(ctx, `SELECT count(*) FROM interviews WHERE id = $1 AND study_id = $2`, d.InterviewID, d.StudyID).Scan(&n); err != nil {
			return fmt.Errorf("sqldb: decision: %w", err)
		} else if n == 0 {
			return ownwords.Errorf(ownwords.ENOTFOUND, "interview %s not found", d.InterviewID)
		}
		row := *d
		row.ID, row.DecidedBy, row.DecidedAt = newID(), ownwords.ActorFrom(ctx), parseTime(formatTime(s.db.now()))
		if ok, err := insertDecision(ctx, c, &row); err != nil {
			return err
		} else if !ok {
			return ownwords.Errorf(ownwords.ECONFLICT, "this passage was already decided: reload the comparison")
		}
		*d = row
		return s.appendAudit(ctx, c, d.StudyID, ownwords.ActionDecide, d.Passage, detailJSON(decisionDetail{
			Choice: d.Choice, Left: d.Left, Right: d.Right, Note: d.Note, Segments: d.Segments}))
	})
}

// insertDecision stores d unless its passage is decided already, and
// reports whether it did.
func insertDecision(ctx context.Context, c conn, d *ownwords.Decision) (bool, error) {
	if d.Segments == nil {
		d.Segments = []string{} // stored and audited as [], never null
	}
	segs, err := json.Marshal(d.Segments)
	if err != nil {
		return false, fmt.Errorf("sqldb: decision segments: %w", err)
	}
	return inserted(c.exec(ctx, `INSERT INTO adjudications (id, study_id, interview_id, passage, choice, left_segment, right_segment, note, segments, decided_by, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
		d.ID, d.StudyID, d.InterviewID, d.Passage, d.Choice, d.Left, d.Right, d.Note, string(segs), d.DecidedBy, formatTime(d.DecidedAt)))
}

// inserted reports whether an INSERT … ON CONFLICT DO NOTHING added its row.
func inserted(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("sqldb: insert: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqldb: insert: %w", err)
	}
	return n == 1, nil
}

// Decisions lists an interview's decisions; see ownwords.AdjudicationService.
func (s services) Decisions(ctx context.Context, studyID, interviewID string) ([]*ownwords.Decision, error) {
	return collect(ctx, s.read(), "decisions", `SELECT id, study_id, interview_id, passage, choice, left_segment, right_segment,
		note, segments, decided_by, decided_at FROM adjudications WHERE study_id = $1 AND interview_id = $2 ORDER BY decided_at, id`,
		[]any{studyID, interviewID}, scanDecision)
}

func scanDecision(sc interface{ Scan(...any) error }) (*ownwords.Decision, error) {
	var d ownwords.Decision
	var segs, at string
	if err := sc.Scan(&d.ID, &d.StudyID, &d.InterviewID, &d.Passage, &d.Choice, &d.Left, &d.Right, &d.Note, &segs, &d.DecidedBy, &at); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(segs), &d.Segments); err != nil {
		return nil, fmt.Errorf("decision %s segments: %w", d.ID, err)
	}
	d.DecidedAt = parseTime(at)
	return &d, nil
}
