package web

import (
	"net/http"

	"ownwords/gate"
)

// maxListed bounds the rows of a participant list page.
const maxListed = 500

// participantsView is the data of the participants list.
type participantsView struct {
	Filters []attrFilter
	Columns []gate.Column
	Rows    []gate.ParticipantRow
	Total   int
	Shown   int
	Group   string
	// Pseudonyms says rows are named by pseudonyms of this login.
	Pseudonyms bool
	// Consent shows the consent column (the gate gives it to owners).
	Consent bool
}

// listParticipantsPage lists participants matching the attribute filters
// of the query (?a.gender=woman&a.status=returnee), as the application
// layer shapes them for the user (as JSON when asked for).
func (s *Server) listParticipantsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	list, err := s.gate.Participants(ctx, accountFrom(ctx).caller(), filterValues(r.URL.Query()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, list)
		return
	}
	v := participantsView{Filters: chosenFilters(list.Filters, list.Filter), Columns: list.Columns,
		Rows: list.Rows[:min(len(list.Rows), maxListed)], Total: len(list.Rows), Group: list.Group, Pseudonyms: list.Pseudonyms,
		Consent: list.Consent}
	v.Shown = len(v.Rows)
	s.render(w, r, http.StatusOK, "participants", "Participants", v)
}
