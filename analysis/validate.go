package analysis

import (
	"slices"
	"strings"

	"ownwords"
)

// Validate checks the plan against a study's codebook and attributes. Each
// error is EINVALID and names the field, e.g.
// `plan: group european_women: unknown attribute "regon"`.
func (p *Plan) Validate(cb *ownwords.Codebook, attrs []*ownwords.Attribute) error {
	if err := p.check(); err != nil {
		return err
	}
	v := validator{cb: cb, attrs: map[string]*ownwords.Attribute{}}
	for _, a := range attrs {
		v.attrs[a.Slug] = a
	}
	if err := v.sample(p.Sample); err != nil {
		return err
	}
	for _, g := range p.Groups {
		if err := v.group(g); err != nil {
			return err
		}
	}
	checks := []struct {
		field string
		list  []string
		check func(string) error
	}{
		{"sections", p.Sections, v.section},
		{"attributes", p.Attributes, v.tabulated},
		{"distinct", p.Distinct, v.attribute},
	}
	for _, c := range checks {
		for i, s := range c.list {
			if slices.Index(c.list, s) != i {
				return invalid("plan: %s: %q listed twice", c.field, s)
			}
			if err := c.check(s); err != nil {
				return invalid("plan: %s: %s", c.field, ownwords.ErrorMessage(err))
			}
		}
	}
	for i, pr := range p.Cooccurrence {
		if err := v.pair(pr); err != nil {
			return invalid("plan: cooccurrence %d: %s", i+1, ownwords.ErrorMessage(err))
		}
	}
	for i, x := range p.Crosstabs {
		if err := v.crosstab(x); err != nil {
			return invalid("plan: crosstab %d: %s", i+1, ownwords.ErrorMessage(err))
		}
	}
	for i, sp := range p.Survival {
		if !ownwords.ValidSlug(sp.From) || !ownwords.ValidSlug(sp.To) {
			return invalid("plan: survival %d: from and to must be event kinds", i+1)
		}
		if sp.By != "" && sp.By != ByFromYear {
			if err := v.attribute(sp.By); err != nil {
				return invalid("plan: survival %d: %s", i+1, ownwords.ErrorMessage(err))
			}
		}
	}
	return nil
}

// validator looks names up in the study.
type validator struct {
	cb    *ownwords.Codebook
	attrs map[string]*ownwords.Attribute
}

func (v validator) attribute(slug string) error {
	if v.attrs[slug] == nil {
		return invalid("unknown attribute %q", slug)
	}
	return nil
}

// tabulated accepts attributes whose values can be counted: categories and booleans.
func (v validator) tabulated(slug string) error {
	a := v.attrs[slug]
	switch {
	case a == nil:
		return invalid("unknown attribute %q", slug)
	case a.Type != ownwords.AttrCategory && a.Type != ownwords.AttrBoolean:
		return invalid("attribute %q is %s; only category and boolean attributes are tabulated", slug, a.Type)
	}
	return nil
}

func (v validator) sample(s Sample) error {
	if s.OrderBy == "" {
		return nil
	}
	a := v.attrs[s.OrderBy]
	switch {
	case a == nil:
		return invalid("plan: sample.order_by: unknown attribute %q", s.OrderBy)
	case a.Type != ownwords.AttrDate && a.Type != ownwords.AttrInteger && a.Type != ownwords.AttrNumber:
		return invalid("plan: sample.order_by: attribute %q is %s; want a date, integer or number", s.OrderBy, a.Type)
	}
	return nil
}

func (v validator) group(g Group) error {
	for _, slug := range sortedKeys(g.Filter) {
		a := v.attrs[slug]
		if a == nil {
			return invalid("plan: group %s: unknown attribute %q", g.Name, slug)
		}
		val, err := ownwords.ParseValue(a.Type, g.Filter[slug])
		if err == nil {
			err = a.Check(val)
		}
		if err != nil {
			return invalid("plan: group %s: filter %s: %s", g.Name, slug, ownwords.ErrorMessage(err))
		}
	}
	return nil
}

func (v validator) section(slug string) error {
	for _, c := range v.cb.Children("") {
		if c.Slug == slug {
			return nil
		}
	}
	return invalid("unknown codebook section %q", slug)
}

// item accepts "section/slug" naming a direct child of a section.
func (v validator) item(path string) error {
	sec, slug, ok := strings.Cut(path, "/")
	if !ok || sec == "" || slug == "" || strings.Contains(slug, "/") {
		return invalid("item %q: want section/slug", path)
	}
	if c := v.cb.ByPath(path); c == nil {
		return invalid("unknown item %q", path)
	}
	return nil
}

func (v validator) pair(p Pair) error {
	if p.A == p.B {
		return invalid("a and b are both %q", p.A)
	}
	if err := v.item(p.A); err != nil {
		return invalid("a: %s", ownwords.ErrorMessage(err))
	}
	if err := v.item(p.B); err != nil {
		return invalid("b: %s", ownwords.ErrorMessage(err))
	}
	return nil
}

func (v validator) crosstab(x CrosstabSpec) error {
	for _, side := range []struct{ field, name string }{{"rows", x.Rows}, {"cols", x.Cols}} {
		var err error
		if strings.Contains(side.name, "/") {
			err = v.item(side.name)
		} else {
			err = v.tabulated(side.name)
		}
		if err != nil {
			return invalid("%s: %s", side.field, ownwords.ErrorMessage(err))
		}
	}
	if x.Rows == x.Cols {
		return invalid("rows and cols are both %q", x.Rows)
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
