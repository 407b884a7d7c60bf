package report

import (
	"context"
	"slices"

	"ownwords"
)

// AttributeSource lists a study's attributes; ApplyTier reads their types
// and tags. An ownwords.Services (a store) is one.
type AttributeSource interface {
	Attributes(ctx context.Context, studyID string) ([]*ownwords.Attribute, error)
}

// ApplyTier applies an export tier to a built team report. A report that
// shows (tabulated, grouped by, crosstabbed or as a mode) an attribute the
// tier leaves out is refused: the plan, not the export, would have to
// change. Below full that is an identifier attribute; at the de-identified
// tier also a text attribute (free text) and a date attribute (a mode or a
// group filter would show an exact date). A de-identified report also loses the
// swimlane chart, whose lanes are labelled with participant codes (its
// quotes were never read).
func ApplyTier(ctx context.Context, st AttributeSource, studyID string, rep *Report, tier ownwords.ExportTier) error {
	if tier == ownwords.TierFull {
		return nil
	}
	withheld, err := withheldAt(ctx, st, studyID, tier)
	if err != nil {
		return err
	}
	return applyTier(rep, withheld, tier)
}

// CheckPublic refuses a public report that shows an attribute the
// de-identified tier leaves out (an identifier, free text, a date): a
// public output is never more revealing than a de-identified export, and
// suppressing a row's count does not hide the value that labels it.
func CheckPublic(ctx context.Context, st AttributeSource, studyID string, rep *Report) error {
	withheld, err := withheldAt(ctx, st, studyID, ownwords.TierDeidentified)
	if err != nil {
		return err
	}
	for _, slug := range withheld {
		if reportShows(rep, slug) {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "the plan %s shows the attribute %s, which a public output leaves out (an identifier, free text or a date): use a plan without it", rep.Plan, slug)
		}
	}
	return nil
}

// withheldAt lists the attributes an output at tier leaves out.
func withheldAt(ctx context.Context, st AttributeSource, studyID string, tier ownwords.ExportTier) ([]string, error) {
	attrs, err := st.Attributes(ctx, studyID)
	if err != nil {
		return nil, err
	}
	var withheld []string
	for _, a := range attrs {
		if !tier.KeepsAttribute(a) || tier == ownwords.TierDeidentified && a.Type == ownwords.AttrDate {
			withheld = append(withheld, a.Slug)
		}
	}
	return withheld, nil
}

// applyTier is ApplyTier once the attributes the tier leaves out are known.
func applyTier(rep *Report, withheld []string, tier ownwords.ExportTier) error {
	for _, slug := range withheld {
		if reportShows(rep, slug) {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "the plan %s shows the attribute %s, which an export at tier %s leaves out: use a plan without it, or an account at a higher tier", rep.Plan, slug, tier)
		}
	}
	if tier == ownwords.TierDeidentified && rep.Timeline != nil && rep.Timeline.Swimlane != "" {
		rep.Timeline.Swimlane = ""
		rep.Notes = append(rep.Notes, "De-identified export: the swimlane chart, which labels participants by code, is left out.")
	}
	return nil
}

// reportShows reports whether the report shows values of attribute slug.
func reportShows(rep *Report, slug string) bool {
	for _, g := range rep.Groups {
		if _, ok := g.Values[slug]; ok {
			return true
		}
	}
	for _, t := range rep.Attributes {
		if t.ID == "attributes."+slug {
			return true
		}
	}
	for _, c := range rep.Crosstabs {
		if c.Rows == slug || c.Cols == slug {
			return true
		}
	}
	if rep.Timeline != nil && slices.Contains(rep.Timeline.By, slug) {
		return true // curves labelled by its values
	}
	return slices.ContainsFunc(rep.Modes, func(m ModeRow) bool { return m.Attribute == slug })
}
