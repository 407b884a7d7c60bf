package gate

import (
	"context"
	"slices"

	"ownwords"
	"ownwords/text"
)

// Searching with counts only (analysts, viewers) follows one disclosure
// model, written out in SECURITY.md ("Search totals"): every answer is a
// count of the participants (interviews, hits) a monotone query matches —
// no NOT, no excluded codes, no filter by attribute or language — withheld
// below k and rounded down to a multiple of k, and breakdowns by an
// attribute are full partitions, withheld as a whole when any part is
// below k. The rules below refuse what the model leaves out.

// checkCountsOnly refuses what a search for counts may not ask: the
// complement of a set (NOT, excluded codes), or a slice of the study
// chosen by attribute or language (all minus men is women). Each refusal
// says what to ask instead.
func (c Caller) checkCountsOnly(req SearchRequest) error {
	if c.SeesText() {
		return nil
	}
	switch {
	case len(req.Attributes) > 0:
		return ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not filter by attributes (totals of a slice and of the whole subtract to the rest); ask for a breakdown by the attribute instead (--by, \"by\" on the search page)", c.User.Name)
	case req.Language != "":
		return ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not keep one language (totals of a slice and of the whole subtract to the rest); search every interview", c.User.Name)
	case len(req.Outside) > 0:
		return ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not leave out coded passages (X minus the passages coded Y counts Y); use inside= alone", c.User.Name)
	}
	q, err := text.ParseQuery(req.Query)
	if err != nil {
		return err
	}
	if q.Negates() {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "searching for counts, %s may not use NOT (\"X NOT Y\" and \"X\" subtract to the speakers of Y); search for X and for X AND Y", c.User.Name)
	}
	return nil
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
// the study. With k > 0 (counts only) every part is rounded down
// to a multiple of k, and all are withheld when one has fewer than k.
func (g *Gate) breakdown(ctx context.Context, res *ownwords.SearchResult, a *ownwords.Attribute, k int) (*ownwords.SearchBreakdown, error) {
	ps, err := g.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID})
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
	count := make(map[string]int, len(values))
	seen := map[string]bool{}
	for _, iv := range res.Interviews {
		if !seen[iv.ParticipantCode] {
			seen[iv.ParticipantCode] = true
			count[byCode[iv.ParticipantCode]]++
		}
	}
	out := &ownwords.SearchBreakdown{Attribute: a.Slug, Label: label(a), RoundedTo: k}
	for _, v := range values {
		n := count[v]
		if k > 0 {
			if n < k {
				return &ownwords.SearchBreakdown{Attribute: a.Slug, Label: label(a), RoundedTo: k, Withheld: true}, nil
			}
			n = ownwords.RoundDown(n, k)
		}
		out.Groups = append(out.Groups, ownwords.SearchGroup{Value: v, Label: valueLabel(a, v), Participants: n})
	}
	return out, nil
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
