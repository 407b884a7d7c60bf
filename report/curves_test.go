package report

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"ownwords/analysis"
	"ownwords/stats"
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

// TestPublicCurvesLeaveNoSmallGap: a public curve that counts 1..k−1
// fewer participants than the report prints for its group (or its
// sample) would say how many lack its events: a grouping with such a gap
// gives way to one curve, and one curve with such a gap is withheld.
func TestPublicCurvesLeaveNoSmallGap(t *testing.T) {
	groups := func(ns ...int) *analysis.SurvivalResult {
		res := &analysis.SurvivalResult{}
		for i, n := range ns {
			res.Groups = append(res.Groups, analysis.SurvivalGroup{Name: fmt.Sprint(i), N: n, Fit: &stats.KMFit{}})
		}
		return res
	}
	for _, tt := range []struct {
		name  string
		ns    []int
		sizes []int
		want  bool
	}{
		{"Equal", []int{10, 12}, []int{10, 12}, true},
		{"GapOfK", []int{10, 7}, []int{10, 12}, true},
		{"GapBelowK", []int{10, 9}, []int{10, 12}, false},
		{"GapOfOne", []int{9, 12}, []int{10, 12}, false},
	} {
		if got := curvesMatch(groups(tt.ns...), tt.sizes, 5); got != tt.want {
			t.Errorf("%s: curvesMatch = %v, want %v", tt.name, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name     string
		n, size  int
		withheld bool
	}{
		{"Everyone", 40, 40, false},
		{"KLeftOut", 35, 40, false},
		{"FewLeftOut", 38, 40, true},
	} {
		res := withoutSmallGap(groups(tt.n), &Report{SampleSize: tt.size}, 5)
		if g := res.Groups[0]; g.Suppressed != tt.withheld || (tt.withheld && (g.N != 0 || g.Fit != nil || res.GroupsNote == "")) {
			t.Errorf("%s: group %+v, note %q", tt.name, g, res.GroupsNote)
		}
	}
}
