package gate

import (
	"context"

	"ownwords"
)

// The loaders below return an object only if it belongs to the gate's
// study: another study's object in the same store is ENOTFOUND, exactly
// like a missing one, so that its existence is not revealed either.

// notInStudy is the ENOTFOUND error for what id.
func notInStudy(what, id string) error {
	return ownwords.Errorf(ownwords.ENOTFOUND, "%s %s not found", what, id)
}

// notFoundOr passes on store errors other than "not found" and turns the
// rest into notInStudy.
func notFoundOr(err error, what, id string) error {
	if err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		return err
	}
	return notInStudy(what, id)
}

// interviewOf loads an interview of the study, with its text.
func (g *Gate) interviewOf(ctx context.Context, id string) (*ownwords.Interview, error) {
	iv, err := g.store.Interview(ctx, id)
	if err != nil || iv.StudyID != g.studyID {
		return nil, notFoundOr(err, "interview", id)
	}
	return iv, nil
}

// interviewHeadOf loads an interview of the study without its text (the
// transcript and translation are empty), for checks that need only its
// fields: every coding and every change of a segment makes one.
func (g *Gate) interviewHeadOf(ctx context.Context, id string) (*ownwords.Interview, error) {
	if id == "" {
		return nil, notInStudy("interview", id)
	}
	ivs, err := g.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID, ID: id})
	if err != nil || len(ivs) != 1 {
		return nil, notFoundOr(err, "interview", id)
	}
	return ivs[0], nil
}

// segmentOf loads a segment of the study.
func (g *Gate) segmentOf(ctx context.Context, id string) (*ownwords.Segment, error) {
	seg, err := g.store.Segment(ctx, id)
	if err != nil || seg.StudyID != g.studyID {
		return nil, notFoundOr(err, "segment", id)
	}
	return seg, nil
}

// codeOf returns a code of the study's codebook cb.
func codeOf(cb *ownwords.Codebook, id string) (*ownwords.Code, error) {
	if c := cb.ByID(id); c != nil {
		return c, nil
	}
	return nil, notInStudy("code", id)
}

// opened reports whether iv's comparison is open: its coders see each
// other's work and the consensus.
func opened(iv *ownwords.Interview) bool { return !iv.ComparisonOpenedAt.IsZero() }
