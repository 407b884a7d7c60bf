package ingest

import (
	"encoding/json"
	"fmt"
	"io"

	"ownwords"
)

// DefaultMissing are the missing-value codes used when neither the options
// nor a schema give any. Empty cells are always missing.
var DefaultMissing = []string{"", "NA", "N/A", "-99", "-88"}

// Schema declares the columns of attribute tables: their types, allowed
// categories and labels, and the table's missing-value codes.
type Schema struct {
	// Attributes are the declared definitions, by slug (StudyID unset).
	Attributes []*ownwords.Attribute
	// Missing lists the missing-value codes; nil means DefaultMissing.
	Missing []string
}

// Attribute returns the declared attribute with the given slug, or nil.
func (s *Schema) Attribute(slug string) *ownwords.Attribute {
	if s == nil {
		return nil
	}
	for _, a := range s.Attributes {
		if a.Slug == slug {
			return a
		}
	}
	return nil
}

// schemaFile is the JSON shape of a schema. A codebook is a schema too, so
// its keys are allowed (and "sections" ignored here).
type schemaFile struct {
	Study      string            `json:"study"`
	Note       string            `json:"note"`
	Attributes []json.RawMessage `json:"attributes"`
	Missing    []string          `json:"missing"`
	Sections   json.RawMessage   `json:"sections"`
}

// attributeEntry is one element of an "attributes" array. "published"
// is accepted (the reference codebook marks attributes it reported) but
// not kept: ownwords.Attribute has no such field.
type attributeEntry struct {
	Slug        string   `json:"slug"`
	Type        string   `json:"type"`
	Values      []string `json:"values"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Tag         string   `json:"tag"`
	Published   bool     `json:"published"`
}

// ReadSchema reads a schema file: {"attributes": [{"slug", "type",
// "values", "label", "description", "tag"}, ...], "missing": [...]}. A
// codebook file is accepted as a schema (its attributes declare the
// columns). Errors are EINVALID and name the file and the entry.
func ReadSchema(name string, r io.Reader) (*Schema, error) {
	b, err := readJSONFile(name, r)
	if err != nil {
		return nil, err
	}
	var f schemaFile
	if err := decodeStrict(name, "", b, &f); err != nil {
		return nil, err
	}
	attrs, err := readAttributeEntries(name, f.Attributes)
	if err != nil {
		return nil, err
	}
	return &Schema{Attributes: attrs, Missing: f.Missing}, nil
}

// readAttributeEntries decodes and checks an "attributes" array.
func readAttributeEntries(name string, raws []json.RawMessage) ([]*ownwords.Attribute, error) {
	var out []*ownwords.Attribute
	seen := map[string]string{}
	for i, raw := range raws {
		where := fmt.Sprintf("attributes[%d]", i)
		var e attributeEntry
		if err := decodeStrict(name, where, raw, &e); err != nil {
			return nil, err
		}
		if e.Slug != "" {
			where += fmt.Sprintf(" (%s)", e.Slug)
		}
		if e.Type == "" {
			return nil, inputErrorf(name, where, "no \"type\"; give one of category, boolean, integer, number, date, text")
		}
		a := &ownwords.Attribute{
			Slug: e.Slug, Type: ownwords.AttrType(e.Type), Values: e.Values,
			Label: e.Label, Description: e.Description, Tag: e.Tag, Position: i,
		}
		if err := checkAttribute(a); err != nil {
			return nil, inputErrorf(name, where, "%s", err)
		}
		if prev, ok := seen[a.Slug]; ok {
			return nil, inputErrorf(name, where, "attribute %s is defined twice (also %s); keep one", a.Slug, prev)
		}
		seen[a.Slug] = where
		out = append(out, a)
	}
	return out, nil
}

// checkAttribute validates a definition that has no study yet, returning
// the user-facing message. The study is filled in with a placeholder
// because Validate's other rules are the ones to share.
func checkAttribute(a *ownwords.Attribute) error {
	c := *a
	c.StudyID = "-"
	if err := c.Validate(); err != nil {
		return fmt.Errorf("%s", ownwords.ErrorMessage(err))
	}
	return nil
}
