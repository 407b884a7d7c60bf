package web

import (
	"hash/fnv"
	"regexp"
	"strings"

	"ownwords"
	"ownwords/gate"
)

// codeItem is a code as the pages show it.
type codeItem struct {
	ID, ParentID, Slug, Label, Path, Color string
	// OwnColor is the code's own colour ("" when it inherits one).
	OwnColor                          string
	Description, Inclusion, Exclusion string
	// Example may quote a transcript: only text roles get it (codeItems).
	Example    string
	Depth      int
	Derived    bool
	Deprecated bool
	// Applicable codes can be applied to text (not derived, not deprecated).
	Applicable bool
}

// palette colours codes that have none, by section, so a section's codes
// share a hue in the margin.
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"}

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// codeColor returns c's colour, its nearest coloured ancestor's, or a
// palette colour chosen by its section's slug. The result is always
// #rrggbb, safe in an SVG attribute.
func codeColor(cb *ownwords.Codebook, c *ownwords.Code) string {
	for k := c; k != nil; k = cb.ByID(k.ParentID) {
		if hexColor.MatchString(k.Color) {
			return strings.ToLower(k.Color)
		}
	}
	h := fnv.New32a()
	h.Write([]byte(cb.Section(c).Slug))
	return palette[h.Sum32()%uint32(len(palette))]
}

// codeLabel is a code's label, or its slug when it has none.
func codeLabel(c *ownwords.Code) string {
	if c.Label != "" {
		return c.Label
	}
	return c.Slug
}

// codeItems lists the codebook in tree order. withExample is false where a
// page leaves examples out (they are often quotes); a codebook from the
// application layer has them blanked already for roles that do not read
// text.
func codeItems(cb *ownwords.Codebook, withExample bool) []codeItem {
	out := make([]codeItem, 0, len(cb.Codes))
	for _, c := range cb.Codes {
		it := codeItem{
			ID: c.ID, ParentID: c.ParentID, Slug: c.Slug, Label: codeLabel(c), Path: cb.Path(c),
			Color: codeColor(cb, c), OwnColor: c.Color, Description: c.Description, Inclusion: c.Inclusion, Exclusion: c.Exclusion,
			Depth: strings.Count(cb.Path(c), "/"), Derived: c.Derived != nil, Deprecated: c.Deprecated,
			Applicable: gate.Applicable(cb, c) == nil,
		}
		if withExample {
			it.Example = c.Example
		}
		out = append(out, it)
	}
	return out
}
