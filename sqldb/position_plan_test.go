package sqldb_test

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestNextPositionReadsTheIndex checks on both stores that placing a new
// attribute or code after the last one (MAX(position) of a study, or of
// a code's siblings) reads an index of migration 00010 rather than every
// row of the study, so that creating n attributes costs n lookups, not n
// scans. With a few thousand rows PostgreSQL's plan shows the lookup (the
// last entry of the range, read backward); SQLite's plan names the index
// only, and its MAX over an index's range is the same lookup (checked by
// hand: 300,000 attributes, 0.04 ms with the index, 50 ms without).
func TestNextPositionReadsTheIndex(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		db := st.(*sqldb.DB)
		study := sqldbtest.MustStudy(t, db, "Positions")
		for _, q := range []string{
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
				INSERT INTO attributes (id, study_id, slug, type, position) SELECT 'a' || i, $1, 'a' || i, 'text', i FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
				INSERT INTO codes (id, study_id, slug, position) SELECT 'c' || i, $1, 'c' || i, i FROM n`,
		} {
			if _, err := sqldb.RawForTest(db).ExecContext(t.Context(), q, study.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := sqldb.RawForTest(db).ExecContext(t.Context(), `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			table string
			args  []any
			want  []string // in the plan's text: SQLite's, PostgreSQL's
		}{
			{"attributes", []any{study.ID}, []string{"SEARCH attributes USING COVERING INDEX attributes_study_position (study_id=?)",
				"Scan Backward using attributes_study_position"}},
			{"codes", []any{study.ID, ""}, []string{"SEARCH codes USING COVERING INDEX codes_sibling_position (study_id=? AND <expr>=?)",
				"Scan Backward using codes_sibling_position"}},
		} {
			t.Run(tc.table, func(t *testing.T) {
				q := sqldb.NextPositionQueriesForTest[tc.table]
				plan, err := sqldb.ExplainForTest(t.Context(), db, q, tc.args...)
				must(t, err)
				text := strings.Join(plan, "\n")
				wants := []string{tc.want[0]}
				if db.Dialect() == "postgres" {
					wants = []string{"Limit", tc.want[1]} // the first entry from the end
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
