package analysis

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"ownwords"
	"ownwords/stats"
)

func TestRun(t *testing.T) {
	r := mustRun(t, fixtureInput(t), mustPlan(t, fixturePlanJSON))

	t.Run("SampleFirstSixByDateTiesByCode", func(t *testing.T) {
		ids, _ := r.Provenance("sample", "participants", "all")
		want := []string{"id-P-01", "id-P-02", "id-P-03", "id-P-04", "id-P-05", "id-P-06"}
		if !slices.Equal(ids, want) || r.SampleSize != 6 {
			t.Errorf("sample = %v (size %d), want %v", ids, r.SampleSize, want)
		}
	})
	t.Run("StudySettings", func(t *testing.T) {
		if r.StudyName != "Fixture study" || r.DisclosureK != 3 {
			t.Errorf("study = %q k=%d, want Fixture study k=3", r.StudyName, r.DisclosureK)
		}
	})
	t.Run("Figures", func(t *testing.T) {
		tests := []struct {
			section, item, group string
			want                 Count
		}{
			{"sample", "participants", "all", Count{6, 6}},
			{"sample", "participants", "men", Count{3, 6}},
			{"sample", "participants", "european_women", Count{2, 6}},
			// P-01 twice and P-02, P-04; P-06's poverty is a coder segment, P-07 is outside the sample.
			{"vulnerabilities", "poverty", "all", Count{3, 6}},
			{"vulnerabilities", "poverty", "men", Count{1, 3}},
			{"vulnerabilities", "poverty", "women", Count{2, 3}},
			{"vulnerabilities", "poverty", "european_women", Count{1, 2}},
			// P-01 through the child code theft, P-06 directly.
			{"vulnerabilities", "criminal_history", "all", Count{2, 6}},
			{"vulnerabilities", "unemployment", "men", Count{0, 3}},
			{"roles", "fighter_or_ribat", "all", Count{2, 6}},
			{"roles", "fighter_and_ribat", "all", Count{1, 6}},
			{"roles", "fighter_and_ribat", "women", Count{0, 3}},
			{"attributes.origin", "foreign", "men", Count{2, 3}},
			{"attributes.ses", "middle", "all", Count{3, 6}},
			{"attributes.ses", "", "all", Count{1, 6}},
			{"attributes.ses", "wealthy", "all", Count{0, 6}},
			{"attributes.travelled", "false", "women", Count{1, 3}},
			{"attributes.travelled", "", "women", Count{1, 3}},
		}
		for _, tt := range tests {
			got, ok := r.Lookup(tt.section, tt.item, tt.group)
			if !ok || got != tt.want {
				t.Errorf("Lookup(%s, %s, %s) = %+v, %v, want %+v", tt.section, tt.item, tt.group, got, ok, tt.want)
			}
		}
		for _, bad := range [][3]string{{"roles", "fighter", "boys"}, {"roles", "fightr", "all"}, {"attributes.ses", "rich", "all"}, {"sample", "interviews", "all"}} {
			if _, ok := r.Lookup(bad[0], bad[1], bad[2]); ok {
				t.Errorf("Lookup%v ok, want not found", bad)
			}
		}
	})
	t.Run("AttributeValuesInDefinitionOrderThenSeen", func(t *testing.T) {
		want := map[string][]string{
			"gender": {"man", "woman"}, "origin": {"local", "foreign"},
			"ses": {"poor", "middle", "wealthy"}, "travelled": {"true", "false"},
		}
		for _, a := range r.Attributes {
			if !slices.Equal(a.Values, want[a.Slug]) {
				t.Errorf("%s values = %q, want %q", a.Slug, a.Values, want[a.Slug])
			}
		}
	})
	t.Run("DistinctAndModes", func(t *testing.T) {
		all, women := r.Groups[0], r.Groups[2]
		if all.Distinct[0] != 5 || women.Distinct[0] != 2 {
			t.Errorf("distinct countries all=%d women=%d, want 5 and 2", all.Distinct[0], women.Distinct[0])
		}
		if !slices.Equal(r.Modes, []string{"gender", "origin", "ses", "travelled", "country"}) {
			t.Fatalf("modes reported for %v", r.Modes)
		}
		if got, want := all.Modes[2], (Mode{"ses", "middle", 3, false}); got != want {
			t.Errorf("ses mode all = %+v, want %+v", got, want)
		}
		if got, want := women.Modes[2], (Mode{"ses", "", 1, true}); got != want {
			t.Errorf("ses mode women = %+v, want %+v (poor and middle tie)", got, want)
		}
		if got, want := all.Modes[4], (Mode{"country", "France", 2, false}); got != want {
			t.Errorf("country mode all = %+v, want %+v", got, want)
		}
	})
	t.Run("RankingsTiesInCodebookOrder", func(t *testing.T) {
		got := r.Groups[1].Rankings[0] // men, vulnerabilities
		want := []Rank{{"poverty", 1, 1, true}, {"criminal_history", 1, 1, true}, {"unemployment", 0, 3, false}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("men vulnerabilities ranking = %+v, want %+v", got, want)
		}
		roles := r.Groups[0].Rankings[1]
		for _, rk := range roles {
			if rk.Item == "fighter_or_ribat" || rk.Item == "fighter_and_ribat" {
				t.Errorf("derived item %s ranked", rk.Item)
			}
		}
		if len(roles) != 3 || roles[0] != (Rank{"fighter", 2, 1, false}) {
			t.Errorf("all roles ranking = %+v, want fighter first of 3", roles)
		}
	})
	t.Run("Cooccurrence", func(t *testing.T) {
		wantPairs := []Pair{
			{"roles/fighter_or_ribat", "vulnerabilities/poverty"},
			{"vulnerabilities/poverty", "vulnerabilities/unemployment"},
			{"vulnerabilities/poverty", "vulnerabilities/criminal_history"},
			{"vulnerabilities/unemployment", "vulnerabilities/criminal_history"},
			{"roles/fighter", "roles/ribat"},
			{"roles/fighter", "roles/engineer"},
			{"roles/ribat", "roles/engineer"},
		}
		if !slices.Equal(r.Pairs, wantPairs) {
			t.Fatalf("pairs = %v, want %v", r.Pairs, wantPairs)
		}
		all := r.Groups[0].Cooccurrence
		if got, want := all[2], (Cooccurrence{"vulnerabilities/poverty", "vulnerabilities/criminal_history", 1, 3, 2, 6}); got != want {
			t.Errorf("poverty×criminal_history = %+v, want %+v", got, want)
		}
		if lift, ok := all[2].Lift(); !ok || lift != 1 {
			t.Errorf("lift = %v, %v, want 1 (1*6/(3*2))", lift, ok)
		}
		if lift, ok := all[4].Lift(); !ok || lift != 3 {
			t.Errorf("fighter×ribat lift = %v, %v, want 3 (1*6/(2*1))", lift, ok)
		}
		if _, ok := r.Groups[2].Cooccurrence[6].Lift(); ok {
			t.Error("ribat×engineer lift among women defined, want none (no woman on either)")
		}
	})
	t.Run("Crosstab", func(t *testing.T) {
		x := r.Crosstabs[0]
		want := &Crosstab{Rows: "origin", Cols: "vulnerabilities/poverty",
			RowValues: []string{"local", "foreign"}, ColValues: []string{"true", "false"},
			Counts: [][]int{{2, 0}, {1, 3}}}
		got := *x
		got.Stats = stats.Crosstab{}
		if !reflect.DeepEqual(&got, want) {
			t.Errorf("crosstab = %+v, want %+v", x, want)
		}
		// Fisher's exact test on [[2 0] [1 3]], by hand: with margins
		// rows (2, 4), cols (3, 3), the hypergeometric probabilities of
		// a = 0..2 are C(3,a)C(3,2-a)/C(6,2) = 3/15, 9/15, 3/15; tables as
		// or less likely than the observed one (a = 2, p = 0.2) sum to 0.4.
		if p := x.Stats.FisherP; p == nil || math.Abs(*p-0.4) > 1e-12 {
			t.Errorf("Fisher p = %v, want 0.4", p)
		}
	})
}

func TestProvenance(t *testing.T) {
	r := mustRun(t, fixtureInput(t), mustPlan(t, fixturePlanJSON))
	tests := []struct {
		name                 string
		section, item, group string
		wantParts, wantSegs  []string
	}{
		{"ItemBySampleOrderThenInput", "vulnerabilities", "poverty", "all",
			[]string{"id-P-01", "id-P-02", "id-P-04"}, []string{"seg-1", "seg-2", "seg-4", "seg-14"}},
		{"ItemWithinGroup", "vulnerabilities", "poverty", "men", []string{"id-P-01"}, []string{"seg-1", "seg-2"}},
		{"DescendantSegment", "vulnerabilities", "criminal_history", "all", []string{"id-P-01", "id-P-06"}, []string{"seg-3", "seg-12"}},
		{"DerivedAnyOf", "roles", "fighter_or_ribat", "", []string{"id-P-02", "id-P-03"}, []string{"seg-5", "seg-6", "seg-7"}},
		{"DerivedAllOf", "roles", "fighter_and_ribat", "all", []string{"id-P-03"}, []string{"seg-6", "seg-7"}},
		{"Empty", "vulnerabilities", "unemployment", "men", []string{}, []string{}},
		{"Attribute", "attributes.origin", "foreign", "women", []string{"id-P-02", "id-P-06"}, []string{}},
		{"AttributeMissing", "attributes.ses", "", "all", []string{"id-P-06"}, []string{}},
		{"Sample", "sample", "participants", "european_women", []string{"id-P-02", "id-P-06"}, []string{}},
		{"UnknownGroup", "vulnerabilities", "poverty", "boys", nil, nil},
		{"UnknownItem", "vulnerabilities", "povrty", "all", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, segs := r.Provenance(tt.section, tt.item, tt.group)
			if !reflect.DeepEqual(parts, tt.wantParts) || !reflect.DeepEqual(segs, tt.wantSegs) {
				t.Errorf("Provenance = %q %q, want %q %q", parts, segs, tt.wantParts, tt.wantSegs)
			}
		})
	}
	t.Run("EvidenceCarriesParticipant", func(t *testing.T) {
		ev := r.Evidence("roles", "fighter", "women")
		if len(ev) != 1 || ev[0].Segment.ID != "seg-5" || ev[0].Participant.Code != "P-02" {
			t.Errorf("Evidence = %+v, want seg-5 of P-02", ev)
		}
	})
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Input, *Plan)
		want string
	}{
		{"ErrPlanInvalid", func(_ *Input, p *Plan) { p.Sections = []string{"nope"} }, `plan: sections: unknown codebook section "nope"`},
		{"ErrDerivedUnknownSibling", func(in *Input, _ *Plan) {
			in.Codebook.ByID("c-for").Derived.Items = []string{"fighter", "sniper"}
		}, `codebook: derived item roles/fighter_or_ribat names unknown sibling "sniper"`},
		{"ErrDerivedCycle", func(in *Input, _ *Plan) {
			in.Codebook.ByID("c-for").Derived.Items = []string{"fighter_and_ribat"}
			in.Codebook.ByID("c-far").Derived.Items = []string{"fighter_or_ribat"}
		}, "codebook: derived item roles/fighter_or_ribat depends on itself"},
		{"ErrDerivedOp", func(in *Input, _ *Plan) { in.Codebook.ByID("c-for").Derived.Op = "xor" },
			"codebook: derived item roles/fighter_or_ribat: op must be any_of or all_of"},
		{"ErrNoCodebook", func(in *Input, _ *Plan) { in.Codebook = nil }, "analysis: input with a codebook and a plan required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, p := fixtureInput(t), mustPlan(t, fixturePlanJSON)
			tt.edit(in, p)
			_, err := Run(in, p)
			if ownwords.ErrorCode(err) != ownwords.EINVALID || ownwords.ErrorMessage(err) != tt.want {
				t.Errorf("Run error = %v, want %s %q", err, ownwords.EINVALID, tt.want)
			}
		})
	}
}

func TestRunDerivedOnDerived(t *testing.T) {
	in := fixtureInput(t)
	// fighter_or_ribat := any_of(fighter_and_ribat, engineer): rests on a derived sibling.
	in.Codebook.ByID("c-for").Derived.Items = []string{"fighter_and_ribat", "engineer"}
	r := mustRun(t, in, mustPlan(t, fixturePlanJSON))
	parts, segs := r.Provenance("roles", "fighter_or_ribat", "all")
	if !slices.Equal(parts, []string{"id-P-03", "id-P-05"}) || !slices.Equal(segs, []string{"seg-6", "seg-7", "seg-9"}) {
		t.Errorf("Provenance = %q %q, want P-03 and P-05 with seg-6, seg-7, seg-9", parts, segs)
	}
}
