package web

import (
	"net/http"

	"ownwords"
)

// participantView is the data of a participant's page.
type participantView struct {
	P          *ownwords.Participant
	Attributes []attrValue
	Events     []eventRow
	Timeline   *timelineView
	Interviews []*ownwords.Interview
	Memos      []*ownwords.Memo
}

// attrValue is one attribute of a participant as shown.
type attrValue struct {
	Label, Value string
}

// eventRow is one event; Note is empty for roles that may not read text,
// as notes often paraphrase the interview.
type eventRow struct {
	Kind, Date, Note string
}

// showParticipantPage renders a participant's attributes, the timeline of
// their events and their interviews. Text (event notes, memos) is shown
// only to roles that may read transcripts.
func (s *Server) showParticipantPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	p, err := s.participant(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	attrs, err := s.store.Attributes(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	events, err := s.store.Events(ctx, ownwords.EventFilter{StudyID: s.studyID, ParticipantID: p.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ivs, err := s.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: s.studyID, ParticipantID: p.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := participantView{P: p, Interviews: ivs, Timeline: timeline(events)}
	for _, at := range shownAttributes(attrs, a) {
		label := at.Label
		if label == "" {
			label = at.Slug
		}
		v.Attributes = append(v.Attributes, attrValue{Label: label, Value: valuesOf(p, []*ownwords.Attribute{at})[0]})
	}
	for _, e := range events {
		row := eventRow{Kind: e.Kind, Date: e.Date.String()}
		if a.role.SeesText() {
			row.Note = e.Note
		}
		v.Events = append(v.Events, row)
	}
	if a.role.SeesText() {
		if v.Memos, err = s.store.Memos(ctx, s.studyID, ownwords.MemoParticipant, p.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "participant", p.Code, v)
}
