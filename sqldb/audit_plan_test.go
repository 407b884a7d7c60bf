package sqldb

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRecentAuditQueryReadsTheIndex checks on SQLite that each action's
// part of the dashboard's query reads an index (by study and action, or by
// study, actor and action), so its cost does not grow with the log.
func TestRecentAuditQueryReadsTheIndex(t *testing.T) {
	db, err := Create(t.Context(), Config{DSN: filepath.Join(t.TempDir(), "study.ownwords"), Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	for _, tc := range []struct {
		name    string
		byActor bool
		args    []any
		index   string
	}{
		{"Everyone", false, []any{"study", 20, "a", "b", "c"}, "INDEX audit_log_study_action_key (study_id=? AND action=?)"},
		{"OneActor", true, []any{"study", 20, "coder", "a", "b", "c"}, "INDEX audit_log_study_actor_action_key (study_id=? AND actor=? AND action=?)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := db.r.QueryContext(t.Context(), db.d.rebind("EXPLAIN QUERY PLAN "+recentAuditQuery(3, tc.byActor, len(tc.args)-2)), tc.args...)
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
					if !strings.Contains(detail, tc.index) {
						t.Errorf("plan step %q does not read a range of %s", detail, tc.index)
					}
					indexed++
				}
			}
			mustDo(t, rows.Err())
			if indexed != 3 {
				t.Errorf("%d steps read audit_log, want one per action:\n%s", indexed, strings.Join(plan, "\n"))
			}
		})
	}
}
