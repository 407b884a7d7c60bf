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

// Load reads a study's analysis input through the domain services. It never
// asks for transcripts, so analysts (who may not see text) can run it.
func Load(ctx context.Context, svc ownwords.Services, studyID string) (*Input, error) {
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
