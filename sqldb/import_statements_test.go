package sqldb_test

import (
	"fmt"
	"path"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// importStatements are the most SQL statements an import may run per
// participant with four attribute values and one interview, in one Update
// transaction, as `ownwords import` writes them: on PostgreSQL each is a
// round trip, and an import of 20,000 interviews sends them 20,000 times
// (issue 16: the PostgreSQL import within 2× SQLite's): the participant,
// its values, the interview, its index entry. SQLite's statements are
// calls in the process: its index entry takes three (search_keys, marks,
// positions) and each audit entry three more (the chain's head read and
// moved, the entry), where PostgreSQL chains a transaction's entries at
// its end. A change that adds one must say why here.
var importStatements = map[string]int{"sqlite": 12, "postgres": 4}

// TestImportStatements counts the statements of importing participants
// with values and their interviews, as the difference between an import
// of 2 and one of 6 (what an import runs once — the study, the audit
// chain, the index's counts — cancels out), and checks what was written.
func TestImportStatements(t *testing.T) {
	stmts := &sqldbtest.Statements{}
	sqldbtest.EachTraced(t, stmts, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		s := sqldbtest.MustStudy(t, st, "import statements")
		for _, a := range []*ownwords.Attribute{
			{StudyID: s.ID, Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
			{StudyID: s.ID, Slug: "origin", Type: ownwords.AttrCategory, Values: []string{"local", "foreign"}},
			{StudyID: s.ID, Slug: "status", Type: ownwords.AttrText},
			{StudyID: s.ID, Slug: "born", Type: ownwords.AttrInteger},
		} {
			if err := st.CreateAttribute(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		next := 0
		run := func(n int) int {
			t.Helper()
			stmts.Record()
			err := st.Update(ctx, func(tx ownwords.Services) error {
				for range n {
					next++
					p := &ownwords.Participant{StudyID: s.ID, Code: fmt.Sprintf("P-%04d", next), Values: map[string]ownwords.Value{
						"gender": {Type: ownwords.AttrCategory, Str: []string{"man", "woman"}[next%2]},
						"origin": {Type: ownwords.AttrCategory, Str: "local"},
						"status": {Type: ownwords.AttrText, Str: "returnee"},
						"born":   {Type: ownwords.AttrInteger, Int: int64(1980 + next)},
					}}
					if err := tx.CreateParticipant(ctx, p); err != nil {
						return err
					}
					iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: p.Code,
						Transcript: "Interviewer: Why did you go?\n" + p.Code + ": We had no food and the emir lied.\n"}
					if err := tx.CreateInterview(ctx, iv); err != nil {
						return err
					}
				}
				return nil
			})
			list := stmts.Stop()
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		two, six := run(2), run(6)
		per := float64(six-two) / 4
		dialect := path.Base(t.Name()) // the subtest: sqlite or postgres
		if max := importStatements[dialect]; per > float64(max) {
			t.Errorf("%s: %.2f statements per participant and interview (2: %d, 6: %d), want at most %d", dialect, per, two, six, max)
		}
		// What the fewer statements wrote: every value, every interview
		// searchable.
		ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.ID})
		if err != nil || len(ps) != 8 {
			t.Fatalf("participants: %d, %v", len(ps), err)
		}
		for _, p := range ps {
			if len(p.Values) != 4 || p.Values["status"].Str != "returnee" {
				t.Errorf("participant %s: values %v", p.Code, p.Values)
			}
		}
		res, err := st.Search(ctx, ownwords.SearchQuery{StudyID: s.ID, Query: "emir"})
		if err != nil || res.TotalHits != 8 || len(res.Interviews) != 8 {
			t.Fatalf("search emir: %+v, %v", res, err)
		}
	})
}

// TestLongValuesLz4 checks that a team server compresses a new transcript
// and its index with lz4 (migration 00028), where the server has lz4, and
// reads them back whole.
func TestLongValuesLz4(t *testing.T) {
	db := sqldbtest.OpenPostgres(t)
	ctx := t.Context()
	raw := sqldb.RawForTest(db)
	var has bool
	if err := raw.QueryRowContext(ctx, `SELECT attcompression = 'l' FROM pg_attribute WHERE attrelid = 'interviews'::regclass AND attname = 'transcript'`).Scan(&has); err != nil {
		t.Fatal(err)
	}
	if !has {
		// A server built without lz4 refuses to set it: then 00028 kept pglz.
		if _, err := raw.ExecContext(ctx, `SET default_toast_compression = lz4`); err == nil {
			t.Fatal("the server has lz4, but interviews.transcript is not compressed with it (migration 00028)")
		}
		t.Skip("this PostgreSQL has no lz4: 00028 kept pglz")
	}
	s := sqldbtest.MustStudy(t, db, "lz4")
	p := &ownwords.Participant{StudyID: s.ID, Code: "P-0001"}
	if err := db.CreateParticipant(ctx, p); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("Interviewer: Why did you go?\nP-0001: We had no food and the emir lied to us.\n", 400)
	iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: "long", Transcript: text}
	if err := db.CreateInterview(ctx, iv); err != nil {
		t.Fatal(err)
	}
	var transcript, positions string
	if err := raw.QueryRowContext(ctx, `SELECT pg_column_compression(transcript) FROM interviews WHERE id = $1`, iv.ID).Scan(&transcript); err != nil {
		t.Fatal(err)
	}
	if transcript != "lz4" {
		t.Errorf("transcript of %d bytes compressed with %q, want lz4", len(text), transcript)
	}
	if err := raw.QueryRowContext(ctx, `SELECT coalesce(max(pg_column_compression(positions)), 'none') FROM search_pos`).Scan(&positions); err != nil {
		t.Fatal(err)
	}
	if positions != "lz4" && positions != "none" {
		t.Errorf("search positions compressed with %q, want lz4 (or too short to be)", positions)
	}
	got, err := db.Interview(ctx, iv.ID)
	if err != nil || got.Transcript != text {
		t.Fatalf("transcript read back: %d bytes, %v", len(got.Transcript), err)
	}
}
