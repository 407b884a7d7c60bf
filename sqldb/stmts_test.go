package sqldb

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"ownwords"
)

// newStmtsFile creates an empty study file in a temporary directory, closed
// when the test ends.
func newStmtsFile(t *testing.T) *DB {
	t.Helper()
	db, err := Create(t.Context(), Config{DSN: filepath.Join(t.TempDir(), "study.ownwords"), Passphrase: []byte(rotatePass)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The SQLite writer prepares a statement first run in a write transaction
// once that transaction is over, and later transactions run it prepared,
// with the same results, also after a rollback; multi-row queries are
// never kept.
func TestWriterKeepsPreparedStatements(t *testing.T) {
	ctx, db := t.Context(), newStmtsFile(t)
	const count = `SELECT count(*) FROM studies WHERE name <> $1`
	const rename = `UPDATE studies SET name = name || '.' WHERE name = $1`
	const list = `SELECT name FROM studies ORDER BY name`
	run := func(i int, wantPrepared bool, fail error) error {
		return db.inTx(ctx, false, func(tx *sql.Tx, state *txState) error {
			c := conn{tx, db.d, tx, state}
			if got := c.prepared(ctx, db.d.rebind(count)) != nil; got != wantPrepared {
				t.Errorf("run %d: count prepared = %v, want %v", i, got, wantPrepared)
			}
			if _, err := c.exec(ctx, `INSERT INTO studies (id, name, created_at, settings) VALUES ($1, $2, $3, $4)`, fmt.Sprint("s", i), fmt.Sprint("study ", i), formatTime(db.now()), "{}"); err != nil {
				return err
			}
			for range 2 { // the same statement twice in one transaction
				var n int
				if err := c.queryRow(ctx, count, "").Scan(&n); err != nil {
					return err
				}
				if n != i+1 {
					t.Errorf("run %d: %d studies, want %d", i, n, i+1)
				}
			}
			res, err := c.exec(ctx, rename, fmt.Sprint("study ", i))
			if err != nil {
				return err
			}
			if err := mustAffect(res, "study", ""); err != nil {
				return err
			}
			rows, err := c.query(ctx, list)
			if err != nil {
				return err
			}
			rows.Close()
			return fail
		})
	}
	boom := errors.New("boom")
	if err := run(0, false, nil); err != nil {
		t.Fatal(err)
	}
	if err := run(1, true, boom); !errors.Is(err, boom) {
		t.Fatalf("rolled back run: %v", err)
	}
	for i := 1; i < 3; i++ {
		if err := run(i, true, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := db.stmts.kept[db.d.rebind(list)]; ok {
		t.Errorf("a multi-row query was kept")
	}
	var names []string
	rows, err := db.r.QueryContext(ctx, `SELECT name FROM studies ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	if fmt.Sprint(names) != "[study 0. study 1. study 2.]" {
		t.Errorf("studies = %q", names)
	}
	if db.stmts.want != nil {
		t.Errorf("statements still waiting to be prepared: %q", db.stmts.want)
	}
}

// SQLite's reads outside a transaction run kept statements, also the same
// multi-row query again while its first rows are still open, and see
// every committed write.
func TestReaderPoolKeepsPreparedStatements(t *testing.T) {
	ctx, db := t.Context(), newStmtsFile(t)
	pool, ok := db.rq.(*stmtPool)
	if !ok {
		t.Fatalf("reads run on %T, want *stmtPool", db.rq)
	}
	const names = `SELECT name FROM studies WHERE name <> $1 ORDER BY name`
	read := func() []string {
		t.Helper()
		rows, err := db.read().query(ctx, names, "")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			if len(out) == 0 { // the same statement while these rows are open
				var inner int
				if err := db.read().queryRow(ctx, `SELECT count(*) FROM (`+names+`) AS n`, "").Scan(&inner); err != nil {
					t.Fatal(err)
				}
				again, err := db.read().query(ctx, names, "")
				if err != nil {
					t.Fatal(err)
				}
				again.Close()
			}
			out = append(out, n)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for i, want := range []string{"[a]", "[a b]", "[a b c]"} {
		if err := db.CreateStudy(ctx, &ownwords.Study{Name: string(rune('a' + i))}); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(read()); got != want {
			t.Errorf("studies after %d writes: %s, want %s", i+1, got, want)
		}
	}
	if _, ok := pool.kept[db.d.rebind(names)]; !ok {
		t.Errorf("the read's statement was not kept: %d kept", len(pool.kept))
	}
}

// The writer keeps at most maxStmts statements: past that it drops the
// ones it kept and keeps the newer, and every query still runs.
func TestWriterStatementsBounded(t *testing.T) {
	ctx, db := t.Context(), newStmtsFile(t)
	query := func(i int) string { return fmt.Sprintf("SELECT $1 + %d", i) }
	run := func(from, to int) {
		t.Helper()
		err := db.inTx(ctx, false, func(tx *sql.Tx, state *txState) error {
			c := conn{tx, db.d, tx, state}
			for i := from; i < to; i++ {
				var n int
				if err := c.queryRow(ctx, query(i), 1).Scan(&n); err != nil {
					return err
				}
				if n != i+1 {
					t.Errorf("%s = %d, want %d", query(i), n, i+1)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	run(0, maxStmts+20)
	if n := len(db.stmts.kept); n != maxStmts {
		t.Fatalf("%d statements kept after %d queries, want %d", n, maxStmts+20, maxStmts)
	}
	run(1000, 1010)
	_, newer := db.stmts.kept[db.d.rebind(query(1005))]
	_, older := db.stmts.kept[db.d.rebind(query(0))]
	if n := len(db.stmts.kept); n > maxStmts || !newer || older {
		t.Errorf("after 10 more queries: %d kept, newer kept %v, older kept %v; want ≤ %d, true, false", n, newer, older, maxStmts)
	}
	run(0, 5) // dropped statements still run
}

// Kept statements (reader pool and writer) and kept consent records read
// every change at once across what rewrites the file under them: a bulk
// import in a rollback journal, the VACUUM of shredding, a schema change
// by another handle (a newer binary's migration), and writes through
// either handle while readers of this one run.
func TestKeptStatementsAcrossFileChanges(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "study.ownwords")
	this, err := Create(ctx, Config{DSN: path, Passphrase: []byte(rotatePass)})
	if err != nil {
		t.Fatal(err)
	}
	defer this.Close()
	study := &ownwords.Study{Name: "kept"}
	mustStmts(t, this.CreateStudy(ctx, study))
	sid := study.ID
	p := &ownwords.Participant{StudyID: sid, Code: "P-1"}
	mustStmts(t, this.CreateParticipant(ctx, p))
	check := func(h *DB, step string, want func(*ownwords.Consent) bool) {
		t.Helper()
		m, err := h.Consents(ctx, sid)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if cs := m[p.ID]; cs == nil || !want(cs) {
			t.Fatalf("%s: read %+v", step, cs)
		}
	}
	set := func(h *DB, cs ownwords.Consent) {
		t.Helper()
		cs.StudyID, cs.ParticipantID = sid, p.ID
		mustStmts(t, h.SetConsent(ctx, &cs))
	}
	no := ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}

	// Alone on the file: UpdateBulk leaves WAL for a rollback journal.
	set(this, ownwords.Consent{})
	check(this, "warm", func(cs *ownwords.Consent) bool { return cs.Voice.Answer == "" })
	mustStmts(t, this.UpdateBulk(ctx, func(tx ownwords.Services) error {
		return tx.SetConsent(ctx, &ownwords.Consent{StudyID: sid, ParticipantID: p.ID, Voice: no})
	}))
	if !bulkRollback.Load() {
		t.Fatal("the bulk write ran in WAL: the file was not this handle's alone")
	}
	check(this, "bulk", func(cs *ownwords.Consent) bool { return cs.Voice == no })
	set(this, ownwords.Consent{Face: no})
	check(this, "after bulk", func(cs *ownwords.Consent) bool { return cs.Face == no && cs.Voice.Answer == "" })

	other, err := Open(ctx, Config{DSN: path, Passphrase: []byte(rotatePass)})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	check(other, "other warm", func(cs *ownwords.Consent) bool { return cs.Face == no })

	// Shredding vacuums the file through the other handle.
	if _, err := other.PurgeParticipantTranscripts(ctx, sid, p.ID, false); err != nil {
		t.Fatal(err)
	}
	set(other, ownwords.Consent{Quotes: no})
	check(this, "after vacuum", func(cs *ownwords.Consent) bool { return cs.Quotes == no && cs.Face.Answer == "" })

	// A schema change through the other handle, then a withdrawal.
	for _, q := range []string{
		`ALTER TABLE consents ADD COLUMN kept_test TEXT NOT NULL DEFAULT ''`,
		`CREATE INDEX kept_test ON audit_log (action, seq)`,
	} {
		if _, err := other.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	set(other, ownwords.Consent{Withdrawn: ownwords.Date{Year: 2024}})
	check(this, "after schema change", func(cs *ownwords.Consent) bool { return cs.IsWithdrawn() })

	// Writes through both handles while readers of this one run: a read
	// begun after a write returned sees it, through either handle.
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range readers {
		wg.Go(func() {
			for !stop.Load() {
				if _, err := this.Consents(ctx, sid); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	defer wg.Wait()
	defer stop.Store(true)
	for i := range 30 {
		a := ownwords.ConsentAnswer{Answer: []string{ownwords.ConsentYes, ownwords.ConsentNo}[i%2]}
		set([]*DB{this, other}[i%3%2], ownwords.Consent{Analysis: a})
		for _, h := range []*DB{this, other} {
			check(h, fmt.Sprint("concurrent write ", i), func(cs *ownwords.Consent) bool { return cs.Analysis == a })
		}
	}
}

func mustStmts(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
