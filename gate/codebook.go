package gate

import (
	"context"

	"ownwords"
)

// Codebook: reading the code tree (owner, coder, analyst) and editing it
// (owner only). The store versions every edit and audits it with the
// caller as actor ("code.create", "code.update", "code.deprecate",
// "code.move", "code.merge"). Deprecated codes stay, with their segments,
// but are never applied to text again; derived codes are computed by
// analysis and never applied at all.

// codebookRoles may read the codebook: every role that works on the study
// (viewers get the public report only).
var codebookRoles = []ownwords.Role{ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst}

// Applicable returns nil if c may be applied to text, and otherwise the
// EINVALID error saying why: it is derived or deprecated.
func Applicable(cb *ownwords.Codebook, c *ownwords.Code) error {
	if c.Derived != nil {
		return ownwords.Errorf(ownwords.EINVALID, "%s is a derived item: it is computed, never applied to text", cb.Path(c))
	}
	if c.Deprecated {
		return ownwords.Errorf(ownwords.EINVALID, "%s is deprecated: choose another code", cb.Path(c))
	}
	return nil
}

// applicable checks that codeID is an applicable code of the study's
// codebook: ENOTFOUND, or Applicable's EINVALID. The code alone is read
// (every coding checks it); the codebook only to name a refused one by
// its path.
func (g *Gate) applicable(ctx context.Context, codeID string) error {
	c, err := g.store.Code(ctx, g.studyID, codeID)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return notInStudy("code", codeID)
	} else if err != nil {
		return err
	}
	if c.Derived == nil && !c.Deprecated {
		return nil
	}
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return err
	}
	return Applicable(cb, c)
}

// CodebookPage is the codebook as one caller may read it.
type CodebookPage struct {
	// Codebook is the tree. Examples, which often quote transcripts, are
	// blanked for roles that do not read text.
	Codebook *ownwords.Codebook
	// Segments counts per code ID the segments the caller may see (a
	// coder's count leaves out what blind coding hides from them).
	Segments map[string]int
	// Changes is the codebook's history, newest first, with examples
	// blanked as in Codebook.
	Changes []*ownwords.CodeChange
}

// Codebook returns the codebook for c. EUNAUTHORIZED, EFORBIDDEN
// (viewers).
func (g *Gate) Codebook(ctx context.Context, c Caller) (*CodebookPage, error) {
	if err := c.need("the codebook", codebookRoles...); err != nil {
		return nil, err
	}
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	src, err := g.seenBy(ctx, c)
	if err != nil {
		return nil, err
	}
	segs, err := src.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	changes, err := g.store.CodeChanges(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	var open map[string]bool
	if c.is(ownwords.RoleCoder) {
		if open, _, err = g.comparisons(ctx); err != nil {
			return nil, err
		}
	}
	p := &CodebookPage{Codebook: cb, Segments: map[string]int{}, Changes: make([]*ownwords.CodeChange, 0, len(changes))}
	for _, seg := range segs {
		// Analysts count every layer: they work on aggregates and code nothing.
		if c.is(ownwords.RoleAnalyst) || c.seesSegment(seg, open[seg.InterviewID]) {
			p.Segments[seg.CodeID]++
		}
	}
	for i := len(changes) - 1; i >= 0; i-- {
		p.Changes = append(p.Changes, changes[i])
	}
	if !c.SeesText() {
		for _, k := range cb.Codes {
			k.Example = ""
		}
		for _, ch := range p.Changes {
			for _, k := range []*ownwords.Code{ch.Before, ch.After} {
				if k != nil {
					k.Example = ""
				}
			}
		}
	}
	return p, nil
}

// CodeDraft is what the codebook editor sets on a code: everything but its
// place in the tree when it is updated (moving is MoveCode).
type CodeDraft struct {
	ParentID, Slug, Label, Color               string
	Description, Inclusion, Exclusion, Example string
	Deprecated                                 bool
}

// apply copies d's fields, but not the parent, onto k.
func (d CodeDraft) apply(k *ownwords.Code) {
	k.Slug, k.Label, k.Color = d.Slug, d.Label, d.Color
	k.Description, k.Inclusion, k.Exclusion, k.Example = d.Description, d.Inclusion, d.Exclusion, d.Example
	k.Deprecated = d.Deprecated
}

// codebookEdit checks that c may edit the codebook and returns the codes
// of the study named by ids, in order (nil for ""): ENOTFOUND for an ID
// that is not one.
func (g *Gate) codebookEdit(ctx context.Context, c Caller, ids ...string) ([]*ownwords.Code, error) {
	if err := c.need("editing the codebook", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	out := make([]*ownwords.Code, len(ids))
	for i, id := range ids {
		if id == "" {
			continue
		}
		if out[i], err = codeOf(cb, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CreateCode (owner) adds a code under d.ParentID ("" adds a section).
// EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND (parent), EINVALID, ECONFLICT
// (slug taken among its siblings).
func (g *Gate) CreateCode(ctx context.Context, c Caller, d CodeDraft) (*ownwords.Code, error) {
	if _, err := g.codebookEdit(ctx, c, d.ParentID); err != nil {
		return nil, err
	}
	k := &ownwords.Code{StudyID: g.studyID, ParentID: d.ParentID}
	d.apply(k)
	if err := g.store.CreateCode(c.Context(ctx), k); err != nil {
		return nil, err
	}
	return k, nil
}

// UpdateCode (owner) renames code id, changes its definitions or colour, or
// deprecates it (or takes a deprecation back). Errors as CreateCode.
func (g *Gate) UpdateCode(ctx context.Context, c Caller, id string, d CodeDraft) (*ownwords.Code, error) {
	ks, err := g.codebookEdit(ctx, c, id)
	if err != nil {
		return nil, err
	}
	k := ks[0]
	if k == nil {
		return nil, notInStudy("code", id)
	}
	d.apply(k)
	if err := g.store.UpdateCode(c.Context(ctx), k); err != nil {
		return nil, err
	}
	return k, nil
}

// MoveCode (owner) re-parents code id under parentID ("" makes it a
// section). EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND, EINVALID (a cycle, a
// derived parent), ECONFLICT.
func (g *Gate) MoveCode(ctx context.Context, c Caller, id, parentID string) (*ownwords.Code, error) {
	ks, err := g.codebookEdit(ctx, c, id, parentID)
	if err != nil {
		return nil, err
	}
	if ks[0] == nil {
		return nil, notInStudy("code", id)
	}
	if err := g.store.MoveCode(c.Context(ctx), ks[0].ID, parentID); err != nil {
		return nil, err
	}
	return ks[0], nil
}

// MergeCodes (owner) merges code from into code into: its segments and
// children move to into, so no coding is lost, and from is removed. It
// returns into. EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND, EINVALID.
func (g *Gate) MergeCodes(ctx context.Context, c Caller, from, into string) (*ownwords.Code, error) {
	ks, err := g.codebookEdit(ctx, c, from, into)
	if err != nil {
		return nil, err
	}
	if ks[0] == nil || ks[1] == nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "merge: name the code to merge and the code to merge it into")
	}
	if err := g.store.MergeCodes(c.Context(ctx), ks[0].ID, ks[1].ID); err != nil {
		return nil, err
	}
	return ks[1], nil
}
