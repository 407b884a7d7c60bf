package ownwords

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// AttrType is the type of a participant attribute.
type AttrType string

// Attribute types.
const (
	AttrCategory AttrType = "category"
	AttrBoolean  AttrType = "boolean"
	AttrInteger  AttrType = "integer"
	AttrNumber   AttrType = "number"
	AttrDate     AttrType = "date"
	AttrText     AttrType = "text"
)

// Valid reports whether t is a known attribute type.
func (t AttrType) Valid() bool {
	switch t {
	case AttrCategory, AttrBoolean, AttrInteger, AttrNumber, AttrDate, AttrText:
		return true
	}
	return false
}

// Disclosure tags mark attributes that can identify a participant; exports
// for lower tiers drop or coarsen them.
const (
	TagIdentifier      = "identifier"
	TagQuasiIdentifier = "quasi_identifier"
)

// Attribute defines a typed participant attribute of a study.
type Attribute struct {
	ID          string   `json:"id"`
	StudyID     string   `json:"study_id"`
	Slug        string   `json:"slug"`
	Label       string   `json:"label,omitempty"`
	Type        AttrType `json:"type"`
	Values      []string `json:"values,omitempty"` // allowed categories; empty means open
	Description string   `json:"description,omitempty"`
	Tag         string   `json:"tag,omitempty"` // "", TagIdentifier or TagQuasiIdentifier
	Position    int      `json:"position"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_\-]{0,63}$`)

// ValidSlug reports whether s is a slug: lowercase letters, digits, '_' and
// '-', starting with a letter or digit, at most 64 characters.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Validate checks the definition.
func (a *Attribute) Validate() error {
	switch {
	case a.StudyID == "":
		return Errorf(EINVALID, "attribute: study required")
	case !ValidSlug(a.Slug):
		return Errorf(EINVALID, "attribute %q: slug must be lowercase letters, digits, '_' or '-'", a.Slug)
	case !a.Type.Valid():
		return Errorf(EINVALID, "attribute %s: unknown type %q", a.Slug, a.Type)
	case len(a.Values) > 0 && a.Type != AttrCategory:
		return Errorf(EINVALID, "attribute %s: only categories list values", a.Slug)
	case a.Tag != "" && a.Tag != TagIdentifier && a.Tag != TagQuasiIdentifier:
		return Errorf(EINVALID, "attribute %s: unknown tag %q", a.Slug, a.Tag)
	}
	return nil
}

// Value is one typed attribute value. The zero Value of a type is missing.
type Value struct {
	Type    AttrType
	Missing bool
	Str     string // category and text
	Bool    bool
	Int     int64
	Num     float64
	Date    Date
}

// String returns the canonical text form, the one stored and exported:
// booleans as "true"/"false", dates as YYYY[-MM[-DD]], missing as "".
func (v Value) String() string {
	if v.Missing {
		return ""
	}
	switch v.Type {
	case AttrBoolean:
		return strconv.FormatBool(v.Bool)
	case AttrInteger:
		return strconv.FormatInt(v.Int, 10)
	case AttrNumber:
		return strconv.FormatFloat(v.Num, 'g', -1, 64)
	case AttrDate:
		return v.Date.String()
	}
	return v.Str
}

// ParseValue parses the canonical (or a common) text form of a value of
// type t; "" is missing. Booleans accept true/false, yes/no, 1/0.
func ParseValue(t AttrType, s string) (Value, error) {
	v := Value{Type: t}
	s = strings.TrimSpace(s)
	if s == "" {
		v.Missing = true
		return v, nil
	}
	var err error
	switch t {
	case AttrCategory, AttrText:
		v.Str = s
	case AttrBoolean:
		switch strings.ToLower(s) {
		case "true", "yes", "1", "y", "t":
			v.Bool = true
		case "false", "no", "0", "n", "f":
		default:
			return v, Errorf(EINVALID, "%q is not a boolean (true/false, yes/no, 1/0)", s)
		}
	case AttrInteger:
		v.Int, err = strconv.ParseInt(s, 10, 64)
		if err != nil {
			return v, Errorf(EINVALID, "%q is not an integer", s)
		}
	case AttrNumber:
		v.Num, err = strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return v, Errorf(EINVALID, "%q is not a number", s)
		}
	case AttrDate:
		v.Date, err = ParseDate(s)
		if err != nil {
			return v, err
		}
	default:
		return v, Errorf(EINVALID, "unknown attribute type %q", t)
	}
	return v, nil
}

// Check validates v against the definition a (type, allowed categories).
func (a *Attribute) Check(v Value) error {
	if v.Type != a.Type {
		return Errorf(EINVALID, "attribute %s: value of type %s, want %s", a.Slug, v.Type, a.Type)
	}
	if !v.Missing && a.Type == AttrCategory && len(a.Values) > 0 && !slices.Contains(a.Values, v.Str) {
		return Errorf(EINVALID, "attribute %s: %q is not one of %s", a.Slug, v.Str, strings.Join(a.Values, ", "))
	}
	return nil
}
