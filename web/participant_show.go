package web

import (
	"net/http"

	"ownwords/gate"
)

// participantView is the data of a participant's page.
type participantView struct {
	*gate.ParticipantPage
	Timeline *timelineView
	Memos    []memoRow // the page's memos, as the "memos" partial lists them
}

// showParticipantPage renders a participant's attributes, the timeline of
// their events and their interviews, as the application layer shapes them
// for the user (as JSON when asked for): the page's {id} is the
// participant's ID, or for users who get pseudonyms a handle of their
// login.
func (s *Server) showParticipantPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.gate.Participant(ctx, accountFrom(ctx).caller(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, p)
		return
	}
	s.render(w, r, http.StatusOK, "participant", p.Name, participantView{ParticipantPage: p, Timeline: timeline(p.Events), Memos: memoRows(p.Memos, nil)})
}
