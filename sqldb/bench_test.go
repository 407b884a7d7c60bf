package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// benchCorpus returns n synthetic transcripts of about words words each.
func benchCorpus(n, words int) []string {
	vocab := strings.Fields(`we had no food the emir said that prices rose every week in the city and
		my brother went to the front they promised houses and wives but there was nothing only fear
		interviewer asked when did you first doubt I saw executions in the square it was the winter`)
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for w := range words {
			if w%120 == 0 {
				b.WriteString("\nP-0001: ")
			}
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteByte(' ')
		}
		out[i] = b.String()
	}
	return out
}

// importCorpus lands one participant and one interview per transcript in
// one transaction, as `ownwords import` does (ingest.Apply hands the
// transcripts to PrepareIndex first); serial leaves the indexing to the
// writer, interview by interview.
func importCorpus(ctx context.Context, st ownwords.Store, corpus []string, serial bool) error {
	return st.Update(ctx, func(tx ownwords.Services) error {
		if !serial {
			defer tx.(indexPreparer).PrepareIndex(ctx, corpus)()
		}
		s := &ownwords.Study{Name: "bench"}
		if err := tx.CreateStudy(ctx, s); err != nil {
			return err
		}
		for i, text := range corpus {
			p := &ownwords.Participant{StudyID: s.ID, Code: fmt.Sprintf("P-%05d", i)}
			if err := tx.CreateParticipant(ctx, p); err != nil {
				return err
			}
			iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: p.Code, Transcript: text}
			if err := tx.CreateInterview(ctx, iv); err != nil {
				return err
			}
		}
		return nil
	})
}

const benchTranscripts, benchWords = 1000, 10000

func reportMB(b *testing.B, corpus []string) {
	var n int
	for _, t := range corpus {
		n += len(t)
	}
	b.SetBytes(int64(n))
}

// BenchmarkImportTranscripts imports 1,000 transcripts of ~10k words into
// an encrypted SQLite store and a PostgreSQL store (when configured).
//
// -zipf is the same with the corpus of the search benchmark
// (searchCorpusFor: a natural vocabulary, ~2,000 distinct words an
// interview, where the small vocabulary of benchCorpus has ~50): the index
// then has as many words to write as a real study's.
func BenchmarkImportTranscripts(b *testing.B) {
	corpus := benchCorpus(benchTranscripts, benchWords)
	sqlite := func(tb testing.TB) ownwords.Store { st, _ := sqldbtest.OpenSQLite(tb); return st }
	b.Run("sqlite-encrypted-zipf", func(b *testing.B) {
		benchImport(b, sqlite, searchCorpusFor(benchTranscripts, benchWords), false)
	})
	b.Run("sqlite-encrypted", func(b *testing.B) { benchImport(b, sqlite, corpus, false) })
	b.Run("sqlite-encrypted-serial", func(b *testing.B) { benchImport(b, sqlite, corpus, true) })
	postgres := func(tb testing.TB) ownwords.Store { return sqldbtest.OpenPostgres(tb) }
	b.Run("postgres", func(b *testing.B) { benchImport(b, postgres, corpus, false) })
	b.Run("postgres-zipf", func(b *testing.B) {
		benchImport(b, postgres, searchCorpusFor(benchTranscripts, benchWords), false)
	})
}

// benchImport times importCorpus into a new store from open each round.
func benchImport(b *testing.B, open func(testing.TB) ownwords.Store, corpus []string, serial bool) {
	reportMB(b, corpus)
	for b.Loop() {
		b.StopTimer()
		st := open(b)
		b.StartTimer()
		if err := importCorpus(b.Context(), st, corpus, serial); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineBulkLoad is the baseline measured beside the import: the
// same texts inserted into one bare table of a plain (unencrypted) SQLite
// file in one transaction — SQLite's own bulk load, with no validation, no
// audit and no encryption.
func BenchmarkBaselineBulkLoad(b *testing.B) {
	corpus := benchCorpus(benchTranscripts, benchWords)
	reportMB(b, corpus)
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "plain.db")
		b.StartTimer()
		if err := sqldb.PlainBulkLoadForBench(b.Context(), path, corpus); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineFTS5CLI is the baseline of issue 16: the sqlite3 command
// (Debian's) loading the same texts, one file each, into a plain FTS5
// table in one transaction — SQLite's own full-text bulk load, with no
// validation, audit, marks or encryption. Skipped without sqlite3.
//
// BaselineFTS5CLI/zipf loads the corpus of ImportTranscripts/sqlite-encrypted-zipf.
func BenchmarkBaselineFTS5CLI(b *testing.B) {
	cli, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 command")
	}
	b.Run("plain", func(b *testing.B) { baselineFTS5CLI(b, cli, benchCorpus(benchTranscripts, benchWords)) })
	b.Run("zipf", func(b *testing.B) { baselineFTS5CLI(b, cli, searchCorpusFor(benchTranscripts, benchWords)) })
}

func baselineFTS5CLI(b *testing.B, cli string, corpus []string) {
	dir := b.TempDir()
	texts := filepath.Join(dir, "texts")
	if err := os.Mkdir(texts, 0o700); err != nil {
		b.Fatal(err)
	}
	for i, t := range corpus {
		if err := os.WriteFile(filepath.Join(texts, fmt.Sprintf("%05d.txt", i)), []byte(t), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	script := `CREATE VIRTUAL TABLE t USING fts5(body); BEGIN;
		INSERT INTO t (body) SELECT readfile(name) FROM fsdir('` + texts + `') WHERE name LIKE '%.txt' ORDER BY name;
		COMMIT; SELECT count(*) FROM t;`
	reportMB(b, corpus)
	for i := 0; b.Loop(); i++ {
		db := filepath.Join(dir, fmt.Sprintf("fts%d.db", i))
		out, err := exec.Command(cli, db, script).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != fmt.Sprint(len(corpus)) {
			b.Fatalf("sqlite3: %v: %s", err, out)
		}
		b.StopTimer()
		os.Remove(db)
		b.StartTimer()
	}
}
