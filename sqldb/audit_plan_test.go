package sqldb

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRecentAuditQueryReadsTheIndex checks on SQLite that each action's
// part of the dashboard's query reads the index audit_log_study_action, so
// its cost does not grow with the log.
func TestRecentAuditQueryReadsTheIndex(t *testing.T) {
	db, err := Create(t.Context(), Config{DSN: filepath.Join(t.TempDir(), "study.ownwords"), Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	rows, err := db.r.QueryContext(t.Context(), db.d.rebind("EXPLAIN QUERY PLAN "+recentAuditQuery(3)), "study", 20, "a", "b", "c")
	mustDo(t, err)
	defer rows.Close()
	var plan []string
	indexed := 0
	for rows.Next() {
		var id, parent, unused int
		var detail string
		mustDo(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
		if strings.Contains(detail, "audit_log") {
			if !strings.Contains(detail, "INDEX audit_log_study_action (study_id=? AND action=?)") {
				t.Errorf("plan step %q does not read a range of audit_log_study_action", detail)
			}
			indexed++
		}
	}
	mustDo(t, rows.Err())
	if indexed != 3 {
		t.Errorf("%d steps read audit_log, want one per action:\n%s", indexed, strings.Join(plan, "\n"))
	}
}
