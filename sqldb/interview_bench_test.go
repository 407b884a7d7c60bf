package sqldb_test

import (
	"context"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// BenchmarkInterviewsListing lists a study's interviews without their
// text (the interviews page, the dashboard, the search listing) and reads
// one interview's small columns (its version and comparison time, as the
// writes that check them do) on a study of long transcripts. On SQLite a
// column stored after the transcript in the row is reached only through the
// transcript's overflow pages (migration 00024 puts the texts last).
// OWNWORDS_SEARCH_BENCH_INTERVIEWS and _WORDS size the study (300 × 10,000).
func BenchmarkInterviewsListing(b *testing.B) {
	n, words := envInt(b, envBenchInterviews, 300), envInt(b, envBenchWords, 10000)
	corpus := searchCorpusFor(n, words)
	for _, store := range []string{"sqlite", "postgres"} {
		b.Run(store, func(b *testing.B) {
			st := openStore(b, store)
			ctx := context.Background()
			s := sqldbtest.MustStudy(b, st, "Bench")
			if _, err := loadCorpus(ctx, st, s.ID, corpus); err != nil {
				b.Fatal(err)
			}
			// Every interview edited once, as in a study being worked
			// on: SQLite stores a version of 1 (and an empty text) in the
			// record header alone, with no bytes to reach after the
			// transcript.
			if _, err := sqldb.RawForTest(st).ExecContext(ctx, `UPDATE interviews SET version = version + 1`); err != nil {
				b.Fatal(err)
			}
			all, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: s.ID})
			if err != nil || len(all) != n {
				b.Fatalf("%d interviews, %v; want %d", len(all), err, n)
			}
			b.Run("list", func(b *testing.B) {
				var lat []time.Duration
				for b.Loop() {
					t0 := time.Now()
					ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: s.ID})
					lat = append(lat, time.Since(t0))
					if err != nil || len(ivs) != n {
						b.Fatalf("%d interviews, %v", len(ivs), err)
					}
				}
				reportLatency(b, lat)
			})
			b.Run("one", func(b *testing.B) {
				var lat []time.Duration
				i := 0
				for b.Loop() {
					id := all[i%n].ID
					i += 37
					t0 := time.Now()
					ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{ID: id})
					lat = append(lat, time.Since(t0))
					if err != nil || len(ivs) != 1 || ivs[0].Version < 1 {
						b.Fatalf("interview %s: %v, %v", id, ivs, err)
					}
				}
				reportLatency(b, lat)
			})
		})
	}
}

// openStore opens a new store of the dialect ("sqlite" or "postgres").
func openStore(tb testing.TB, dialect string) *sqldb.DB {
	if dialect == "sqlite" {
		db, _ := sqldbtest.OpenSQLite(tb)
		return db
	}
	return sqldbtest.OpenPostgres(tb)
}
