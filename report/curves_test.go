package report

import (
	"math/rand/v2"
	"strings"
	"testing"

	"ownwords/analysis"
)

// TestPublicSurvivalFollowsTheReport checks the rule of public curves by
// group: shown only where the public report of the same plan and k prints
// every group's size, else one curve of everyone with a note.
func TestPublicSurvivalFollowsTheReport(t *testing.T) {
	in, plan := randomJointStudy(t, rand.New(rand.NewPCG(1, 14)), 300, false)
	res, err := analysis.Run(in.Input, plan)
	if err != nil {
		t.Fatal(err)
	}
	const k = 3
	build := func(hide string) *Report {
		rep, err := Build(res, Options{Audience: AudiencePublic, K: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, tab := range rep.Attributes {
			for r := range tab.Rows {
				if tab.ID+"/"+tab.Rows[r].Key == hide {
					tab.Rows[r].Cells[0].Suppressed = true
				}
			}
		}
		return rep
	}
	tl, err := analysis.NewTimelines(in)
	if err != nil {
		t.Fatal(err)
	}
	team, err := Build(res, Options{Audience: AudienceTeam})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		by      string
		rep     *Report
		k       int
		grouped bool
	}{
		{"every size printed", "origin", build(""), k, true},
		{"a value's size hidden", "origin", build("attributes.origin/local"), k, false},
		{"the missing row hidden", "origin", build("attributes.origin/"), k, false},
		{"another attribute's row hidden", "origin", build("attributes.gender/"), k, true},
		{"no report", "origin", nil, k, false},
		{"a report at another k", "origin", build(""), k + 1, false},
		{"the team's report", "origin", team, k, false},
		{"year of joining, not tabulated", analysis.ByFromYear, build(""), k, false},
		{"no grouping", "", nil, k, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PublicSurvival(tl, analysis.SurvivalSpec{From: "joined", To: "left", By: tc.by}, tc.k, tc.rep)
			if err != nil {
				t.Fatal(err)
			}
			if grouped := len(got.Groups) > 1; grouped != tc.grouped {
				t.Fatalf("%d groups (%s), want grouped %v", len(got.Groups), got.GroupsNote, tc.grouped)
			}
			if got.Spec.By != tc.by || got.Spec.K != tc.k {
				t.Errorf("spec %+v", got.Spec)
			}
			if !tc.grouped && tc.by != "" && (got.Groups[0].Name != "all" || !strings.Contains(got.GroupsNote, "one curve of everyone")) {
				t.Errorf("groups %v, note %q", got.Groups, got.GroupsNote)
			}
		})
	}
}
