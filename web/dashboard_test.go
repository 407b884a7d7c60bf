package web

import (
	"net/http"
	"strings"
	"testing"

	"ownwords/sqldb/sqldbtest"
)

// TestDashboardActivityListsChangesNotReads: the dashboard lists the
// study's newest changes, at most recentActivity of them, and leaves out
// reads (a transcript view here) and other studies.
func TestDashboardActivityListsChangesNotReads(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	must(t, st.Record(t.Context(), f.study.ID, "transcript.view", "VIEW-MARKER", ""))
	must(t, st.Record(t.Context(), f.other.ID, "study.settings", "OTHER-MARKER", ""))
	rec := f.do(http.MethodGet, "/", asOwner, nil, nil)
	body := rec.Body.String()
	_, activity, _ := strings.Cut(body, `<table class="activity">`)
	activity, _, _ = strings.Cut(activity, "</table>")
	if rows := strings.Count(activity, "<tr><td>"); rec.Code != http.StatusOK || rows != recentActivity {
		t.Fatalf("status %d, %d activity rows, want %d:\n%s", rec.Code, rows, recentActivity, body)
	}
	if !strings.Contains(activity, "segment.create") {
		t.Error("the activity does not list the study's codings")
	}
	for _, leak := range []string{"VIEW-MARKER", "transcript.view", "OTHER-MARKER"} {
		if strings.Contains(activity, leak) {
			t.Errorf("the activity lists %s", leak)
		}
	}
}
