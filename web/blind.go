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

// comparisons returns the set of interviews whose comparison is open. Who
// sees which segment is decided by the application layer (gate: blind
// coding); search, the quote bank and the progress tables still use this
// set.
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
