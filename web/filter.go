package web

import (
	"maps"
	"net/url"
	"slices"
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

// groupFilter is a parsed group: attribute slug → canonical value, AND-ed
// (the application layer's gate.Filter).
type groupFilter gate.Filter

// filterValues returns the attribute filters of a query, slug to value as
// typed.
func filterValues(q url.Values) map[string]string {
	out := map[string]string{}
	for key, vals := range q {
		if slug, ok := strings.CutPrefix(key, filterPrefix); ok && len(vals) > 0 {
			out[slug] = vals[0]
		}
	}
	return out
}

// parseGroupFilter reads the attribute filters of a query against attrs
// (see gate.FilterValue). Unknown slugs are EINVALID naming the
// parameter, so a typo does not silently widen the group.
func parseGroupFilter(q url.Values, attrs []*ownwords.Attribute) (groupFilter, error) {
	raw := filterValues(q)
	slugs := slices.Sorted(maps.Keys(raw))
	f := groupFilter{}
	for _, slug := range slugs {
		if raw[slug] == "" {
			continue
		}
		v, err := gate.FilterValue(attrs, slug, raw[slug])
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "filter %s%s: %s", filterPrefix, slug, ownwords.ErrorMessage(err))
		}
		f[slug] = v
	}
	return f, nil
}

// matches reports whether p has every value of the filter.
func (f groupFilter) matches(p *ownwords.Participant) bool { return gate.Filter(f).Matches(p) }

// describe returns "gender = woman, origin = foreign", or "everyone".
func (f groupFilter) describe() string { return gate.Filter(f).Describe() }

// filterChoices lists the filterable attributes with their values (see
// gate.FilterChoices) and the value chosen in f.
func filterChoices(attrs []*ownwords.Attribute, ps []*ownwords.Participant, f groupFilter) []attrFilter {
	return chosenFilters(gate.FilterChoices(attrs, ps), f)
}

// chosenFilters turns the application layer's filter choices into the
// form's, marking the chosen values.
func chosenFilters(cs []gate.FilterChoice, chosen map[string]string) []attrFilter {
	out := make([]attrFilter, len(cs))
	for i, c := range cs {
		out[i] = attrFilter{Slug: c.Slug, Label: c.Label, Choices: c.Choices, Chosen: chosen[c.Slug]}
	}
	return out
}
