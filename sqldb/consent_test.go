package sqldb_test

import (
	"bytes"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// Once a participant withdrew, nothing new about them enters the study —
// an interview, a recording of an existing interview, a dated event —
// whatever path writes it: the store refuses it in the write's
// transaction, names the participant, and writes nothing. Another
// participant's writes go on; consent itself can still be recorded.
func TestWithdrawnParticipantGetsNoNewData(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		must(t, st.SetConsent(ctx, &ownwords.Consent{StudyID: f.study.ID, ParticipantID: f.p1.ID,
			Withdrawn: ownwords.Date{Year: 2017, Month: 1, Day: 5}}))
		countRows := func() (n int) {
			ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: f.study.ID})
			must(t, err)
			recs, err := st.Recordings(ctx, f.study.ID, f.iv.ID)
			must(t, err)
			evs, err := st.Events(ctx, ownwords.EventFilter{StudyID: f.study.ID})
			must(t, err)
			return len(ivs) + len(recs) + len(evs)
		}
		before := countRows()
		refused := func(what string, err error) {
			t.Helper()
			wantCode(t, err, ownwords.EINVALID)
			if !strings.Contains(err.Error(), "P-0001") || !strings.Contains(err.Error(), "withdrew") {
				t.Errorf("%s: error %q does not name the participant and the withdrawal", what, err)
			}
		}
		refused("interview", st.CreateInterview(ctx, &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p1.ID,
			Title: "P-0001 interview 2", Transcript: "more words"}))
		data := []byte("RIFF....WAVEfmt synthetic")
		refused("recording", st.PutRecording(ctx, &ownwords.Recording{StudyID: f.study.ID, InterviewID: f.iv.ID,
			Name: "late.wav", MediaType: "audio/wav", Size: int64(len(data))}, bytes.NewReader(data)))
		refused("event", st.CreateEvent(ctx, &ownwords.Event{StudyID: f.study.ID, ParticipantID: f.p1.ID,
			Kind: ownwords.EventJoined, Date: ownwords.Period{From: ownwords.Date{Year: 2014}, To: ownwords.Date{Year: 2014}}}))
		// Nor is their transcript written again (a shredded one retyped).
		_, err := st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: f.study.ID, InterviewID: f.iv.ID, Version: f.iv.Version,
			Transcript: "Retyped from memory."})
		refused("transcript edit", err)
		iv, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		iv.Transcript = "Retyped from memory."
		refused("transcript update", st.UpdateInterview(ctx, iv))
		iv.Transcript, iv.Place = f.iv.Transcript, "Erbil"
		must(t, st.UpdateInterview(ctx, iv)) // what is not their words may still be corrected
		if after := countRows(); after != before {
			t.Fatalf("refused writes left rows: %d before, %d after", before, after)
		}
		// The other participant is unaffected.
		must(t, st.CreateInterview(ctx, &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID,
			Title: "P-0002 interview 1", Transcript: "words"}))
	})
}
