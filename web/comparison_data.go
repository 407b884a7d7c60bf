package web

import (
	"cmp"
	"context"
	"slices"

	"ownwords"
	"ownwords/reliability"
)

// comparison is what the comparison page and the adjudication actions
// share: the interview's coders, the pair compared, the passages and the
// consensus so far.
type comparison struct {
	Coders      []coderChoice
	Left, Right string // user IDs; "" when fewer than two coders
	Threshold   float64
	Passages    []passage
	Consensus   []*ownwords.Segment
	// Segments are the interview's segments of every layer.
	Segments []*ownwords.Segment
	decided  map[string]bool
}

// coderChoice is a coder of the interview, for the pair picker.
type coderChoice struct {
	ID, Name string
}

// loadComparison compares two coders' work on iv: left and right are user
// IDs from the request, or empty for the first two coders by name.
func (s *Server) loadComparison(ctx context.Context, svc ownwords.Services, iv *ownwords.Interview, left, right string) (*comparison, error) {
	study, err := svc.Study(ctx, s.studyID)
	if err != nil {
		return nil, err
	}
	segs, err := svc.Segments(ctx, ownwords.SegmentFilter{StudyID: s.studyID, InterviewID: iv.ID})
	if err != nil {
		return nil, err
	}
	users, err := svc.Users(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	c := &comparison{Threshold: reliability.Threshold(study.Settings.OverlapThreshold), Segments: segs}
	byCoder := map[string][]*ownwords.Segment{}
	for _, seg := range segs {
		if seg.Layer == ownwords.LayerConsensus {
			c.Consensus = append(c.Consensus, seg)
			continue
		}
		if _, ok := byCoder[seg.CoderID]; !ok {
			name := names[seg.CoderID]
			if name == "" {
				name = "(removed account)"
			}
			c.Coders = append(c.Coders, coderChoice{ID: seg.CoderID, Name: name})
		}
		byCoder[seg.CoderID] = append(byCoder[seg.CoderID], seg)
	}
	slices.SortFunc(c.Coders, func(a, b coderChoice) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	if len(c.Coders) < 2 {
		return c, nil
	}
	c.Left, c.Right = c.Coders[0].ID, c.Coders[1].ID
	if left != "" || right != "" {
		if _, ok := byCoder[left]; !ok || left == right {
			return nil, ownwords.Errorf(ownwords.EINVALID, "choose two different coders of this interview")
		}
		if _, ok := byCoder[right]; !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "choose two different coders of this interview")
		}
		c.Left, c.Right = left, right
	}
	c.Passages = comparePassages(byCoder[c.Left], byCoder[c.Right], c.Threshold)
	if c.decided, err = decided(ctx, svc, s.studyID, iv.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// decided returns the keys of the interview's adjudicated passages.
func decided(ctx context.Context, svc ownwords.AdjudicationService, studyID, interviewID string) (map[string]bool, error) {
	decisions, err := svc.Decisions(ctx, studyID, interviewID)
	out := make(map[string]bool, len(decisions))
	for _, d := range decisions {
		out[d.Passage] = true
	}
	return out, err
}

// resolved reports whether a passage needs no more adjudication: it was
// decided, or it is an agreement already in the consensus.
func (c *comparison) resolved(p passage) bool {
	if c.decided[p.Key()] {
		return true
	}
	if p.Kind != kindAgreement {
		return false
	}
	sp, _ := resolve(chooseIntersection, p.Left, p.Right)
	return len(sp) == 1 && c.hasConsensus(sp[0])
}

// hasConsensus reports whether the consensus already holds sp exactly.
func (c *comparison) hasConsensus(sp span) bool {
	return slices.ContainsFunc(c.Consensus, func(s *ownwords.Segment) bool {
		return s.CodeID == sp.CodeID && s.Start == sp.Start && s.End == sp.End
	})
}
