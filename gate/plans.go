package gate

import (
	"context"

	"ownwords"
	"ownwords/analysis"
)

// Analysis plans as the study keeps them: listing, saving (importing a
// plan file) and deleting.
//
// A plan decides what the study's outputs publish: its sample, sections,
// groups and crosstabs, and the default plan is the only one the public
// sees. Saving, replacing or deleting one is therefore an owner's
// decision, taken by the rule that governs the study's accounts (see
// administers): an owner of the study; on an embedded study file the key
// holder too (the passphrase opens everything in the file); on a team
// server the key holder only while the study has no owner yet. Other
// roles are refused (EFORBIDDEN), as are the public and a team server's
// key holder once the study has an owner (EUNAUTHORIZED). Listing the
// plans' names is for every member and the key holder: the workbench's
// plan menu shows them to every role.

// mayEditPlans checks that c may save or delete the study's analysis
// plans, whose members are ms.
func (g *Gate) mayEditPlans(c Caller, ms []*ownwords.Membership) error {
	return g.ownerOrFounder(c, ms, "the study's analysis plans", "changing the study's analysis plans")
}

// PlanInfo describes one analysis plan of the study, for a listing.
type PlanInfo struct {
	Name string `json:"name"`
	// Default marks the plan taken when none is named (the only plan, or
	// "reference"): the one public outputs use.
	Default bool `json:"default"`
	// Groups are the report's columns; Sections the codebook sections
	// reported (empty: every section).
	Groups   []string `json:"groups"`
	Sections []string `json:"sections"`
	// Crosstabs counts the crosstabs the plan publishes.
	Crosstabs int `json:"crosstabs"`
	// Invalid says why a stored plan does not parse ("" when it does).
	Invalid string `json:"invalid,omitempty"`
}

// ListPlans lists the study's analysis plans by name. EUNAUTHORIZED for
// the public.
func (g *Gate) ListPlans(ctx context.Context, c Caller) ([]PlanInfo, error) {
	if !c.keyHolder && c.User == nil {
		return nil, c.forbid("the list of analysis plans")
	}
	stored, err := g.store.Plans(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	stored = ownwords.AnalysisPlans(stored)
	def, _ := ownwords.PickPlan(stored, "")
	out := make([]PlanInfo, len(stored))
	for i, s := range stored {
		out[i] = PlanInfo{Name: s.Name, Default: def != nil && def.Name == s.Name, Groups: []string{}, Sections: []string{}}
		p, err := analysis.ParsePlan(s.Body)
		if err != nil {
			out[i].Invalid = ownwords.ErrorMessage(err)
			continue
		}
		for _, gr := range p.Groups {
			out[i].Groups = append(out[i].Groups, gr.Name)
		}
		out[i].Sections = append(out[i].Sections, p.Sections...)
		out[i].Crosstabs = len(p.Crosstabs)
	}
	return out, nil
}

// SavePlans validates plans, read from the plan file file, against the
// study's codebook and attributes and saves them in tx (the transaction of
// an import), replacing plans of the same names only when replace is set
// (analysis.SavePlans). c must be allowed to edit the study's plans (see
// above); the store audits "plan.save" with c as the actor.
// EUNAUTHORIZED, EFORBIDDEN, EINVALID, ECONFLICT.
func (g *Gate) SavePlans(ctx context.Context, c Caller, tx ownwords.Services, file string, plans []*analysis.Plan, replace bool) (analysis.PlanCounts, error) {
	ms, err := tx.Memberships(ctx, g.studyID)
	if err != nil {
		return analysis.PlanCounts{}, err
	}
	if err := g.mayEditPlans(c, ms); err != nil {
		return analysis.PlanCounts{}, err
	}
	for _, p := range plans {
		if len(ownwords.AnalysisPlans([]*ownwords.Plan{{Name: p.Name}})) == 0 {
			return analysis.PlanCounts{}, ownwords.Errorf(ownwords.EINVALID, "%s: plan %s: the name is reserved for the study's own state; rename the plan in the file", file, p.Name)
		}
	}
	return analysis.SavePlans(c.adminCtx(ctx), tx, g.studyID, file, plans, replace)
}

// DeletePlan deletes the study's analysis plan name; the store audits
// "plan.delete" with c as the actor. It returns the plan now taken when
// none is named ("" when there is none, or several and no "reference").
// EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (g *Gate) DeletePlan(ctx context.Context, c Caller, name string) (string, error) {
	ctx = c.adminCtx(ctx)
	var next string
	err := g.store.Update(ctx, func(tx ownwords.Services) error {
		ms, err := tx.Memberships(ctx, g.studyID)
		if err != nil {
			return err
		}
		if err := g.mayEditPlans(c, ms); err != nil {
			return err
		}
		stored, err := tx.Plans(ctx, g.studyID)
		if err != nil {
			return err
		}
		// Legacy entries are not analysis plans: PickPlan does not find them.
		if _, err := ownwords.PickPlan(stored, name); err != nil {
			return err
		}
		if err := tx.DeletePlan(ctx, g.studyID, name); err != nil {
			return err
		}
		if rest, err := tx.Plans(ctx, g.studyID); err != nil {
			return err
		} else if p, err := ownwords.PickPlan(rest, ""); err == nil {
			next = p.Name
		}
		return nil
	})
	return next, err
}
