package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"ownwords"
	"ownwords/quotes"
	"ownwords/report"
)

// quotesView is the data of the quote bank page.
type quotesView struct {
	Plan, Item, Group, Audience string
	// ItemLabel is the item's codebook label (its path when it has none).
	ItemLabel string
	// Preview offers the owner the public selection (the disclosure rules
	// applied) beside the team's; TeamHref and PublicHref switch.
	Preview              bool
	TeamHref, PublicHref string
	ReportHref           string
	Quotes               []bankQuote
	// Withheld and Note say what the public selection leaves out.
	Withheld int
	Note     string
	// Blind counts passages of interviews still in blind coding, left out
	// for coders (the consensus there is not theirs to see yet).
	Blind int
}

// bankQuote is one passage as the page shows it.
type bankQuote struct {
	Text, Attribution, Dir string
	// Where and Href locate the passage (team audience only).
	Where, Href string
}

// showQuotesPage renders the quote bank of a report figure
// (?item=section/slug&group=G&plan=P): the consensus passages behind it.
// Owners and coders get the team audience (participant codes, offsets, a
// link to each passage); owners may preview the public selection
// (&audience=public), which applies the study's disclosure rules. Coders
// do not get passages of interviews still in blind coding. Analysts and
// viewers never reach the page (policy.go). Every view is audited like
// `ownwords quotes`.
func (s *Server) showQuotesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	q := r.URL.Query()
	item := strings.TrimSpace(q.Get("item"))
	if item == "" {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "quotes: which figure? give ?item=section/slug (the report page links each figure)"))
		return
	}
	plan, err := s.analysisPlan(ctx, q.Get("plan"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := quotesView{Plan: plan, Item: item, Group: q.Get("group"), Audience: report.AudienceTeam,
		Preview: a.role == ownwords.RoleOwner, ReportHref: "/report?" + url.Values{"plan": {plan}}.Encode()}
	if v.Preview && q.Get("audience") == report.AudiencePublic {
		v.Audience = report.AudiencePublic
	}
	link := url.Values{"plan": {plan}, "item": {item}, "group": {v.Group}}
	v.TeamHref = "/quotes?" + link.Encode()
	link.Set("audience", report.AudiencePublic)
	v.PublicHref = "/quotes?" + link.Encode()
	bank, err := quotes.For(ctx, s.store, s.studyID, quotes.Options{Item: item, Group: v.Group, Audience: v.Audience, Plan: plan})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.bankRows(r, a, bank, &v); err != nil {
		s.fail(w, r, err)
		return
	}
	cb, err := s.store.Codebook(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.ItemLabel = item
	if c := cb.ByPath(item); c != nil {
		v.ItemLabel = codeLabel(c)
	}
	if err := s.store.Record(ctx, s.studyID, "quotes."+v.Audience, item, v.Group); err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, bank)
		return
	}
	s.render(w, r, http.StatusOK, "quotes", "Quotes behind "+v.ItemLabel, v)
}

// bankRows turns bank's quotes into v's rows, locating team quotes in
// their interviews (titles are unique in a study) and leaving out, for
// coders, those of interviews still in blind coding; bank keeps only the
// quotes shown.
func (s *Server) bankRows(r *http.Request, a *account, bank *quotes.Bank, v *quotesView) error {
	ivs, err := s.store.Interviews(r.Context(), ownwords.InterviewFilter{StudyID: s.studyID})
	if err != nil {
		return err
	}
	byTitle := make(map[string]*ownwords.Interview, len(ivs))
	for _, iv := range ivs {
		byTitle[iv.Title] = iv
	}
	opened := openedIn(ivs)
	v.Withheld, v.Note = bank.Withheld, bank.Note
	kept := bank.Quotes[:0]
	for _, qt := range bank.Quotes {
		row := bankQuote{Text: qt.Text, Attribution: qt.Attribution, Dir: "auto"}
		if qt.Interview != "" {
			iv := byTitle[qt.Interview]
			if a.role != ownwords.RoleOwner && (iv == nil || !opened[iv.ID]) {
				v.Blind++
				continue
			}
			if iv != nil {
				row.Dir, row.Href = direction(iv.Language), hitHref(iv.ID, qt.Start, qt.End)
			}
			row.Where = fmt.Sprintf("%s, code points %d–%d", qt.Interview, qt.Start, qt.End)
		}
		kept = append(kept, qt)
		v.Quotes = append(v.Quotes, row)
	}
	bank.Quotes = kept
	return nil
}
