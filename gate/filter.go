package gate

import (
	"slices"
	"sort"
	"strings"

	"ownwords"
)

// Filter selects participants by attribute values: attribute slug to
// canonical value, AND-ed. The zero Filter selects everyone.
type Filter map[string]string

// ParseFilter checks raw (slug to value, as typed) against attrs (see
// FilterValue); empty values are ignored. EINVALID names the first bad
// slug (in sorted order), so that a typo does not silently widen the group.
func ParseFilter(attrs []*ownwords.Attribute, raw map[string]string) (Filter, error) {
	slugs := make([]string, 0, len(raw))
	for slug := range raw {
		slugs = append(slugs, slug)
	}
	sort.Strings(slugs)
	f := Filter{}
	for _, slug := range slugs {
		if raw[slug] == "" {
			continue
		}
		v, err := FilterValue(attrs, slug, raw[slug])
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "filter %s: %s", slug, ownwords.ErrorMessage(err))
		}
		f[slug] = v
	}
	return f, nil
}

// FilterValue returns the canonical form of value as a filter on the
// attribute slug of attrs: only category and boolean attributes among
// attrs can filter. EINVALID says why not, without naming the slug.
func FilterValue(attrs []*ownwords.Attribute, slug, value string) (string, error) {
	i := slices.IndexFunc(attrs, func(a *ownwords.Attribute) bool { return a.Slug == slug })
	if i < 0 || (attrs[i].Type != ownwords.AttrCategory && attrs[i].Type != ownwords.AttrBoolean) {
		return "", ownwords.Errorf(ownwords.EINVALID, "not a category or boolean attribute of this study")
	}
	v, err := ownwords.ParseValue(attrs[i].Type, value)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// Matches reports whether p has every value of f.
func (f Filter) Matches(p *ownwords.Participant) bool {
	for slug, want := range f {
		v, ok := p.Values[slug]
		if !ok || v.Missing || v.String() != want {
			return false
		}
	}
	return true
}

// Describe returns "gender = woman, origin = foreign", or "everyone".
func (f Filter) Describe() string {
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

// FilterChoice is an attribute a list can be filtered by, with the values
// to offer.
type FilterChoice struct {
	Slug    string   `json:"slug"`
	Label   string   `json:"label"`
	Choices []string `json:"choices"`
}

// FilterChoices lists the category and boolean attributes of attrs with
// their values: true and false, the defined categories, or the values
// participants of ps have; attributes with no value to offer are left out.
// It decides nothing about who may filter: callers pass the attributes and
// participants the account may know of.
func FilterChoices(attrs []*ownwords.Attribute, ps []*ownwords.Participant) []FilterChoice {
	var out []FilterChoice
	for _, a := range attrs {
		if a.Type != ownwords.AttrCategory && a.Type != ownwords.AttrBoolean {
			continue
		}
		fc := FilterChoice{Slug: a.Slug, Label: label(a)}
		switch {
		case a.Type == ownwords.AttrBoolean:
			fc.Choices = []string{"true", "false"}
		case len(a.Values) > 0:
			fc.Choices = slices.Clone(a.Values)
		default:
			seen := map[string]bool{}
			for _, p := range ps {
				if v, ok := p.Values[a.Slug]; ok && !v.Missing && !seen[v.String()] {
					seen[v.String()] = true
					fc.Choices = append(fc.Choices, v.String())
				}
			}
			sort.Strings(fc.Choices)
		}
		if len(fc.Choices) > 0 {
			out = append(out, fc)
		}
	}
	return out
}

// label is an attribute's label, or its slug when it has none.
func label(a *ownwords.Attribute) string {
	if a.Label != "" {
		return a.Label
	}
	return a.Slug
}
