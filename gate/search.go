package gate

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"ownwords"
)

// SearchRequest is a search of the transcripts as a front end parsed it
// (`ownwords search`, the workbench's search page).
type SearchRequest struct {
	// Query uses the syntax of package text.
	Query string
	// Language keeps interviews in one language; "" keeps all.
	Language string
	// Attributes keeps participants with these values (attribute slug →
	// value as typed).
	Attributes map[string]string
	// Inside and Outside are code filters (IDs or paths): keep hits inside
	// passages coded so, drop hits inside them.
	Inside, Outside []string
	// Coder names the account whose coder layer the code filters read; ""
	// reads the consensus.
	Coder string
	// Context, Limit, Offset, HitsPerInterview, AllHitsOf and AllHitsMax
	// are those of ownwords.SearchQuery: they size what a role that sees
	// text gets, and give a role without text nothing more (its search is
	// counts only, whatever they say).
	Context, Limit, Offset, HitsPerInterview int
	AllHitsOf                                string
	AllHitsMax                               int
	// By is an attribute slug to break the participants found down by
	// (a category or yes/no attribute); "" for none.
	By string
	// Coded is the ID of a segment the caller just coded from the search
	// ("code this passage"), to confirm; anything but the caller's own
	// coder-layer segment is ignored.
	Coded string
	// Now is when the search is asked, by the front end's clock (as for
	// Login): the budget of searches answered with counts is reckoned
	// back from it. Zero means time.Now().
	Now time.Time
}

// SearchOutcome is what a search gives its caller: hits or counts, never
// both.
type SearchOutcome struct {
	// Result holds the hits, for roles that see text; nil otherwise.
	Result *ownwords.SearchResult
	// Counts holds the totals only (withheld below K), for analysts and
	// viewers; nil otherwise.
	Counts *ownwords.SearchCounts
	K      int
	// Blind is set when the search was of a coder whose code filters read
	// another layer: it counts the interviews still in blind coding,
	// which such a search leaves out. It depends on the study, never on
	// the query, so it tells nothing about what those interviews hold.
	Blind int
	// By is the breakdown asked for by SearchRequest.By (also in Counts).
	By *ownwords.SearchBreakdown
	// Coded confirms SearchRequest.Coded.
	Coded *CodedPassage
}

// SearchHits is the JSON form of a search with hits: the result, and the
// interviews a coder's search left out for blind coding (SearchOutcome.Blind).
type SearchHits struct {
	*ownwords.SearchResult
	By    *ownwords.SearchBreakdown `json:"by,omitempty"`
	Blind int                       `json:"blind_interviews_not_searched,omitempty"`
}

// JSON returns what a JSON client gets: SearchHits or the counts.
func (o *SearchOutcome) JSON() any {
	if o.Counts != nil {
		return o.Counts
	}
	return SearchHits{o.Result, o.By, o.Blind}
}

// CodedPassage is a segment coded from the search, as its confirmation
// shows it.
type CodedPassage struct {
	SegmentID, InterviewID, Title, Language, Path, Text string
	// Label is the code's label (its slug when it has none).
	Label string
}

// Search searches the study's transcripts for c. Owners and coders get
// hits with keyword-in-context lines and may filter by language, by any
// attribute their export tier keeps and by codes (inside and outside).
// Analysts and viewers get the number of participants only, withheld
// below k or when an operand of an OR of the query matches fewer than k,
// and
// perturbed otherwise (the same set always alike), for monotone
// questions only: no NOT, no filter by attribute or language, no passages
// left out by code (see checkCountsOnly and SECURITY.md); viewers may not
// filter by codes at all. Everyone but viewers may ask for a breakdown of
// the participants found by a category or yes/no attribute (SearchRequest.By):
// exact for roles with text, and for the others a full partition
// perturbed like the totals and withheld as a whole when any part is
// below k. A
// coder whose code filters read another layer than their own (the
// consensus, another coder's) searches only the interviews whose
// comparison is open: the others are left out before anything is
// counted, so that no count or page tells how another layer coded an
// interview still in blind coding. Every search is audited with its view
// ("text" or "counts"), never its query. Searches answered with counts
// are limited per account to the study's SearchCountsPerDay in any 24
// hours (see SearchCountsWindow), so that noise cannot be averaged away.
//
// A search runs for at most the gate's search time limit (SetSearchLimit,
// DefaultSearchLimit): one request cannot hold the store for as long as a
// query of very common prefixes takes on a large study.
//
// EUNAUTHORIZED for the public; EFORBIDDEN for a filter or query the role
// may not use, or once the budget of counts is spent; EINVALID for a malformed query (with its position), an
// unknown attribute or coder, or a search stopped at the time limit; ENOTFOUND for an unknown code.
func (g *Gate) Search(ctx context.Context, c Caller, req SearchRequest) (*SearchOutcome, error) {
	limit := g.searchLimit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	sctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	out, err := g.search(sctx, c, req)
	if err != nil && ctx.Err() == nil && errors.Is(sctx.Err(), context.DeadlineExceeded) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "search: stopped after %s: the query asks for too much of the study; make prefixes longer, use fewer alternatives, or filter by attributes", limit)
	}
	return out, err
}

// DefaultSearchLimit is how long a search may run unless SetSearchLimit
// says otherwise.
const DefaultSearchLimit = 30 * time.Second

// SetSearchLimit sets how long one search may run (≤ 0: the default).
func (g *Gate) SetSearchLimit(d time.Duration) { g.searchLimit = d }

func (g *Gate) search(ctx context.Context, c Caller, req SearchRequest) (*SearchOutcome, error) {
	if err := c.need("searching the transcripts", ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer); err != nil {
		return nil, err
	}
	operands, err := c.checkCountsOnly(req)
	if err != nil {
		return nil, err
	}
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	var by *ownwords.Attribute
	if req.By != "" {
		if by, err = g.breakdownAttribute(ctx, c, req.By); err != nil {
			return nil, err
		}
	}
	attrs, err := g.attributeFilter(ctx, c, req.Attributes)
	if err != nil {
		return nil, err
	}
	codeFiltered := len(req.Inside)+len(req.Outside) > 0
	if codeFiltered && c.is(ownwords.RoleViewer) {
		return nil, c.forbid("filtering a search by codes")
	}
	q := ownwords.SearchQuery{StudyID: g.studyID, Query: req.Query, Language: req.Language, Attributes: attrs,
		InsideCodes: req.Inside, OutsideCodes: req.Outside, Context: req.Context, Limit: req.Limit, Offset: req.Offset,
		HitsPerInterview: req.HitsPerInterview, AllHitsOf: req.AllHitsOf, AllHitsMax: req.AllHitsMax, CountsOnly: !c.SeesText(),
		// A breakdown counts participants: never from a lower bound.
		Exact: by != nil}
	if req.Coder != "" {
		if q.CoderID, err = g.coderID(ctx, req.Coder); err != nil {
			return nil, err
		}
	}
	out := &SearchOutcome{K: study.Settings.DisclosureK}
	if codeFiltered && c.blindTo(q.CoderID) {
		open, closed, err := g.comparisons(ctx)
		if err != nil {
			return nil, err
		}
		q.InterviewIDs = make([]string, 0, len(open))
		for id := range open {
			q.InterviewIDs = append(q.InterviewIDs, id)
		}
		out.Blind = closed
	}
	// Consent: interviews of participants who refused analysis or
	// withdrew are searched by no one, counted nowhere.
	if ids, restricted, err := g.consentedInterviews(ctx); err != nil {
		return nil, err
	} else if restricted {
		q.InterviewIDs = intersect(q.InterviewIDs, ids)
	}
	now := cmp.Or(req.Now, time.Now())
	budget := study.Settings.SearchCountsBudget()
	if err := g.checkCountsBudget(ctx, c, budget, now); err != nil {
		return nil, err
	}
	res, err := g.store.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	// Never the query: it may name a person, and even a hash of a name can
	// be matched against a list of names.
	if err := g.recordSearch(ctx, c, budget, now); err != nil {
		return nil, err
	}
	if !c.SeesText() {
		if out.Counts, err = g.counts(ctx, res, q, operands, out.K); err != nil {
			return nil, err
		}
		switch {
		case by == nil:
		case out.Counts.Withheld:
			// Withheld as a whole, so in every part.
			out.By = &ownwords.SearchBreakdown{Attribute: by.Slug, Label: label(by), Approximate: true, Withheld: true}
		default:
			if out.By, err = g.breakdown(ctx, res, by, out.K, true); err != nil {
				return nil, err
			}
		}
		out.Counts.By = out.By
		return out, nil
	}
	if by != nil {
		if out.By, err = g.breakdown(ctx, res, by, out.K, false); err != nil {
			return nil, err
		}
	}
	if err := g.timeHits(ctx, res); err != nil {
		return nil, err
	}
	out.Result = res
	if req.Coded != "" {
		if out.Coded, err = g.codedPassage(ctx, c, req.Coded); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// coderID returns the account ID of name if it is an owner or coder of
// the study (whose layers code filters may read). EINVALID otherwise.
func (g *Gate) coderID(ctx context.Context, name string) (string, error) {
	members, err := g.store.Memberships(ctx, g.studyID)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(members, func(m *ownwords.Membership) bool {
		return m.User == name && (m.Role == ownwords.RoleOwner || m.Role == ownwords.RoleCoder)
	})
	if i < 0 {
		return "", ownwords.Errorf(ownwords.EINVALID, "coder %q: not an owner or coder of this study", name)
	}
	return members[i].UserID, nil
}

// codedPassage describes segment id if it is one of c's own coder-layer
// segments in the study, and nil otherwise (the ID is only a confirmation
// after "code this passage", and says nothing about anyone else's).
func (g *Gate) codedPassage(ctx context.Context, c Caller, id string) (*CodedPassage, error) {
	seg, err := g.store.Segment(ctx, id)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if seg.StudyID != g.studyID || seg.Layer != ownwords.LayerCoder || seg.CoderID != c.User.ID {
		return nil, nil
	}
	iv, err := g.store.Interview(ctx, seg.InterviewID)
	if err != nil {
		return nil, err
	}
	if err := g.withheldFrom(ctx, c, iv); ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return nil, nil // their own passage, but of a participant out of the analysis since
	} else if err != nil {
		return nil, err
	}
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	p := &CodedPassage{SegmentID: seg.ID, InterviewID: iv.ID, Title: iv.Title, Language: iv.Language}
	p.Text, _ = ownwords.Slice(iv.Transcript, seg.Start, seg.End)
	if code := cb.ByID(seg.CodeID); code != nil {
		p.Path, p.Label = cb.Path(code), cmp.Or(code.Label, code.Slug)
	}
	return p, nil
}

// SearchChoices are the filters a search form offers its caller.
type SearchChoices struct {
	// Languages are the study's declared languages and, for roles that
	// may know which interviews exist, those of its interviews.
	Languages []string
	// Filters are the attributes the caller may filter by; none for roles
	// that get counts only.
	Filters []FilterChoice
	// By are the attributes the participants found may be broken down by
	// (none for viewers).
	By []FilterChoice
	// Exclude says whether the caller may leave things out: NOT in a
	// query, and codes whose passages a search skips (outside=). Roles
	// that get counts only may not.
	Exclude bool
	// CodeFilters says whether the caller may filter by codes (everyone
	// but viewers); Codebook and Coders (the accounts whose layers the
	// filters may read) are set only then.
	CodeFilters bool
	Codebook    *ownwords.Codebook
	Coders      []string
}

// SearchChoices returns the filters c's search form offers (what Search
// accepts from c). Roles that get counts only get no filter by attribute
// or language and no exclusion, but the attributes to break counts down
// by; viewers, who see public reports only, get the declared categories,
// never which values participants have. EUNAUTHORIZED for the public.
//
// What a role is offered depends on the role and on the study's set-up
// alone (settings, attributes, participants, consent, interviews,
// codebook, members): a caching gate (EnableCache) keeps it per role and
// set-up version (ownwords.VersionService's SetupVersion), so that a
// search page does not read every participant and interview; a coder's
// segment leaves it kept. Each call gets its own copy.
func (g *Gate) SearchChoices(ctx context.Context, c Caller) (*SearchChoices, error) {
	if err := c.need("searching the transcripts", ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer); err != nil {
		return nil, err
	}
	if g.setup == nil {
		return g.searchChoices(ctx, c)
	}
	v, err := g.store.(ownwords.VersionService).SetupVersion(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	ch, err := g.setup.get(ctx, v, cacheKey{kind: "choices", role: c.Role}, func(ctx context.Context) (any, error) {
		return g.searchChoices(ctx, c)
	})
	if err != nil {
		return nil, err
	}
	return ch.(*SearchChoices).clone(), nil
}

// clone returns a copy of ch that shares nothing its holder may change;
// the codebook is shared, read only.
func (ch *SearchChoices) clone() *SearchChoices {
	out := *ch
	out.Languages, out.Coders = slices.Clone(ch.Languages), slices.Clone(ch.Coders)
	out.Filters, out.By = cloneFilterChoices(ch.Filters), cloneFilterChoices(ch.By)
	return &out
}

func cloneFilterChoices(fs []FilterChoice) []FilterChoice {
	if fs == nil {
		return nil
	}
	out := make([]FilterChoice, len(fs))
	for i, f := range fs {
		out[i] = FilterChoice{Slug: f.Slug, Label: f.Label, Choices: slices.Clone(f.Choices)}
	}
	return out
}

// searchChoices computes SearchChoices for c, whose role is checked.
func (g *Gate) searchChoices(ctx context.Context, c Caller) (*SearchChoices, error) {
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	ch := &SearchChoices{CodeFilters: !c.is(ownwords.RoleViewer), Exclude: c.SeesText()}
	all, err := g.attributeFilters(ctx, c)
	if err != nil {
		return nil, err
	}
	if !c.is(ownwords.RoleViewer) {
		ch.By = all // FilterChoices lists only categories and yes/no attributes
	}
	if c.SeesText() {
		ch.Filters, ch.Languages = all, slices.Clone(study.Settings.Languages)
	}
	if !ch.CodeFilters {
		return ch, nil
	}
	if err := g.interviewLanguages(ctx, c, ch); err != nil {
		return nil, err
	}
	if ch.Codebook, err = g.store.Codebook(ctx, g.studyID); err != nil {
		return nil, err
	}
	members, err := g.store.Memberships(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if m.Role == ownwords.RoleOwner || m.Role == ownwords.RoleCoder {
			ch.Coders = append(ch.Coders, m.User)
		}
	}
	return ch, nil
}

// interviewLanguages adds to ch.Languages those of the study's interviews,
// for roles that may know which interviews exist in which language.
func (g *Gate) interviewLanguages(ctx context.Context, c Caller, ch *SearchChoices) error {
	if !c.SeesText() {
		return nil
	}
	src, err := g.seenBy(ctx, c)
	if err != nil {
		return err
	}
	ivs, err := src.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID})
	if err != nil {
		return err
	}
	for _, iv := range ivs {
		if iv.Language != "" && !slices.Contains(ch.Languages, iv.Language) {
			ch.Languages = append(ch.Languages, iv.Language)
		}
	}
	slices.Sort(ch.Languages)
	return nil
}

// intersect returns the IDs of ids that restrict also holds; a nil
// restrict (no restriction yet) keeps ids.
func intersect(restrict, ids []string) []string {
	if restrict == nil {
		return ids
	}
	keep := make(map[string]bool, len(restrict))
	for _, id := range restrict {
		keep[id] = true
	}
	out := []string{}
	for _, id := range ids {
		if keep[id] {
			out = append(out, id)
		}
	}
	return out
}

// timeHits gives the hits of res their time in the recording (see
// ownwords.SpanOf) where their transcript has time anchors; a hit in
// another text of the interview, the time of its aligned turn.
func (g *Gate) timeHits(ctx context.Context, res *ownwords.SearchResult) error {
	var ids []string
	for _, ih := range res.Interviews {
		if len(ih.Hits) > 0 {
			ids = append(ids, ih.InterviewID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	anchors, err := g.store.TimeAnchors(ctx, ids)
	if err != nil {
		return err
	}
	for i := range res.Interviews {
		ih := &res.Interviews[i]
		for j := range ih.Hits {
			h := &ih.Hits[j]
			start, end := h.Start, h.End
			if h.Text != nil {
				// A hit in another text: its time is that of its aligned
				// turn of the transcript, which the anchors refer to.
				if h.Aligned == nil {
					continue
				}
				start, end = h.Aligned.Start, h.Aligned.End
			}
			if sp, ok := ownwords.SpanOf(anchors[ih.InterviewID], start, end); ok {
				h.TimeSpan = &sp
			}
		}
	}
	return nil
}
