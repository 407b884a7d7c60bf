package web

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// The report page shows the plan's crosstabs with their tests, effect
// sizes and adjusted p-values for the team, and for the public only what
// the public report shows: tests withheld where counts are suppressed.
func TestReportPageCrosstabTests(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{PDF: &fakePrinter{}})
	// the reference plan (the one the public may see) with two crosstabs
	plan := `{"name": "reference", "groups": [{"name": "all", "filter": {}}], "sections": ["influences"],
		"crosstabs": [{"rows": "gender", "cols": "origin"}, {"rows": "gender", "cols": "influences/family"}]}`
	must(t, st.SavePlan(t.Context(), &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(plan)}))
	team := html.UnescapeString(f.do(http.MethodGet, "/report?plan=reference", asOwner, nil, nil).Body.String())
	if !strings.Contains(team, "Crosstab: ") || !strings.Contains(team, "Fisher's exact p") || !strings.Contains(team, "Cramér's V") {
		t.Fatalf("the team report page shows no crosstab tests:\n%s", team)
	}
	if !strings.Contains(team, "Holm") {
		t.Error("the team report page shows no adjusted p-values for its two crosstabs")
	}
	public := html.UnescapeString(f.do(http.MethodGet, "/report?plan=reference", asViewer, nil, nil).Body.String())
	if !strings.Contains(public, "Crosstab: ") {
		t.Fatalf("the public report page shows no crosstab:\n%s", public)
	}
	// two participants: every public count is suppressed
	if strings.Contains(public, "Fisher's exact p") || strings.Count(public, "not shown: some counts are suppressed") != 2 {
		t.Errorf("the public crosstabs should withhold their tests:\n%s", public)
	}
}
