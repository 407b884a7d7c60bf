package gate

import (
	"maps"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
	"ownwords/demo"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// modelDemo loads the demo study (220 participants, k = 5) and returns
// its gate and a member of each role.
func modelDemo(t *testing.T) (*Gate, map[ownwords.Role]Caller) {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the demo study")
	}
	st, studyID, users := loadDemo(t)
	callers := map[ownwords.Role]Caller{}
	for r, u := range users {
		callers[r] = Member(u, r)
	}
	return New(st, studyID), callers
}

// loadDemo loads the demo study into a fresh SQLite store and returns it
// with the first account of each role.
func loadDemo(t testing.TB) (ownwords.Store, string, map[ownwords.Role]*ownwords.User) {
	t.Helper()
	st, _ := sqldbtest.OpenSQLite(t)
	ctx := t.Context()
	studyID, err := demo.Load(ctx, st, demo.Generate(demo.DefaultSeed), vault.HashPassword, nil)
	fatalIf(t, err)
	members, err := st.Memberships(ctx, studyID)
	fatalIf(t, err)
	users := map[ownwords.Role]*ownwords.User{}
	for _, m := range members {
		if users[m.Role] == nil {
			u, err := st.UserByName(ctx, m.User)
			fatalIf(t, err)
			users[m.Role] = u
		}
	}
	return st, studyID, users
}

// TestModelDemo runs the model's access and disclosure tests on the demo.
//
// access: the team model is an owner's or analyst's (an analyst
// may use a date, which enters as a year, as a de-identified export shows
// it); a coder asking for the team gets a refusal; the public (no
// account, or the audience asked) gets only a model the report allows,
// without missing counts by predictor.
func TestModelDemo(t *testing.T) {
	g, who := modelDemo(t)
	t.Run("access", func(t *testing.T) { testModelAccess(t, g, who) })
	t.Run("public is the report's", func(t *testing.T) { testPublicModelIsTheReports(t, g) })
}

func testModelAccess(t *testing.T, g *Gate, who map[ownwords.Role]Caller) {
	ctx := t.Context()
	spec := analysis.ModelSpec{Outcome: "vulnerabilities/poverty", Predictors: []string{"gender", "origin", "interview_date"}}
	for _, tc := range []struct {
		name     string
		c        Caller
		audience string
		spec     analysis.ModelSpec
		code     string
	}{
		{"owner", who[ownwords.RoleOwner], "", spec, ""},
		{"analyst", who[ownwords.RoleAnalyst], AudienceTeam, spec, ""},
		{"coder, team", who[ownwords.RoleCoder], AudienceTeam, spec, ownwords.EFORBIDDEN},
		{"public, a number", Public(), "", spec, ownwords.EFORBIDDEN},
		{"public, team asked", Public(), AudienceTeam, spec, ownwords.EUNAUTHORIZED},
		{"analyst, public", who[ownwords.RoleAnalyst], AudiencePublic, analysis.ModelSpec{Outcome: "vulnerabilities/poverty", Predictors: []string{"gender"}}, ""},
	} {
		m, err := g.Model(ctx, tc.c, ModelRequest{Spec: tc.spec, Audience: tc.audience})
		if got := ownwords.ErrorCode(err); got != tc.code {
			t.Errorf("%s: error %v, want code %q", tc.name, err, tc.code)
			continue
		}
		if err != nil {
			continue
		}
		if tc.name == "analyst" && (m.Audience != AudienceTeam || m.MissingBy == nil || m.Predictors[2].Unit != "calendar year") {
			t.Errorf("%s: %+v", tc.name, m)
		}
		if m.Audience == AudiencePublic && m.MissingBy != nil {
			t.Errorf("%s: a public model carries missing counts by predictor %v", tc.name, m.MissingBy)
		}
	}
	// Every model given is audited, by audience, with what it modelled.
	audited := map[string]int{}
	fatalIf(t, g.store.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
		if strings.HasPrefix(e.Action, "model.") {
			audited[e.Action+" "+e.Object]++
		}
		return true
	}))
	if audited["model.team vulnerabilities/poverty ~ gender + origin + interview_date"] != 2 || audited["model.public vulnerabilities/poverty ~ gender"] != 1 || len(audited) != 2 {
		t.Errorf("audit: %v", audited)
	}
}

// public is the report's: a public model is allowed only when it is a
// function of counts the public report prints, and every count it prints
// is one of them (or, the dropped total, the sample size less their sum):
// so it cannot subtract from another public output to a count the
// report's joint suppression has not already considered. The refusals
// name the reason: a number, a combination of levels the report has no
// group for, a count the report suppresses or one below k, an item the
// report does not publish.
func testPublicModelIsTheReports(t *testing.T, g *Gate) {
	ctx := t.Context()
	rep, err := g.Report(ctx, Public(), ReportRequest{})
	fatalIf(t, err)
	k := rep.K
	published := func(section, item string, filter map[string]string) (n, of int, ok bool) {
		for _, s := range rep.Sections {
			if s.Slug != section {
				continue
			}
			for ci, col := range s.Table.Columns {
				if !maps.Equal(col.Filter, filter) {
					continue
				}
				for _, r := range s.Table.Rows {
					if c := r.Cells[ci]; r.Key == item && !c.Suppressed && !c.DenominatorSuppressed {
						return c.N, c.Denominator, true
					}
				}
			}
		}
		return 0, 0, false
	}
	allowed := 0
	for _, item := range []string{"vulnerabilities/poverty", "influences/online_any"} {
		for _, preds := range [][]string{{"gender"}, {"origin"}, {"gender", "origin"}} {
			m, err := g.Model(ctx, Public(), ModelRequest{Spec: analysis.ModelSpec{Outcome: item, Predictors: preds}})
			if ownwords.ErrorCode(err) == ownwords.EINVALID {
				continue // separation or the rule of ten: for everyone
			}
			if err != nil {
				if ownwords.ErrorCode(err) != ownwords.EFORBIDDEN {
					t.Errorf("%s ~ %v: %v", item, preds, err)
				}
				continue
			}
			allowed++
			section, slug, _ := strings.Cut(item, "/")
			sum := 0
			for _, p := range m.Predictors {
				for _, l := range p.Levels {
					n, of, ok := published(section, slug, map[string]string{p.Slug: l.Value})
					if !ok || n != l.Events || of != l.N {
						t.Errorf("%s ~ %v: %s = %s: %d of %d, the report prints %d of %d (printed %v)", item, preds, p.Slug, l.Value, l.Events, l.N, n, of, ok)
					}
					if l.Events < k || l.N-l.Events < k {
						t.Errorf("%s ~ %v: %s = %s: %d of %d, below k = %d", item, preds, p.Slug, l.Value, l.Events, l.N, k)
					}
				}
				if p.Slug == preds[0] {
					for _, l := range p.Levels {
						sum += l.N
					}
				}
			}
			if all, of, ok := published(section, slug, map[string]string{}); !ok || all != m.Events || of != m.N+m.Dropped || m.SampleSize != rep.SampleSize || m.Dropped != m.SampleSize-sum {
				t.Errorf("%s ~ %v: n %d events %d dropped %d of %d; the report prints %d of %d (%v)", item, preds, m.N, m.Events, m.Dropped, m.SampleSize, all, of, ok)
			}
		}
	}
	if allowed == 0 {
		t.Fatal("no public model allowed on the demo: the test checks nothing")
	}
	for _, tc := range []struct {
		name string
		spec analysis.ModelSpec
		want string
	}{
		{"a number", analysis.ModelSpec{Outcome: "vulnerabilities/poverty", Predictors: []string{"gender", "birth_year"}}, "categorical predictors only"},
		{"no such group", analysis.ModelSpec{Outcome: "vulnerabilities/poverty", Predictors: []string{"gender", "status"}}, "has no group of exactly"},
		{"small cells", analysis.ModelSpec{Outcome: "vulnerabilities/poverty", Predictors: []string{"gender", "origin"}}, "fewer"},
		{"another plan", analysis.ModelSpec{Outcome: "vulnerabilities/poverty", Predictors: []string{"gender"}}, ""},
	} {
		req := ModelRequest{Spec: tc.spec}
		if tc.name == "another plan" {
			req.Plan = "nonexistent"
		}
		_, err := g.Model(ctx, Public(), req)
		switch {
		case tc.name == "another plan" && ownwords.ErrorCode(err) != ownwords.ENOTFOUND:
			t.Errorf("%s: %v", tc.name, err)
		case tc.name != "another plan" && (ownwords.ErrorCode(err) != ownwords.EFORBIDDEN || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want EFORBIDDEN with %q", tc.name, err, tc.want)
		}
	}
}
