package ownwords

import (
	"slices"
	"strings"
)

// ReferencePlan is the plan taken when a study has several and none is
// named.
const ReferencePlan = "reference"

// legacyPlans are plan names an earlier build used for other state (the
// blind-coding flags): never offered or picked as analysis plans.
var legacyPlans = []string{"blind-coding"}

// AnalysisPlans returns the plans of a study that are analysis plans, in
// the given order, leaving out the legacy entries.
func AnalysisPlans(plans []*Plan) []*Plan {
	return slices.DeleteFunc(slices.Clone(plans), func(p *Plan) bool { return slices.Contains(legacyPlans, p.Name) })
}

// PickPlan is the one rule every output uses to choose an analysis plan:
// the plan named (ENOTFOUND when the study has none of that name), or
// with no name the study's only plan, or the one named "reference".
// ENOTFOUND when the study has no plan; EINVALID when it has several and
// none is the reference, listing them.
func PickPlan(plans []*Plan, name string) (*Plan, error) {
	plans = AnalysisPlans(plans)
	names := make([]string, len(plans))
	for i, p := range plans {
		names[i] = p.Name
	}
	if name != "" {
		if i := slices.Index(names, name); i >= 0 {
			return plans[i], nil
		}
		if len(names) == 0 {
			return nil, Errorf(ENOTFOUND, "no analysis plan %q: the study has none yet (import one, or run `ownwords demo`)", name)
		}
		return nil, Errorf(ENOTFOUND, "no analysis plan %q: the study has %s", name, strings.Join(names, ", "))
	}
	switch i := slices.Index(names, ReferencePlan); {
	case len(plans) == 0:
		return nil, Errorf(ENOTFOUND, "the study has no analysis plan yet: import one (ownwords import PLAN.json) or run `ownwords demo`")
	case len(plans) == 1:
		return plans[0], nil
	case i >= 0:
		return plans[i], nil
	}
	return nil, Errorf(EINVALID, "the study has %d analysis plans (%s): choose one (--plan, or the plan menu)", len(plans), strings.Join(names, ", "))
}
