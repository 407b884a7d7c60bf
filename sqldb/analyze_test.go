package sqldb_test

import (
	"fmt"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestBulkAnalyzes: after an import on the team server the planner knows
// the tables are no longer empty (autovacuum may be late, or off), so that
// it uses their indexes.
func TestBulkAnalyzes(t *testing.T) {
	db := sqldbtest.OpenPostgres(t)
	ctx := t.Context()
	study := &ownwords.Study{Name: "Analyze"}
	must(t, db.CreateStudy(ctx, study))
	p := &ownwords.Participant{StudyID: study.ID, Code: "P-1"}
	must(t, db.CreateParticipant(ctx, p))
	must(t, db.UpdateBulk(ctx, func(tx ownwords.Services) error {
		for i := range 30 {
			iv := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: fmt.Sprintf("I-%d", i), Language: "en",
				Transcript: fmt.Sprintf("Interviewer: Number %d?\nParticipant: Yes, number %d.\n", i, i)}
			if err := tx.CreateInterview(ctx, iv); err != nil {
				return err
			}
		}
		return nil
	}))
	for _, table := range []string{"interviews", "search_keys", "participants"} {
		n, err := sqldb.PlannerRowsForTest(ctx, db, table)
		must(t, err)
		if n < 1 {
			t.Errorf("%s: the planner estimates %v rows after the import", table, n)
		}
	}
}
