package web

import "net/http"

// recentChanges is how many codebook changes the editor lists.
const recentChanges = 30

// codebookView is the data of the codebook page.
type codebookView struct {
	Version int
	Codes   []codebookRow
	Changes []changeRow
}

// codebookRow is a code with its segment count.
type codebookRow struct {
	codeItem
	Segments int
}

// changeRow is one codebook change as listed.
type changeRow struct {
	Version int
	Action  string
	Actor   string
	Code    string
	At      string
}

// showCodebookPage renders the codebook tree with definitions and, for the
// owner, the forms to add, rename, redefine, move, merge and deprecate
// codes. Examples and counts are what the user's role may have
// (gate.Codebook).
func (s *Server) showCodebookPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.gate.Codebook(ctx, accountFrom(ctx).caller())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cb := p.Codebook
	v := codebookView{Version: cb.Version}
	for _, it := range codeItems(cb, true) {
		v.Codes = append(v.Codes, codebookRow{codeItem: it, Segments: p.Segments[it.ID]})
	}
	for _, ch := range p.Changes[:min(len(p.Changes), recentChanges)] {
		row := changeRow{Version: ch.Version, Action: ch.Action, Actor: ch.Actor, At: ch.At.UTC().Format("2006-01-02 15:04")}
		if c := cb.ByID(ch.CodeID); c != nil {
			row.Code = codeLabel(c) + " (" + cb.Path(c) + ")"
		} else if ch.Before != nil {
			row.Code = ch.Before.Slug + " (removed)"
		}
		v.Changes = append(v.Changes, row)
	}
	s.render(w, r, http.StatusOK, "codebook", "Codebook", v)
}
