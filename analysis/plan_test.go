package analysis

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"ownwords"
)

func TestParsePlan(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := mustPlan(t, fixturePlanJSON)
		want := &Plan{
			Name:   "fixture",
			Sample: Sample{OrderBy: "interview_date", First: 6},
			Groups: []Group{
				{Name: "all", Filter: map[string]string{}},
				{Name: "men", Filter: map[string]string{"gender": "man"}},
				{Name: "women", Filter: map[string]string{"gender": "woman"}},
				{Name: "european_women", Filter: map[string]string{"gender": "woman", "region": "Western Europe"}},
			},
			Sections:      []string{"vulnerabilities", "roles"},
			Attributes:    []string{"gender", "origin", "ses", "travelled"},
			Distinct:      []string{"country"},
			Cooccurrence:  []Pair{{"roles/fighter_or_ribat", "vulnerabilities/poverty"}},
			Crosstabs:     []CrosstabSpec{{"origin", "vulnerabilities/poverty"}},
			QuotesPerItem: 2,
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("ParsePlan =\n%+v\nwant\n%+v", p, want)
		}
	})
	tests := []struct {
		name, in, want string
	}{
		{"ErrEmpty", ``, "plan: empty plan"},
		{"ErrSyntax", `{"name": }`, "plan: invalid JSON at byte 10"},
		{"ErrUnknownField", `{"name": "x", "grops": []}`, `plan: unknown key "grops"`},
		{"ErrFieldType", `{"name": "x", "sample": {"first": "ten"}}`, "plan: field sample.first: want int"},
		{"ErrTrailingData", `{"name": "x", "groups": [{"name": "all"}]} {}`, "plan: unexpected data after the plan object"},
		{"ErrNameRequired", `{"groups": [{"name": "all"}]}`, "plan: name required"},
		{"ErrNoGroups", `{"name": "x"}`, `plan: at least one group required ("all" is {"name": "all", "filter": {}})`},
		{"ErrNegativeFirst", `{"name": "x", "sample": {"first": -1}, "groups": [{"name": "all"}]}`, "plan: sample.first must not be negative"},
		{"ErrTooManyQuotes", `{"name": "x", "quotes_per_item": 21, "groups": [{"name": "all"}]}`, "plan: quotes_per_item must be 0..20"},
		{"ErrGroupName", `{"name": "x", "groups": [{"name": "All Men"}]}`, `plan: group 1: name "All Men" must be a slug (lowercase letters, digits, '_' or '-')`},
		{"ErrDuplicateGroup", `{"name": "x", "groups": [{"name": "all"}, {"name": "all"}]}`, "plan: group all: name used twice"},
		{"ErrComparisonOneGroup", `{"name": "x", "groups": [{"name": "all"}], "comparisons": [{"groups": ["all"]}]}`, "plan: comparison 1: want 2..4 groups, have 1"},
		{"ErrComparisonFiveGroups", `{"name": "x", "groups": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}, {"name": "e"}], "comparisons": [{"groups": ["a", "b", "c", "d", "e"]}]}`, "plan: comparison 1: want 2..4 groups, have 5"},
		{"ErrComparisonUnknownGroup", `{"name": "x", "groups": [{"name": "all"}, {"name": "men"}], "comparisons": [{"groups": ["men", "women"]}]}`, `plan: comparison 1: group "women" is not one of the plan's groups`},
		{"ErrComparisonGroupTwice", `{"name": "x", "groups": [{"name": "all"}, {"name": "men"}], "comparisons": [{"groups": ["men", "men"]}]}`, "plan: comparison 1: group men named twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePlan([]byte(tt.in))
			if ownwords.ErrorCode(err) != ownwords.EINVALID || ownwords.ErrorMessage(err) != tt.want {
				t.Errorf("ParsePlan error = %v (%s), want %s %q", err, ownwords.ErrorCode(err), ownwords.EINVALID, tt.want)
			}
		})
	}
}

func TestPlanValidate(t *testing.T) {
	cb := fixtureCodebook()
	tests := []struct {
		name string
		edit func(*Plan)
		want string // "" = valid
	}{
		{"OK", func(*Plan) {}, ""},
		{"OKAllSectionsWhenEmpty", func(p *Plan) { p.Sections = nil }, ""},
		{"OKNoOrder", func(p *Plan) { p.Sample = Sample{} }, ""},
		{"OKBooleanFilterAnySpelling", func(p *Plan) { p.Groups[1].Filter = map[string]string{"travelled": "yes"} }, ""},
		{"ErrGroupUnknownAttribute", func(p *Plan) { p.Groups[3].Filter["regon"] = "Western Europe" },
			`plan: group european_women: unknown attribute "regon"`},
		{"ErrGroupValueNotAllowed", func(p *Plan) { p.Groups[1].Filter["gender"] = "men" },
			`plan: group men: filter gender: attribute gender: "men" is not one of man, woman`},
		{"ErrGroupValueNotBoolean", func(p *Plan) { p.Groups[1].Filter = map[string]string{"travelled": "maybe"} },
			`plan: group men: filter travelled: "maybe" is not a boolean (true/false, yes/no, 1/0)`},
		{"ErrOrderByUnknown", func(p *Plan) { p.Sample.OrderBy = "date" }, `plan: sample.order_by: unknown attribute "date"`},
		{"ErrOrderByCategory", func(p *Plan) { p.Sample.OrderBy = "gender" },
			`plan: sample.order_by: attribute "gender" is category; want a date, integer or number`},
		{"ErrUnknownSection", func(p *Plan) { p.Sections = append(p.Sections, "roels") }, `plan: sections: unknown codebook section "roels"`},
		{"ErrItemAsSection", func(p *Plan) { p.Sections = []string{"poverty"} }, `plan: sections: unknown codebook section "poverty"`},
		{"ErrSectionTwice", func(p *Plan) { p.Sections = []string{"roles", "roles"} }, `plan: sections: "roles" listed twice`},
		{"ErrAttributeUnknown", func(p *Plan) { p.Attributes = []string{"gendr"} }, `plan: attributes: unknown attribute "gendr"`},
		{"ErrAttributeNotTabulated", func(p *Plan) { p.Attributes = []string{"interview_date"} },
			`plan: attributes: attribute "interview_date" is date; only category and boolean attributes are tabulated`},
		{"ErrDistinctUnknown", func(p *Plan) { p.Distinct = []string{"ethnicity"} }, `plan: distinct: unknown attribute "ethnicity"`},
		{"ErrPairUnknownItem", func(p *Plan) { p.Cooccurrence[0].B = "vulnerabilities/povrty" },
			`plan: cooccurrence 1: b: unknown item "vulnerabilities/povrty"`},
		{"ErrPairNotItem", func(p *Plan) { p.Cooccurrence[0].A = "poverty" }, `plan: cooccurrence 1: a: item "poverty": want section/slug`},
		{"ErrPairGrandchild", func(p *Plan) { p.Cooccurrence[0].A = "vulnerabilities/criminal_history/theft" },
			`plan: cooccurrence 1: a: item "vulnerabilities/criminal_history/theft": want section/slug`},
		{"ErrPairSame", func(p *Plan) { p.Cooccurrence[0].A = p.Cooccurrence[0].B }, `plan: cooccurrence 1: a and b are both "vulnerabilities/poverty"`},
		{"ErrCrosstabCols", func(p *Plan) { p.Crosstabs[0].Cols = "birth_year" },
			`plan: crosstab 1: cols: attribute "birth_year" is integer; only category and boolean attributes are tabulated`},
		{"ErrCrosstabSame", func(p *Plan) { p.Crosstabs[0].Cols = "origin" }, `plan: crosstab 1: rows and cols are both "origin"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPlan(t, fixturePlanJSON)
			tt.edit(p)
			err := p.Validate(cb, fixtureAttrs)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.want != "" && (ownwords.ErrorCode(err) != ownwords.EINVALID || ownwords.ErrorMessage(err) != tt.want):
				t.Errorf("Validate error = %v, want %s %q", err, ownwords.EINVALID, tt.want)
			}
		})
	}
}

func FuzzParsePlan(f *testing.F) {
	f.Add([]byte(fixturePlanJSON))
	f.Add([]byte(`{"name": "x", "groups": [{"name": "all", "filter": {}}]}`))
	f.Add([]byte(`{"name": "x", "groups": [{"name": "a"}], "sample": {"first": 3}} x`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePlan(data)
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Fatalf("ParsePlan error code %s, want %s: %v", ownwords.ErrorCode(err), ownwords.EINVALID, err)
			}
			if strings.Contains(ownwords.ErrorMessage(err), "\x00") {
				t.Fatalf("error message holds a NUL byte: %q", err)
			}
			return
		}
		// A parsed plan survives a round trip unchanged.
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		q, err := ParsePlan(out)
		if err != nil {
			t.Fatalf("ParsePlan(Marshal(p)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(normalizePlan(p), normalizePlan(q)) {
			t.Fatalf("round trip changed the plan:\n%+v\n%+v", p, q)
		}
	})
}

// normalizePlan maps nil and empty collections alike: JSON cannot tell
// them apart after omitempty-free encoding of nil slices as null.
func normalizePlan(p *Plan) *Plan {
	q := *p
	q.Groups = nil
	for _, g := range p.Groups {
		if len(g.Filter) == 0 {
			g.Filter = nil
		}
		q.Groups = append(q.Groups, g)
	}
	for _, s := range []*[]string{&q.Sections, &q.Attributes, &q.Distinct} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	if len(q.Cooccurrence) == 0 {
		q.Cooccurrence = nil
	}
	if len(q.Crosstabs) == 0 {
		q.Crosstabs = nil
	}
	return &q
}
