package web

import (
	"net/http"

	"ownwords"
)

// listInterviewsPage lists the study's interviews with their coding
// progress (counts only). Titles link to the coding view for roles that may
// read transcripts.
func (s *Server) listInterviewsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ivs, err := s.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: s.studyID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	segs, err := s.store.Segments(ctx, ownwords.SegmentFilter{StudyID: s.studyID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.studyID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	codes := make(map[string]string, len(ps))
	for _, p := range ps {
		codes[p.ID] = p.Code
	}
	opened, err := comparisons(ctx, s.store, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, rows := progress(ivs, segs, nil, codes, opened)
	linkInterviews(rows, accountFrom(ctx).role)
	s.render(w, r, http.StatusOK, "interviews", "Interviews", rows)
}
