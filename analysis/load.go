package analysis

import (
	"context"
	"fmt"

	"ownwords"
)

// Input is everything analysis reads from a study: no transcript text and
// only the consensus layer of codings.
type Input struct {
	Study        *ownwords.Study
	Attributes   []*ownwords.Attribute
	Participants []*ownwords.Participant // with Values
	Interviews   []*ownwords.Interview   // without Transcript or Translation
	Codebook     *ownwords.Codebook
	Segments     []*ownwords.Segment // consensus layer only
}

// Source is what Load reads: a study with its attributes, participants,
// interviews, codebook and segments. An ownwords.Services (a store) is
// one; tests may hold a study in memory.
type Source interface {
	Study(ctx context.Context, id string) (*ownwords.Study, error)
	Attributes(ctx context.Context, studyID string) ([]*ownwords.Attribute, error)
	Participants(ctx context.Context, f ownwords.ParticipantFilter) ([]*ownwords.Participant, error)
	Interviews(ctx context.Context, f ownwords.InterviewFilter) ([]*ownwords.Interview, error)
	Codebook(ctx context.Context, studyID string) (*ownwords.Codebook, error)
	Segments(ctx context.Context, f ownwords.SegmentFilter) ([]*ownwords.Segment, error)
}

// Load reads a study's analysis input from svc. It never asks for
// transcripts, so analysts (who may not see text) can run it.
func Load(ctx context.Context, svc Source, studyID string) (*Input, error) {
	in := &Input{}
	var err error
	if in.Study, err = svc.Study(ctx, studyID); err != nil {
		return nil, fmt.Errorf("analysis: load study: %w", err)
	}
	if in.Attributes, err = svc.Attributes(ctx, studyID); err != nil {
		return nil, fmt.Errorf("analysis: load attributes: %w", err)
	}
	if in.Participants, err = svc.Participants(ctx, ownwords.ParticipantFilter{StudyID: studyID}); err != nil {
		return nil, fmt.Errorf("analysis: load participants: %w", err)
	}
	if in.Interviews, err = svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID}); err != nil {
		return nil, fmt.Errorf("analysis: load interviews: %w", err)
	}
	for _, iv := range in.Interviews {
		// Lists omit text already; clearing makes the guarantee local.
		iv.Transcript, iv.Translation = "", ""
	}
	if in.Codebook, err = svc.Codebook(ctx, studyID); err != nil {
		return nil, fmt.Errorf("analysis: load codebook: %w", err)
	}
	f := ownwords.SegmentFilter{StudyID: studyID, Layer: ownwords.LayerConsensus}
	if in.Segments, err = svc.Segments(ctx, f); err != nil {
		return nil, fmt.Errorf("analysis: load segments: %w", err)
	}
	return in, nil
}
