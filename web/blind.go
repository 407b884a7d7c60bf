package web

import (
	"context"

	"ownwords"
)

// comparisonPlan is the name of the Plan in which an earlier build kept
// the blind-coding flags. Nothing writes it any more (the flag is
// Interview.ComparisonOpenedAt); it stays only so that a study file from
// that build never offers the leftover as an analysis plan.
const comparisonPlan = "blind-coding"

// comparisons returns the set of interviews whose comparison is open.
func comparisons(ctx context.Context, svc ownwords.Services, studyID string) (map[string]bool, error) {
	ivs, err := svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	if err != nil {
		return nil, err
	}
	return openedIn(ivs), nil
}

// openedIn returns the set of ivs whose comparison is open.
func openedIn(ivs []*ownwords.Interview) map[string]bool {
	out := make(map[string]bool)
	for _, iv := range ivs {
		if !iv.ComparisonOpenedAt.IsZero() {
			out[iv.ID] = true
		}
	}
	return out
}

// openComparisonFor records that interviewID's comparison is open. The
// store makes it idempotent and audits the first opening.
func (s *Server) openComparisonFor(ctx context.Context, interviewID string) error {
	return s.store.OpenComparison(ctx, interviewID)
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
