package sqldb_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

type indexPreparer interface {
	PrepareIndex(ctx context.Context, transcripts []string) (stop func())
}

// prepareCorpus returns transcripts of every kind the index treats apart:
// empty, duplicated, inexact ("½" folds to 1⁄2, which the index splits),
// several scripts.
func prepareCorpus(n int) []string {
	words := []string{"the", "hisbah", "food", "lack", "of", "border", "école", "İstanbul'da", "الحِسْبَةِ",
		"Москве", "crossed", "market", "again", "no", "ŉ", "ǅemal"}
	rng := rand.New(rand.NewPCG(7, 11))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for w := range 50 + rng.IntN(400) {
			if w%40 == 0 {
				b.WriteString("\nP: ")
			}
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString([]string{" ", " ", ", ", ". "}[rng.IntN(4)])
		}
		if i%7 == 0 {
			b.WriteString("half ½ a cup of food")
		}
		out[i] = b.String()
	}
	out[3] = ""
	out[9] = out[4]
	return out
}

// writeCorpus creates one participant and interview per transcript in one
// transaction; when prepare is not nil it is handed to PrepareIndex first,
// and each (if not nil) is called before each interview.
func writeCorpus(ctx context.Context, st ownwords.Store, studyID string, corpus, prepare []string, each func(i int)) error {
	return st.Update(ctx, func(tx ownwords.Services) error {
		if prepare != nil {
			defer tx.(indexPreparer).PrepareIndex(ctx, prepare)()
		}
		for i, text := range corpus {
			if each != nil {
				each(i)
			}
			p := &ownwords.Participant{StudyID: studyID, Code: fmt.Sprintf("P-%03d", i)}
			if err := tx.CreateParticipant(ctx, p); err != nil {
				return err
			}
			if err := tx.CreateInterview(ctx, &ownwords.Interview{StudyID: studyID, ParticipantID: p.ID, Title: p.Code, Transcript: text}); err != nil {
				return err
			}
		}
		return nil
	})
}

// indexDump returns the search index rows of a store, keyed by interview
// title: lengths and marks, term counts and positions, pending entries.
func indexDump(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	hex := map[string]string{"sqlite": "hex(%s)", "postgres": "encode(%s, 'hex')"}[db.Dialect()]
	queries := []string{
		`SELECT i.title, k.tokens, coalesce(` + fmt.Sprintf(hex, "m.marks") + `, '-') FROM search_keys k JOIN interviews i ON i.id = k.interview_id
			LEFT JOIN search_marks m ON m.doc = k.doc ORDER BY i.title`,
		`SELECT 'pending', count(*) FROM search_pending`,
	}
	var out []string
	for _, q := range queries {
		rows, err := sqldb.RawForTest(db).QueryContext(t.Context(), q)
		must(t, err)
		cols, err := rows.Columns()
		must(t, err)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			out = append(out, fmt.Sprint(vals...))
		}
		must(t, rows.Err())
		rows.Close()
	}
	// The words, decoded from their packed rows, by interview title.
	title := map[int64]string{}
	rows, err := sqldb.RawForTest(db).QueryContext(t.Context(), `SELECT k.doc, i.title FROM search_keys k JOIN interviews i ON i.id = k.interview_id`)
	must(t, err)
	for rows.Next() {
		var doc int64
		var s string
		must(t, rows.Scan(&doc, &s))
		title[doc] = s
	}
	must(t, rows.Err())
	rows.Close()
	words, err := sqldb.IndexWordsForTest(t.Context(), db)
	must(t, err)
	var ws []string
	for _, w := range words {
		ws = append(ws, fmt.Sprint(w.Table, " ", w.Term, " ", title[w.Doc], " ", w.N, " ", w.Positions))
	}
	slices.Sort(ws)
	return append(out, ws...)
}

// searchDump returns the results of queries as JSON, with the interviews'
// and participants' identifiers replaced by their titles and codes.
func searchDump(t *testing.T, st ownwords.Store, studyID string, queries []string) string {
	t.Helper()
	ctx := t.Context()
	var b strings.Builder
	for _, q := range queries {
		r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: studyID, Query: q, Limit: 1000})
		must(t, err)
		j, err := json.Marshal(r)
		must(t, err)
		b.Write(j)
		b.WriteByte('\n')
	}
	s := b.String()
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	must(t, err)
	for _, iv := range ivs {
		s = strings.ReplaceAll(s, iv.ID, "iv:"+iv.Title)
		s = strings.ReplaceAll(s, iv.ParticipantID, "p:"+iv.Title)
	}
	return strings.ReplaceAll(s, studyID, "study")
}

// TestPrepareIndexWritesTheSameIndex imports the same transcripts one by
// one (each indexed by the writer) and through PrepareIndex's workers —
// with a list that has an extra transcript, lacks one, and has two out of
// order, so that entries are dropped and computed by the writer — and
// wants the same index rows, byte for byte, and the same search results.
func TestPrepareIndexWritesTheSameIndex(t *testing.T) {
	corpus := prepareCorpus(60) // more than the pipeline's window
	prepare := slices.Clone(corpus)
	prepare = slices.Delete(prepare, 20, 21)
	prepare[30], prepare[31] = prepare[31], prepare[30]
	prepare = slices.Insert(prepare, 10, "not written: market market")
	queries := []string{"hisbah", "istanbul", "ecole", `"lack of food"`, "mos*", "hisbah OR market",
		"food NOT border", "NEAR(crossed market, 2)", `"no again" food`, "1", "dzemal"}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		serial := st.(*sqldb.DB)
		var piped *sqldb.DB
		if serial.Dialect() == "sqlite" {
			piped, _ = sqldbtest.OpenSQLite(t)
		} else {
			piped = sqldbtest.OpenPostgres(t)
		}
		a := sqldbtest.MustStudy(t, serial, "Import")
		b := sqldbtest.MustStudy(t, piped, "Import")
		must(t, writeCorpus(t.Context(), serial, a.ID, corpus, nil, nil))
		before := sqldb.IndexEntriesPipedForTest()
		must(t, writeCorpus(t.Context(), piped, b.ID, corpus, prepare, nil))
		// All but two (20, missing, and 31, passed over) came from the
		// workers.
		if n := sqldb.IndexEntriesPipedForTest() - before; n != int64(len(corpus)-2) {
			t.Fatalf("%d of %d index entries came from the pipeline, want %d", n, len(corpus), len(corpus)-2)
		}
		want, got := indexDump(t, serial), indexDump(t, piped)
		if len(want) < len(corpus) {
			t.Fatalf("index dump has %d rows: the corpus was not indexed", len(want))
		}
		if !slices.Equal(want, got) {
			for i := range min(len(want), len(got)) {
				if want[i] != got[i] {
					t.Fatalf("index row %d: one by one %q, through the pipeline %q", i, want[i], got[i])
				}
			}
			t.Fatalf("one by one %d index rows, through the pipeline %d", len(want), len(got))
		}
		if w, g := searchDump(t, serial, a.ID, queries), searchDump(t, piped, b.ID, queries); w != g {
			t.Fatalf("search results differ:\none by one:\n%s\nthrough the pipeline:\n%s", w, g)
		}
	})
}

// TestPrepareIndexCancel cancels an import while the workers run: the
// transaction fails with the context's error, nothing is written, and no
// goroutine is left behind.
func TestPrepareIndexCancel(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	study := sqldbtest.MustStudy(t, st, "Cancel")
	corpus := prepareCorpus(200)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(t.Context())
	err := writeCorpus(ctx, st, study.ID, corpus, corpus, func(i int) {
		if i == 5 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("import cancelled after 5 interviews: %v, want context.Canceled", err)
	}
	ivs, err := st.Interviews(t.Context(), ownwords.InterviewFilter{StudyID: study.ID})
	must(t, err)
	if len(ivs) != 0 {
		t.Fatalf("a cancelled import left %d interviews", len(ivs))
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines before the import, %d after", before, n)
	}
}
