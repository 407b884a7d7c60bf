package ownwords

import (
	"slices"
	"strings"
)

// AttributionRole says where an attribute's word goes in a quote's
// attribution: "a foreign woman, returnee" has origin as an adjective,
// gender as the noun and status as an apposition.
type AttributionRole string

// Attribution roles.
const (
	AttributionNoun       AttributionRole = "noun"
	AttributionAdjective  AttributionRole = "adjective"
	AttributionApposition AttributionRole = "apposition"
)

// maxAttributionWords bounds the attributes an attribution may name: every
// subset of them is counted over the analysis sample.
const maxAttributionWords = 8

// AttributionWord names one attribute in the study's quote attributions.
// The order of a study's words is their priority: the first is dropped
// last when a description would fit fewer than k participants.
type AttributionWord struct {
	// Attribute is the slug of a category attribute not tagged identifier.
	Attribute string          `json:"attribute"`
	Role      AttributionRole `json:"role"`
	// Words maps values to the words attributions use ("local" → "Iraqi");
	// a value not listed is named by its own text.
	Words map[string]string `json:"words,omitempty"`
}

// DefaultAttribution is the wording of a study that sets none: gender as
// the noun, origin as an adjective, status as an apposition, each only if
// the study has that category attribute (see AttributionWording).
var DefaultAttribution = []AttributionWord{
	{Attribute: "gender", Role: AttributionNoun},
	{Attribute: "origin", Role: AttributionAdjective},
	{Attribute: "status", Role: AttributionApposition},
}

// validateAttribution checks a study's attribution wording on its own
// terms: known roles, slugs, no attribute twice, at most one noun, at most
// eight attributes, no empty word. Whether the attributes exist is checked
// where the wording is used (AttributionWording).
func validateAttribution(words []AttributionWord) error {
	if len(words) > maxAttributionWords {
		return Errorf(EINVALID, "study: attribution names %d attributes, at most %d", len(words), maxAttributionWords)
	}
	seen, nouns := map[string]bool{}, 0
	for _, w := range words {
		switch {
		case !ValidSlug(w.Attribute):
			return Errorf(EINVALID, "study: attribution: %q is not an attribute slug", w.Attribute)
		case seen[w.Attribute]:
			return Errorf(EINVALID, "study: attribution names %s twice", w.Attribute)
		case w.Role != AttributionNoun && w.Role != AttributionAdjective && w.Role != AttributionApposition:
			return Errorf(EINVALID, "study: attribution of %s: role %q, want noun, adjective or apposition", w.Attribute, w.Role)
		}
		seen[w.Attribute] = true
		if w.Role == AttributionNoun {
			nouns++
		}
		for v, word := range w.Words {
			if strings.TrimSpace(word) == "" {
				return Errorf(EINVALID, "study: attribution of %s: value %q has an empty word", w.Attribute, v)
			}
		}
	}
	if nouns > 1 {
		return Errorf(EINVALID, "study: attribution has %d nouns, at most one", nouns)
	}
	return nil
}

// AttributionWording returns the wording quote attributions of the study
// use: its settings' Attribution, or DefaultAttribution limited to the
// attributes the study has. Every attribute a wording names must be a
// category attribute of attrs not tagged identifier: EINVALID otherwise
// for a study's own wording (the default skips what is missing).
func (s StudySettings) AttributionWording(attrs []*Attribute) ([]AttributionWord, error) {
	usable := func(slug string) (*Attribute, bool) {
		i := slices.IndexFunc(attrs, func(a *Attribute) bool { return a.Slug == slug })
		if i < 0 {
			return nil, false
		}
		a := attrs[i]
		return a, a.Type == AttrCategory && a.Tag != TagIdentifier
	}
	if len(s.Attribution) == 0 {
		var out []AttributionWord
		for _, w := range DefaultAttribution {
			if _, ok := usable(w.Attribute); ok {
				out = append(out, w)
			}
		}
		return out, nil
	}
	if err := validateAttribution(s.Attribution); err != nil {
		return nil, err
	}
	for _, w := range s.Attribution {
		if a, ok := usable(w.Attribute); !ok {
			if a == nil {
				return nil, Errorf(EINVALID, "study: attribution names %s, which is not an attribute of this study", w.Attribute)
			}
			return nil, Errorf(EINVALID, "study: attribution names %s, which is not a category attribute free of identifiers", w.Attribute)
		}
	}
	return s.Attribution, nil
}
