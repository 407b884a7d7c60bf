package sqldb_test

import (
	"context"
	"io"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// BenchmarkPutRecording stores a 128 MiB recording in a study file (or,
// with OWNWORDS_TEST_POSTGRES, on the server too) and reports MiB/s.
//
//	go test -run '^$' -bench PutRecording -benchtime 2x ./sqldb/
func BenchmarkPutRecording(b *testing.B) {
	const size = 128 << 20
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			st := openStore(b, name)
			ctx := context.Background()
			s := sqldbtest.MustStudy(b, st, "Bench")
			p := &ownwords.Participant{StudyID: s.ID, Code: "P-0001"}
			must(b, st.CreateParticipant(ctx, p))
			iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: "int-1", Transcript: "words"}
			must(b, st.CreateInterview(ctx, iv))
			b.SetBytes(size)
			i := 0
			for b.Loop() {
				i++
				rec := &ownwords.Recording{StudyID: s.ID, InterviewID: iv.ID, Name: "r" + string(rune('a'+i%26)) + string(rune('a'+i/26)), MediaType: "audio/wav", Size: size}
				must(b, st.PutRecording(ctx, rec, io.LimitReader(zeros{}, size)))
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
