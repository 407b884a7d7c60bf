package gate

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
)

// ReportRequest asks for the study report.
type ReportRequest struct {
	// Plan names the analysis plan; "" picks it by ownwords.PickPlan.
	Plan string
	// Audience is AudienceTeam, AudiencePublic, or "" for the caller's own
	// (Caller.Audience).
	Audience string
	// Tier lowers the export tier a team report is shaped by ("" keeps the
	// caller's); the public report is the same for everyone and takes none.
	Tier string
	// Via says where the report goes, for the audit entry: ViaPage (read
	// in the workbench) or ViaDocument (printed, written to a file or
	// downloaded: it leaves the study).
	Via Via
	// Format names the document format, for the audit entry.
	Format string
}

// Via is where an output goes.
type Via int

// Where outputs go.
const (
	// ViaDocument: the output leaves the study as a document (printed on a
	// terminal, written to a file, downloaded).
	ViaDocument Via = iota
	// ViaPage: the output is read on a workbench page.
	ViaPage
)

// Report is the report a caller gets, with what the front ends show
// around it. Report and Result are read only: a caching gate (EnableCache)
// hands the same ones to every request with the same plan, audience, tier
// and quotes.
type Report struct {
	*report.Report
	// Result is the analysis behind the report (for the web's links).
	Result *analysis.Result
	// Plan is the plan used; Plans every analysis plan of the study.
	Plan  string
	Plans []string
	// Tier is the export tier a team report was shaped by ("" for public).
	Tier ownwords.ExportTier
	// Drill says whether c may drill from a figure to what stands behind
	// it (Gate.Drill), QuoteBank whether c may open a figure's quote bank
	// (Gate.Quotes): the links a page offers.
	Drill, QuoteBank bool
}

// Report builds the study report for c. Everyone, the public included,
// may have the public report (counts 1..k−1 suppressed, with
// complementary suppression). The team report (exact counts) needs an
// owner or analyst and is shaped by the export tier of c's role wherever
// it appears, page or document: a report on a screen is one screenshot
// from a file. A tier of none refuses it.
//
// Quotes: the team report carries quotes only for roles that read text at
// a tier that keeps free text. The public report carries none: quotes
// leave the study publicly only through quote publication, whose exact
// text a second owner approves (see Gate.RequestPublication).
//
// Errors: EUNAUTHORIZED (public asks for team), EFORBIDDEN (role or tier),
// ENOTFOUND / EINVALID (plan: see ownwords.PickPlan). Every report is
// audited with its plan, audience and tier.
func (g *Gate) Report(ctx context.Context, c Caller, req ReportRequest) (*Report, error) {
	audience, err := c.audience(req.Audience)
	if err != nil {
		return nil, err
	}
	team := audience == AudienceTeam
	if !team && req.Tier != "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "a tier applies to the team audience; the public report is the same for everyone")
	}
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	out := &Report{Drill: team, QuoteBank: c.SeesText()}
	if err := g.publicPlanOnly(ctx, audience, req.Plan); err != nil {
		return nil, err
	}
	if out.Plan, out.Plans, err = g.pickPlan(ctx, req.Plan); err != nil {
		return nil, err
	}
	opt := report.StudyOptions{Plan: out.Plan, Options: report.Options{Audience: audience}}
	if team {
		if out.Tier, err = c.exportTier(study, req.Tier, ownwords.TierDeidentified); err != nil {
			return nil, err
		}
		opt.WithQuotes = c.SeesText() && out.Tier.KeepsFreeText()
	}
	// The report is shaped by nothing else of c's than audience, tier and
	// quotes (opt, out.Tier): a caching gate keeps it under those.
	if out.Report, out.Result, err = g.buildReport(ctx, opt, out.Tier); err != nil {
		return nil, err
	}
	action, detail := "report."+audience, req.Format
	if req.Via == ViaPage {
		action, detail = "report.view", audience
	}
	if out.Tier != "" {
		detail += ", tier " + string(out.Tier)
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, action, out.Plan, detail); err != nil {
		return nil, err
	}
	return out, nil
}

// pickPlan picks the analysis plan named (or the default one) by the one
// rule every output uses, and lists the study's analysis plans.
func (g *Gate) pickPlan(ctx context.Context, name string) (string, []string, error) {
	stored, err := g.store.Plans(ctx, g.studyID)
	if err != nil {
		return "", nil, err
	}
	var names []string
	for _, p := range ownwords.AnalysisPlans(stored) {
		names = append(names, p.Name)
	}
	p, err := ownwords.PickPlan(stored, name)
	if err != nil {
		return "", names, err
	}
	return p.Name, names, nil
}

// Plans lists the study's analysis plans and the one taken when none is
// named ("" with an error when there is none, or several and no
// reference): what a plan menu offers.
func (g *Gate) Plans(ctx context.Context, want string) (names []string, picked string, err error) {
	picked, names, err = g.pickPlan(ctx, want)
	return names, picked, err
}

// ReportTitle describes a report for summaries: "the public report (md)",
// "the team report (html) at tier deidentified".
func ReportTitle(r *Report, format string) string {
	if r.Tier != "" {
		return fmt.Sprintf("the team report (%s) at tier %s", format, r.Tier)
	}
	return fmt.Sprintf("the %s report (%s)", r.Audience, format)
}

// publicPlanOnly refuses, for the public audience, every plan but the
// study's default one (ownwords.PickPlan without a name: the only plan,
// or "reference"). Public outputs of two plans whose samples differ by a
// few participants subtract to those few (group sizes, item counts, the
// curves), and suppression within each cannot see the other, so the
// public sees one plan; the team audience sees any.
func (g *Gate) publicPlanOnly(ctx context.Context, audience, name string) error {
	if audience != AudiencePublic || name == "" {
		return nil
	}
	stored, err := g.store.Plans(ctx, g.studyID)
	if err != nil {
		return err
	}
	if _, err := ownwords.PickPlan(stored, name); err != nil {
		return err // an unknown plan is ENOTFOUND for everyone
	}
	def, err := ownwords.PickPlan(stored, "")
	if err != nil {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "the public sees one analysis plan: name one plan %q (outputs of two plans about nearly the same people would subtract to the few between them)", ownwords.ReferencePlan)
	}
	if def.Name != name {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "the public sees the study's %s plan only, not %s: outputs of two plans about nearly the same people would subtract to the few between them; ask for the team audience with an account that may have it", def.Name, name)
	}
	return nil
}
