package report

import (
	"slices"
	"strconv"

	"ownwords"
)

// attributeColumns returns one column per study attribute, in the study's
// order. For the public audience it withholds identifiers and free text
// and coarsens quasi-identifier dates to the year.
func (m *Matrix) attributeColumns(attrs []*ownwords.Attribute, sample []*ownwords.Participant, public bool) []column {
	var out []column
	for _, a := range attrs {
		switch {
		case public && a.Tag == ownwords.TagIdentifier:
			m.Withheld = append(m.Withheld, Withheld{a.Slug, WithheldIdentifier})
			continue
		case public && a.Type == ownwords.AttrText:
			m.Withheld = append(m.Withheld, Withheld{a.Slug, WithheldText})
			continue
		}
		quasi := a.Tag == ownwords.TagQuasiIdentifier
		out = append(out, attributeColumn(a, sample, public && quasi))
		out[len(out)-1].quasi = quasi
	}
	return out
}

// attributeColumn codes one attribute: categories as 1..n and booleans as
// 1/0 with value labels, numbers as they are, dates as text (or as the
// year when coarsen is set), free text cleaned of control characters.
func attributeColumn(a *ownwords.Attribute, sample []*ownwords.Participant, coarsen bool) column {
	label := a.Label
	if label == "" {
		label = a.Slug
	}
	c := column{
		v:     Variable{Name: attributeName(a.Slug), Label: clean(label), Source: a.Slug, Missing: "none"},
		cells: make([]string, len(sample)),
	}
	values := make([]ownwords.Value, len(sample))
	for i, p := range sample {
		v, ok := p.Values[a.Slug]
		if !ok || v.Type == "" {
			v = ownwords.Value{Type: a.Type, Missing: true}
		}
		values[i] = v
		if v.Missing {
			c.v.Missing = "blank"
		}
	}
	var code func(ownwords.Value) string
	switch a.Type {
	case ownwords.AttrCategory:
		c.v.Numeric, c.v.Measure = true, "nominal"
		codes := map[string]string{}
		for i, s := range categoryOrder(a, values) {
			code := strconv.Itoa(i + 1)
			codes[s] = code
			c.v.Values = append(c.v.Values, ValueLabel{code, clean(s)})
		}
		code = func(v ownwords.Value) string { return codes[v.Str] }
	case ownwords.AttrBoolean:
		c.v.Numeric, c.v.Measure = true, "nominal"
		c.v.Values = []ValueLabel{{"0", "false"}, {"1", "true"}}
		code = func(v ownwords.Value) string {
			if v.Bool {
				return "1"
			}
			return "0"
		}
	case ownwords.AttrInteger, ownwords.AttrNumber:
		c.v.Numeric, c.v.Measure = true, "scale"
		code = ownwords.Value.String
	case ownwords.AttrDate:
		if coarsen {
			c.v.Numeric, c.v.Measure = true, "scale"
			c.v.Note = "year only: a quasi-identifier date coarsened for the public"
			code = func(v ownwords.Value) string { return strconv.Itoa(v.Date.Year) }
		} else {
			c.v.Note = "date as YYYY, YYYY-MM or YYYY-MM-DD: only what is known"
			code = ownwords.Value.String
		}
	default:
		code = func(v ownwords.Value) string { return clean(v.String()) }
	}
	for i, v := range values {
		if !v.Missing {
			c.cells[i] = code(v)
		}
	}
	return c
}

// categoryOrder lists a category's defined values in definition order,
// then the other values seen, sorted; codes follow this order.
func categoryOrder(a *ownwords.Attribute, values []ownwords.Value) []string {
	out := slices.Clone(a.Values)
	var extra []string
	for _, v := range values {
		if !v.Missing && !slices.Contains(out, v.Str) && !slices.Contains(extra, v.Str) {
			extra = append(extra, v.Str)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}
