package web

import (
	"net/http"
	"net/url"

	"ownwords"
	"ownwords/gate"
)

// adjudicatePassage (owner, the adjudicator) decides one passage of a
// compared interview: the chosen side, the union, the intersection or
// neither becomes the consensus, with the note as the new segments' memo
// and the decision audited with its note, in one transaction
// (gate.Adjudicate).
func (s *Server) adjudicatePassage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := gate.Decision{Left: r.PostFormValue("left"), Right: r.PostFormValue("right"),
		Choice: r.PostFormValue("choice"), Note: r.PostFormValue("note")}
	created, err := s.gate.Adjudicate(ctx, accountFrom(ctx).caller(), r.PathValue("id"), d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.adjudicated(w, r, created)
}

// acceptAgreements (owner) moves every passage that the two compared
// coders coded alike and that is not yet in the consensus into it, as the
// range both coded, in one audited transaction (gate.AcceptAgreements).
func (s *Server) acceptAgreements(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	created, err := s.gate.AcceptAgreements(ctx, accountFrom(ctx).caller(), r.PathValue("id"), r.PostFormValue("a"), r.PostFormValue("b"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.adjudicated(w, r, created)
}

// adjudicated answers an adjudication: the new consensus segments as JSON,
// or back to the comparison of the same coders.
func (s *Server) adjudicated(w http.ResponseWriter, r *http.Request, created []*ownwords.Segment) {
	if wantsJSON(r) {
		if created == nil {
			created = []*ownwords.Segment{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"segments": created})
		return
	}
	q := url.Values{}
	if a, b := r.PostFormValue("a"), r.PostFormValue("b"); a != "" && b != "" {
		q.Set("a", a)
		q.Set("b", b)
	}
	target := "/interviews/" + r.PathValue("id") + "/comparison"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target+"#passages", http.StatusSeeOther)
}
