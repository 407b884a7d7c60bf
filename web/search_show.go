package web

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"ownwords"
	"ownwords/gate"
)

// Sizes of the search page.
const (
	// searchInterviews bounds the interviews listed; the totals count all.
	searchInterviews = 50
	// searchHitsShown bounds the hits listed per interview: a reader
	// asks for the rest of one interview (showAllParam), or opens it.
	searchHitsShown = 5
	// searchHitsAll bounds the hits listed of the interview whose hits
	// were all asked for; the interview page holds the rest.
	searchHitsAll = 500
	// searchContext is the keyword-in-context width on each side.
	searchContext = 60
	// maxCodeFilters bounds the inside and outside codes of one search.
	maxCodeFilters = 20
)

// searchForm is a parsed search request: the same query as `ownwords
// search`, from the posted form q=…&language=…&a.gender=woman&inside=…&
// outside=…&coder=… (never from an address: see savedSearches).
type searchForm struct {
	Query           string
	Language        string
	Attrs           groupFilter
	Inside, Outside []string
	// Coder names the user whose coder layer the code filters read; ""
	// is the consensus layer.
	Coder string
	// By is the attribute to break the participants found down by; ""
	// for none.
	By string
}

// codeFiltered reports whether the search keeps or drops hits by code.
func (f searchForm) codeFiltered() bool { return len(f.Inside) > 0 || len(f.Outside) > 0 }

// parseSearchForm reads a search request. filters are the attributes the
// user may filter by (gate.SearchChoices); others are EINVALID. The
// breakdown ("by") goes to the gate as asked: it decides, as for the
// command line.
func parseSearchForm(q url.Values, filters []gate.FilterChoice) (searchForm, error) {
	f := searchForm{Query: strings.TrimSpace(q.Get("q")), Language: strings.TrimSpace(q.Get("language")),
		Coder: strings.TrimSpace(q.Get("coder")), By: strings.TrimSpace(q.Get("by"))}
	var err error
	if f.Attrs, err = parseAttrFilter(q, filters); err != nil {
		return f, err
	}
	for _, side := range []struct {
		name string
		to   *[]string
	}{{"inside", &f.Inside}, {"outside", &f.Outside}} {
		for _, v := range q[side.name] {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(*side.to, v) {
				*side.to = append(*side.to, v)
			}
		}
		if len(*side.to) > maxCodeFilters {
			return f, ownwords.Errorf(ownwords.EINVALID, "%s: at most %d codes", side.name, maxCodeFilters)
		}
	}
	return f, nil
}

// parseAttrFilter reads the attribute filter of a request
// (?a.gender=woman&…) as typed: the gate checks the values. An attribute
// not among filters (those offered to the user) is EINVALID.
func parseAttrFilter(q url.Values, filters []gate.FilterChoice) (groupFilter, error) {
	f := groupFilter{}
	for key, vals := range q {
		slug, ok := strings.CutPrefix(key, filterPrefix)
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		if !slices.ContainsFunc(filters, func(af gate.FilterChoice) bool { return af.Slug == slug }) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "filter %s: not an attribute you may filter by here", key)
		}
		f[slug] = vals[0]
	}
	return f, nil
}

// searchView is the data of the search page.
type searchView struct {
	Form      searchForm
	Languages []string
	Filters   []attrFilter
	// By offers the attributes to break the participants found down by.
	By []byChoice
	// Exclude offers NOT and the outside filter (gate.SearchChoices).
	Exclude bool
	// CodeFilters offers the inside/outside/layer filters (roles that see
	// the codebook); Choices are its codes, Coders the layers' owners.
	CodeFilters bool
	Choices     []codeChoice
	Coders      []string
	// Problem is what is wrong with the request (the query parser's
	// message with its position), shown beside the form.
	Problem string
	// Note says why an address showed no search (noteOldAddress,
	// noteExpired).
	Note string
	// Token is the kept search's token, for paging and "code this
	// passage".
	Token  string
	Hits   *hitsView
	Counts *countsView
	// Breakdown is the participants found by the values of Form.By.
	Breakdown *breakdownView
	Coded     *codedNotice
	// codes are what "code this passage" offers.
	codes []codeItem
}

// codeChoice is a code of the inside/outside filters.
type codeChoice struct {
	Label, Path     string
	Depth           int
	Inside, Outside bool
}

// hitsView is what roles that see text get: interviews with their hits.
type hitsView struct {
	Interviews []interviewHits
	TotalHits  int
	// LowerBound says TotalHits and Matched are lower bounds: Unchecked
	// candidate interviews were not verified (ownwords.SearchResult).
	LowerBound bool
	Unchecked  int
	// Matched counts every matching interview; From and To number the
	// listed ones (1-based) when there are more than a page.
	Matched, From, To int
	// Prev and Next are the addresses of the neighbouring pages, if any.
	Prev, Next string
	// Blind counts the study's interviews still in blind coding, which a
	// coder's search with code filters on another layer leaves out.
	Blind int
	// Codes are the codes "code this passage" offers; Code and Extent the
	// current choice; Back the search to return to (its token and page).
	Codes  []codeItem
	Code   string
	Extent string
	Back   string
}

// interviewHits is one interview of the result with its listed hits.
type interviewHits struct {
	ID, Title, Participant, Dir string
	Count                       int
	Hits                        []hitRow
	// Rows are Hits' list items (hitRowsHTML).
	Rows template.HTML
	// Unlisted counts the hits not listed.
	Unlisted int
	// Anchor is the element ID of the interview's block, which ShowAll
	// and ShowFewer scroll to.
	Anchor string
	// ShowAll is the address of this page with every hit of the
	// interview listed (up to searchHitsAll, which AllShown is), when it
	// has more than are listed; ShowFewer that of the page without, when
	// they are (Expanded).
	ShowAll, ShowFewer string
	AllShown           int
	Expanded           bool
}

// hitRow is one keyword-in-context line.
type hitRow struct {
	Before, Match, After string
	// Anchor is the element ID a coded hit's redirect returns to.
	Anchor string
	// Href opens the interview with the hit marked.
	Href string
	// Value is what "code this passage" posts: start:end:hash; "" for a
	// hit in another text than the transcript (codings anchor on the
	// transcript: its aligned turn is coded from the interview, which
	// Href opens with that turn marked).
	Value string
	// Lang and Dir are those of the hit's text; In names that text when
	// it is not the transcript ("original, ar").
	Lang, Dir, In string
	// Aligned is the turn of the other text beside the hit, if any.
	Aligned *alignedRow
}

// alignedRow is the turn of the other text of an interview aligned with a
// hit, shown beside it in its own language and direction.
type alignedRow struct {
	// Label names the text ("transcript, en", "translation, en"); Text
	// begins with the turn's speaker label.
	Label, Lang, Dir, Text string
}

// countsView is what roles without text get: approximate totals (the
// gate perturbs them), or that they are withheld below k.
type countsView struct {
	Participants int
	Withheld     bool
	K            int
}

// byChoice is an attribute of the breakdown select.
type byChoice struct {
	Slug, Label string
	Chosen      bool
}

// breakdownView is a breakdown of the participants found: a row per
// value, or that it is withheld (some group below k).
type breakdownView struct {
	Label       string
	Rows        []breakdownRow
	Approximate bool
	Withheld    bool
	K           int
}

// breakdownRow is one value of a breakdown with its participants.
type breakdownRow struct {
	Label        string
	Participants int
}

// codedNotice confirms a passage coded from the search page.
type codedNotice struct {
	Label, Path, Title, Quote, Dir, Href string
	Existing                             bool
}

// extents are the spans "code this passage" may widen a hit to.
var extents = []string{extentSentence, extentMatch, extentParagraph, extentTurn}

// Notes of the search page that carry no search.
const (
	// noteOldAddress answers an address with search terms in it (an old
	// bookmark): the search is neither run nor shown.
	noteOldAddress = "Searches are sent by form now, to keep search terms out of addresses: type the search again."
	// noteExpired answers a token that is unknown to this login (expired,
	// forgotten at logout or a restart, or another login's).
	noteExpired = "This search is no longer kept (searches are kept for an hour, per login): search again."
)

// maxSearchPage bounds the page number of a search's results.
const maxSearchPage = 10000

// showAllParam names the interview of a search page whose hits are all
// listed (/search?s=TOKEN&page=N&all=ID): an ID, never a search term.
const showAllParam = "all"

// searchTermParams are the parameters of the old search form, whose values
// must never be read from an address.
var searchTermParams = []string{"q", "language", "inside", "outside", "coder", "by"}

// hasSearchTerms reports whether an address carries search terms or
// filters (an old bookmark of the form sent by GET).
func hasSearchTerms(q url.Values) bool {
	for key := range q {
		if slices.Contains(searchTermParams, key) || strings.HasPrefix(key, filterPrefix) {
			return true
		}
	}
	return false
}

// showSearchPage shows the search form and, for /search?s=TOKEN, the
// search kept under the token for this login (see savedSearches): re-run,
// unless it gave counts for this page before (savedSearch.counts), which
// are shown again without spending the budget of count searches;
// &page=N pages the interviews. An address with search terms in it is
// neither run nor echoed: the page says that searches are posted now.
// JSON clients post the form (submitSearch); a JSON GET without a token is
// EINVALID.
func (s *Server) showSearchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, _, err := s.searchPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token, a := q.Get("s"), accountFrom(r.Context())
	switch kept, found := s.searches.load(a.tokenHash, token, s.now()); {
	case token != "" && found:
		v.Form, v.Token = kept.form, token
		page := pageNumber(q.Get("page"))
		out := kept.countsAt(page, a.role)
		if out == nil {
			out, err = s.runSearch(r, v.Form, page, q)
			s.searches.keepCounts(a.tokenHash, token, page, a.role, out, s.now())
		}
		s.answerSearch(w, r, v, page, q, out, err)
	case wantsJSON(r):
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "search: post the search to /search (search terms are kept out of addresses)"))
	default:
		if token != "" {
			v.Note = noteExpired
		} else if hasSearchTerms(q) {
			v.Note = noteOldAddress
		}
		s.renderSearch(w, r, http.StatusOK, v)
	}
}

// submitSearch takes the posted search form. A page gets a redirect (303)
// to /search?s=TOKEN, the form kept under the token for this login
// (post/redirect/get: the address carries no search term, and reloading
// or going back posts nothing again); a JSON client gets the answer
// directly (its form may carry page=N).
func (s *Server) submitSearch(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "search: unreadable form"))
		return
	}
	v, ch, err := s.searchPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Form, err = parseSearchForm(r.PostForm, ch.Filters); err != nil {
		if wantsJSON(r) {
			s.fail(w, r, err)
			return
		}
		v.Problem = ownwords.ErrorMessage(err)
		s.renderSearch(w, r, statusOf[ownwords.ErrorCode(err)], v)
		return
	}
	if wantsJSON(r) {
		page := pageNumber(r.PostForm.Get("page"))
		out, err := s.runSearch(r, v.Form, page, url.Values{})
		s.answerSearch(w, r, v, page, url.Values{}, out, err)
		return
	}
	token, err := s.searches.save(accountFrom(r.Context()).tokenHash, v.Form, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, searchHref(token, 1), http.StatusSeeOther)
}

// searchPage returns the empty search page of the request's caller with
// the choices the gate offers them.
func (s *Server) searchPage(r *http.Request) (*searchView, *gate.SearchChoices, error) {
	ch, err := s.gate.SearchChoices(r.Context(), accountFrom(r.Context()).caller())
	if err != nil {
		return nil, nil, err
	}
	return searchViewOf(ch), ch, nil
}

// runSearch runs f through the application layer (gate.Search decides
// what each role gets), at page (1-based); q holds the confirmation of a
// passage just coded (coded) and the interview whose hits are all listed
// (showAllParam: any ID not of the page's interviews gets nothing more).
// Nil without a query.
func (s *Server) runSearch(r *http.Request, f searchForm, page int, q url.Values) (*gate.SearchOutcome, error) {
	if f.Query == "" {
		return nil, nil
	}
	ctx := r.Context()
	return s.gate.Search(ctx, accountFrom(ctx).caller(), gate.SearchRequest{Query: f.Query, Language: f.Language,
		Attributes: f.Attrs, Inside: f.Inside, Outside: f.Outside, Coder: f.Coder, Context: searchContext,
		By: f.By, Limit: searchInterviews, Offset: (page - 1) * searchInterviews, HitsPerInterview: searchHitsShown,
		AllHitsOf: q.Get(showAllParam), AllHitsMax: searchHitsAll, Coded: q.Get("coded"), Now: s.now()})
}

// answerSearch answers with the page or JSON of a search's outcome out
// (nil without a query) or its error err. Owners and coders get
// keyword-in-context lines with the match marked, each linking to its
// place in the interview and with a button that codes it; analysts and
// viewers get only totals, withheld below k, never text, titles or
// participant codes. A malformed query is shown with the parser's
// message. page is 1-based; q holds the confirmation of a passage just
// coded (coded, already, code, extent).
func (s *Server) answerSearch(w http.ResponseWriter, r *http.Request, v *searchView, page int, q url.Values, out *gate.SearchOutcome, err error) {
	status := http.StatusOK
	// What the query or the form asks that cannot be answered, or that
	// the caller's role may not ask (NOT, a filter), is shown beside the
	// form, with the gate's advice.
	if code := ownwords.ErrorCode(err); code == ownwords.EINVALID || code == ownwords.ENOTFOUND || code == ownwords.EFORBIDDEN {
		status, v.Problem = statusOf[code], ownwords.ErrorMessage(err)
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		switch {
		case err != nil:
			s.fail(w, r, err)
		case out == nil:
			s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "search: a query is required (q)"))
		default:
			if out.Result != nil {
				out.Result.Interviews = pageOf(out.Result.Interviews, page)
			}
			writeJSON(w, status, out.JSON())
		}
		return
	}
	if out != nil {
		v.showOutcome(out, page, q)
	}
	s.renderSearch(w, r, status, v)
}

// renderSearch marks the form's choices and renders the page.
func (s *Server) renderSearch(w http.ResponseWriter, r *http.Request, status int, v *searchView) {
	for i := range v.Choices {
		v.Choices[i].Inside = slices.Contains(v.Form.Inside, v.Choices[i].Path)
		v.Choices[i].Outside = slices.Contains(v.Form.Outside, v.Choices[i].Path)
	}
	for i := range v.Filters {
		v.Filters[i].Chosen = v.Form.Attrs[v.Filters[i].Slug]
	}
	for i := range v.By {
		v.By[i].Chosen = v.By[i].Slug == v.Form.By
	}
	s.render(w, r, status, "search", "Search", v)
}

// pageNumber reads a 1-based page number; anything else is page 1.
func pageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxSearchPage {
		return 1
	}
	return n
}

// searchHref is the address of page of the search kept under token: the
// token and the page number, never a search term.
func searchHref(token string, page int) string {
	u := "/search?s=" + url.QueryEscape(token)
	if page > 1 {
		u += "&page=" + strconv.Itoa(page)
	}
	return u
}

// expandedHref is searchHref with every hit of interview id listed ("":
// none).
func expandedHref(token string, page int, id string) string {
	u := searchHref(token, page)
	if id != "" {
		u += "&" + showAllParam + "=" + url.QueryEscape(id)
	}
	return u
}

// pageOf returns the interviews of page (1-based), searchInterviews a page.
func pageOf[T any](all []T, page int) []T {
	from := min((page-1)*searchInterviews, len(all))
	return all[from:min(from+searchInterviews, len(all))]
}

// searchViewOf lays out the choices the gate offers.
func searchViewOf(ch *gate.SearchChoices) *searchView {
	v := &searchView{Languages: ch.Languages, Filters: chosenFilters(ch.Filters, nil), Exclude: ch.Exclude,
		CodeFilters: ch.CodeFilters, Coders: ch.Coders}
	for _, b := range ch.By {
		v.By = append(v.By, byChoice{Slug: b.Slug, Label: cmp.Or(b.Label, b.Slug)})
	}
	if ch.Codebook != nil {
		for _, c := range codeItems(ch.Codebook, false) {
			v.Choices = append(v.Choices, codeChoice{Label: c.Label, Path: c.Path, Depth: c.Depth})
		}
		v.codes = codeItems(ch.Codebook, false)
	}
	return v
}

// showOutcome fills v.Hits or v.Counts, and v.Breakdown, from a search's
// outcome, showing page (1-based) of the interviews.
func (v *searchView) showOutcome(out *gate.SearchOutcome, page int, q url.Values) {
	if out.By != nil {
		v.Breakdown = breakdownOf(out.By, out.K)
	}
	if out.Counts != nil {
		c := out.Counts
		v.Counts = &countsView{Withheld: c.Withheld, K: out.K}
		if !c.Withheld {
			v.Counts.Participants = *c.Participants
		}
		return
	}
	v.Hits = hitsOf(out.Result, v.Token, page, q)
	v.Hits.Blind, v.Hits.Codes = out.Blind, v.codes
	if p := out.Coded; p != nil {
		v.Coded = &codedNotice{Label: p.Label, Path: p.Path, Title: p.Title, Quote: p.Text, Dir: direction(p.Language), Existing: q.Get("already") != "",
			Href: "/interviews/" + p.InterviewID + "?segment=" + p.SegmentID + "#segment-panel"}
	}
}

// breakdownOf lays out a search's breakdown, with labels rather than
// slugs ("no value" for participants without one).
func breakdownOf(b *ownwords.SearchBreakdown, k int) *breakdownView {
	v := &breakdownView{Label: cmp.Or(b.Label, b.Attribute), Approximate: b.Approximate, Withheld: b.Withheld, K: k}
	for _, g := range b.Groups {
		v.Rows = append(v.Rows, breakdownRow{Label: cmp.Or(g.Label, g.Value, "no value"), Participants: g.Participants})
	}
	return v
}
