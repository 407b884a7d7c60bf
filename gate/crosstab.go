package gate

import (
	"context"
	"fmt"
	"slices"
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
	// Adjusted is the table's Fisher p adjusted for the family of tables
	// requested together (Crosstabs); AdjustedWithheld says why it is
	// absent when some of them withhold their tests.
	Adjusted         *stats.Adjusted `json:"adjusted,omitempty"`
	AdjustedWithheld string          `json:"adjusted_withheld,omitempty"`
}

// Crosstabs tabulates every request of reqs as Crosstab does (each
// audited, each refused as it would be alone) and, with two or more
// tests, adjusts their Fisher p-values for the family (Holm, Benjamini–
// Hochberg). The adjustment is withheld when any table withholds its
// tests (a public table with a suppressed cell): an adjusted p-value
// depends on every p-value of its family, so it would tell something of
// the hidden one. A table without a test (one non-empty row, say) is not
// part of the family.
func (g *Gate) Crosstabs(ctx context.Context, c Caller, reqs []CrosstabRequest) ([]*Crosstab, error) {
	var out []*Crosstab
	for _, req := range reqs {
		x, err := g.Crosstab(ctx, c, req)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	if len(out) < 2 {
		return out, nil
	}
	var ps []float64
	var tested []*Crosstab
	for _, x := range out {
		if x.Stats == nil {
			for _, y := range out {
				y.AdjustedWithheld = "adjusted p-values withheld: the tests of a table requested with this one are withheld (suppressed counts), and the adjustment depends on them"
			}
			return out, nil
		}
		if x.Stats.Fisher != nil {
			ps = append(ps, x.Stats.Fisher.P)
			tested = append(tested, x)
		}
	}
	if len(ps) < 2 {
		return out, nil
	}
	family := fmt.Sprintf("Fisher's exact p of the %d tested crosstabs requested together", len(ps))
	if out[0].Plan != "" {
		family += " (plan " + out[0].Plan + ")"
	}
	for k, adj := range stats.AdjustFamily(family, ps) {
		tested[k].Adjusted = &adj
	}
	return out, nil
}

// Crosstab tabulates req for c over the plan's analysis sample. The public
// table, which anyone may have, is one the plan's public report publishes
// (the plan's crosstabs, either way round), with the report's cells: it
// is suppressed jointly with every other table of that report (counts
// 1..k−1 and whatever would give them back), and carries no tests when a
// cell is hidden. Any other public crosstab is refused (EFORBIDDEN): its
// cells are about the people the report describes, and suppressed on its
// own it could show what the report hides. The team table (exact counts)
// needs an owner or analyst, and its attributes must be ones the export
// tier of c's role keeps (an analyst tabulates no identifier, text or
// date attribute). Errors: EINVALID (spec, plan), ENOTFOUND (plan),
// EUNAUTHORIZED, EFORBIDDEN. Audited.
func (g *Gate) Crosstab(ctx context.Context, c Caller, req CrosstabRequest) (*Crosstab, error) {
	if req.Rows == "" || req.Cols == "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "a crosstab needs rows and columns (an attribute slug or section/item each)")
	}
	audience, study, in, plan, err := g.aggregateInput(ctx, c, req.Audience, req.Plan, false, req.Rows, req.Cols)
	if err != nil {
		return nil, err
	}
	var out *Crosstab
	if audience == AudiencePublic {
		out, err = publicCrosstab(in, plan, req, study.Settings.DisclosureK)
	} else {
		out, err = teamCrosstab(in, plan, req)
	}
	if err != nil {
		return nil, err
	}
	out.Audience = audience
	if plan.Name != allPlan {
		out.Plan = plan.Name
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "crosstab."+audience, req.Rows+" x "+req.Cols, out.Plan); err != nil {
		return nil, err
	}
	return out, nil
}

// teamCrosstab tabulates req over the plan's sample with exact counts.
func teamCrosstab(in *analysis.Input, plan *analysis.Plan, req CrosstabRequest) (*Crosstab, error) {
	spec := analysis.CrosstabSpec{Rows: req.Rows, Cols: req.Cols}
	plan.Crosstabs, plan.Cooccurrence = []analysis.CrosstabSpec{spec}, nil
	res, err := analysis.Run(in, plan)
	if err != nil {
		return nil, err
	}
	ax := res.Crosstabs[0]
	out := &Crosstab{Rows: ax.Rows, Cols: ax.Cols, RowValues: ax.RowValues, ColValues: ax.ColValues, Excluded: &ax.Excluded, Stats: &ax.Stats}
	for _, row := range ax.Counts {
		cells := make([]*int, len(row))
		for col := range row {
			cells[col] = &row[col]
		}
		out.Counts = append(out.Counts, cells)
	}
	return out, nil
}

// publicCrosstab returns the crosstab req as the plan's public report
// publishes it, transposed when asked the other way round; EFORBIDDEN
// when the report publishes no such table. Excluded (participants
// missing a value) is shown only when the report gives it away anyway:
// the sample size less every row total shown.
func publicCrosstab(in *analysis.Input, plan *analysis.Plan, req CrosstabRequest, k int) (*Crosstab, error) {
	i := slices.IndexFunc(plan.Crosstabs, func(s analysis.CrosstabSpec) bool {
		return s.Rows == req.Rows && s.Cols == req.Cols || s.Rows == req.Cols && s.Cols == req.Rows
	})
	if i < 0 {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "a public crosstab is one the plan's public report publishes, suppressed with the rest of the report; plan %s has %s. "+
			"Add %s × %s to the plan's crosstabs, or ask for the team audience (exact counts) with an account that may have it", plan.Name, crosstabList(plan.Crosstabs), req.Rows, req.Cols)
	}
	res, rep, err := planPublicReport(in, plan, k)
	if err != nil {
		return nil, err
	}
	ax, t := res.Crosstabs[i], rep.Crosstabs[i].Table
	out := &Crosstab{Rows: ax.Rows, Cols: ax.Cols, RowValues: ax.RowValues, ColValues: ax.ColValues, Stats: rep.Crosstabs[i].Stats}
	shown := 0
	for r := range t.Rows {
		row := make([]*int, len(t.Rows[r].Cells))
		for col, cell := range t.Rows[r].Cells {
			if !cell.Suppressed {
				row[col] = &ax.Counts[r][col]
			}
		}
		out.Counts = append(out.Counts, row)
		if shown >= 0 && !t.RowTotals[r].Suppressed {
			shown += t.RowTotals[r].N
		} else {
			shown = -1
		}
	}
	if shown >= 0 {
		excluded := rep.SampleSize - shown
		out.Excluded = &excluded
	}
	if ax.Rows != req.Rows {
		out.transpose()
	}
	return out, nil
}

// transpose swaps the rows and columns of x.
func (x *Crosstab) transpose() {
	x.Rows, x.Cols = x.Cols, x.Rows
	x.RowValues, x.ColValues = x.ColValues, x.RowValues
	counts := make([][]*int, len(x.RowValues))
	for r := range counts {
		counts[r] = make([]*int, len(x.ColValues))
		for c := range counts[r] {
			counts[r][c] = x.Counts[c][r]
		}
	}
	x.Counts = counts
	if x.Stats == nil {
		return
	}
	// every count is shown: the tests, with row percentages this way round
	ints := make([][]int, len(counts))
	for r, row := range counts {
		for _, n := range row {
			ints[r] = append(ints[r], *n)
		}
	}
	if st, err := stats.NewCrosstab(x.RowValues, x.ColValues, ints); err == nil {
		x.Stats = &st
	} else {
		x.Stats = nil
	}
}

// crosstabList names the crosstabs of a plan for a message.
func crosstabList(specs []analysis.CrosstabSpec) string {
	if len(specs) == 0 {
		return "none"
	}
	var names []string
	for _, s := range specs {
		names = append(names, s.Rows+" × "+s.Cols)
	}
	return strings.Join(names, ", ")
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

// aggregateInput resolves an aggregate of the analysis input (a
// crosstab, a model): the audience c gets, the study, the input and the
// plan asked for (the public sees the default plan only), once the tier
// keeps every attribute in specs (byYear: dates shown as years only).
func (g *Gate) aggregateInput(ctx context.Context, c Caller, asked, planName string, byYear bool, specs ...string) (string, *ownwords.Study, *analysis.Input, *analysis.Plan, error) {
	audience, study, tier, err := g.aggregate(ctx, c, asked)
	if err != nil {
		return "", nil, nil, nil, err
	}
	in, err := analysis.Load(ctx, g.store, g.studyID)
	if err != nil {
		return "", nil, nil, nil, err
	}
	if err := tierKeeps(tier, in.Attributes, byYear, specs...); err != nil {
		return "", nil, nil, nil, err
	}
	if err := g.publicPlanOnly(ctx, audience, planName); err != nil {
		return "", nil, nil, nil, err
	}
	plan, err := g.analysisPlan(ctx, planName, true)
	if err != nil {
		return "", nil, nil, nil, err
	}
	return audience, study, in, plan, nil
}

// planPublicReport builds the public report of plan over in at threshold k,
// with its analysis result: the tables every other public output of the
// plan (a crosstab, curves by group) must agree with.
func planPublicReport(in *analysis.Input, plan *analysis.Plan, k int) (*analysis.Result, *report.Report, error) {
	res, err := analysis.Run(in, plan)
	if err != nil {
		return nil, nil, err
	}
	rep, err := report.Build(res, report.Options{Audience: report.AudiencePublic, K: k})
	if err != nil {
		return nil, nil, err
	}
	return res, rep, nil
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
