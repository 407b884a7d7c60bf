package analysis

import (
	"slices"
	"strings"
)

// Lookup returns the figure (section, item, group) in the report's terms:
// a section slug with an item slug, "attributes.<slug>" with a value ("" for
// missing), or "sample" with "participants". ok is false for unknown names.
func (r *Result) Lookup(section, item, group string) (c Count, ok bool) {
	gi := slices.IndexFunc(r.Groups, func(g *GroupResult) bool { return g.Name == group })
	if gi < 0 {
		return Count{}, false
	}
	g := r.Groups[gi]
	if section == "sample" {
		return g.Size, item == "participants"
	}
	if slug, isAttr := strings.CutPrefix(section, "attributes."); isAttr {
		ai := slices.IndexFunc(r.Attributes, func(a AttributeInfo) bool { return a.Slug == slug })
		if ai < 0 {
			return Count{}, false
		}
		if item == "" {
			return g.Missing[ai], true
		}
		if vi := slices.Index(r.Attributes[ai].Values, item); vi >= 0 {
			return g.Attributes[ai][vi], true
		}
		return Count{}, false
	}
	si := slices.IndexFunc(r.Sections, func(s Section) bool { return s.Slug == section })
	if si < 0 {
		return Count{}, false
	}
	ii := slices.IndexFunc(r.Sections[si].Items, func(it Item) bool { return it.Slug == item })
	if ii < 0 {
		return Count{}, false
	}
	return g.Items[si][ii], true
}
