package disclosure

import (
	"slices"
	"testing"

	"ownwords"
)

func TestParseRelation(t *testing.T) {
	tests := []struct {
		name, in string
		want     Relation
	}{
		{"OK", "all = men + women", Relation{"all", []string{"men", "women"}}},
		{"OKTight", "men=local_men+foreign_men", Relation{"men", []string{"local_men", "foreign_men"}}},
		{"OKOnePart", " returnees = returnees_2019 ", Relation{"returnees", []string{"returnees_2019"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRelation(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != tt.want.Total || !slices.Equal(got.Parts, tt.want.Parts) {
				t.Errorf("ParseRelation(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
	for _, in := range []string{"all", "= men + women", "all = ", "all = men + men", "all = all + men", "all = men + + women", "a = b = c"} {
		t.Run("Err/"+in, func(t *testing.T) {
			if _, err := ParseRelation(in); ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("ParseRelation(%q): %v, want EINVALID", in, err)
			}
		})
	}
}

func FuzzParseRelation(f *testing.F) {
	for _, s := range []string{"all = men + women", "a=b", "x = y + z + w", "= +", "a = a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rel, err := ParseRelation(s)
		if err != nil {
			return
		}
		again, err := ParseRelation(rel.String())
		if err != nil || again.Total != rel.Total || !slices.Equal(again.Parts, rel.Parts) {
			t.Errorf("%q parses to %v, whose String %q parses to %v, %v", s, rel, rel.String(), again, err)
		}
	})
}
