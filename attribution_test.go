package ownwords_test

import (
	"fmt"
	"testing"

	"ownwords"
)

// TestAttributionWording checks the wording quote attributions use: the
// default for the attributes a study has, or the study's own, which
// Validate checks on its own terms and AttributionWording against the
// study's attributes.
func TestAttributionWording(t *testing.T) {
	cat := func(slug, tag string) *ownwords.Attribute {
		return &ownwords.Attribute{Slug: slug, Type: ownwords.AttrCategory, Tag: tag}
	}
	attrs := []*ownwords.Attribute{cat("gender", ""), cat("status", ""), cat("alias", ownwords.TagIdentifier),
		{Slug: "age", Type: ownwords.AttrInteger}, {Slug: "origin", Type: ownwords.AttrText}}
	noun := func(slug string) ownwords.AttributionWord {
		return ownwords.AttributionWord{Attribute: slug, Role: ownwords.AttributionNoun}
	}
	adj := func(slug string) ownwords.AttributionWord {
		return ownwords.AttributionWord{Attribute: slug, Role: ownwords.AttributionAdjective}
	}
	tests := []struct {
		name     string
		words    []ownwords.AttributionWord
		want     string // fmt of the wording; "" with an error
		validate string // Validate's error code
		use      string // AttributionWording's error code
	}{
		{name: "DefaultSkipsMissingAndNonCategory", want: "[{gender noun map[]} {status apposition map[]}]"},
		{name: "OwnWording", words: []ownwords.AttributionWord{adj("gender"), noun("status")}, want: "[{gender adjective map[]} {status noun map[]}]"},
		{name: "OwnWords", words: []ownwords.AttributionWord{{Attribute: "status", Role: ownwords.AttributionNoun, Words: map[string]string{"prisoner": "detainee"}}},
			want: "[{status noun map[prisoner:detainee]}]"},
		{name: "ErrIdentifier", words: []ownwords.AttributionWord{noun("alias")}, use: ownwords.EINVALID},
		{name: "ErrNotCategory", words: []ownwords.AttributionWord{adj("age")}, use: ownwords.EINVALID},
		{name: "ErrUnknownAttribute", words: []ownwords.AttributionWord{adj("region")}, use: ownwords.EINVALID},
		{name: "ErrTwoNouns", words: []ownwords.AttributionWord{noun("gender"), noun("status")}, validate: ownwords.EINVALID},
		{name: "ErrTwice", words: []ownwords.AttributionWord{adj("gender"), noun("gender")}, validate: ownwords.EINVALID},
		{name: "ErrRole", words: []ownwords.AttributionWord{{Attribute: "gender", Role: "verb"}}, validate: ownwords.EINVALID},
		{name: "ErrSlug", words: []ownwords.AttributionWord{adj("Gender!")}, validate: ownwords.EINVALID},
		{name: "ErrEmptyWord", words: []ownwords.AttributionWord{{Attribute: "gender", Role: ownwords.AttributionNoun, Words: map[string]string{"man": " "}}},
			validate: ownwords.EINVALID},
		{name: "ErrTooMany", words: func() (out []ownwords.AttributionWord) {
			for i := range 9 {
				out = append(out, adj(fmt.Sprintf("a%d", i)))
			}
			return out
		}(), validate: ownwords.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &ownwords.Study{Name: "S", Settings: ownwords.StudySettings{Attribution: tt.words}}
			if err := s.Validate(); ownwords.ErrorCode(err) != tt.validate && (err != nil || tt.validate != "") {
				t.Fatalf("Validate: %v, want %q", err, tt.validate)
			}
			got, err := s.Settings.AttributionWording(attrs)
			want := tt.use
			if want == "" {
				want = tt.validate
			}
			if code := ownwords.ErrorCode(err); (err != nil || want != "") && code != want {
				t.Fatalf("AttributionWording: %v, want %q", err, want)
			}
			if err == nil && fmt.Sprint(got) != tt.want {
				t.Errorf("wording %v, want %s", got, tt.want)
			}
		})
	}
}
