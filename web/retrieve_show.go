package web

import (
	"net/http"

	"ownwords"
	"ownwords/gate"
)

// maxQuotes bounds the quotes of one retrieval page.
const maxQuotes = 200

// retrieveView is the data of the coded-segment retrieval page.
type retrieveView struct {
	Codes   []codeItem
	Code    *codeItem
	Filters []attrFilter
	Group   string
	Layer   string
	Quotes  []quoteRow
	Total   int
}

// quoteRow is one retrieved passage with its coarse attribution.
type quoteRow struct {
	Text, Attribution, Dir, Label, Path string
	Href                                string
}

// showRetrievePage lists the passages coded with a code (or any code below
// it) for participants of a group (?code=ID&a.gender=woman&layer=consensus),
// each with a coarse attribution such as "a foreign woman, returnee", as
// gate.Retrieve gives them to the account: coders get only what blind
// coding lets them see. Every retrieval is audited by the gate.
func (s *Server) showRetrievePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := accountFrom(ctx).caller()
	q := r.URL.Query()
	ch, err := s.gate.RetrieveChoices(ctx, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := retrieveView{Codes: codeItems(ch.Codebook, true), Filters: chosenFilters(ch.Filters, nil), Group: "everyone", Layer: ownwords.LayerConsensus}
	if q.Get("layer") == ownwords.LayerCoder {
		v.Layer = ownwords.LayerCoder
	}
	group, err := parseAttrFilter(q, ch.Filters)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range v.Filters {
		v.Filters[i].Chosen = group[v.Filters[i].Slug]
	}
	if id := q.Get("code"); id != "" {
		ret, err := s.gate.Retrieve(ctx, c, gate.RetrieveRequest{Code: id, Attributes: group, Layer: v.Layer,
			Plan: q.Get("plan"), Limit: maxQuotes})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Group, v.Total = ret.Group, ret.Total
		for i := range v.Codes {
			if v.Codes[i].ID == ret.Code.ID {
				v.Code = &v.Codes[i]
			}
		}
		for _, p := range ret.Passages {
			v.Quotes = append(v.Quotes, quoteRow{Text: p.Text, Attribution: p.Attribution, Dir: direction(p.Language), Label: p.Label, Path: p.Path,
				Href: "/interviews/" + p.InterviewID + "?segment=" + p.SegmentID + "#segment-panel"})
		}
	}
	s.render(w, r, http.StatusOK, "retrieve", "Retrieve quotes", v)
}
