package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ncruces/go-sqlite3/driver"
)

// RawForTest returns the writer pool so tests can tamper with the database
// as an attacker holding the key could. Not for production use.
func RawForTest(db *DB) *sql.DB { return db.w }

// PlainBulkLoadForBench inserts texts into a bare table of a new plain,
// unencrypted SQLite file in one transaction: the baseline that the import
// benchmark is compared with. Only benchmarks call it.
func PlainBulkLoadForBench(ctx context.Context, path string, texts []string) error {
	db, err := driver.Open("file:" + path + "?_txlock=immediate")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
		CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, s := range texts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (id, body) VALUES (?1, ?2)`, i, s); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SearchTranscriptsReadForTest returns how many transcripts searches have
// read since the process started.
func SearchTranscriptsReadForTest() int64 { return transcriptsRead.Load() }

// IndexEntriesPipedForTest counts the index entries writers took from a
// PrepareIndex pipeline.
func IndexEntriesPipedForTest() int64 { return entriesPiped.Load() }

// AppendAuditForTest appends an entry as the store does, without the
// checks of Record: tests use it to make the log of an older store.
func AppendAuditForTest(ctx context.Context, db *DB, studyID, action, object, detail string) error {
	return db.write(ctx, func(c conn) error { return db.appendEntry(ctx, c, studyID, action, object, detail) })
}

// LookupQueriesForTest are queries that must read a short range of an
// index: placing a new attribute (arguments: study) or code (study,
// parent) after the last one, and AuditTimes (its arguments).
var LookupQueriesForTest = map[string]string{"attributes": nextAttributePosition, "codes": nextCodePosition, "audit times": auditTimesQuery}

// ExplainForTest returns the plan of q in db's dialect, one line a step:
// EXPLAIN QUERY PLAN's details on SQLite, EXPLAIN's lines on PostgreSQL.
func ExplainForTest(ctx context.Context, db *DB, q string, args ...any) ([]string, error) {
	explain := "EXPLAIN "
	if db.Dialect() == "sqlite" {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.r.QueryContext(ctx, db.d.rebind(explain+q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var plan []string
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		if err := rows.Scan(vals...); err != nil {
			return nil, err
		}
		plan = append(plan, fmt.Sprint(*vals[len(vals)-1].(*any)))
	}
	return plan, rows.Err()
}

// StudyVersionQueryForTest is the query of StudyVersion and its
// arguments, for its plan.
func StudyVersionQueryForTest(studyID string) (string, []any) {
	return studyVersionQuery, studyVersionArgs(studyID)
}

// AppendAuditsForTest runs one write of the store's own that appends an
// entry for each object, in order, then returns what then returns (nil
// commits).
func AppendAuditsForTest(ctx context.Context, db *DB, action string, objects []string, detail string, then func() error) error {
	return db.write(ctx, func(c conn) error {
		for _, o := range objects {
			if err := db.appendEntry(ctx, c, "", action, o, detail); err != nil {
				return err
			}
		}
		return then()
	})
}

// SetVerifyBudgetForTest sets how many candidates a search with phrases
// verifies past its page, and returns a function restoring it.
func SetVerifyBudgetForTest(n int) (restore func()) {
	old := verifyBudget
	verifyBudget = n
	return func() { verifyBudget = old }
}
