package web

import (
	"cmp"
	"context"
	"slices"

	"ownwords"
)

// coderProgress is one coder's work: coder-layer segments and the
// interviews they touch.
type coderProgress struct {
	Name       string
	Segments   int
	Interviews int
}

// interviewProgress is the coding state of one interview.
type interviewProgress struct {
	ID, Title, Participant, ParticipantID, Date, Language string
	// Href links the coding view, for roles that may read transcripts.
	Href                             string
	Coders                           int
	CoderSegments, ConsensusSegments int
	Opened                           bool
}

// progress counts coding work per coder and per interview. Only counts
// leave here: no text, no offsets.
func progress(ivs []*ownwords.Interview, segs []*ownwords.Segment, names, codes map[string]string, opened map[string]bool) ([]coderProgress, []interviewProgress) {
	perCoder := map[string]*coderProgress{}
	touched := map[[2]string]bool{}
	rows := make([]interviewProgress, len(ivs))
	index := make(map[string]int, len(ivs))
	for i, iv := range ivs {
		index[iv.ID] = i
		rows[i] = interviewProgress{ID: iv.ID, Title: iv.Title, ParticipantID: iv.ParticipantID,
			Participant: codes[iv.ParticipantID], Date: iv.Date.String(), Language: iv.Language, Opened: opened[iv.ID]}
	}
	for _, seg := range segs {
		i, ok := index[seg.InterviewID]
		if !ok {
			continue
		}
		if seg.Layer == ownwords.LayerConsensus {
			rows[i].ConsensusSegments++
			continue
		}
		rows[i].CoderSegments++
		cp := perCoder[seg.CoderID]
		if cp == nil {
			cp = &coderProgress{Name: names[seg.CoderID]}
			if cp.Name == "" {
				cp.Name = "(removed account)"
			}
			perCoder[seg.CoderID] = cp
		}
		cp.Segments++
		key := [2]string{seg.CoderID, seg.InterviewID}
		if !touched[key] {
			touched[key] = true
			cp.Interviews++
			rows[i].Coders++
		}
	}
	coders := make([]coderProgress, 0, len(perCoder))
	for _, cp := range perCoder {
		coders = append(coders, *cp)
	}
	slices.SortFunc(coders, func(a, b coderProgress) int { return cmp.Compare(a.Name, b.Name) })
	return coders, rows
}

// linkInterviews sets the coding-view link of each row when the role may
// read transcripts; analysts get titles without a link to a 403.
func linkInterviews(rows []interviewProgress, r ownwords.Role) {
	if !r.SeesText() {
		return
	}
	for i := range rows {
		rows[i].Href = "/interviews/" + rows[i].ID
	}
}

// studyProgress loads the study's participants, interviews and segments
// and builds the coding progress tables (per coder when names is given,
// and per interview), as the dashboard and the interviews list show them.
func (s *Server) studyProgress(ctx context.Context, names map[string]string) (participants int, coders []coderProgress, rows []interviewProgress, err error) {
	ps, err := s.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.studyID})
	if err != nil {
		return 0, nil, nil, err
	}
	ivs, err := s.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: s.studyID})
	if err != nil {
		return 0, nil, nil, err
	}
	// Counts of what the account may see: blind coding hides others'
	// codings of a closed interview from a coder, counts included.
	segs, err := s.gate.Segments(ctx, accountFrom(ctx).caller(), ownwords.SegmentFilter{})
	if err != nil {
		return 0, nil, nil, err
	}
	codes := make(map[string]string, len(ps))
	for _, p := range ps {
		codes[p.ID] = p.Code
	}
	coders, rows = progress(ivs, segs, names, codes, openedIn(ivs))
	linkInterviews(rows, accountFrom(ctx).role)
	return len(ps), coders, rows, nil
}
