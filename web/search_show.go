package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"ownwords"
	"ownwords/gate"
)

// Sizes of the search page.
const (
	// searchInterviews bounds the interviews listed; the totals count all.
	searchInterviews = 50
	// searchHitsShown bounds the hits listed per interview; the interview
	// page holds the rest.
	searchHitsShown = 20
	// searchContext is the keyword-in-context width on each side.
	searchContext = 60
	// maxCodeFilters bounds the inside and outside codes of one search.
	maxCodeFilters = 20
)

// searchForm is a parsed search request: the same query as `ownwords
// search`, from ?q=…&language=…&a.gender=woman&inside=…&outside=…&coder=….
type searchForm struct {
	Query           string
	Language        string
	Attrs           groupFilter
	Inside, Outside []string
	// Coder names the user whose coder layer the code filters read; ""
	// is the consensus layer.
	Coder string
}

// codeFiltered reports whether the search keeps or drops hits by code.
func (f searchForm) codeFiltered() bool { return len(f.Inside) > 0 || len(f.Outside) > 0 }

// parseSearchForm reads a search request. filters are the attributes the
// user may filter by; others are EINVALID.
func parseSearchForm(q url.Values, filters []gate.FilterChoice) (searchForm, error) {
	f := searchForm{Query: strings.TrimSpace(q.Get("q")), Language: strings.TrimSpace(q.Get("language")),
		Coder: strings.TrimSpace(q.Get("coder"))}
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
	// CodeFilters offers the inside/outside/layer filters (roles that see
	// the codebook); Choices are its codes, Coders the layers' owners.
	CodeFilters bool
	Choices     []codeChoice
	Coders      []string
	// Problem is what is wrong with the request (the query parser's
	// message with its position), shown beside the form.
	Problem string
	Hits    *hitsView
	Counts  *countsView
	Coded   *codedNotice
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
	// More is set when more interviews matched than are listed.
	More bool
	// Blind counts the study's interviews still in blind coding, which a
	// coder's search with code filters on another layer leaves out.
	Blind int
	// Codes are the codes "code this passage" offers; Code and Extent the
	// current choice; Back the search to return to.
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
	// Unlisted counts hits past searchHitsShown.
	Unlisted int
}

// hitRow is one keyword-in-context line.
type hitRow struct {
	Before, Match, After string
	// Anchor is the element ID a coded hit's redirect returns to.
	Anchor string
	// Href opens the interview with the hit marked.
	Href string
	// Value is what "code this passage" posts: start:end:hash.
	Value string
}

// countsView is what roles without text get: totals, or that they are
// withheld below k.
type countsView struct {
	Hits, Interviews, Participants int
	Withheld                       bool
	K                              int
}

// codedNotice confirms a passage coded from the search page.
type codedNotice struct {
	Label, Path, Title, Quote, Dir, Href string
	Existing                             bool
}

// extents are the spans "code this passage" may widen a hit to.
var extents = []string{extentSentence, extentMatch, extentParagraph, extentTurn}

// showSearchPage searches the transcripts like `ownwords search`, through
// the application layer (gate.Search decides what each role gets). Owners
// and coders get keyword-in-context lines with the match marked, each
// linking to its place in the interview and with a button that codes it;
// analysts and viewers get only totals, withheld below k, never text,
// titles or participant codes. A malformed query is shown with the
// parser's message.
func (s *Server) showSearchPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := accountFrom(ctx).caller()
	q := r.URL.Query()
	ch, err := s.gate.SearchChoices(ctx, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := searchViewOf(ch)
	status := http.StatusOK
	var out *gate.SearchOutcome
	v.Form, err = parseSearchForm(q, ch.Filters)
	if err == nil && v.Form.Query != "" {
		out, err = s.gate.Search(ctx, c, gate.SearchRequest{Query: v.Form.Query, Language: v.Form.Language, Attributes: v.Form.Attrs,
			Inside: v.Form.Inside, Outside: v.Form.Outside, Coder: v.Form.Coder, Context: searchContext, Limit: searchInterviews,
			Coded: q.Get("coded")})
	}
	if code := ownwords.ErrorCode(err); code == ownwords.EINVALID || code == ownwords.ENOTFOUND {
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
			s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "search: a query is required (?q=…)"))
		default:
			if out.Result != nil && len(out.Result.Interviews) > searchInterviews {
				out.Result.Interviews = out.Result.Interviews[:searchInterviews]
			}
			writeJSON(w, status, out.JSON())
		}
		return
	}
	if out != nil {
		v.showOutcome(out, q)
	}
	for i := range v.Choices {
		v.Choices[i].Inside = slices.Contains(v.Form.Inside, v.Choices[i].Path)
		v.Choices[i].Outside = slices.Contains(v.Form.Outside, v.Choices[i].Path)
	}
	for i := range v.Filters {
		v.Filters[i].Chosen = v.Form.Attrs[v.Filters[i].Slug]
	}
	s.render(w, r, status, "search", "Search", v)
}

// searchViewOf lays out the choices the gate offers.
func searchViewOf(ch *gate.SearchChoices) *searchView {
	v := &searchView{Languages: ch.Languages, Filters: chosenFilters(ch.Filters, nil), CodeFilters: ch.CodeFilters, Coders: ch.Coders}
	if ch.Codebook != nil {
		for _, c := range codeItems(ch.Codebook, false) {
			v.Choices = append(v.Choices, codeChoice{Label: c.Label, Path: c.Path, Depth: c.Depth})
		}
		v.codes = codeItems(ch.Codebook, false)
	}
	return v
}

// showOutcome fills v.Hits or v.Counts from a search's outcome.
func (v *searchView) showOutcome(out *gate.SearchOutcome, q url.Values) {
	if out.Counts != nil {
		c := out.Counts
		v.Counts = &countsView{Withheld: c.Withheld, K: out.K}
		if !c.Withheld {
			v.Counts.Hits, v.Counts.Interviews, v.Counts.Participants = *c.TotalHits, *c.Interviews, *c.Participants
		}
		return
	}
	v.Hits = hitsOf(out.Result, q)
	v.Hits.Blind, v.Hits.Codes = out.Blind, v.codes
	if p := out.Coded; p != nil {
		v.Coded = &codedNotice{Label: p.Label, Path: p.Path, Title: p.Title, Quote: p.Text, Dir: direction(p.Language), Existing: q.Get("already") != "",
			Href: "/interviews/" + p.InterviewID + "?segment=" + p.SegmentID + "#segment-panel"}
	}
}
