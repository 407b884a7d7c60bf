package ownwords

import (
	"context"
	"time"
)

// ActionDecide is the audit action of an adjudication decision; the store
// appends it with the decision's row.
const ActionDecide = "adjudication.decide"

// Decision is an adjudicator's decision on one passage where two coders'
// codings of an interview differ: which side, both, their overlap or
// neither went into the consensus, and why.
type Decision struct {
	ID          string `json:"id"`
	StudyID     string `json:"study_id"`
	InterviewID string `json:"interview_id"`
	// Passage names the passage by the two coders' segments; it is
	// decided once.
	Passage string `json:"passage"`
	Choice  string `json:"choice"`
	// Left and Right are the two coders' segments; one may be empty when
	// only one coder coded the passage.
	Left  string `json:"left,omitempty"`
	Right string `json:"right,omitempty"`
	Note  string `json:"note"`
	// Segments are the consensus segments the decision created.
	Segments  []string  `json:"segments"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

// Validate checks a decision before it is stored.
func (d *Decision) Validate() error {
	switch {
	case d.StudyID == "" || d.InterviewID == "" || d.Passage == "":
		return Errorf(EINVALID, "decision: study, interview and passage required")
	case d.Left == "" && d.Right == "":
		return Errorf(EINVALID, "decision on %s: the left or right segment required", d.Passage)
	case d.Choice == "" || d.Note == "":
		return Errorf(EINVALID, "decision on %s: choice and note required", d.Passage)
	}
	return nil
}

// AdjudicationService keeps adjudication decisions. Owners adjudicate: the
// workbench's adjudication handler is the caller, inside the Update that
// creates the decision's consensus segments, so both land together.
type AdjudicationService interface {
	// CreateDecision stores d, with the actor in ctx as DecidedBy and the
	// store's clock as DecidedAt, and appends an ActionDecide entry (the
	// passage as object; choice, sides, note and segments as JSON detail).
	// EINVALID (see Validate), ENOTFOUND when the interview is not the
	// study's, ECONFLICT when the passage was decided already.
	CreateDecision(ctx context.Context, d *Decision) error
	// Decisions lists the decisions on an interview's passages, oldest
	// first, for the owners who adjudicate it.
	Decisions(ctx context.Context, studyID, interviewID string) ([]*Decision, error)
}
