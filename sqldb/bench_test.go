package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
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
// one transaction, as `ownwords import` does.
func importCorpus(ctx context.Context, st ownwords.Store, corpus []string) error {
	return st.Update(ctx, func(tx ownwords.Services) error {
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
func BenchmarkImportTranscripts(b *testing.B) {
	corpus := benchCorpus(benchTranscripts, benchWords)
	b.Run("sqlite-encrypted", func(b *testing.B) {
		reportMB(b, corpus)
		for b.Loop() {
			b.StopTimer()
			st, _ := sqldbtest.OpenSQLite(b)
			b.StartTimer()
			if err := importCorpus(b.Context(), st, corpus); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("postgres", func(b *testing.B) {
		reportMB(b, corpus)
		for b.Loop() {
			b.StopTimer()
			st := sqldbtest.OpenPostgres(b)
			b.StartTimer()
			if err := importCorpus(b.Context(), st, corpus); err != nil {
				b.Fatal(err)
			}
		}
	})
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
