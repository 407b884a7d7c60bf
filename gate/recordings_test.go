package gate

import (
	"bytes"
	"io"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestRecordingsByRole checks who may list and play recordings (those who
// read transcripts), whose browser may keep them (owners), and that a
// playback is audited only when asked.
func TestRecordingsByRole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		data := bytes.Repeat([]byte("RIFF....WAVE"), 1000)
		rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: "int.wav", MediaType: "audio/wav", Size: int64(len(data))}
		if err := st.PutRecording(t.Context(), rec, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		want := textOnly(ok)
		for i, who := range matrixCallers {
			c := f.as(who)
			list, err := f.g.Recordings(t.Context(), c, f.iv.ID)
			wantCode(t, who+" lists", err, want[i])
			if err == nil && (len(list) != 1 || list[0].ID != rec.ID) {
				t.Errorf("%s lists %+v", who, list)
			}
			_, err = f.g.Recording(t.Context(), c, rec.ID)
			wantCode(t, who+" shows", err, want[i])
			before := countAudit(t, st, "recording.play")
			pb, err := f.g.Play(t.Context(), c, rec.ID, true)
			wantCode(t, who+" plays", err, want[i])
			if err != nil {
				if n := countAudit(t, st, "recording.play"); n != before {
					t.Errorf("%s: a refused playback was audited", who)
				}
				continue
			}
			got, err := io.ReadAll(pb.Reader)
			pb.Reader.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s plays other bytes (%v)", who, err)
			}
			if pb.Keep != (who == asOwner) {
				t.Errorf("%s: Keep = %v", who, pb.Keep)
			}
			if n := countAudit(t, st, "recording.play"); n != before+1 {
				t.Errorf("%s: %d playback entries, want %d", who, n, before+1)
			}
			pb, err = f.g.Play(t.Context(), c, rec.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			pb.Reader.Close()
			if n := countAudit(t, st, "recording.play"); n != before+1 {
				t.Errorf("%s: an unaudited range was audited", who)
			}
		}
		// Another interview's ID or a missing recording: not found.
		_, err := f.g.Play(t.Context(), f.as(asOwner), "no-such", false)
		wantCode(t, "owner", err, missing)
		_, err = f.g.Recordings(t.Context(), f.as(asOwner), "no-such")
		wantCode(t, "owner", err, missing)
	})
}

// countAudit counts the audit entries of action.
func countAudit(t *testing.T, st ownwords.Store, action string) int {
	t.Helper()
	n := 0
	if err := st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Action == action {
			n++
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPlayRangeWithoutStartAudited checks that a range request is audited
// when the caller has no playback of the recording audited recently: a
// client that never asks for byte 0 (Range: bytes=1- or a suffix range
// covering the whole file) must not fetch a recording unaudited. A range
// that continues an audited playback adds no entry.
func TestPlayRangeWithoutStartAudited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		data := bytes.Repeat([]byte("RIFF....WAVE"), 100)
		rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: "int.wav", MediaType: "audio/wav", Size: int64(len(data))}
		if err := st.PutRecording(t.Context(), rec, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{asCoder, asOwner} {
			before := countAudit(t, st, "recording.play")
			for i, want := range []int{1, 1, 2, 2} { // range, range, start, range
				pb, err := f.g.Play(t.Context(), f.as(who), rec.ID, i == 2)
				if err != nil {
					t.Fatal(err)
				}
				pb.Reader.Close()
				if n := countAudit(t, st, "recording.play"); n != before+want {
					t.Errorf("%s, request %d: %d playback entries, want %d", who, i, n-before, want)
				}
			}
		}
	})
}

// TestRecordingOfAnotherStudy checks that a recording of another study of
// the same store (a team server) is not found through this study's gate,
// for listing, showing or playing, and that the refusal is not audited.
func TestRecordingOfAnotherStudy(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		other := sqldbtest.MustStudy(t, st, "Other")
		p := &ownwords.Participant{StudyID: other.ID, Code: "O-1"}
		if err := st.CreateParticipant(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		iv := &ownwords.Interview{StudyID: other.ID, ParticipantID: p.ID, Title: "other", Transcript: "O-1: hello"}
		if err := st.CreateInterview(t.Context(), iv); err != nil {
			t.Fatal(err)
		}
		data := bytes.Repeat([]byte("RIFF....WAVE"), 10)
		rec := &ownwords.Recording{StudyID: other.ID, InterviewID: iv.ID, Name: "o.wav", MediaType: "audio/wav", Size: int64(len(data))}
		if err := st.PutRecording(t.Context(), rec, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		before := countAudit(t, st, "recording.play")
		for _, who := range []string{asOwner, asCoder} {
			_, err := f.g.Play(t.Context(), f.as(who), rec.ID, true)
			wantCode(t, who+" plays", err, missing)
			_, err = f.g.Recording(t.Context(), f.as(who), rec.ID)
			wantCode(t, who+" shows", err, missing)
			_, err = f.g.Recordings(t.Context(), f.as(who), iv.ID)
			wantCode(t, who+" lists", err, missing)
		}
		if n := countAudit(t, st, "recording.play"); n != before {
			t.Errorf("refused playbacks were audited")
		}
	})
}

// TestRecordingsFollowConsent checks that a coder neither lists nor plays
// the recording of a participant who withdrew, refused analysis or
// refused being recorded (not found, as if there were none: the refusal
// is not told), while the owner, who keeps the consent records and
// decides on shredding, still does; and that a participant whose consent
// allows it stays playable.
func TestRecordingsFollowConsent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		req      ConsentRequest
		playable bool
	}{
		{"Withdrawn", ConsentRequest{Participant: "P-1", Withdraw: true}, false},
		{"NoAnalysis", ConsentRequest{Participant: "P-1", Answers: map[string]string{"analysis": "no"}}, false},
		{"NotRecorded", ConsentRequest{Participant: "P-1", Answers: map[string]string{"recorded": "no"}}, false},
		{"NoQuotes", ConsentRequest{Participant: "P-1", Answers: map[string]string{"quotes": "no"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
				f := mustCodingFixture(t, st)
				data := bytes.Repeat([]byte("RIFF....WAVE"), 10)
				rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: "int.wav", MediaType: "audio/wav", Size: int64(len(data))}
				if err := st.PutRecording(t.Context(), rec, bytes.NewReader(data)); err != nil {
					t.Fatal(err)
				}
				if _, err := f.g.SetConsent(t.Context(), f.as(asOwner), tc.req); err != nil {
					t.Fatal(err)
				}
				for _, who := range []string{asOwner, asCoder} {
					want := tc.playable || who == asOwner
					for _, iv := range []string{f.iv.ID, ""} {
						list, err := f.g.Recordings(t.Context(), f.as(who), iv)
						if err != nil {
							t.Fatal(err)
						}
						if (len(list) == 1) != want {
							t.Errorf("%s lists %d recordings (interview %q), want playable=%v", who, len(list), iv, want)
						}
					}
					_, err := f.g.Recording(t.Context(), f.as(who), rec.ID)
					pb, perr := f.g.Play(t.Context(), f.as(who), rec.ID, true)
					if perr == nil {
						pb.Reader.Close()
					}
					for _, err := range []error{err, perr} {
						if want && err != nil {
							t.Errorf("%s: %v", who, err)
						} else if !want && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
							t.Errorf("%s: %v, want not found", who, err)
						}
					}
				}
			})
		})
	}
}
