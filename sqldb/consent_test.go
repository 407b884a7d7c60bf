package sqldb_test

import (
	"bytes"
	"errors"
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

// TestConsentsKept reads consent records kept by one handle: what a caller
// changes in its copy is not kept, a change rolled back is not read, and a
// withdrawal or a participant's deletion through another handle (another
// process) is read at once, right after a read that was kept.
func TestConsentsKept(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := t.Context()
		f := mustFixture(t, this)
		sid := f.study.ID
		must(t, this.SetConsent(ctx, &ownwords.Consent{StudyID: sid, ParticipantID: f.p1.ID,
			Analysis: ownwords.ConsentAnswer{Answer: ownwords.ConsentYes}}))
		must(t, this.SetConsent(ctx, &ownwords.Consent{StudyID: sid, ParticipantID: f.p2.ID,
			Quotes: ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}}))
		read := func(h sqldbtest.Handle) map[string]*ownwords.Consent {
			t.Helper()
			m, err := h.Consents(ctx, sid)
			must(t, err)
			return m
		}
		first := read(this)
		first[f.p1.ID].Withdrawn = ownwords.Date{Year: 2020}
		delete(first, f.p2.ID)
		again := read(this) // kept: nothing changed since
		if len(again) != 2 || again[f.p1.ID].IsWithdrawn() || !again[f.p1.ID].AllowsAnalysis() {
			t.Fatalf("a caller's change to its records was kept: %+v", again)
		}

		boom := errors.New("boom")
		err := other.Update(ctx, func(tx ownwords.Services) error {
			if err := tx.SetConsent(ctx, &ownwords.Consent{StudyID: sid, ParticipantID: f.p1.ID, Withdrawn: ownwords.Date{Year: 2021}}); err != nil {
				return err
			}
			if m, err := tx.Consents(ctx, sid); err != nil || !m[f.p1.ID].IsWithdrawn() {
				t.Errorf("consents in the transaction: %+v, %v", m, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("rolled back withdrawal: %v", err)
		}
		if m := read(this); m[f.p1.ID].IsWithdrawn() {
			t.Fatalf("%s: a rolled back withdrawal is read: %+v", this.Name, m[f.p1.ID])
		}

		read(this) // kept again
		must(t, other.SetConsent(ctx, &ownwords.Consent{StudyID: sid, ParticipantID: f.p1.ID,
			Analysis: ownwords.ConsentAnswer{Answer: ownwords.ConsentYes}, Withdrawn: ownwords.Date{Year: 2022, Month: 3}}))
		for _, h := range []sqldbtest.Handle{this, other} {
			if cs := read(h)[f.p1.ID]; cs == nil || !cs.IsWithdrawn() || cs.AllowsAnalysis() {
				t.Errorf("%s: withdrawal through the other handle not read at once: %+v", h.Name, cs)
			}
		}

		read(this)
		must(t, other.DeleteParticipant(ctx, f.p2.ID))
		if m := read(this); len(m) != 1 || m[f.p2.ID] != nil {
			t.Errorf("%s: a deleted participant's record is still read: %+v", this.Name, m)
		}
	})
}

// TestConsentOfOneParticipant: the point read returns what the study's
// records hold for the participant, as they are now (another handle's
// withdrawal at once), and nil for one without a record or of another
// study.
func TestConsentOfOneParticipant(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := t.Context()
		f := mustFixture(t, this)
		sid := f.study.ID
		must(t, this.SetConsent(ctx, &ownwords.Consent{StudyID: sid, ParticipantID: f.p1.ID,
			Analysis: ownwords.ConsentAnswer{Answer: ownwords.ConsentYes, Date: ownwords.Date{Year: 2019, Month: 4}}}))
		otherStudy := sqldbtest.MustStudy(t, this, "Other study")
		steps := []struct {
			name, study, participant string
			change                   func() error
			want                     func(cs *ownwords.Consent) bool
		}{
			{"Recorded", sid, f.p1.ID, nil, func(cs *ownwords.Consent) bool {
				return cs != nil && cs.AllowsAnalysis() && cs.Analysis.Date == (ownwords.Date{Year: 2019, Month: 4}) && !cs.IsWithdrawn()
			}},
			{"NoRecord", sid, f.p2.ID, nil, func(cs *ownwords.Consent) bool { return cs == nil }},
			{"OtherStudy", otherStudy.ID, f.p1.ID, nil, func(cs *ownwords.Consent) bool { return cs == nil }},
			{"WithdrawnElsewhere", sid, f.p1.ID, func() error {
				return other.SetConsent(ctx, &ownwords.Consent{StudyID: sid, ParticipantID: f.p1.ID, Withdrawn: ownwords.Date{Year: 2021}})
			}, func(cs *ownwords.Consent) bool { return cs != nil && cs.IsWithdrawn() && !cs.AllowsAnalysis() }},
		}
		for _, st := range steps {
			if st.change != nil {
				must(t, st.change())
			}
			cs, err := this.Consent(ctx, st.study, st.participant)
			must(t, err)
			if !st.want(cs) {
				t.Errorf("%s: %+v", st.name, cs)
			}
			if m, err := this.Consents(ctx, st.study); err != nil || (cs != nil) != (m[st.participant] != nil) ||
				(cs != nil && *cs != *m[st.participant]) {
				t.Errorf("%s: the point read %+v differs from the study's records %+v (%v)", st.name, cs, m[st.participant], err)
			}
		}
	})
}
