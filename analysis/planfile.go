package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"ownwords"
)

// PlanFileVersion is the version of the wrapper a plan file holding
// several plans uses: {"ownwords_plans": 1, "plans": [plan, …]}. A file
// holding one plan is the plan object itself (as demo/reference-plan.json).
const PlanFileVersion = 1

// planFile is the wrapper of a file holding several plans.
type planFile struct {
	Version int               `json:"ownwords_plans"`
	Plans   []json.RawMessage `json:"plans"`
}

// IsPlanFile tells whether the top-level keys of a JSON object are those
// of a plan file: the wrapper's "ownwords_plans", or a plan's "groups"
// (a codebook has "sections" but never "groups").
func IsPlanFile(keys map[string]json.RawMessage) bool {
	return keys["ownwords_plans"] != nil || keys["groups"] != nil
}

// ParsePlanFile decodes a plan file: one plan object or the versioned
// wrapper. Each plan is checked as ParsePlan checks it; a name used twice
// is refused. Errors are EINVALID and name the plan and the field.
func ParsePlanFile(data []byte) ([]*Plan, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil || keys == nil {
		return nil, invalid("plan file: want a JSON object (one plan, or {\"ownwords_plans\": %d, \"plans\": [...]})", PlanFileVersion)
	}
	if keys["ownwords_plans"] == nil {
		p, err := ParsePlan(data)
		if err != nil {
			return nil, err
		}
		return []*Plan{p}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f planFile
	if err := dec.Decode(&f); err != nil {
		return nil, invalid("plan file: %s", jsonProblem(err))
	}
	if f.Version != PlanFileVersion {
		return nil, invalid("plan file: ownwords_plans: version %d is not known (want %d)", f.Version, PlanFileVersion)
	}
	if len(f.Plans) == 0 {
		return nil, invalid("plan file: plans: at least one plan required")
	}
	plans := make([]*Plan, len(f.Plans))
	seen := map[string]bool{}
	for i, raw := range f.Plans {
		p, err := ParsePlan(raw)
		if err != nil {
			return nil, invalid("plan file: plans %d: %s", i+1, ownwords.ErrorMessage(err))
		}
		if seen[p.Name] {
			return nil, invalid("plan file: plans %d: plan %q listed twice", i+1, p.Name)
		}
		seen[p.Name] = true
		plans[i] = p
	}
	return plans, nil
}

// MarshalPlanFile writes plans as a plan file: the plan object itself when
// there is one, else the versioned wrapper; indented, with a final newline.
func MarshalPlanFile(plans []*Plan) ([]byte, error) {
	var v any = plans
	switch len(plans) {
	case 0:
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "no analysis plan to export")
	case 1:
		v = plans[0]
	default:
		raw := make([]json.RawMessage, len(plans))
		for i, p := range plans {
			b, err := json.Marshal(p)
			if err != nil {
				return nil, err
			}
			raw[i] = b
		}
		v = planFile{Version: PlanFileVersion, Plans: raw}
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// PlanStore is what SavePlans needs of a store (an ownwords.Services in
// a transaction is one).
type PlanStore interface {
	Attributes(ctx context.Context, studyID string) ([]*ownwords.Attribute, error)
	Codebook(ctx context.Context, studyID string) (*ownwords.Codebook, error)
	SavePlan(ctx context.Context, p *ownwords.Plan) error
	Plans(ctx context.Context, studyID string) ([]*ownwords.Plan, error)
}

// PlanCounts counts the plans SavePlans created, replaced with another
// body (Updated) and replaced with the same one (Unchanged).
type PlanCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// SavePlans validates each plan against the study's codebook and
// attributes and stores it. A plan whose name the study already has is
// replaced only when replace is set (else ECONFLICT). file names the plan
// file in errors, which are EINVALID and name the plan and the key.
func SavePlans(ctx context.Context, svc PlanStore, studyID, file string, plans []*Plan, replace bool) (PlanCounts, error) {
	var n PlanCounts
	attrs, err := svc.Attributes(ctx, studyID)
	if err != nil {
		return n, err
	}
	cb, err := svc.Codebook(ctx, studyID)
	if err != nil {
		return n, err
	}
	stored, err := svc.Plans(ctx, studyID)
	if err != nil {
		return n, err
	}
	bodies := map[string][]byte{}
	for _, p := range stored {
		bodies[p.Name] = p.Body
	}
	for _, p := range plans {
		if err := p.Validate(cb, attrs); err != nil {
			return n, ownwords.Errorf(ownwords.EINVALID, "%s: plan %s: %s", file, p.Name, strings.TrimPrefix(ownwords.ErrorMessage(err), "plan: "))
		}
		old, have := bodies[p.Name]
		if have && !replace {
			return n, ownwords.Errorf(ownwords.ECONFLICT, "%s: the study already has an analysis plan %q; import with --replace-plans to replace it, or rename the plan in the file", file, p.Name)
		}
		body, err := json.Marshal(p)
		if err != nil {
			return n, fmt.Errorf("analysis: plan %s: %w", p.Name, err)
		}
		switch {
		case !have:
			n.Created++
		case sameJSON(old, body):
			n.Unchanged++
		default:
			n.Updated++
		}
		if err := svc.SavePlan(ctx, &ownwords.Plan{StudyID: studyID, Name: p.Name, Body: body}); err != nil {
			return n, err
		}
		bodies[p.Name] = body
	}
	return n, nil
}

// sameJSON reports whether two JSON documents are equal as values.
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
