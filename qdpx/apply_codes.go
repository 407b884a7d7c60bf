package qdpx

import (
	"encoding/json"
	"fmt"
	"strings"

	"ownwords"
)

// codePlan is one code to create: where, under which slug, with what.
type codePlan struct {
	src    *Code
	parent string // code ID, or the GUID of a planned parent when deferred
	code   ownwords.Code
}

func (a *applier) applyCodes() error {
	if a.p.CodeBook == nil {
		return nil
	}
	cb, err := a.svc.Codebook(a.ctx, a.study)
	if err != nil {
		return a.fail(err, "read the codebook")
	}
	existing := map[string]string{} // parentID + "/" + slug -> code ID, before the import
	for _, c := range cb.Codes {
		existing[c.ParentID+"/"+c.Slug] = c.ID
	}
	taken := map[string]bool{} // parentID + "/" + slug created by this import
	var deferred []*Code
	var create func(c *Code, parentID string) error
	create = func(c *Code, parentID string) error {
		desc, js := splitMeta(strings.TrimSpace(c.Description))
		var m codeMeta
		if js != nil && json.Unmarshal(js, &m) != nil {
			m = codeMeta{}
		}
		parts := strings.Split(c.Name, "::")
		for i, part := range parts[:len(parts)-1] { // flat "A::B" hierarchies
			id, err := a.intermediate(strings.TrimSpace(part), parentID, existing, taken)
			if err != nil {
				return err
			}
			if i == 0 {
				a.r.note("code %q: its \"::\" path became nested codes", c.Name)
			}
			parentID = id
		}
		label := strings.TrimSpace(parts[len(parts)-1])
		if l := strings.TrimSpace(m.Label); l != "" && len(parts) == 1 {
			label = l // the name was made unique on export
		}
		slug := m.Slug
		if !ownwords.ValidSlug(slug) {
			slug = orDefault(slugify(label), "code")
		}
		key := parentID + "/" + slug
		if id := existing[key]; id != "" && !taken[key] {
			a.codes[c.GUID] = id
			a.r.note("code %q: the study already has it; reused", c.Name)
			a.r.Kept.Codes++
		} else {
			if taken[key] || existing[key] != "" {
				base := slug
				for n := 2; taken[parentID+"/"+slug] || existing[parentID+"/"+slug] != ""; n++ {
					slug = fmt.Sprintf("%s-%d", strings.TrimRight(base[:min(len(base), 58)], "-_"), n)
				}
				a.r.note("code %q: another code under the same parent has that name; kept apart as %s", c.Name, slug)
				key = parentID + "/" + slug
			}
			code := &ownwords.Code{StudyID: a.study, ParentID: parentID, Slug: slug, Label: label,
				Description: desc, Color: color(c.Color), Inclusion: m.Inclusion, Exclusion: m.Exclusion,
				Example: m.Example, Derived: m.Derived, Deprecated: m.Deprecated, Published: m.Published}
			if m.NoLabel {
				code.Label = ""
			}
			if code.Derived != nil && !a.ready {
				deferred = append(deferred, c)
				a.pending[c.GUID] = parentID
				return nil
			}
			if err := a.svc.CreateCode(a.ctx, code); err != nil {
				return a.fail(err, "code %q", c.Name)
			}
			taken[key] = true
			a.codes[c.GUID] = code.ID
			a.r.Kept.Codes++
			a.r.Created.Codes++
		}
		for _, ch := range c.Codes {
			if err := create(ch, a.codes[c.GUID]); err != nil {
				return err
			}
		}
		return nil
	}
	a.pending = map[string]string{}
	for _, c := range a.p.CodeBook.Codes.Codes {
		if err := create(c, ""); err != nil {
			return err
		}
	}
	// Derived items name siblings, which must exist first.
	a.ready = true
	for _, c := range deferred {
		if err := create(c, a.pending[c.GUID]); err != nil {
			return err
		}
	}
	return nil
}

// intermediate finds or creates the code named label under parentID, for
// a flat "A::B" name.
func (a *applier) intermediate(label, parentID string, existing map[string]string, taken map[string]bool) (string, error) {
	slug := orDefault(slugify(label), "code")
	key := parentID + "/" + slug
	if id := existing[key]; id != "" {
		return id, nil
	}
	code := &ownwords.Code{StudyID: a.study, ParentID: parentID, Slug: slug, Label: label}
	if err := a.svc.CreateCode(a.ctx, code); err != nil {
		return "", a.fail(err, "code %q", label)
	}
	existing[key], taken[key] = code.ID, false
	a.r.Kept.Codes++
	a.r.Created.Codes++
	return code.ID, nil
}

// color returns a REFI-QDA colour as #rrggbb, "" if it is not one.
func color(c string) string {
	c = strings.TrimSpace(c)
	if len(c) == 4 && c[0] == '#' {
		c = "#" + strings.Repeat(c[1:2], 2) + strings.Repeat(c[2:3], 2) + strings.Repeat(c[3:4], 2)
	}
	if len(c) != 7 || c[0] != '#' || strings.Trim(strings.ToLower(c[1:]), "0123456789abcdef") != "" {
		return ""
	}
	return c
}
