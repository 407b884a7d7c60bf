package analysis

import (
	"context"
	"fmt"
	"slices"

	"ownwords"
)

// Input is everything analysis reads from a study: no transcript text and
// only the consensus layer of codings, and only the participants whose
// consent allows analysis (see Load).
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
	Consents(ctx context.Context, studyID string) (map[string]*ownwords.Consent, error)
}

// Load reads a study's analysis input from svc. It never asks for
// transcripts, so analysts (who may not see text) can run it.
//
// Consent is enforced here, once, for every output built on an Input
// (reports, crosstabs, timelines, matrices, quotes, retrieval): a
// participant who refused analysis or withdrew (ownwords.Consent
// AllowsAnalysis) is left out with their interviews and segments, as if
// they had never been in the study; every participant kept carries their
// Consent (the default when none is recorded), which the quote selection
// reads (report.SelectQuotes quotes no one whose consent refuses quotes).
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
	consents, err := svc.Consents(ctx, studyID)
	if err != nil {
		return nil, fmt.Errorf("analysis: load consents: %w", err)
	}
	kept := map[string]bool{}
	in.Participants = slices.DeleteFunc(in.Participants, func(p *ownwords.Participant) bool {
		p.Consent = consents[p.ID]
		if p.Consent == nil {
			p.Consent = ownwords.DefaultConsent(studyID, p.ID)
		}
		kept[p.ID] = p.Consent.AllowsAnalysis()
		return !kept[p.ID]
	})
	if in.Interviews, err = svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID}); err != nil {
		return nil, fmt.Errorf("analysis: load interviews: %w", err)
	}
	keptInterviews := map[string]bool{}
	in.Interviews = slices.DeleteFunc(in.Interviews, func(iv *ownwords.Interview) bool {
		keptInterviews[iv.ID] = kept[iv.ParticipantID]
		return !kept[iv.ParticipantID]
	})
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
	in.Segments = slices.DeleteFunc(in.Segments, func(s *ownwords.Segment) bool { return !keptInterviews[s.InterviewID] })
	return in, nil
}
