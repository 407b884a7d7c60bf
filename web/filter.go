package web

import (
	"net/url"
	"sort"
	"strings"

	"ownwords"
	"ownwords/gate"
)

// filterPrefix marks attribute filters in a query: ?a.gender=woman.
const filterPrefix = "a."

// attrFilter is one filterable attribute with its choices and the chosen
// value ("" for any).
type attrFilter struct {
	Slug, Label string
	Choices     []string
	Chosen      string
}

// groupFilter is a parsed group: attribute slug → canonical value, AND-ed.
type groupFilter map[string]string

// parseGroupFilter reads the attribute filters of a query. Only category
// and boolean attributes can filter; unknown slugs are EINVALID naming the
// parameter, so a typo does not silently widen the group.
func parseGroupFilter(q url.Values, attrs []*ownwords.Attribute) (groupFilter, error) {
	bySlug := map[string]*ownwords.Attribute{}
	for _, a := range attrs {
		bySlug[a.Slug] = a
	}
	f := groupFilter{}
	for key, vals := range q {
		slug, ok := strings.CutPrefix(key, filterPrefix)
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		a := bySlug[slug]
		if a == nil || (a.Type != ownwords.AttrCategory && a.Type != ownwords.AttrBoolean) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "filter %s: not a category or boolean attribute of this study", key)
		}
		v, err := ownwords.ParseValue(a.Type, vals[0])
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "filter %s: %s", key, ownwords.ErrorMessage(err))
		}
		f[slug] = v.String()
	}
	return f, nil
}

// matches reports whether p has every value of the filter.
func (f groupFilter) matches(p *ownwords.Participant) bool {
	for slug, want := range f {
		v, ok := p.Values[slug]
		if !ok || v.Missing || v.String() != want {
			return false
		}
	}
	return true
}

// describe returns "gender = woman, origin = foreign", or "everyone".
func (f groupFilter) describe() string {
	if len(f) == 0 {
		return "everyone"
	}
	parts := make([]string, 0, len(f))
	for slug, v := range f {
		parts = append(parts, slug+" = "+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// filterChoices lists the filterable attributes with their values (see
// gate.FilterChoices) and the value chosen in f.
func filterChoices(attrs []*ownwords.Attribute, ps []*ownwords.Participant, f groupFilter) []attrFilter {
	out := attrFilters(gate.FilterChoices(attrs, ps))
	for i := range out {
		out[i].Chosen = f[out[i].Slug]
	}
	return out
}
