package gate

import (
	"context"

	"ownwords"
)

// Blind coding: a coder codes each interview without seeing how anyone
// else coded it (another coder's layer, the consensus) until an owner
// opens the interview's comparison. The rules below are what every
// listing a coder gets (search, quotes, retrieval) rests on.

// comparisons returns the interviews of the study whose comparison is open
// and how many interviews are still in blind coding.
func (g *Gate) comparisons(ctx context.Context) (open map[string]bool, closed int, err error) {
	ivs, err := g.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID})
	if err != nil {
		return nil, 0, err
	}
	open = make(map[string]bool, len(ivs))
	for _, iv := range ivs {
		if iv.ComparisonOpenedAt.IsZero() {
			closed++
		} else {
			open[iv.ID] = true
		}
	}
	return open, closed, nil
}

// blindTo reports whether c is a coder whom blind coding keeps from the
// layer of coderID ("" is the consensus) where comparison is closed: any
// layer but the coder's own.
func (c Caller) blindTo(coderID string) bool {
	return c.is(ownwords.RoleCoder) && coderID != c.User.ID
}
