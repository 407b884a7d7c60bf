package gate

import (
	"context"
	"slices"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
)

// TimelineRequest asks for time-to-event curves.
type TimelineRequest struct {
	// Spec names the events and the grouping; its K is set by the gate.
	Spec analysis.SurvivalSpec
	// Plan names the analysis plan whose sample the curves describe; ""
	// picks it by ownwords.PickPlan (a study without any plan: everyone).
	Plan string
	// Audience is AudienceTeam, AudiencePublic or "" for the caller's own.
	Audience string
}

// Timeline is the answer: Public for the public audience, Team for the
// team; Plan is the plan whose sample it describes ("" for everyone).
type Timeline struct {
	Public *analysis.PublicSurvival
	Team   *analysis.SurvivalResult
	Plan   string
}

// Timeline computes Kaplan–Meier curves by group over the plan's analysis
// sample, like the report's charts. The public curves, which anyone may
// have, follow the report's rule (report.PublicSurvival, checked against
// the plan's public report as gate.Report builds it): the groups are shown
// all or none, only when every group (participants without a value
// included) has at least k participants and 0 or at least k events and
// censored participants, and the public report prints every group's size
// in its table of the attribute, else one curve of everyone. No group is
// merged, so none is a difference of sizes or events that other public
// outputs (the report's tables, crosstabs, other groupings) show. They
// come in yearly intervals, one grid for all groups, of 0 or at least k
// events per group, without at-risk or censoring counts. The team curves (exact months, every group) need an owner or analyst, grouped
// only by an attribute the export tier of c's role keeps. Errors: EINVALID
// (spec, plan), ENOTFOUND (plan), EUNAUTHORIZED, EFORBIDDEN. Audited.
func (g *Gate) Timeline(ctx context.Context, c Caller, req TimelineRequest) (*Timeline, error) {
	audience, study, tier, err := g.aggregate(ctx, c, req.Audience)
	if err != nil {
		return nil, err
	}
	in, err := analysis.LoadTimeline(ctx, g.store, g.studyID)
	if err != nil {
		return nil, err
	}
	spec := req.Spec
	if err := tierKeeps(tier, in.Attributes, true, spec.By); err != nil {
		return nil, err
	}
	if err := g.publicPlanOnly(ctx, audience, req.Plan); err != nil {
		return nil, err
	}
	plan, err := g.analysisPlan(ctx, req.Plan, true)
	if err != nil {
		return nil, err
	}
	out := &Timeline{}
	if plan.Name != allPlan {
		out.Plan = plan.Name
		if err := plan.Validate(in.Codebook, in.Attributes); err != nil {
			return nil, err
		}
	}
	var rep *report.Report
	if audience == AudiencePublic {
		// The tables of the plan's public report, whose printed group
		// sizes decide which groupings the curves may show.
		if _, rep, err = planPublicReport(in.Input, plan, study.Settings.DisclosureK); err != nil {
			return nil, err
		}
	}
	if plan.Name != allPlan {
		if err := sampleOnly(in, plan); err != nil {
			return nil, err
		}
	}
	tl, err := analysis.NewTimelines(in)
	if err != nil {
		return nil, err
	}
	if audience == AudiencePublic {
		var res *analysis.SurvivalResult
		if res, err = report.PublicSurvival(tl, spec, rep.K, rep); err == nil {
			out.Public = res.Public(rep.K)
		}
	} else {
		out.Team, err = tl.Survival(spec)
	}
	if err != nil {
		return nil, err
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "timeline."+audience, spec.From+"->"+spec.To, spec.By); err != nil {
		return nil, err
	}
	return out, nil
}

// sampleOnly cuts in down to the analysis sample of plan: its participants
// and their events.
func sampleOnly(in *analysis.TimelineInput, plan *analysis.Plan) error {
	sample, err := analysis.SampleOf(in.Input, plan)
	if err != nil {
		return err
	}
	inSample := make(map[string]bool, len(sample))
	for _, p := range sample {
		inSample[p.ID] = true
	}
	cut := *in.Input
	cut.Participants = sample
	in.Input = &cut
	in.Events = slices.DeleteFunc(slices.Clone(in.Events), func(e *ownwords.Event) bool { return !inSample[e.ParticipantID] })
	return nil
}
