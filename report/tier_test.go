package report

import (
	"testing"

	"ownwords"
)

// TestApplyTier checks how an export tier shapes a team report: below
// full, a report showing an identifier attribute anywhere is refused; the
// de-identified report loses the swimlane chart, labelled with codes.
func TestApplyTier(t *testing.T) {
	ident := []string{"legal_name"}
	tests := []struct {
		name     string
		tier     ownwords.ExportTier
		rep      Report
		code     string
		swimlane bool // the swimlane survives
	}{
		{"ErrTabulated", ownwords.TierLimited, Report{Attributes: []*Table{{ID: "attributes.legal_name"}}}, ownwords.EFORBIDDEN, true},
		{"ErrGroupedBy", ownwords.TierDeidentified, Report{Groups: []Group{{Name: "x", Values: map[string]string{"legal_name": "x"}}}}, ownwords.EFORBIDDEN, true},
		{"ErrCrosstab", ownwords.TierDeidentified, Report{Crosstabs: []Crosstab{{Rows: "gender", Cols: "legal_name"}}}, ownwords.EFORBIDDEN, true},
		{"ErrMode", ownwords.TierLimited, Report{Modes: []ModeRow{{Attribute: "legal_name"}}}, ownwords.EFORBIDDEN, true},
		{"LimitedKeepsSwimlane", ownwords.TierLimited, Report{Attributes: []*Table{{ID: "attributes.gender"}}}, "", true},
		{"DeidentifiedDropsSwimlane", ownwords.TierDeidentified, Report{Groups: []Group{{Values: map[string]string{"gender": "woman"}}}}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := tt.rep
			rep.Timeline = &TimelineCharts{Swimlane: "<svg><text>P-0001</text></svg>"}
			err := applyTier(&rep, ident, tt.tier)
			if ownwords.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if got := rep.Timeline.Swimlane != ""; got != tt.swimlane {
				t.Fatalf("swimlane kept = %v, want %v", got, tt.swimlane)
			}
			if !tt.swimlane && len(rep.Notes) != 1 {
				t.Errorf("notes %v: the reader is not told the chart was left out", rep.Notes)
			}
		})
	}
}

// TestApplyTierWithholdsExactValues reads the study's attributes (held in
// memory: ApplyTier needs only an AttributeSource): at the de-identified
// tier a report showing a date or text attribute is refused (a mode or a
// group filter would show an exact date or free text); at the limited tier
// only identifiers are.
func TestApplyTierWithholdsExactValues(t *testing.T) {
	attrs := attributeList{
		{StudyID: "st", Slug: "joined_on", Type: ownwords.AttrDate},
		{StudyID: "st", Slug: "story", Type: ownwords.AttrText},
		{StudyID: "st", Slug: "alias", Type: ownwords.AttrCategory, Tag: ownwords.TagIdentifier, Values: []string{"x"}},
		{StudyID: "st", Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
	}
	for _, c := range []struct {
		slug    string
		tier    ownwords.ExportTier
		refused bool
	}{
		{"joined_on", ownwords.TierDeidentified, true},
		{"story", ownwords.TierDeidentified, true},
		{"alias", ownwords.TierDeidentified, true},
		{"gender", ownwords.TierDeidentified, false},
		{"joined_on", ownwords.TierLimited, false},
		{"story", ownwords.TierLimited, false},
		{"alias", ownwords.TierLimited, true},
		{"alias", ownwords.TierFull, false},
	} {
		rep := &Report{Plan: "p", Modes: []ModeRow{{Attribute: c.slug}}}
		err := ApplyTier(t.Context(), attrs, "st", rep, c.tier)
		if got := ownwords.ErrorCode(err) == ownwords.EFORBIDDEN; got != c.refused {
			t.Errorf("%s at %s: err %v, want refused %v", c.slug, c.tier, err, c.refused)
		}
	}
}
