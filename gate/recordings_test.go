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
