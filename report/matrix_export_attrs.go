package report

import (
	"slices"
	"strconv"

	"ownwords"
)

// attributeColumns returns one column per study attribute the rules keep,
// in the study's order, and lists the others in m.Withheld: the public
// and de-identified matrices withhold identifiers and free text, the
// limited one identifiers.
func (m *Matrix) attributeColumns(attrs []*ownwords.Attribute, sample []*ownwords.Participant, r matrixRules) []column {
	var out []column
	for _, a := range attrs {
		if !r.tier.KeepsAttribute(a) {
			reason := WithheldText
			if a.Tag == ownwords.TagIdentifier {
				reason = WithheldIdentifier
			}
			m.Withheld = append(m.Withheld, Withheld{a.Slug, reason})
			continue
		}
		quasi := a.Tag == ownwords.TagQuasiIdentifier
		out = append(out, attributeColumn(a, sample, r.dates(quasi)))
		out[len(out)-1].quasi = quasi
	}
	return out
}

// dateRule says how a date column is written: exact (zero value), as the
// year with a note saying why, or shifted per participant by deid.
type dateRule struct {
	year  bool
	note  string
	shift *ownwords.Deidentifier
}

// dates is the date rule of the matrix for a (quasi-identifier) attribute.
func (r matrixRules) dates(quasi bool) dateRule {
	switch {
	case r.public && quasi:
		return dateRule{year: true, note: "year only: a quasi-identifier date coarsened for the public"}
	case r.public:
		return dateRule{year: true, note: "year only: every date is coarsened for the public"}
	case r.deid != nil && r.deid.Dates == ownwords.DatesShifted:
		return dateRule{shift: r.deid, note: "shifted: all dates of a participant moved back by one offset of 1 to 364 days drawn for this export and never stored; intervals between a participant's dates are kept (to the month or year for dates known only that far)"}
	case r.deid != nil:
		return dateRule{year: true, note: "year only: dates are cut to the year in a de-identified export"}
	}
	return dateRule{}
}

// attributeColumn codes one attribute: categories as 1..n and booleans as
// 1/0 with value labels, numbers as they are, dates as text (or as dates
// says), free text cleaned of control characters.
func attributeColumn(a *ownwords.Attribute, sample []*ownwords.Participant, dates dateRule) column {
	label := a.Label
	if label == "" {
		label = a.Slug
	}
	c := column{
		v:     Variable{Name: attributeName(a.Slug), Label: Clean(label), Source: a.Slug, Missing: "none"},
		cells: make([]string, len(sample)),
	}
	values := make([]ownwords.Value, len(sample))
	for i, p := range sample {
		v, ok := p.Values[a.Slug]
		if !ok || v.Type == "" {
			v = ownwords.Value{Type: a.Type, Missing: true}
		}
		if dates.shift != nil && !v.Missing && v.Type == ownwords.AttrDate {
			v.Date = dates.shift.Date(p.ID, v.Date)
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
			c.v.Values = append(c.v.Values, ValueLabel{code, Clean(s)})
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
		switch {
		case dates.year:
			c.v.Numeric, c.v.Measure = true, "scale"
			c.v.Note = dates.note
			code = func(v ownwords.Value) string { return strconv.Itoa(v.Date.Year) }
		case dates.shift != nil:
			c.v.Note, c.v.Date = dates.note, true
			code = ownwords.Value.String
		default:
			c.v.Note, c.v.Date = "date as YYYY, YYYY-MM or YYYY-MM-DD: only what is known", true
			code = ownwords.Value.String
		}
	default:
		code = func(v ownwords.Value) string { return Clean(v.String()) }
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
