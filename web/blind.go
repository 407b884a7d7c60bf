package web

import (
	"context"
	"encoding/json"
	"fmt"

	"ownwords"
)

// comparisonPlan names the stored document that records, per interview,
// that the owner has opened comparison (ended blind coding).
//
// STOPGAP: the schema has no per-interview flag for this, so it is kept as
// JSON in a Plan named "blind-coding" ({"opened": {"<interview id>":
// "<RFC 3339 time>"}}), written in one transaction, and the opening is
// also in the audit log. Code listing analysis plans must skip this name.
// The proper home is a column interviews.comparison_opened_at (proposed to
// the lead).
const comparisonPlan = "blind-coding"

// comparisonDoc is the stored JSON of comparisonPlan.
type comparisonDoc struct {
	Opened map[string]string `json:"opened"`
}

// comparisons returns the set of interviews whose comparison is open.
func comparisons(ctx context.Context, svc ownwords.Services, studyID string) (map[string]bool, error) {
	p, err := svc.Plan(ctx, studyID, comparisonPlan)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return map[string]bool{}, nil
	} else if err != nil {
		return nil, err
	}
	var doc comparisonDoc
	if err := json.Unmarshal(p.Body, &doc); err != nil {
		return nil, fmt.Errorf("web: %s plan: %w", comparisonPlan, err)
	}
	out := make(map[string]bool, len(doc.Opened))
	for id := range doc.Opened {
		out[id] = true
	}
	return out, nil
}

// openComparisonFor records that interviewID's comparison is open, inside
// one transaction so that two owners opening at once both land.
func (s *Server) openComparisonFor(ctx context.Context, interviewID string) error {
	return s.store.Update(ctx, func(tx ownwords.Services) error {
		doc := comparisonDoc{Opened: map[string]string{}}
		p, err := tx.Plan(ctx, s.studyID, comparisonPlan)
		switch {
		case err == nil:
			if err := json.Unmarshal(p.Body, &doc); err != nil {
				return fmt.Errorf("web: %s plan: %w", comparisonPlan, err)
			}
			if doc.Opened == nil {
				doc.Opened = map[string]string{}
			}
		case ownwords.ErrorCode(err) != ownwords.ENOTFOUND:
			return err
		}
		if _, done := doc.Opened[interviewID]; done {
			return nil
		}
		doc.Opened[interviewID] = s.now().UTC().Format("2006-01-02T15:04:05Z")
		body, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if err := tx.SavePlan(ctx, &ownwords.Plan{StudyID: s.studyID, Name: comparisonPlan, Body: body}); err != nil {
			return err
		}
		return tx.Record(ctx, s.studyID, "interview.comparison_open", interviewID, "")
	})
}

// canSee reports whether a user sees a segment in the coding view and in
// retrieval. Owners see everything. Coders see their own coder-layer
// segments, and everyone's (other coders' and the consensus) only once the
// owner has opened comparison for the interview: blind coding is the
// default, so a second coder cannot be swayed by the first. Other roles
// see no segment text at all and never reach these views.
func canSee(a *account, seg *ownwords.Segment, opened bool) bool {
	switch a.role {
	case ownwords.RoleOwner:
		return true
	case ownwords.RoleCoder:
		return opened || (seg.Layer == ownwords.LayerCoder && seg.CoderID == a.user.ID)
	}
	return false
}

// canEdit reports whether a user may change or remove a segment: owners
// any, coders only their own coder-layer segments.
func canEdit(a *account, seg *ownwords.Segment) bool {
	switch a.role {
	case ownwords.RoleOwner:
		return true
	case ownwords.RoleCoder:
		return seg.Layer == ownwords.LayerCoder && seg.CoderID == a.user.ID
	}
	return false
}
