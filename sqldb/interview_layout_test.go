package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestInterviewLayoutMigration: a study file whose interviews table has
// the layout before 00024 (texts before version and comparison_opened_at;
// made by 00024's Down on a file with data, its version removed) is
// migrated on reopening: the texts come last, every row of every table is
// kept, search answers as before, foreign keys are on again, and deleting
// an interview still deletes by cascade what refers to it.
func TestInterviewLayoutMigration(t *testing.T) {
	ctx := t.Context()
	db, path := sqldbtest.OpenSQLite(t)
	cfg := sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)}
	f := mustFixture(t, db)
	sid := f.study.ID
	must(t, db.CreateSegment(ctx, segmentOn(t, f, f.a, "We had no food.")))
	long := searchCorpusFor(1, 3000)[0]
	iv2 := &ownwords.Interview{StudyID: sid, ParticipantID: f.p2.ID, Title: "long", Language: "en", Transcript: long,
		Anchors: []ownwords.TimeAnchor{{Offset: 0, Ms: 1000}}}
	must(t, db.CreateInterview(ctx, iv2))
	must(t, db.OpenComparison(ctx, iv2.ID))
	quote := []rune(long)[1:40]
	must(t, db.CreateSegment(ctx, &ownwords.Segment{StudyID: sid, InterviewID: iv2.ID, CodeID: f.a.ID, CoderID: f.coder.ID,
		Layer: ownwords.LayerCoder, Start: 1, End: 40, TextHash: ownwords.HashText(string(quote))}))
	must(t, db.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: sid, InterviewID: iv2.ID, Language: "fr",
		Role: ownwords.TextTranslation, Method: ownwords.MethodInterpreter, Text: long}))
	must(t, db.PutRecording(ctx, &ownwords.Recording{StudyID: sid, InterviewID: iv2.ID, Name: "long.wav", MediaType: "audio/wav", Size: 4096},
		io.LimitReader(zeros{}, 4096)))
	must(t, db.CreateMemo(ctx, &ownwords.Memo{StudyID: sid, TargetType: ownwords.MemoInterview, TargetID: iv2.ID, Body: "a memo"}))
	queries := []string{"food", `"no food"`, benchVocab()[0], "quokka"}
	search := func(db *sqldb.DB) []*ownwords.SearchResult {
		t.Helper()
		var out []*ownwords.SearchResult
		for _, q := range queries {
			r, err := db.Search(ctx, ownwords.SearchQuery{StudyID: sid, Query: q})
			must(t, err)
			out = append(out, r)
		}
		return out
	}
	searched := search(db)
	if searched[0].TotalHits == 0 || searched[2].TotalHits == 0 {
		t.Fatalf("the searches find nothing before the migration: %+v", searched)
	}
	listed, err := db.Interviews(ctx, ownwords.InterviewFilter{StudyID: sid, WithText: true})
	must(t, err)

	// Back to the layout before 00024.
	raw := sqldb.RawForTest(db)
	conn, err := raw.Conn(ctx)
	must(t, err)
	// The later ones first: 00028 (nothing on SQLite), 00027 (audit_log's
	// indexes on seq + 0), 00025 (recordings.media_file).
	for _, later := range []struct {
		file    string
		version int
	}{{"00028_lz4.sql", 28}, {"00027_audit_seq_key.sql", 27}, {"00025_recording_files.sql", 25}} {
		for _, q := range append(migrationDown(t, "migrations/sqlite/"+later.file), fmt.Sprintf(`DELETE FROM goose_db_version WHERE version_id = %d`, later.version)) {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s down: %s: %v", later.file, q, err)
			}
		}
	}
	for _, q := range migrationDown(t, "migrations/sqlite/00024_interview_layout.sql") {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("00024 down: %s: %v", q, err)
		}
	}
	_, err = conn.ExecContext(ctx, `DELETE FROM goose_db_version WHERE version_id >= 24`) // and 00026, a no-op here
	must(t, err)
	must(t, conn.Close())
	if cols := columnsOf(t, raw, "interviews"); !slices.Equal(cols[9:], []string{"transcript", "translation", "version", "comparison_opened_at"}) {
		t.Fatalf("columns before the migration: %v", cols)
	}
	counts := rowCounts(t, raw)
	must(t, db.Close())

	db, err = sqldb.Open(ctx, cfg)
	must(t, err)
	defer db.Close()
	raw = sqldb.RawForTest(db)
	if cols := columnsOf(t, raw, "interviews"); !slices.Equal(cols[9:], []string{"version", "comparison_opened_at", "transcript", "translation"}) {
		t.Errorf("columns after the migration: %v", cols)
	}
	if got := rowCounts(t, raw); !reflect.DeepEqual(got, counts) {
		t.Errorf("rows after the migration %v, before %v", got, counts)
	}
	var fk int
	must(t, raw.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
	if fk != 1 {
		t.Error("foreign keys are off after the migration")
	}
	indexes := strs(t, raw, `SELECT name FROM sqlite_schema WHERE tbl_name = 'interviews' AND type = 'index' ORDER BY name`)
	if want := []string{"interviews_listing", "interviews_participant", "sqlite_autoindex_interviews_1", "sqlite_autoindex_interviews_2"}; !slices.Equal(indexes, want) {
		t.Errorf("indexes of interviews %v, want %v", indexes, want)
	}
	if got := search(db); !reflect.DeepEqual(got, searched) {
		t.Errorf("search after the migration %+v, before %+v", got, searched)
	}
	got, err := db.Interviews(ctx, ownwords.InterviewFilter{StudyID: sid, WithText: true})
	must(t, err)
	if !reflect.DeepEqual(got, listed) {
		t.Errorf("interviews after the migration differ from before")
	}
	i := slices.IndexFunc(got, func(iv *ownwords.Interview) bool { return iv.ID == iv2.ID })
	if i < 0 || got[i].ComparisonOpenedAt.IsZero() || got[i].Transcript != long || got[i].Language != "en" {
		t.Errorf("interviews %+v: the long one is missing or lost its columns", got)
	}

	// What refers to interviews(id) goes with the interview.
	referring := map[string]string{} // table: its column naming an interview
	for table := range counts {
		var col string
		err := raw.QueryRowContext(ctx, `SELECT "from" FROM pragma_foreign_key_list(?) WHERE "table" = 'interviews'`, table).Scan(&col)
		if err == sql.ErrNoRows {
			continue
		}
		must(t, err)
		referring[table] = col
	}
	count := func(table string) int {
		var n int
		must(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+referring[table]+` = ?`, iv2.ID).Scan(&n))
		return n
	}
	for _, table := range []string{"segments", "interview_texts", "recordings", "time_anchors", "search_keys"} {
		if _, ok := referring[table]; !ok {
			t.Fatalf("%s does not refer to interviews (%v)", table, referring)
		}
		if count(table) == 0 {
			t.Errorf("%s holds nothing of the interview before its deletion", table)
		}
	}
	must(t, db.DeleteInterview(ctx, iv2.ID))
	for table := range referring {
		if n := count(table); n != 0 {
			t.Errorf("%s keeps %d rows of the deleted interview", table, n)
		}
	}
	var chunks int
	must(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM recording_chunks`).Scan(&chunks))
	if chunks != 0 {
		t.Errorf("%d recording chunks outlive their interview", chunks)
	}
	var broken int
	must(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken))
	if broken != 0 {
		t.Errorf("%d foreign key violations", broken)
	}
}

// migrationDown returns the statements of a migration file's Down part.
func migrationDown(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	must(t, err)
	_, down, ok := strings.Cut(string(b), "-- +goose Down")
	if !ok {
		t.Fatalf("%s has no Down part", file)
	}
	var out []string
	for q := range strings.SplitSeq(down, ";\n") {
		if q = strings.TrimSpace(q); q != "" {
			out = append(out, q)
		}
	}
	return out
}

func columnsOf(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	return strs(t, db, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
}

// strs returns the one text column of a query's rows.
func strs(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		must(t, rows.Scan(&s))
		out = append(out, s)
	}
	must(t, rows.Err())
	return out
}

// rowCounts counts the rows of every table of the file.
func rowCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range strs(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`) {
		var n int
		must(t, db.QueryRowContext(context.Background(), `SELECT count(*) FROM "`+tb+`"`).Scan(&n))
		out[tb] = n
	}
	return out
}
