package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ncruces/go-sqlite3/driver"

	"ownwords"
)

// RawForTest returns the writer pool so tests can tamper with the database
// as an attacker holding the key could. Not for production use.
func RawForTest(db *DB) *sql.DB { return db.w }

// MediaFileForTest returns the path of the file holding recording id
// ("" for one kept in rows, and on PostgreSQL).
func MediaFileForTest(db *DB, id string) (string, error) {
	dir := db.mediaDir()
	if dir == "" {
		return "", nil
	}
	var name string
	if err := db.w.QueryRow(`SELECT media_file FROM recordings WHERE id = ?`, id).Scan(&name); err != nil || name == "" {
		return "", err
	}
	return filepath.Join(dir, name), nil
}

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

// SearchPrefixesReadForTest counts the transcripts searches read as
// prefixes.
func SearchPrefixesReadForTest() int64 { return prefixesRead.Load() }

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
func StudyVersionQueryForTest(db *DB, studyID string) (string, []any) {
	return studyVersion.sql(db.d, studyID)
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

// IndexWord is a word of the search index as a test sees it: from a count
// row (Table "search_tf", N its frequency) or a positions row (Table
// "search_pos", N its number of positions, Positions them), in the
// interview with index key Doc.
type IndexWord struct {
	Table, Term string
	Doc         int64
	N           int
	Positions   []int
}

// IndexWordsForTest decodes every row of search_tf and search_pos: the
// words are packed in them (00018), so that SQL alone cannot say whether a
// word of a destroyed transcript is left.
func IndexWordsForTest(ctx context.Context, db *DB) ([]IndexWord, error) {
	var out []IndexWord
	rows, err := db.w.QueryContext(ctx, `SELECT term, counts FROM search_tf ORDER BY study_id, term, chunk`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var term string
		var blob []byte
		if err := rows.Scan(&term, &blob); err != nil {
			rows.Close()
			return nil, err
		}
		if err := eachCount(blob, func(doc int64, tf int32) {
			out = append(out, IndexWord{Table: "search_tf", Term: term, Doc: doc, N: int(tf)})
		}); err != nil {
			rows.Close()
			return nil, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.w.QueryContext(ctx, `SELECT id, positions FROM search_pos ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var blob []byte
		if err := rows.Scan(&id, &blob); err != nil {
			return nil, err
		}
		if err := eachPositions(blob, func(term []byte, n int, deltas []byte) error {
			pos, err := decodePositions(nil, deltas)
			if err != nil {
				return err
			}
			if len(pos) != n {
				return fmt.Errorf("search_pos %d: %q has %d positions, says %d", id, term, len(pos), n)
			}
			out = append(out, IndexWord{Table: "search_pos", Term: string(term), Doc: id / posBuckets, N: n, Positions: pos})
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// ForgetTextTermsForTest drops the words of other texts kept for search
// (termCache), as a fresh process starts: benchmarks time the first search.
func ForgetTextTermsForTest(db *DB, studyID string) { db.textTerms.forget(studyID) }

// TextTermsKeptForTest reports whether the words of text id of the study
// are kept for search (termCache), at any version.
func TextTermsKeptForTest(db *DB, studyID, id string) bool {
	db.textTerms.mu.Lock()
	defer db.textTerms.mu.Unlock()
	return db.textTerms.byStudy[studyID][id] != nil
}

// TextTermsGenerationForTest is the study's count of forgets of the words
// kept for search.
func TextTermsGenerationForTest(db *DB, studyID string) uint64 {
	return db.textTerms.generation(studyID)
}

// PlannerRowsForTest is PostgreSQL's planner estimate of table's rows
// (pg_class.reltuples: −1 until the table is first analyzed).
func PlannerRowsForTest(ctx context.Context, db *DB, table string) (float64, error) {
	var n float64
	err := db.w.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)`, table).Scan(&n)
	return n, err
}

// SetCountBufferRowsForTest sets how many counts a transaction buffers
// before packing them as a chunk, until the returned func restores it.
func SetCountBufferRowsForTest(n int) (restore func()) {
	old := countBufferRows
	countBufferRows = n
	return func() { countBufferRows = old }
}

// GenericPlanForTest returns PostgreSQL's generic plan of q (the plan a
// prepared statement gets after five runs, made without the values), one
// line a step; args are written into EXECUTE as literals (strings, ints
// and arrays of strings only).
func GenericPlanForTest(ctx context.Context, db *DB, q string, args ...any) ([]string, error) {
	c, err := db.r.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	lits := make([]string, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			lits[i] = quote(v)
		case []string:
			q := make([]string, len(v))
			for j, s := range v {
				q[j] = quote(s)
			}
			lits[i] = "ARRAY[" + strings.Join(q, ", ") + "]::text[]"
		default:
			lits[i] = fmt.Sprint(v)
		}
	}
	if _, err := c.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		return nil, err
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `DEALLOCATE ALL; RESET plan_cache_mode`)
	if _, err := c.ExecContext(ctx, `PREPARE generic_plan_for_test AS `+db.d.rebind(q)); err != nil {
		return nil, err
	}
	rows, err := c.QueryContext(ctx, `EXPLAIN EXECUTE generic_plan_for_test(`+strings.Join(lits, ", ")+`)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		plan = append(plan, line)
	}
	return plan, rows.Err()
}

// ReadersForTest returns the readers' pool.
func ReadersForTest(db *DB) *sql.DB { return db.r }

// PoolStatsForTest returns the writers' and the readers' pool statistics.
func PoolStatsForTest(db *DB) (writers, readers sql.DBStats) { return db.w.Stats(), db.r.Stats() }

// SetBatchHookForTest makes the leader of the coding writes call fn with
// the size of each batch it takes, before running it. Set it before any
// coding write.
func SetBatchHookForTest(db *DB, fn func(n int)) { db.group.taken = fn }

// CodingQueuedForTest returns how many coding writes wait for a batch.
func CodingQueuedForTest(db *DB) int {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return len(db.group.queue)
}

// GroupedForTest runs query as a coding write (in a batch), then returns
// fail: a write that fails with an SQL error, or after writing.
func GroupedForTest(ctx context.Context, db *DB, query string, fail error) error {
	return db.grouped(ctx, func(ctx context.Context, c conn) error {
		if _, err := c.tx.ExecContext(ctx, c.d.rebind(query)); err != nil {
			return fmt.Errorf("sqldb: test write: %w", err)
		}
		return fail
	})
}

// GroupedPanicForTest runs, as a coding write (in a batch), a write that
// panics with v.
func GroupedPanicForTest(ctx context.Context, db *DB, v any) error {
	return db.grouped(ctx, func(ctx context.Context, c conn) error { panic(v) })
}

// RoundTrips counts the exchanges of a store's writer connections with
// the server: a message sent after an answer was read (or the first)
// starts one.
type RoundTrips struct{ n atomic.Int64 }

// Load returns the round trips so far.
func (r *RoundTrips) Load() int64 { return r.n.Load() }

// roundTripConn counts its connection's round trips in rt.
type roundTripConn struct {
	net.Conn
	rt   *RoundTrips
	mu   sync.Mutex
	read bool // an answer was read since the last message sent
	sent bool
}

func (c *roundTripConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.read || !c.sent {
		c.rt.n.Add(1)
	}
	c.read, c.sent = false, true
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *roundTripConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		c.read = true
		c.mu.Unlock()
	}
	return n, err
}

// OpenCountingRoundTripsForTest opens the PostgreSQL store at dsn with
// its writer connections' round trips counted.
func OpenCountingRoundTripsForTest(ctx context.Context, dsn string) (*DB, *RoundTrips, error) {
	rt := &RoundTrips{}
	var d net.Dialer
	db, err := Open(ctx, Config{DSN: dsn, dialWriters: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &roundTripConn{Conn: c, rt: rt}, nil
	}})
	return db, rt, err
}

// GroupedRowForTest runs query, which returns one boolean, as a coding
// write of one statement (in a batch): its outcome is the statement's
// error, or ECONFLICT when the boolean is false.
func GroupedRowForTest(ctx context.Context, db *DB, query string) error {
	return GroupedRowHookForTest(ctx, db, query, func(context.Context) {})
}

// GroupedRowHookForTest runs query as GroupedRowForTest does; hook runs
// once its row is read, before its batch commits, with the write's
// context (the batch's cancellation, the caller's values).
func GroupedRowHookForTest(ctx context.Context, db *DB, query string, hook func(ctx context.Context)) error {
	var ok bool
	return db.groupedRow(ctx, &rowWrite{q: query, dest: []any{&ok}, outcome: func(ctx context.Context, _ conn, err error) error {
		hook(ctx)
		switch {
		case err != nil:
			return fmt.Errorf("sqldb: test write: %w", err)
		case !ok:
			return ownwords.Errorf(ownwords.ECONFLICT, "test write refused")
		}
		return nil
	}})
}
