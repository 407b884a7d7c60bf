package gate

import (
	"context"
	"slices"
	"strings"

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

// blindHides reports whether blind coding hides seg from c: c is a coder,
// the comparison of its interview is not open, and seg is not one of c's
// own coder-layer segments.
func (c Caller) blindHides(seg *ownwords.Segment, opened bool) bool {
	return c.is(ownwords.RoleCoder) && !opened && (seg.Layer != ownwords.LayerCoder || seg.CoderID != c.User.ID)
}

// Segments lists the segments of the study matching f that c's listings
// and counts may rest on (coding progress, the codebook's counts,
// retrieval): for a coder only what blind coding lets them see, their own
// coder-layer segments and everyone's where comparison is open; for the
// other members every segment (analysts and viewers get counts made from
// them, never their text). EUNAUTHORIZED for the public.
func (g *Gate) Segments(ctx context.Context, c Caller, f ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	if err := c.need("the study's codings", ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer); err != nil {
		return nil, err
	}
	f.StudyID = g.studyID
	segs, err := g.store.Segments(ctx, f)
	if err != nil || !c.is(ownwords.RoleCoder) {
		return segs, err
	}
	open, _, err := g.comparisons(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(segs, func(seg *ownwords.Segment) bool { return c.blindHides(seg, open[seg.InterviewID]) }), nil
}

// SeesActivity reports whether the study's activity list (the audit log's
// latest entries) shows c the entry e: a coder does not see when others
// code (segment entries by other accounts), which would tell them that
// another layer changed.
func (c Caller) SeesActivity(e *ownwords.AuditEntry) bool {
	return !c.is(ownwords.RoleCoder) || !strings.HasPrefix(e.Action, "segment.") || e.Actor == c.User.Name
}
