package gate

import (
	"context"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
	"ownwords/stats"
)

// CrosstabRequest asks for a table of one attribute or item against
// another.
type CrosstabRequest struct {
	// Rows and Cols are each an attribute slug or an item "section/slug".
	Rows, Cols string
	// Plan names the analysis plan whose sample is tabulated; "" picks it
	// by ownwords.PickPlan (a study without any plan tabulates everyone).
	Plan string
	// Audience is AudienceTeam, AudiencePublic or "" for the caller's own.
	Audience string
}

// Crosstab is a crosstab as a caller gets it: labels, counts and the tests
// (nil when a public table had to suppress cells).
type Crosstab struct {
	Rows      string   `json:"rows"`
	Cols      string   `json:"cols"`
	RowValues []string `json:"row_values"`
	ColValues []string `json:"col_values"`
	// Counts are nil where suppressed.
	Counts [][]*int `json:"counts"`
	// Excluded counts the participants with a missing value; nil when
	// suppressed (1..k−1 in the public audience).
	Excluded *int            `json:"excluded"`
	Audience string          `json:"audience"`
	Plan     string          `json:"plan,omitempty"`
	Stats    *stats.Crosstab `json:"stats"`
}

// Crosstab tabulates req for c over the plan's analysis sample. The public
// table, which anyone may have, suppresses counts 1..k−1 (with
// complementary suppression) and withholds the tests then. The team
// table (exact counts) needs an owner or analyst, and its attributes must
// be ones the export tier of c's role keeps (an analyst tabulates no
// identifier, text or date attribute). Errors: EINVALID (spec, plan),
// ENOTFOUND (plan), EUNAUTHORIZED, EFORBIDDEN. Audited.
func (g *Gate) Crosstab(ctx context.Context, c Caller, req CrosstabRequest) (*Crosstab, error) {
	if req.Rows == "" || req.Cols == "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "a crosstab needs rows and columns (an attribute slug or section/item each)")
	}
	audience, study, tier, err := g.aggregate(ctx, c, req.Audience)
	if err != nil {
		return nil, err
	}
	in, err := analysis.Load(ctx, g.store, g.studyID)
	if err != nil {
		return nil, err
	}
	if err := tierKeeps(tier, in.Attributes, false, req.Rows, req.Cols); err != nil {
		return nil, err
	}
	plan, err := g.analysisPlan(ctx, req.Plan, true)
	if err != nil {
		return nil, err
	}
	spec := analysis.CrosstabSpec{Rows: req.Rows, Cols: req.Cols}
	plan.Crosstabs, plan.Cooccurrence = []analysis.CrosstabSpec{spec}, nil
	res, err := analysis.Run(in, plan)
	if err != nil {
		return nil, err
	}
	rep, err := report.Build(res, report.Options{Audience: audience, K: study.Settings.DisclosureK})
	if err != nil {
		return nil, err
	}
	ax, rx := res.Crosstabs[0], rep.Crosstabs[0]
	out := &Crosstab{Rows: ax.Rows, Cols: ax.Cols, RowValues: ax.RowValues, ColValues: ax.ColValues,
		Audience: audience, Stats: rx.Stats}
	if plan.Name != allPlan {
		out.Plan = plan.Name
	}
	// A small count of participants with a missing value is suppressed too.
	if audience != AudiencePublic || ax.Excluded == 0 || ax.Excluded >= res.DisclosureK {
		out.Excluded = &ax.Excluded
	}
	for r := range ax.Counts {
		row := make([]*int, len(ax.Counts[r]))
		for col := range ax.Counts[r] {
			if cell := rx.Table.Rows[r].Cells[col]; !cell.Suppressed {
				n := ax.Counts[r][col]
				row[col] = &n
			}
		}
		out.Counts = append(out.Counts, row)
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "crosstab."+audience, req.Rows+" x "+req.Cols, out.Plan); err != nil {
		return nil, err
	}
	return out, nil
}

// aggregate resolves who asks for an aggregate (a crosstab, curves): the
// audience c gets, the study, and the tier the attributes it shows are
// checked against — c's export tier for the team, the de-identified tier
// for the public, since a public table is never more revealing than a
// de-identified one (a suppressed count does not hide the value that
// labels its row).
func (g *Gate) aggregate(ctx context.Context, c Caller, asked string) (string, *ownwords.Study, ownwords.ExportTier, error) {
	audience, err := c.audience(asked)
	if err != nil {
		return "", nil, "", err
	}
	study, err := g.study(ctx)
	if err != nil {
		return "", nil, "", err
	}
	tier := ownwords.TierDeidentified
	if audience == AudienceTeam {
		if tier, err = c.exportTier(study, "", ownwords.TierDeidentified); err != nil {
			return "", nil, "", err
		}
	}
	return audience, study, tier, nil
}

// allPlan names the plan of a study without any: everyone, one group.
const allPlan = "(all participants)"

// analysisPlan parses the analysis plan picked by name (ownwords.PickPlan).
// With orAll, a study without any plan (and no name asked) gets a plan of
// everyone in one group, as crosstabs and timelines of a fresh study need.
func (g *Gate) analysisPlan(ctx context.Context, name string, orAll bool) (*analysis.Plan, error) {
	stored, err := g.store.Plans(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	if orAll && name == "" && len(ownwords.AnalysisPlans(stored)) == 0 {
		return &analysis.Plan{Name: allPlan, Groups: []analysis.Group{{Name: "all", Filter: map[string]string{}}}}, nil
	}
	p, err := ownwords.PickPlan(stored, name)
	if err != nil {
		return nil, err
	}
	return analysis.ParsePlan(p.Body)
}

// tierKeeps refuses specs naming an attribute an output at tier leaves
// out and, at the de-identified tier, a date attribute unless the output
// shows dates as years (byYear: a timeline grouped by a date's year).
func tierKeeps(tier ownwords.ExportTier, attrs []*ownwords.Attribute, byYear bool, specs ...string) error {
	for _, s := range specs {
		if strings.Contains(s, "/") {
			continue // an item: a count of codings, no attribute value
		}
		for _, a := range attrs {
			if a.Slug != s {
				continue
			}
			if !tier.KeepsAttribute(a) || tier == ownwords.TierDeidentified && a.Type == ownwords.AttrDate && !byYear {
				return ownwords.Errorf(ownwords.EFORBIDDEN, "%s: an output at your export tier (%s) leaves this attribute out", s, tier)
			}
		}
	}
	return nil
}
