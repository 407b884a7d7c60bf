package sqldb_test

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestLookupsReadTheIndex checks on both stores that the lookups of
// migration 00010 read the end of an index range rather than every row of
// the study: placing a new attribute or code after the last one
// (MAX(position) of a study, or of a code's siblings), so that creating n
// attributes costs n lookups, not n scans; and AuditTimes, so that the
// search budget costs the same however long an account's history. With a
// few thousand rows PostgreSQL's plan shows the lookup (a Limit over the
// range read backward); SQLite's plan names the index and its range only,
// and its MAX over a range is the same lookup (checked by hand: 300,000
// attributes, 0.04 ms with the index, 50 ms without).
func TestLookupsReadTheIndex(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		db := st.(*sqldb.DB)
		study := sqldbtest.MustStudy(t, db, "Lookups")
		for _, q := range []string{
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
				INSERT INTO attributes (id, study_id, slug, type, position) SELECT 'a' || i, $1, 'a' || i, 'text', i FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
				INSERT INTO codes (id, study_id, slug, position) SELECT 'c' || i, $1, 'c' || i, i FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
				INSERT INTO audit_log (seq, at, study_id, actor, action, object, prev_hash, hash)
				SELECT 1000000 + i, '2026-01-01T00:00:00.' || (100000000 + i) || 'Z', $1, 'ann', 'search', 'counts', '', '' FROM n`,
		} {
			if _, err := sqldb.RawForTest(db).ExecContext(t.Context(), q, study.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := sqldb.RawForTest(db).ExecContext(t.Context(), `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name           string
			args           []any
			sqlite, pgScan string // in the plan's text
		}{
			{"attributes", []any{study.ID}, "SEARCH attributes USING COVERING INDEX attributes_study_position (study_id=?)",
				"Scan Backward using attributes_study_position"},
			{"codes", []any{study.ID, ""}, "SEARCH codes USING COVERING INDEX codes_sibling_position (study_id=? AND <expr>=?)",
				"Scan Backward using codes_sibling_position"},
			{"audit times", []any{study.ID, "ann", "search", "counts", "2026-01-01T00:00:00.100001000Z", 100},
				"SEARCH audit_log USING COVERING INDEX audit_log_study_actor_action_at (study_id=? AND actor=? AND action=? AND object=? AND at>?)",
				"Scan Backward using audit_log_study_actor_action_at"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				plan, err := sqldb.ExplainForTest(t.Context(), db, sqldb.LookupQueriesForTest[tc.name], tc.args...)
				must(t, err)
				text := strings.Join(plan, "\n")
				wants := []string{tc.sqlite}
				if db.Dialect() == "postgres" {
					wants = []string{"Limit", tc.pgScan} // the first entries from the end
				}
				if strings.Contains(text, "TEMP B-TREE") || strings.Contains(text, "Sort") {
					t.Errorf("plan sorts:\n%s", text)
				}
				for _, want := range wants {
					if !strings.Contains(text, want) {
						t.Errorf("plan does not look up %q:\n%s", want, text)
					}
				}
			})
		}
	})
}
