package web

import (
	"net/http"

	"ownwords"
)

// maxListed bounds the rows of a participant list page.
const maxListed = 500

// participantsView is the data of the participants list.
type participantsView struct {
	Filters []attrFilter
	Columns []*ownwords.Attribute
	Rows    []participantRow
	Total   int
	Shown   int
	Group   string
}

// participantRow is a participant with the values of the shown columns.
type participantRow struct {
	ID, Code string
	Values   []string
}

// listParticipantsPage lists participants matching the attribute filters
// of the query (?a.gender=woman&a.status=returnee).
func (s *Server) listParticipantsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	all, err := s.store.Attributes(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Identifier attributes are neither shown nor offered as filters to
	// roles without text: filtering on one would reveal who holds a value.
	attrs := shownAttributes(all, accountFrom(ctx))
	f, err := parseGroupFilter(r.URL.Query(), attrs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.studyID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := participantsView{Filters: filterChoices(attrs, ps, f), Columns: attrs, Group: f.describe()}
	for _, p := range ps {
		if !f.matches(p) {
			continue
		}
		v.Total++
		if len(v.Rows) < maxListed {
			v.Rows = append(v.Rows, participantRow{ID: p.ID, Code: p.Code, Values: valuesOf(p, v.Columns)})
		}
	}
	v.Shown = len(v.Rows)
	s.render(w, r, http.StatusOK, "participants", "Participants", v)
}

// shownAttributes are the attributes a user may see: identifiers only for
// roles that may read transcripts.
func shownAttributes(attrs []*ownwords.Attribute, a *account) []*ownwords.Attribute {
	var out []*ownwords.Attribute
	for _, at := range attrs {
		if at.Tag == ownwords.TagIdentifier && !a.role.SeesText() {
			continue
		}
		out = append(out, at)
	}
	return out
}

// valuesOf returns p's values of cols in canonical form ("" if missing).
func valuesOf(p *ownwords.Participant, cols []*ownwords.Attribute) []string {
	out := make([]string, len(cols))
	for i, a := range cols {
		if v, ok := p.Values[a.Slug]; ok {
			out[i] = v.String()
		}
	}
	return out
}
