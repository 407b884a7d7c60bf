package analysis

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"ownwords"
)

// renamed returns the fixture plan under another name, as JSON.
func renamed(name string) string {
	return strings.Replace(fixturePlanJSON, `"name": "fixture"`, `"name": "`+name+`"`, 1)
}

func TestPlanFileRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		plans   []*Plan
		wrapped bool
	}{
		{"One", []*Plan{mustPlan(t, fixturePlanJSON)}, false},
		{"Two", []*Plan{mustPlan(t, fixturePlanJSON), mustPlan(t, renamed("other"))}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := MarshalPlanFile(tt.plans)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(b), `"ownwords_plans": 1`); got != tt.wrapped {
				t.Fatalf("wrapped = %v, want %v:\n%s", got, tt.wrapped, b)
			}
			got, err := ParsePlanFile(b)
			if err != nil {
				t.Fatalf("ParsePlanFile: %v\n%s", err, b)
			}
			if !reflect.DeepEqual(got, tt.plans) {
				t.Fatalf("round trip changed the plans:\n%s", b)
			}
		})
	}
	if _, err := MarshalPlanFile(nil); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		t.Fatalf("MarshalPlanFile(nil) = %v, want ENOTFOUND", err)
	}
}

func TestParsePlanFileRefusals(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ErrNotObject", `[1]`, `plan file: want a JSON object (one plan, or {"ownwords_plans": 1, "plans": [...]})`},
		{"ErrPlan", `{"name": "x", "groups": [], "cooccurrence": [{"a": "s/i", "c": "s/j"}]}`, `plan: unknown key "c"`},
		{"ErrVersion", `{"ownwords_plans": 2, "plans": []}`, "plan file: ownwords_plans: version 2 is not known (want 1)"},
		{"ErrWrapperKey", `{"ownwords_plans": 1, "plan": []}`, `plan file: unknown key "plan"`},
		{"ErrNoPlans", `{"ownwords_plans": 1, "plans": []}`, "plan file: plans: at least one plan required"},
		{"ErrPlansType", `{"ownwords_plans": 1, "plans": {}}`, "plan file: field plans: want []json.RawMessage"},
		{"ErrPlanInWrapper", `{"ownwords_plans": 1, "plans": [{"name": "x"}]}`, `plan file: plans 1: plan: at least one group required ("all" is {"name": "all", "filter": {}})`},
		{"ErrTwice", `{"ownwords_plans": 1, "plans": [` + fixturePlanJSON + `,` + fixturePlanJSON + `]}`, `plan file: plans 2: plan "fixture" listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePlanFile([]byte(tt.in))
			if ownwords.ErrorCode(err) != ownwords.EINVALID || ownwords.ErrorMessage(err) != tt.want {
				t.Errorf("ParsePlanFile error = %v (%s), want %s %q", err, ownwords.ErrorCode(err), ownwords.EINVALID, tt.want)
			}
		})
	}
}

// memPlans is a study's codebook, attributes and plans in memory.
type memPlans struct {
	plans map[string][]byte
}

func (m *memPlans) Attributes(context.Context, string) ([]*ownwords.Attribute, error) {
	return fixtureAttrs, nil
}

func (m *memPlans) Codebook(context.Context, string) (*ownwords.Codebook, error) {
	return fixtureCodebook(), nil
}

func (m *memPlans) SavePlan(_ context.Context, p *ownwords.Plan) error {
	m.plans[p.Name] = p.Body
	return nil
}

func (m *memPlans) Plan(_ context.Context, studyID, name string) (*ownwords.Plan, error) {
	if b, ok := m.plans[name]; ok {
		return &ownwords.Plan{StudyID: studyID, Name: name, Body: b}, nil
	}
	return nil, ownwords.Errorf(ownwords.ENOTFOUND, "no plan %s", name)
}

func (m *memPlans) Plans(_ context.Context, studyID string) ([]*ownwords.Plan, error) {
	var out []*ownwords.Plan
	for name, b := range m.plans {
		out = append(out, &ownwords.Plan{StudyID: studyID, Name: name, Body: b})
	}
	return out, nil
}

func TestSavePlans(t *testing.T) {
	old := []byte(`{"old": true}`)
	tests := []struct {
		name    string
		edit    func(*Plan)
		replace bool
		code    string
		want    string
	}{
		{"OKNew", func(p *Plan) { p.Name = "new" }, false, "", ""},
		{"OKReplace", func(*Plan) {}, true, "", ""},
		{"ErrExists", func(*Plan) {}, false, ownwords.ECONFLICT,
			`f.json: the study already has an analysis plan "fixture"; import with --replace-plans to replace it, or rename the plan in the file`},
		{"ErrSection", func(p *Plan) { p.Sections = []string{"roels"} }, true, ownwords.EINVALID,
			`f.json: plan fixture: sections: unknown codebook section "roels"`},
		{"ErrGroupFilter", func(p *Plan) { p.Groups[1].Filter = map[string]string{"gendr": "man"} }, true, ownwords.EINVALID,
			`f.json: plan fixture: group men: unknown attribute "gendr"`},
		{"ErrCrosstab", func(p *Plan) { p.Crosstabs[0].Cols = "roles/nope" }, true, ownwords.EINVALID,
			`f.json: plan fixture: crosstab 1: cols: unknown item "roles/nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &memPlans{plans: map[string][]byte{"fixture": old}}
			p := mustPlan(t, fixturePlanJSON)
			tt.edit(p)
			_, err := SavePlans(t.Context(), m, "s1", "f.json", []*Plan{p}, tt.replace)
			if tt.code != "" {
				if ownwords.ErrorCode(err) != tt.code || ownwords.ErrorMessage(err) != tt.want {
					t.Fatalf("SavePlans error = %v (%s), want %s %q", err, ownwords.ErrorCode(err), tt.code, tt.want)
				}
				if string(m.plans["fixture"]) != string(old) || len(m.plans) != 1 {
					t.Fatal("a refused plan was stored")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParsePlan(m.plans[p.Name])
			if err != nil || !reflect.DeepEqual(got, p) {
				t.Fatalf("stored %s: %v", m.plans[p.Name], err)
			}
		})
	}
}

// FuzzParsePlanFile checks that the plan file parser never panics, refuses
// with EINVALID only, and that what it accepts survives MarshalPlanFile.
func FuzzParsePlanFile(f *testing.F) {
	f.Add([]byte(fixturePlanJSON))
	f.Add([]byte(`{"ownwords_plans": 1, "plans": [` + fixturePlanJSON + `,` + renamed("b") + `]}`))
	f.Add([]byte(`{"ownwords_plans": 1, "plans": [{"name": "x", "groups": [{"name": "all", "filter": null}]}]}`))
	f.Add([]byte(`{"name": "x", "groups": [{"name": "all"}]} {}`))
	f.Add([]byte(`{"ownwords_plans": 1e400}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		plans, err := ParsePlanFile(data)
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Fatalf("error %v is %s, want EINVALID", err, ownwords.ErrorCode(err))
			}
			return
		}
		b, err := MarshalPlanFile(plans)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParsePlanFile(b)
		if err != nil {
			t.Fatalf("the marshalled plans do not parse: %v\n%s", err, b)
		}
		if !json.Valid(b) || !reflect.DeepEqual(normal(t, again), normal(t, plans)) {
			t.Fatalf("round trip changed the plans:\n%s", b)
		}
	})
}

// normal is plans as JSON, so that nil and empty compare equal only where
// the file cannot tell them apart.
func normal(t *testing.T, plans []*Plan) string {
	b, err := json.Marshal(plans)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
