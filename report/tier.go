package report

import (
	"context"
	"slices"

	"ownwords"
)

// ApplyTier applies an export tier to a built team report. Below the
// full tier a report that shows an identifier attribute (tabulated,
// grouped by, crosstabbed or as a mode) is refused: the plan, not the
// export, would have to change. A de-identified report also loses the
// swimlane chart, whose lanes are labelled with participant codes (its
// quotes were never read).
func ApplyTier(ctx context.Context, st ownwords.Store, studyID string, rep *Report, tier ownwords.ExportTier) error {
	if tier == ownwords.TierFull {
		return nil
	}
	attrs, err := st.Attributes(ctx, studyID)
	if err != nil {
		return err
	}
	var identifiers []string
	for _, a := range attrs {
		if a.Tag == ownwords.TagIdentifier {
			identifiers = append(identifiers, a.Slug)
		}
	}
	return applyTier(rep, identifiers, tier)
}

// applyTier is ApplyTier once the identifier attributes are known.
func applyTier(rep *Report, identifiers []string, tier ownwords.ExportTier) error {
	for _, slug := range identifiers {
		if reportShows(rep, slug) {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "the plan %s shows the identifier attribute %s, which an export at tier %s leaves out: use a plan without it, or an account at tier full", rep.Plan, slug, tier)
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
	return slices.ContainsFunc(rep.Modes, func(m ModeRow) bool { return m.Attribute == slug })
}
