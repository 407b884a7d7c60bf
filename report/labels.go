package report

import (
	"cmp"
	"strings"
	"unicode"
	"unicode/utf8"

	"ownwords"
)

// Labels: every human format (text, Markdown, HTML, PDF, spreadsheet)
// names items, sections, attributes, values and groups by their labels;
// only JSON and CSV headers keep slugs (issue 20 item 4). Where the
// codebook or plan gives no label, one is made from the slug.

// humanize turns a slug into words for a reader when no label is given:
// "foreign_women" becomes "Foreign women". Text that is not a lowercase
// slug (a label such as "Western Europe") is kept as it is.
func humanize(slug string) string {
	if slug == "" || strings.IndexFunc(slug, unicode.IsUpper) >= 0 {
		return slug
	}
	s := strings.ReplaceAll(slug, "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// valueLabel names an attribute value for a reader: a boolean's "true"
// and "false" read "yes" and "no"; other values as humanize makes them.
func valueLabel(typ ownwords.AttrType, v string) string {
	if typ == ownwords.AttrBoolean {
		switch v {
		case "true":
			return "Yes"
		case "false":
			return "No"
		}
	}
	return humanize(v)
}

// GroupLabel returns the label of the report's group named name, or name
// when the report has no such group.
func (r *Report) GroupLabel(name string) string {
	for _, g := range r.Groups {
		if g.Name == name {
			return cmp.Or(g.Label, g.Name)
		}
	}
	return name
}

// attrLabel returns the label of an attribute: the codebook's (as the
// analysis carries it) or one made from the slug.
func (b *builder) attrLabel(slug string) string {
	for _, a := range b.res.Attributes {
		if a.Slug == slug && a.Label != "" && a.Label != slug {
			return Clean(a.Label)
		}
	}
	return Clean(humanize(slug))
}

// attrValueLabel returns the label of value v of attribute slug.
func (b *builder) attrValueLabel(slug, v string) string {
	for _, a := range b.res.Attributes {
		if a.Slug == slug {
			return Clean(valueLabel(a.Type, v))
		}
	}
	return Clean(humanize(v))
}

// groupLabel returns the label of a plan group: the plan's, or one made
// from its name.
func (b *builder) groupLabel(name string) string {
	for _, g := range b.res.Plan.Groups {
		if g.Name == name && g.Label != "" {
			return Clean(g.Label)
		}
	}
	return Clean(humanize(name))
}

// filterLabel describes a group's filter for readers, e.g. "Gender: Woman;
// Region: Western Europe".
func (b *builder) filterLabel(filter map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(filter) {
		parts = append(parts, b.attrLabel(k)+": "+b.attrValueLabel(k, filter[k]))
	}
	return strings.Join(parts, "; ")
}

// eventLabel names an event kind in running text: "first_doubts" reads
// "first doubts".
func eventLabel(kind string) string { return strings.ReplaceAll(kind, "_", " ") }

// survivalGroupLabel names a survival curve's group, "gender = man" (as
// the analysis names it), for readers: "Gender: Man".
func survivalGroupLabel(name string) string {
	var parts []string
	for _, p := range strings.Split(name, ", ") {
		k, v, ok := strings.Cut(p, " = ")
		if !ok {
			return humanize(name)
		}
		parts = append(parts, humanize(k)+": "+humanize(v))
	}
	return strings.Join(parts, "; ")
}
