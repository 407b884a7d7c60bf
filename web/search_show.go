package web

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"ownwords"
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

// parseSearchForm reads a search request. attrs are the attributes the
// user may filter by; unknown ones are EINVALID (see parseGroupFilter).
func parseSearchForm(q url.Values, attrs []*ownwords.Attribute) (searchForm, error) {
	f := searchForm{Query: strings.TrimSpace(q.Get("q")), Language: strings.TrimSpace(q.Get("language")),
		Coder: strings.TrimSpace(q.Get("coder"))}
	var err error
	if f.Attrs, err = parseGroupFilter(q, attrs); err != nil {
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
	// Blind counts interviews left out because the code filters read a
	// layer the coder may not see there yet (blind coding).
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

// showSearchPage searches the transcripts like `ownwords search`. Owners
// and coders get keyword-in-context lines with the match marked, each
// linking to its place in the interview and with a button that codes it;
// analysts and viewers get only totals, withheld below k, never text,
// titles or participant codes. A malformed query is shown with the
// parser's message. Every search is audited, its query in the detail.
func (s *Server) showSearchPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	q := r.URL.Query()
	study, err := s.store.Study(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, attrs, err := s.searchChoices(ctx, a, study)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	var out any
	v.Form, err = parseSearchForm(q, attrs)
	if err == nil && v.Form.Query != "" {
		out, err = s.search(ctx, a, study, v, q)
	}
	if code := ownwords.ErrorCode(err); code == ownwords.EINVALID || code == ownwords.ENOTFOUND {
		status, v.Problem = statusOf[code], ownwords.ErrorMessage(err)
		v.Hits, v.Counts = nil, nil
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
			writeJSON(w, status, out)
		}
		return
	}
	for i := range v.Choices {
		v.Choices[i].Inside = slices.Contains(v.Form.Inside, v.Choices[i].Path)
		v.Choices[i].Outside = slices.Contains(v.Form.Outside, v.Choices[i].Path)
	}
	v.Filters = filterChoicesFor(v.Filters, v.Form.Attrs)
	s.render(w, r, status, "search", "Search", v)
}

// searchChoices fills the form's choices for a: languages, attribute
// filters (no identifiers for roles without text) and, for roles that see
// the codebook, codes and coders. It returns the filterable attributes.
func (s *Server) searchChoices(ctx context.Context, a *account, study *ownwords.Study) (*searchView, []*ownwords.Attribute, error) {
	v := &searchView{CodeFilters: a.role != ownwords.RoleViewer}
	all, err := s.store.Attributes(ctx, s.studyID)
	if err != nil {
		return nil, nil, err
	}
	attrs := shownAttributes(all, a)
	v.Languages = slices.Clone(study.Settings.Languages)
	if !v.CodeFilters {
		// Viewers see public reports only: the declared categories and
		// languages, never which values participants or interviews have.
		for _, f := range filterChoices(attrs, nil, nil) {
			if len(f.Choices) > 0 {
				v.Filters = append(v.Filters, f)
			}
		}
		return v, attrs, nil
	}
	ps, err := s.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.studyID})
	if err != nil {
		return nil, nil, err
	}
	v.Filters = filterChoices(attrs, ps, nil)
	ivs, err := s.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: s.studyID})
	if err != nil {
		return nil, nil, err
	}
	for _, iv := range ivs {
		if iv.Language != "" && !slices.Contains(v.Languages, iv.Language) {
			v.Languages = append(v.Languages, iv.Language)
		}
	}
	slices.Sort(v.Languages)
	cb, err := s.store.Codebook(ctx, s.studyID)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range codeItems(cb, false) {
		v.Choices = append(v.Choices, codeChoice{Label: c.Label, Path: c.Path, Depth: c.Depth})
	}
	members, err := s.store.Memberships(ctx, s.studyID)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range members {
		if m.Role == ownwords.RoleOwner || m.Role == ownwords.RoleCoder {
			v.Coders = append(v.Coders, m.User)
		}
	}
	return v, attrs, nil
}

// filterChoicesFor marks the chosen value of each attribute filter.
func filterChoicesFor(fs []attrFilter, chosen groupFilter) []attrFilter {
	for i := range fs {
		fs[i].Chosen = chosen[fs[i].Slug]
	}
	return fs
}

// search runs v.Form for a and fills v.Hits or v.Counts. It returns what
// a JSON client gets: the result (roles that see text) or the counts.
func (s *Server) search(ctx context.Context, a *account, study *ownwords.Study, v *searchView, q url.Values) (any, error) {
	f := v.Form
	if f.codeFiltered() && !v.CodeFilters {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "your role may not filter a search by codes")
	}
	sq := ownwords.SearchQuery{StudyID: s.studyID, Query: f.Query, Language: f.Language, Attributes: f.Attrs,
		InsideCodes: f.Inside, OutsideCodes: f.Outside, Context: searchContext, Limit: searchInterviews}
	if f.Coder != "" {
		if !v.CodeFilters || !slices.Contains(v.Coders, f.Coder) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "coder %q: not an owner or coder of this study", f.Coder)
		}
		u, err := s.store.UserByName(ctx, f.Coder)
		if err != nil {
			return nil, err
		}
		sq.CoderID = u.ID
	}
	// A coder's code filters may read another layer (the consensus, another
	// coder's) only where comparison is open: every match is needed to
	// leave out the rest before anything is counted.
	blind := a.role == ownwords.RoleCoder && f.codeFiltered() && f.Coder != a.user.Name
	seesText := a.role.SeesText()
	switch {
	case !seesText:
		sq.CountsOnly = true // every matching interview is counted; no text is built
	case blind:
		sq.Limit = math.MaxInt32 // hits for every interview: the blind ones are dropped below
	}
	res, err := s.store.Search(ctx, sq)
	if err != nil {
		return nil, err
	}
	view := "text"
	if !seesText {
		view = "counts"
	}
	// As in `ownwords search`, the log records who searched and for which
	// view, never the query: it may name a person, and even a hash of a
	// name can be matched against a list of names.
	if err := s.store.Record(ctx, s.studyID, "search", view, ""); err != nil {
		return nil, err
	}
	if !seesText {
		c := res.Counts(study.Settings.DisclosureK)
		v.Counts = &countsView{Withheld: c.Withheld, K: study.Settings.DisclosureK}
		if !c.Withheld {
			v.Counts.Hits, v.Counts.Interviews, v.Counts.Participants = *c.TotalHits, *c.Interviews, *c.Participants
		}
		return c, nil
	}
	blinded := 0
	if blind {
		if blinded, err = s.dropBlind(ctx, res); err != nil {
			return nil, err
		}
	}
	cb, err := s.store.Codebook(ctx, s.studyID)
	if err != nil {
		return nil, err
	}
	v.Hits = hitsOf(res, q)
	v.Hits.Blind, v.Hits.Codes = blinded, codeItems(cb, false)
	if v.Coded, err = s.codedNotice(ctx, a, cb, q); err != nil {
		return nil, err
	}
	if len(res.Interviews) > searchInterviews {
		res.Interviews = res.Interviews[:searchInterviews]
	}
	return res, nil
}
