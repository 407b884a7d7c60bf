package ownwords

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// Derivation ops: a derived item is endorsed when any (or all) of its items are.
const (
	DeriveAnyOf = "any_of"
	DeriveAllOf = "all_of"
)

// Derivation defines a derived item from sibling codes, by slug.
type Derivation struct {
	Op    string   `json:"op"`
	Items []string `json:"items"`
}

// Code is a node of a study's codebook tree. Top-level codes are sections.
// A derived code (Derived != nil) is computed by analysis and never applied
// to text.
type Code struct {
	ID          string      `json:"id"`
	StudyID     string      `json:"study_id"`
	ParentID    string      `json:"parent_id,omitempty"`
	Slug        string      `json:"slug"`
	Label       string      `json:"label,omitempty"`
	Description string      `json:"description,omitempty"`
	Inclusion   string      `json:"inclusion,omitempty"`
	Exclusion   string      `json:"exclusion,omitempty"`
	Example     string      `json:"example,omitempty"`
	Color       string      `json:"color,omitempty"` // #rrggbb
	Derived     *Derivation `json:"derived,omitempty"`
	Deprecated  bool        `json:"deprecated,omitempty"`
	Position    int         `json:"position"`
	// Published marks items the reference study reported.
	Published bool `json:"published,omitempty"`
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate checks the code on its own; tree rules (unique slugs among
// siblings, no cycles, derived items naming siblings) are checked by the
// store, which sees the tree.
func (c *Code) Validate() error {
	switch {
	case c.StudyID == "":
		return Errorf(EINVALID, "code: study required")
	case !ValidSlug(c.Slug):
		return Errorf(EINVALID, "code %q: slug must be lowercase letters, digits, '_' or '-'", c.Slug)
	case c.Color != "" && !colorRE.MatchString(c.Color):
		return Errorf(EINVALID, "code %s: colour %q is not #rrggbb", c.Slug, c.Color)
	}
	if d := c.Derived; d != nil {
		if d.Op != DeriveAnyOf && d.Op != DeriveAllOf {
			return Errorf(EINVALID, "code %s: derived op must be any_of or all_of", c.Slug)
		}
		if len(d.Items) == 0 {
			return Errorf(EINVALID, "code %s: derived item lists no items", c.Slug)
		}
	}
	return nil
}

// Codebook is a study's code tree, loaded whole.
type Codebook struct {
	StudyID string
	Version int
	Codes   []*Code // ordered by parent, then position
	byID    map[string]*Code
}

// NewCodebook indexes codes.
func NewCodebook(studyID string, version int, codes []*Code) *Codebook {
	cb := &Codebook{StudyID: studyID, Version: version, Codes: codes, byID: map[string]*Code{}}
	for _, c := range codes {
		cb.byID[c.ID] = c
	}
	return cb
}

// ByID returns a code or nil.
func (cb *Codebook) ByID(id string) *Code { return cb.byID[id] }

// Path returns the slash-joined slugs from the section down to c, e.g.
// "roles/fighter": the stable name reports and exports use.
func (cb *Codebook) Path(c *Code) string {
	parts := []string{c.Slug}
	for p := cb.byID[c.ParentID]; p != nil; p = cb.byID[p.ParentID] {
		parts = append(parts, p.Slug)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// ByPath returns the code at a slash-joined slug path, or nil.
func (cb *Codebook) ByPath(path string) *Code {
	for _, c := range cb.Codes {
		if cb.Path(c) == path {
			return c
		}
	}
	return nil
}

// Children returns the direct children of parentID ("" for sections).
func (cb *Codebook) Children(parentID string) []*Code {
	var out []*Code
	for _, c := range cb.Codes {
		if c.ParentID == parentID {
			out = append(out, c)
		}
	}
	return out
}

// Section returns the top-level ancestor of c (c itself for a section).
func (cb *Codebook) Section(c *Code) *Code {
	for c.ParentID != "" && cb.byID[c.ParentID] != nil {
		c = cb.byID[c.ParentID]
	}
	return c
}

// Descendants returns the IDs of c and every code below it.
func (cb *Codebook) Descendants(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		for _, c := range cb.Codes {
			if c.ParentID == out[i] {
				out = append(out, c.ID)
			}
		}
	}
	return out
}

// CodeChange is one versioned edit of a codebook.
type CodeChange struct {
	Version int       `json:"version"`
	CodeID  string    `json:"code_id"`
	Action  string    `json:"action"` // create, update, move, merge, deprecate
	Actor   string    `json:"actor"`
	Before  *Code     `json:"before,omitempty"`
	After   *Code     `json:"after,omitempty"`
	At      time.Time `json:"at"`
}

// CodeService manages the codebook. Every change bumps the codebook version
// and is recorded as a CodeChange.
type CodeService interface {
	// CreateCode adds c under c.ParentID. EINVALID, ENOTFOUND (parent),
	// ECONFLICT (slug taken among siblings).
	CreateCode(ctx context.Context, c *Code) error
	// UpdateCode saves definitions, label, colour, derivation and deprecation;
	// moving is MoveCode. EINVALID, ENOTFOUND, ECONFLICT.
	UpdateCode(ctx context.Context, c *Code) error
	// MoveCode re-parents a code ("" makes it a section). EINVALID (cycle,
	// derived items), ENOTFOUND, ECONFLICT (slug taken under the new parent).
	MoveCode(ctx context.Context, id, parentID string) error
	// MergeCodes moves every segment and child of from onto into, then
	// deletes from. EINVALID (derived, same code), ENOTFOUND.
	MergeCodes(ctx context.Context, from, into string) error
	// Codebook returns a study's whole tree with its version.
	Codebook(ctx context.Context, studyID string) (*Codebook, error)
	// Code returns one code of a study as it is now. ENOTFOUND (also for
	// a code of another study).
	Code(ctx context.Context, studyID, id string) (*Code, error)
	// CodeChanges lists a study's codebook history, oldest first.
	CodeChanges(ctx context.Context, studyID string) ([]*CodeChange, error)
}
