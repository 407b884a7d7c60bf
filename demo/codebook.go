package demo

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"strings"
	"sync"

	"ownwords"
)

// codebookJSON is a copy of the reference study's reconstructed codebook
// (the team's shared/study/codebook.json; TestEmbeddedStudyMatchesTeamCopy
// compares the two when OWNWORDS_SHARED_STUDY names the team's directory).
//
//go:embed codebook.json
var codebookJSON []byte

type cbFile struct {
	Attributes []struct {
		Slug        string   `json:"slug"`
		Type        string   `json:"type"`
		Values      []string `json:"values"`
		Description string   `json:"description"`
	} `json:"attributes"`
	Sections []struct {
		Slug        string `json:"slug"`
		Label       string `json:"label"`
		Description string `json:"description"`
		Published   bool   `json:"published"`
		Items       []struct {
			Slug        string `json:"slug"`
			Label       string `json:"label"`
			Description string `json:"description"`
			Published   bool   `json:"published"`
		} `json:"items"`
		Derived []struct {
			Slug        string   `json:"slug"`
			Label       string   `json:"label"`
			AnyOf       []string `json:"any_of"`
			AllOf       []string `json:"all_of"`
			Description string   `json:"description"`
			Published   bool     `json:"published"`
		} `json:"derived"`
	} `json:"sections"`
}

// parsedCodebook parses the embedded codebook once; a broken embedded file
// is a build defect, so it panics.
var parsedCodebook = sync.OnceValue(func() *cbFile {
	var f cbFile
	if err := json.Unmarshal(codebookJSON, &f); err != nil {
		panic("demo: embedded codebook.json: " + err.Error())
	}
	return &f
})

// quasiIdentifiers are the attributes that, combined, could point to a
// person; exports for lower tiers coarsen or drop them.
var quasiIdentifiers = map[string]bool{
	"country": true, "ethnicity": true, "birth_year": true,
	"interview_date": true, "joined_date": true, "left_date": true,
}

// newAttributes returns fresh attribute definitions from the codebook.
func newAttributes() []*ownwords.Attribute {
	var out []*ownwords.Attribute
	for i, a := range parsedCodebook().Attributes {
		at := &ownwords.Attribute{
			ID: a.Slug, Slug: a.Slug, Label: humanize(a.Slug), Type: ownwords.AttrType(a.Type),
			Values: a.Values, Description: a.Description, Position: i,
		}
		if quasiIdentifiers[a.Slug] {
			at.Tag = ownwords.TagQuasiIdentifier
		}
		out = append(out, at)
	}
	return out
}

// sectionColors gives each section a distinct colour in the workbench.
var sectionColors = []string{
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
}

// newCodes returns fresh codes from the codebook: every section, then
// every item, then every derived item, so parents always precede children.
func newCodes() []*ownwords.Code {
	f := parsedCodebook()
	var sections, items, derived []*ownwords.Code
	for i, s := range f.Sections {
		sections = append(sections, &ownwords.Code{
			ID: s.Slug, Slug: s.Slug, Label: s.Label, Description: s.Description,
			Color: sectionColors[i%len(sectionColors)], Position: i, Published: s.Published,
		})
		for j, it := range s.Items {
			items = append(items, &ownwords.Code{
				ID: s.Slug + "/" + it.Slug, ParentID: s.Slug, Slug: it.Slug, Label: cmp.Or(it.Label, humanize(it.Slug)),
				Description: it.Description, Position: j, Published: it.Published,
			})
		}
		for j, d := range s.Derived {
			der := &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: d.AnyOf}
			if len(d.AllOf) > 0 {
				der = &ownwords.Derivation{Op: ownwords.DeriveAllOf, Items: d.AllOf}
			}
			derived = append(derived, &ownwords.Code{
				ID: s.Slug + "/" + d.Slug, ParentID: s.Slug, Slug: d.Slug, Label: cmp.Or(d.Label, humanize(d.Slug)),
				Description: d.Description, Position: len(s.Items) + j, Published: d.Published, Derived: der,
			})
		}
	}
	return append(append(sections, items...), derived...)
}

// itemPaths lists the codable (non-derived) items as section/slug, in
// codebook order.
var itemPaths = sync.OnceValue(func() []string {
	var out []string
	for _, s := range parsedCodebook().Sections {
		for _, it := range s.Items {
			out = append(out, s.Slug+"/"+it.Slug)
		}
	}
	return out
})

// sectionOf returns the section slug of an item path.
func sectionOf(path string) string {
	s, _, _ := strings.Cut(path, "/")
	return s
}

// humanize turns a slug into a label for entries the codebook gives none:
// "face_to_face_recruiter" becomes "Face to face recruiter".
func humanize(slug string) string {
	s := strings.ReplaceAll(slug, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
