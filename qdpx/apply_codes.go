package qdpx

import (
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
	codings := a.codingsByCode()
	type later struct {
		c    *Code
		path []string
	}
	var deferred []later
	var create func(c *Code, parentID string, path []string) error
	create = func(c *Code, parentID string, path []string) error {
		path = append(path[:len(path):len(path)], c.Name)
		m, desc := a.meta.code(c, path)
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
				deferred = append(deferred, later{c, path[:len(path)-1]})
				a.pending[c.GUID] = parentID
				return nil
			}
			if code.Derived != nil {
				if why := a.derivationProblem(code, c, codings[c.GUID]); why != "" {
					code.Derived = nil
					a.r.note("code %q: derived in ownwords (%s %s), but %s; imported as a plain code", c.Name,
						strings.ReplaceAll(m.Derived.Op, "_", " "), strings.Join(m.Derived.Items, ", "), why)
				}
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
			if err := create(ch, a.codes[c.GUID], path); err != nil {
				return err
			}
		}
		return nil
	}
	a.pending = map[string]string{}
	for _, c := range a.p.CodeBook.Codes.Codes {
		if err := create(c, "", nil); err != nil {
			return err
		}
	}
	// Derived items name siblings, which must exist first.
	a.ready = true
	for _, d := range deferred {
		if err := create(d.c, a.pending[d.c.GUID], d.path); err != nil {
			return err
		}
	}
	return nil
}

// derivationProblem says why code, derived in ownwords, cannot be
// imported as derived ("" if it can): its derivation is invalid, names
// items that are not its siblings (another tool moved or renamed them),
// it has sub-codes, or another tool coded passages with it (n codings).
func (a *applier) derivationProblem(code *ownwords.Code, c *Code, n int) string {
	if n > 0 {
		return fmt.Sprintf("the file has %d coding(s) of it, made in another tool", n)
	}
	if len(c.Codes) > 0 {
		return "it has sub-codes"
	}
	if err := code.Validate(); err != nil {
		return ownwords.ErrorMessage(err)
	}
	cb, err := a.svc.Codebook(a.ctx, a.study)
	if err != nil {
		return "the codebook could not be read"
	}
	for _, item := range code.Derived.Items {
		found := false
		for _, sib := range cb.Children(code.ParentID) {
			found = found || (sib.Slug == item && sib.Derived == nil)
		}
		if !found {
			return fmt.Sprintf("%q is not a code beside it", item)
		}
	}
	return ""
}

// codingsByCode counts the file's codings by code GUID.
func (a *applier) codingsByCode() map[string]int {
	out := map[string]int{}
	for _, s := range a.textSources() {
		for _, sel := range s.Selections {
			for _, c := range sel.Codings {
				out[c.Code.Target]++
			}
		}
	}
	return out
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
