package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"ownwords"
	"ownwords/gate"
)

// quotesView is the data of the quote bank page.
type quotesView struct {
	Plan, Item, Group, Audience string
	// ItemLabel is the item's codebook label (its path when it has none).
	ItemLabel string
	// MayPreview offers an owner the switch between the team view and the
	// preview of the public selection (TeamHref, PublicHref).
	MayPreview           bool
	TeamHref, PublicHref string
	ReportHref           string
	Quotes               []bankQuote
	// Withheld and Note say what the public selection leaves out.
	Withheld int
	Note     string
	// Blind counts the study's interviews still in blind coding, whose
	// passages a coder does not get.
	Blind int
}

// bankQuote is one passage as the page shows it.
type bankQuote struct {
	Text, Attribution, Dir, Lang string
	// Beside is the aligned passage of the interview's other text.
	Beside *alignedRow
	// Where and Href locate the passage (team audience only).
	Where, Href string
}

// showQuotesPage renders the quote bank of a report figure
// (?item=section/slug&group=G&plan=P&audience=A) as gate.Quotes gives it
// to the account: the team view for owners and coders (coders without
// interviews still in blind coding), and for owners a preview of the
// public selection. Analysts and viewers never reach the page (policy.go)
// and the gate refuses them too.
func (s *Server) showQuotesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	item := strings.TrimSpace(q.Get("item"))
	if item == "" {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "quotes: which figure? give ?item=section/slug (the report page links each figure)"))
		return
	}
	bank, err := s.gate.Quotes(ctx, accountFrom(ctx).caller(), gate.QuotesRequest{Item: item, Group: q.Get("group"), Plan: q.Get("plan"), Audience: q.Get("audience")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, bank)
		return
	}
	v := quotesView{Plan: bank.Plan, Item: item, Group: bank.Group, Audience: bank.Audience, MayPreview: bank.MayPreview,
		ReportHref: "/report?" + url.Values{"plan": {bank.Plan}}.Encode(), Withheld: bank.Withheld, Note: bank.Note, Blind: bank.Blind}
	link := url.Values{"plan": {bank.Plan}, "item": {item}, "group": {bank.Group}}
	v.TeamHref = "/quotes?" + link.Encode()
	link.Set("audience", gate.AudiencePublic)
	v.PublicHref = "/quotes?" + link.Encode()
	for _, qt := range bank.Quotes {
		row := bankQuote{Text: qt.Text, Attribution: qt.Attribution, Dir: "auto", Lang: qt.Language}
		if b := qt.Beside; b != nil {
			row.Dir = direction(qt.Language)
			row.Beside = &alignedRow{Label: b.Role + ", " + b.Language, Lang: b.Language, Dir: direction(b.Language), Text: b.Text}
		}
		if qt.InterviewID != "" {
			row.Href = hitHref(qt.InterviewID, qt.Start, qt.End)
			row.Where = fmt.Sprintf("%s, code points %d–%d", qt.Interview, qt.Start, qt.End)
		}
		v.Quotes = append(v.Quotes, row)
	}
	v.ItemLabel = item
	if cb, err := s.store.Codebook(ctx, s.studyID); err == nil {
		if c := cb.ByPath(item); c != nil {
			v.ItemLabel = codeLabel(c)
		}
	}
	s.render(w, r, http.StatusOK, "quotes", "Quotes behind "+v.ItemLabel, v)
}
