package ingest

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"ownwords"
)

// maxCodeDepth bounds the nesting of "items": codebooks are shallow, and
// recursion over hostile input must stop somewhere.
const maxCodeDepth = 16

// CodebookFile is a read codebook: attribute definitions and the code tree.
type CodebookFile struct {
	// Name is the file name.
	Name string
	// Study is the file's "study" label, if any.
	Study string
	// Attributes are the declared participant attributes (StudyID unset).
	Attributes []*ownwords.Attribute
	// Codes lists the tree depth first, each parent before its children
	// and a parent's items before its derived items, with Path set.
	Codes []*CodeRecord
}

// codebookFile is the top-level JSON shape; "missing" is allowed so that
// one file can serve as codebook and schema.
type codebookFile struct {
	Study      string            `json:"study"`
	Note       string            `json:"note"`
	Attributes []json.RawMessage `json:"attributes"`
	Sections   []json.RawMessage `json:"sections"`
	Missing    []string          `json:"missing"`
}

// codeEntry is a section or an item, which may hold items in turn.
type codeEntry struct {
	Slug        string            `json:"slug"`
	Label       string            `json:"label"`
	Description string            `json:"description"`
	Inclusion   string            `json:"inclusion"`
	Exclusion   string            `json:"exclusion"`
	Example     string            `json:"example"`
	Color       string            `json:"color"`
	Published   bool              `json:"published"`
	Items       []json.RawMessage `json:"items"`
	Derived     []json.RawMessage `json:"derived"`
}

// derivedEntry is a derived item: exactly one of any_of and all_of.
type derivedEntry struct {
	Slug        string   `json:"slug"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Inclusion   string   `json:"inclusion"`
	Exclusion   string   `json:"exclusion"`
	Example     string   `json:"example"`
	Color       string   `json:"color"`
	Published   bool     `json:"published"`
	AnyOf       []string `json:"any_of"`
	AllOf       []string `json:"all_of"`
}

// ReadCodebook reads a codebook JSON file in the shape of the reference
// study's codebook.json: "attributes" become attribute definitions;
// "sections" become top-level codes whose "items" are child codes (nested
// to any depth up to 16) and whose "derived" entries are derived child
// codes combining sibling items with "any_of" or "all_of". Codes without a
// "color" get one from a palette, in file order. Errors are EINVALID and
// name the file and the entry ("sections[2].items[4] (motivations/safety)").
func ReadCodebook(name string, r io.Reader) (*CodebookFile, error) {
	b, err := readJSONFile(name, r)
	if err != nil {
		return nil, err
	}
	var top codebookFile
	if err := decodeStrict(name, "", b, &top); err != nil {
		return nil, err
	}
	if len(top.Sections) == 0 {
		return nil, inputErrorf(name, "", "no \"sections\"; a codebook lists its sections and their items")
	}
	cf := &CodebookFile{Name: name, Study: top.Study}
	if cf.Attributes, err = readAttributeEntries(name, top.Attributes); err != nil {
		return nil, err
	}
	rd := &codebookReader{name: name, file: cf}
	if err := rd.level("", "sections", top.Sections, nil, 0); err != nil {
		return nil, err
	}
	return cf, nil
}

// codebookReader accumulates codes while walking the tree.
type codebookReader struct {
	name string
	file *CodebookFile
}

// level reads one list of sibling entries (and the derived entries beside
// them) under parent path.
func (rd *codebookReader) level(parent, where string, items, derived []json.RawMessage, depth int) error {
	if depth >= maxCodeDepth {
		return inputErrorf(rd.name, where, "items nested deeper than %d levels; flatten the codebook", maxCodeDepth)
	}
	siblings := map[string]string{}
	var plain []string
	for i, raw := range items {
		at := fmt.Sprintf("%s[%d]", where, i)
		var e codeEntry
		if err := decodeStrict(rd.name, at, raw, &e); err != nil {
			return err
		}
		c := ownwords.Code{
			Slug: e.Slug, Label: e.Label, Description: e.Description, Inclusion: e.Inclusion,
			Exclusion: e.Exclusion, Example: e.Example, Color: e.Color, Published: e.Published, Position: i,
		}
		path, err := rd.add(parent, at, c, siblings)
		if err != nil {
			return err
		}
		plain = append(plain, c.Slug)
		if err := rd.level(path, at+".items", e.Items, e.Derived, depth+1); err != nil {
			return err
		}
	}
	for i, raw := range derived {
		at := fmt.Sprintf("%s.derived[%d]", strings.TrimSuffix(where, ".items"), i)
		var e derivedEntry
		if err := decodeStrict(rd.name, at, raw, &e); err != nil {
			return err
		}
		d, err := rd.derivation(parent, at, e, plain)
		if err != nil {
			return err
		}
		c := ownwords.Code{
			Slug: e.Slug, Label: e.Label, Description: e.Description, Inclusion: e.Inclusion,
			Exclusion: e.Exclusion, Example: e.Example, Color: e.Color, Published: e.Published,
			Position: len(items) + i, Derived: d,
		}
		if _, err := rd.add(parent, at, c, siblings); err != nil {
			return err
		}
	}
	return nil
}

// derivation checks a derived entry's op and that it combines existing
// sibling items (not other derived items, which could form cycles).
func (rd *codebookReader) derivation(parent, at string, e derivedEntry, items []string) (*ownwords.Derivation, error) {
	if e.Slug != "" {
		at += " (" + strings.TrimPrefix(parent+"/"+e.Slug, "/") + ")"
	}
	d := &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: e.AnyOf}
	switch {
	case len(e.AnyOf) > 0 && len(e.AllOf) > 0:
		return nil, inputErrorf(rd.name, at, "both \"any_of\" and \"all_of\"; a derived item uses one")
	case len(e.AllOf) > 0:
		d = &ownwords.Derivation{Op: ownwords.DeriveAllOf, Items: e.AllOf}
	case len(e.AnyOf) == 0:
		return nil, inputErrorf(rd.name, at, "a derived item needs \"any_of\" or \"all_of\" listing sibling items")
	}
	for _, s := range d.Items {
		if !slices.Contains(items, s) {
			return nil, inputErrorf(rd.name, at, "%s names %q, which is not an item beside it; list slugs of sibling items", d.Op, s)
		}
	}
	return d, nil
}

// add checks a code, gives it a colour if it has none, and appends it
// under parent. It returns the code's path.
func (rd *codebookReader) add(parent, at string, c ownwords.Code, siblings map[string]string) (string, error) {
	path := c.Slug
	if parent != "" {
		path = parent + "/" + c.Slug
	}
	if c.Slug != "" {
		at += " (" + path + ")"
	}
	if c.Color == "" {
		c.Color = paletteColor(len(rd.file.Codes))
	}
	chk := c
	chk.StudyID = "-" // Validate wants a study; the rest of its rules apply
	if err := chk.Validate(); err != nil {
		return "", inputErrorf(rd.name, at, "%s", ownwords.ErrorMessage(err))
	}
	if prev, ok := siblings[c.Slug]; ok {
		return "", inputErrorf(rd.name, at, "slug %q is used twice under the same parent (also %s); rename one", c.Slug, prev)
	}
	siblings[c.Slug] = at
	rd.file.Codes = append(rd.file.Codes, &CodeRecord{Path: path, Code: c, Source: rd.name})
	return path, nil
}
