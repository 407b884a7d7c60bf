package gate

import (
	"context"
	"slices"

	"ownwords"
)

// consentedSource is the study as exports read it: participants whose
// consent does not allow analysis (refused, or withdrawn) are not there,
// with their interviews, segments, events and the memos on any of those
// (see ownwords.Consent.AllowsAnalysis). Exports that read the store
// directly rather than through analysis.Load (REFI-QDA projects, the
// events table) read it through this.
type consentedSource struct {
	ownwords.Services
	out     map[string]bool // participant IDs left out
	outIvs  map[string]bool // their interviews
	outSegs map[string]bool // segments of those interviews
}

// consented returns the gate's store as exports may read it: the store
// itself when every participant's consent allows analysis.
func (g *Gate) consented(ctx context.Context) (ownwords.Services, error) {
	m, err := g.store.Consents(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	cs := &consentedSource{Services: g.store, out: map[string]bool{}, outIvs: map[string]bool{}, outSegs: map[string]bool{}}
	for id, c := range m {
		if !c.AllowsAnalysis() {
			cs.out[id] = true
		}
	}
	if len(cs.out) == 0 {
		return g.store, nil
	}
	for pid := range cs.out {
		ivs, err := g.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID, ParticipantID: pid})
		if err != nil {
			return nil, err
		}
		for _, iv := range ivs {
			cs.outIvs[iv.ID] = true
		}
	}
	// The segments of the interviews left out only (the memos on them go
	// too): a few interviews, where the study's segments are hundreds of
	// thousands at scale, and every list page of a non-owner builds this.
	for id := range cs.outIvs {
		segs, err := g.store.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID, InterviewID: id})
		if err != nil {
			return nil, err
		}
		for _, s := range segs {
			cs.outSegs[s.ID] = true
		}
	}
	return cs, nil
}

// seenBy returns the store as c's lists and pages of participants and
// interviews read it: the owner, who records consent and destroys the
// transcripts of those who withdrew, sees every participant; every other
// role sees the consented study (consented), so that no list counts or
// names a participant the outputs leave out: the difference would tell
// the team that someone refused or withdrew, and the row who.
func (g *Gate) seenBy(ctx context.Context, c Caller) (ownwords.Services, error) {
	if c.is(ownwords.RoleOwner) {
		return g.store, nil
	}
	return g.consented(ctx)
}

// withheldFrom returns ENOTFOUND, as for an interview not in the study,
// when iv's participant's consent does not allow analysis and c is not
// the owner: no one else reads or codes the transcript of a participant
// who refused analysis or withdrew (coding is analysis), and the error is
// the one of an unknown interview, so it says nothing of their consent.
func (g *Gate) withheldFrom(ctx context.Context, c Caller, iv *ownwords.Interview) error {
	if c.is(ownwords.RoleOwner) {
		return nil
	}
	cs, err := g.store.Consent(ctx, g.studyID, iv.ParticipantID)
	if err != nil {
		return err
	}
	if cs != nil && !cs.AllowsAnalysis() {
		return notInStudy("interview", iv.ID)
	}
	return nil
}

func (s *consentedSource) Participants(ctx context.Context, f ownwords.ParticipantFilter) ([]*ownwords.Participant, error) {
	ps, err := s.Services.Participants(ctx, f)
	return slices.DeleteFunc(ps, func(p *ownwords.Participant) bool { return s.out[p.ID] }), err
}

func (s *consentedSource) Participant(ctx context.Context, id string) (*ownwords.Participant, error) {
	if s.out[id] {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "participant %s not found", id)
	}
	return s.Services.Participant(ctx, id)
}

func (s *consentedSource) Interviews(ctx context.Context, f ownwords.InterviewFilter) ([]*ownwords.Interview, error) {
	ivs, err := s.Services.Interviews(ctx, f)
	return slices.DeleteFunc(ivs, func(iv *ownwords.Interview) bool { return s.outIvs[iv.ID] }), err
}

func (s *consentedSource) Interview(ctx context.Context, id string) (*ownwords.Interview, error) {
	if s.outIvs[id] {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "interview %s not found", id)
	}
	return s.Services.Interview(ctx, id)
}

func (s *consentedSource) Segments(ctx context.Context, f ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	segs, err := s.Services.Segments(ctx, f)
	return slices.DeleteFunc(segs, func(sg *ownwords.Segment) bool { return s.outIvs[sg.InterviewID] }), err
}

// SegmentCounts counts as the store does (ownwords.SegmentCounter), less
// the interviews left out; segmentCounts reads the segments otherwise.
func (s *consentedSource) SegmentCounts(ctx context.Context, studyID string) ([]ownwords.SegmentCount, error) {
	out, err := segmentCounts(ctx, s.Services, studyID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(c ownwords.SegmentCount) bool { return s.outIvs[c.InterviewID] }), nil
}

func (s *consentedSource) Events(ctx context.Context, f ownwords.EventFilter) ([]*ownwords.Event, error) {
	evs, err := s.Services.Events(ctx, f)
	return slices.DeleteFunc(evs, func(e *ownwords.Event) bool { return s.out[e.ParticipantID] }), err
}

func (s *consentedSource) Memos(ctx context.Context, studyID, targetType, targetID string) ([]*ownwords.Memo, error) {
	ms, err := s.Services.Memos(ctx, studyID, targetType, targetID)
	return slices.DeleteFunc(ms, func(m *ownwords.Memo) bool {
		switch m.TargetType {
		case ownwords.MemoParticipant:
			return s.out[m.TargetID]
		case ownwords.MemoInterview:
			return s.outIvs[m.TargetID]
		case ownwords.MemoSegment:
			return s.outSegs[m.TargetID]
		}
		return false
	}), err
}
