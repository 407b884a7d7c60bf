package gate

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
)

// ModelRequest asks for a logistic regression of an item on attributes.
type ModelRequest struct {
	Spec analysis.ModelSpec
	// Plan names the analysis plan whose sample is modelled; "" picks it
	// by ownwords.PickPlan (a study without any plan: everyone).
	Plan string
	// Audience is AudienceTeam, AudiencePublic or "" for the caller's own.
	Audience string
}

// Model is a model as a caller gets it.
type Model struct {
	*analysis.ModelResult
	Audience string `json:"audience"`
	Plan     string `json:"plan,omitempty"`
}

// Model fits the logistic regression req.Spec over the plan's analysis
// sample. The team model (every predictor, exact counts) needs an owner
// or analyst, and its predictors must be attributes the export tier of
// c's role keeps (dates enter as years, as in a de-identified export).
//
// A public model must disclose nothing the plan's public report does not:
// a model's estimates, standard errors and deviances give back the counts
// they are computed from (one categorical predictor's estimate and
// standard error are the log odds and √(1/a + 1/b) of its cells, which
// solve for a and b). So a public model is allowed only when it is a
// function of counts the public report publishes: every predictor is
// categorical (a number's coefficient depends on individual values, not
// on cells), and for every combination of the predictors' levels the
// report has a group of exactly that filter whose size and count of the
// outcome item it prints, unsuppressed. Those counts are what the
// likelihood depends on, so the model adds no count the report does not
// print, and no difference with another public output that the report's
// joint suppression has not already considered. Besides, each level's
// and each combination's participants with and without the code must be
// 0 or at least k. The public model carries no per-predictor missing
// counts (the dropped total is the sample size less the published
// groups). Errors: EINVALID (spec, plan, separation, too few events per
// parameter), ENOTFOUND (plan), EUNAUTHORIZED, EFORBIDDEN. Audited.
func (g *Gate) Model(ctx context.Context, c Caller, req ModelRequest) (*Model, error) {
	audience, study, in, plan, err := g.aggregateInput(ctx, c, req.Audience, req.Plan, true, req.Spec.Predictors...)
	if err != nil {
		return nil, err
	}
	res, err := analysis.Model(in, plan, req.Spec)
	if audience == AudiencePublic {
		// Every public refusal is one fixed message: the model's own
		// (separation, events per parameter, a level's count) and the
		// checks below name levels and counts of people the report may
		// not print ("all of the participants with religious_background =
		// raised_shia (1) have …"), and which check failed is a yes/no
		// on counts the report suppresses. The team audience gets the
		// reasons.
		if err == nil {
			err = publicModel(in, plan, res, study.Settings.DisclosureK)
		}
		if err != nil {
			return nil, errPublicModel
		}
		res.MissingBy = nil
	}
	if err != nil {
		return nil, err
	}
	out := &Model{ModelResult: res, Audience: audience}
	if plan.Name != allPlan {
		out.Plan = plan.Name
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "model."+audience, req.String(), out.Plan); err != nil {
		return nil, err
	}
	return out, nil
}

// errPublicModel is every refusal of a public model (see Gate.Model).
var errPublicModel = ownwords.Errorf(ownwords.EFORBIDDEN, "this model cannot be public: a public model must be a function of counts the plan's public report prints "+
	"(categorical predictors whose every combination of levels is a group of the report, with its size and the item's count shown, "+
	"and 0 or at least k participants with and without the item in each) and must fit without separation and with enough events per parameter; "+
	"ask for the team audience (an owner or analyst) for the reasons")

// publicModel refuses (EFORBIDDEN) a model that is not a function of the
// counts the plan's public report prints (see Gate.Model).
func publicModel(in *analysis.Input, plan *analysis.Plan, res *analysis.ModelResult, k int) error {
	for _, p := range res.Predictors {
		if p.Kind != analysis.KindCategorical {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "a public model has categorical predictors only: %s is numeric, and a coefficient of a number depends on individual values, not on counts the report publishes; ask for the team audience", p.Slug)
		}
		for _, l := range p.Levels {
			if l.Events < k || l.N-l.Events < k {
				return ownwords.Errorf(ownwords.EFORBIDDEN, "a public model needs at least %d participants with and without %s in every level: %s = %s has fewer", k, res.Outcome, p.Slug, l.Value)
			}
		}
	}
	_, rep, err := planPublicReport(in, plan, k)
	if err != nil {
		return err
	}
	section, item, _ := strings.Cut(res.Outcome, "/")
	var table *report.Table
	for _, s := range rep.Sections {
		if s.Slug == section {
			table = s.Table
		}
	}
	row := -1
	if table != nil {
		for r, rw := range table.Rows {
			if rw.Key == item {
				row = r
			}
		}
	}
	if row < 0 {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "a public model is one of an item the plan's public report publishes; plan %s does not report %s", plan.Name, res.Outcome)
	}
	attrs := map[string]*ownwords.Attribute{}
	for _, a := range in.Attributes {
		attrs[a.Slug] = a
	}
	cells := map[string]analysis.ModelCell{}
	for _, c := range res.Cells {
		cells[strings.Join(c.Values, "\x00")] = c
	}
	for _, combo := range levelCombinations(res.Predictors) {
		want := map[string]string{}
		var desc []string
		for j, p := range res.Predictors {
			want[p.Slug] = combo[j]
			desc = append(desc, p.Slug+" = "+combo[j])
		}
		col := -1
		for ci, column := range table.Columns {
			if sameFilter(attrs, column.Filter, want) {
				col = ci
			}
		}
		if col < 0 {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "a public model is a function of counts the public report prints, group by group: plan %s has no group of exactly %s (add one to the plan, or ask for the team audience)", plan.Name, strings.Join(desc, ", "))
		}
		cell := table.Rows[row].Cells[col]
		if cell.Suppressed || cell.DenominatorSuppressed {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "a public model is a function of counts the public report prints: the report suppresses %s in group %s (%s), so the model would give it away", res.Outcome, table.Columns[col].Key, strings.Join(desc, ", "))
		}
		got := cells[strings.Join(combo, "\x00")]
		if cell.N != got.Events || cell.Denominator != got.N {
			return ownwords.Errorf(ownwords.EINTERNAL, "model: group %s has %d of %d in the report but %d of %d in the model", table.Columns[col].Key, cell.N, cell.Denominator, got.Events, got.N)
		}
		if got.Events > 0 && got.Events < k || got.N-got.Events > 0 && got.N-got.Events < k {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "a public model needs 0 or at least %d participants with and without %s in every combination of levels: %s has fewer", k, res.Outcome, strings.Join(desc, ", "))
		}
	}
	return nil
}

// levelCombinations lists every combination of the categorical
// predictors' levels, the last predictor varying fastest.
func levelCombinations(ps []analysis.ModelPredictor) [][]string {
	out := [][]string{nil}
	for _, p := range ps {
		var next [][]string
		for _, prefix := range out {
			for _, l := range p.Levels {
				next = append(next, append(append([]string(nil), prefix...), l.Value))
			}
		}
		out = next
	}
	return out
}

// sameFilter reports whether a group's filter is exactly want, comparing
// values in canonical form (a plan may write "True" for "true").
func sameFilter(attrs map[string]*ownwords.Attribute, filter, want map[string]string) bool {
	if len(filter) != len(want) {
		return false
	}
	canon := maps.Clone(filter)
	for slug, s := range canon {
		a := attrs[slug]
		if a == nil {
			return false
		}
		if v, err := ownwords.ParseValue(a.Type, s); err == nil {
			canon[slug] = v.String()
		}
	}
	return maps.Equal(canon, want)
}

// String describes a model request for messages.
func (r ModelRequest) String() string {
	return fmt.Sprintf("%s ~ %s", r.Spec.Outcome, strings.Join(r.Spec.Predictors, " + "))
}
