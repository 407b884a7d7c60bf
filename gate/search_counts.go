package gate

import (
	"context"
	"slices"

	"ownwords"
	"ownwords/text"
)

// Searching with counts only (analysts, viewers) follows one disclosure
// model, written out in SECURITY.md ("Search counts"): every answer is a
// count of the participants (interviews, hits) a monotone query matches —
// no NOT, no excluded codes, no filter by attribute or language — withheld
// below k and otherwise perturbed, the same set always alike
// (ownwords.Perturb); breakdowns by an attribute are full partitions,
// withheld as a whole when any part is below k. The rules below refuse
// what the model leaves out.

// checkCountsOnly refuses what a search for counts may not ask: the
// complement of a set (NOT, excluded codes), a slice of the study chosen
// by attribute or language (all minus men is women), or, for viewers, a
// breakdown (their view of the study is the public report's, which says
// nothing of which values participants have). Each refusal says what to
// ask instead. It returns the operands of the query's ORs
// (text.Query.OrOperands), each of which a count needs matched by k.
func (c Caller) checkCountsOnly(req SearchRequest) ([]string, error) {
	if c.SeesText() {
		return nil, nil
	}
	if req.By != "" && c.is(ownwords.RoleViewer) {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not break them down by an attribute: viewers see the public report's groups only", c.User.Name)
	}
	switch {
	case len(req.Attributes) > 0:
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not filter by attributes (totals of a slice and of the whole subtract to the rest); ask for a breakdown by the attribute instead (--by, \"by\" on the search page)", c.User.Name)
	case req.Language != "":
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not keep one language (totals of a slice and of the whole subtract to the rest); search every interview", c.User.Name)
	case len(req.Outside) > 0:
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not leave out coded passages (X minus the passages coded Y counts Y); use inside= alone", c.User.Name)
	}
	q, err := text.ParseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	if q.Negates() {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not use NOT (\"X NOT Y\" and \"X\" subtract to the speakers of Y); search for X and for X AND Y", c.User.Name)
	}
	return q.OrOperands(), nil
}

// breakdownAttribute returns the attribute a search may break down by:
// a category or yes/no attribute that c may filter by. EINVALID for an
// unknown attribute or one of another type; EFORBIDDEN for one c's tier
// hides.
func (g *Gate) breakdownAttribute(ctx context.Context, c Caller, slug string) (*ownwords.Attribute, error) {
	attrs, tier, err := g.filterContext(ctx, c)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(attrs, func(a *ownwords.Attribute) bool { return a.Slug == slug })
	if i < 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "by %s: not an attribute of this study", slug)
	}
	a := attrs[i]
	if a.Type != ownwords.AttrCategory && a.Type != ownwords.AttrBoolean {
		return nil, ownwords.Errorf(ownwords.EINVALID, "by %s: a breakdown needs a category or yes/no attribute", slug)
	}
	if !c.filterable(a, tier) {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "by %s: an identifier attribute; your role may not break counts down by it", slug)
	}
	return a, nil
}

// breakdown counts the participants of res by the values of a that the
// study's participants have, "no value" included: a full partition of
// the study. With counts (roles without text) every part is perturbed,
// and all are withheld when one has fewer than k participants.
func (g *Gate) breakdown(ctx context.Context, res *ownwords.SearchResult, a *ownwords.Attribute, k int, counts bool) (*ownwords.SearchBreakdown, error) {
	// The partition is of the participants a search reads: those whose
	// consent allows analysis (see Search).
	src, err := g.consented(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := src.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]string, len(ps))
	present := map[string]bool{}
	for _, p := range ps {
		v := ""
		if pv, ok := p.Values[a.Slug]; ok && !pv.Missing {
			v = pv.String()
		}
		byCode[p.Code], present[v] = v, true
	}
	// The parts are the values participants have, in the attribute's
	// order: a declared value nobody has is no part (it would make every
	// breakdown withheld), and "no value" comes last.
	var values []string
	if parts := FilterChoices([]*ownwords.Attribute{a}, ps); len(parts) > 0 {
		values = slices.DeleteFunc(parts[0].Choices, func(v string) bool { return !present[v] })
	}
	if present[""] {
		values = append(values, "")
	}
	members := make(map[string][]string, len(values))
	for _, code := range participantsOf(res) {
		members[byCode[code]] = append(members[byCode[code]], code)
	}
	out := &ownwords.SearchBreakdown{Attribute: a.Slug, Label: label(a), Approximate: counts}
	// Every part is looked at before any is perturbed, so that the time
	// taken says nothing of which part is small.
	if counts && slices.ContainsFunc(values, func(v string) bool { return len(members[v]) < k }) {
		out.Withheld = true
		return out, nil
	}
	for _, v := range values {
		n := len(members[v])
		if counts {
			if n, err = g.perturb(ctx, k, "participants", members[v]); err != nil {
				return nil, err
			}
		}
		out.Groups = append(out.Groups, ownwords.SearchGroup{Value: v, Label: valueLabel(a, v), Participants: n})
	}
	return out, nil
}

// counts returns the view of res for roles without text: the
// participants, withheld below k and when an operand of an OR of the query
// (or a prefix: an OR of the words it begins), searched alone with the
// query's own code filters, coder layer and interviews, matches fewer
// than k participants; perturbed otherwise, keyed by the set counted so
// that the same set always gets the same count.
func (g *Gate) counts(ctx context.Context, res *ownwords.SearchResult, q ownwords.SearchQuery, operands []string, k int) (*ownwords.SearchCounts, error) {
	out := &ownwords.SearchCounts{Query: res.Query, Approximate: true}
	people := participantsOf(res)
	// No match is withheld too: telling 0 from "fewer than k" would let a
	// probe learn whether anyone said a name at all.
	if len(people) < k {
		out.Withheld = true
		return out, nil
	}
	for _, op := range operands {
		oq := q
		// A prefix is an OR of the words it begins: each needs k too.
		oq.Query, oq.Limit, oq.Offset, oq.CountsOnly, oq.PrefixFloor = op, 0, 0, true, k
		or, err := g.store.Search(ctx, oq)
		if err != nil {
			return nil, err
		}
		if len(participantsOf(or)) < k || or.SparsePrefix {
			out.Withheld = true
			return out, nil
		}
	}
	ps, err := g.perturb(ctx, k, "participants", people)
	if err != nil {
		return nil, err
	}
	out.Participants = &ps
	return out, nil
}

// participantsOf lists the codes of the participants with a hit in res.
func participantsOf(res *ownwords.SearchResult) []string {
	var out []string
	seen := map[string]bool{}
	for _, iv := range res.Interviews {
		if !seen[iv.ParticipantCode] {
			seen[iv.ParticipantCode] = true
			out = append(out, iv.ParticipantCode)
		}
	}
	return out
}

// perturb returns the perturbed size of a set of the study (what kind of
// set, and its members' IDs or codes), keyed under the store's secret by
// the study, the kind and the sorted members: the same set always gets
// the same count, and nobody without the store can tell the perturbation.
func (g *Gate) perturb(ctx context.Context, k int, kind string, members []string) (int, error) {
	sorted := slices.Sorted(slices.Values(members))
	parts := [][]byte{[]byte(g.studyID), []byte(kind)}
	for _, m := range sorted {
		parts = append(parts, []byte(m))
	}
	key, err := g.store.Keyed(ctx, "search counts", parts...)
	if err != nil {
		return 0, err
	}
	return ownwords.Perturb(len(members), k, key), nil
}

// valueLabel is how a breakdown names a value of a.
func valueLabel(a *ownwords.Attribute, v string) string {
	switch {
	case v == "":
		return "no value"
	case a.Type == ownwords.AttrBoolean && v == "true":
		return "yes"
	case a.Type == ownwords.AttrBoolean && v == "false":
		return "no"
	}
	return v
}
