package web

import (
	"context"
	"net/http"

	"ownwords"
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
// each with a coarse attribution such as "a foreign woman, returnee".
// Blind coding applies: coders get only what they may see in the coding
// view. Every retrieval is audited as a view of transcript text.
func (s *Server) showRetrievePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	cb, err := s.store.Codebook(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	attrs, err := s.store.Attributes(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := parseGroupFilter(q, attrs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.studyID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := retrieveView{Codes: codeItems(cb, true), Filters: filterChoices(attrs, ps, f), Group: f.describe(), Layer: ownwords.LayerConsensus}
	if q.Get("layer") == ownwords.LayerCoder {
		v.Layer = ownwords.LayerCoder
	}
	if id := q.Get("code"); id != "" {
		c, err := code(cb, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for i := range v.Codes {
			if v.Codes[i].ID == c.ID {
				v.Code = &v.Codes[i]
			}
		}
		if err := s.retrieve(ctx, &v, cb, c, f, attrs, ps); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "retrieve", "Retrieve quotes", v)
}

// retrieve fills v's quotes for code c and the group f.
func (s *Server) retrieve(ctx context.Context, v *retrieveView, cb *ownwords.Codebook, c *ownwords.Code, f groupFilter,
	attrs []*ownwords.Attribute, ps []*ownwords.Participant) error {
	a := accountFrom(ctx)
	segs, err := s.store.Segments(ctx, ownwords.SegmentFilter{StudyID: s.studyID, CodeIDs: cb.Descendants(c.ID), Layer: v.Layer})
	if err != nil {
		return err
	}
	opened, err := comparisons(ctx, s.store, s.studyID)
	if err != nil {
		return err
	}
	study, err := s.store.Study(ctx, s.studyID)
	if err != nil {
		return err
	}
	attribute, err := attributor(study.Settings.DisclosureK, attrs, ps)
	if err != nil {
		return err
	}
	byID := make(map[string]*ownwords.Participant, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	ivs := map[string]*ownwords.Interview{}
	for _, seg := range segs {
		if !canSee(a, seg, opened[seg.InterviewID]) {
			continue
		}
		iv := ivs[seg.InterviewID]
		if iv == nil {
			if iv, err = s.interview(ctx, seg.InterviewID); err != nil {
				return err
			}
			ivs[iv.ID] = iv
		}
		p := byID[iv.ParticipantID]
		if p == nil || !f.matches(p) {
			continue
		}
		v.Total++
		if len(v.Quotes) == maxQuotes {
			continue
		}
		text, _ := ownwords.Slice(iv.Transcript, seg.Start, seg.End)
		row := quoteRow{Text: text, Attribution: attribute(p), Dir: direction(iv.Language),
			Href: "/interviews/" + iv.ID + "?segment=" + seg.ID + "#segment-panel"}
		if k := cb.ByID(seg.CodeID); k != nil {
			row.Label, row.Path = codeLabel(k), cb.Path(k)
		}
		v.Quotes = append(v.Quotes, row)
	}
	return s.store.Record(ctx, s.studyID, "quotes.view", c.ID, v.Layer+" "+f.describe())
}
