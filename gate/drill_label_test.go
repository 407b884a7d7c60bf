package gate

import (
	"testing"

	"ownwords"
	"ownwords/analysis"
)

func TestFigureLabel(t *testing.T) {
	cb := ownwords.NewCodebook("s", 1, []*ownwords.Code{
		{ID: "sec", Slug: "experienced", Label: "Atrocities experienced"},
		{ID: "imp", ParentID: "sec", Slug: "imprisoned_by_isis", Label: "Imprisoned by ISIS"},
		{ID: "tor", ParentID: "sec", Slug: "tortured"},
	})
	res := &analysis.Result{Attributes: []analysis.AttributeInfo{{Slug: "gender", Label: "Gender"}, {Slug: "origin"}}}
	for _, tt := range []struct {
		name, section, item, want string
	}{
		{"CodeLabel", "experienced", "imprisoned_by_isis", "Imprisoned by ISIS"},
		{"CodeWithoutLabelShowsSlug", "experienced", "tortured", "tortured"},
		{"AttributeLabel", "attributes.gender", "woman", "Gender = woman"},
		{"AttributeWithoutLabel", "attributes.origin", "local", "origin = local"},
		{"MissingValue", "attributes.gender", "", "Gender = missing"},
		{"UnknownFigure", "sample", "participants", "sample/participants"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := figureLabel(res, cb, tt.section, tt.item); got != tt.want {
				t.Errorf("figureLabel(%q, %q) = %q, want %q", tt.section, tt.item, got, tt.want)
			}
		})
	}
}
