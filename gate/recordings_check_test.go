package gate

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestCheckRecordings checks a study's recordings, one whole and one
// damaged in each way the check must catch, as the owner (the other
// roles are refused), on both stores: each damaged recording is named
// with what is wrong, the whole one is not, and the check is audited.
func TestCheckRecordings(t *testing.T) {
	for _, c := range []struct {
		name string
		// tamper makes the store damage the recording it is given.
		tamper func(*tamperedStore, string)
		want   string
	}{
		{"Whole", func(*tamperedStore, string) {}, ""},
		{"FileMissing", func(s *tamperedStore, id string) {
			s.open[id] = ownwords.Errorf(ownwords.EINVALID, "recording %s is damaged: its file S.media/x is missing", id)
		}, "its file S.media/x is missing"},
		{"ChunkFails", func(s *tamperedStore, id string) { s.readErr[id] = true }, "chunk fails authentication"},
		{"OtherSHA256", func(s *tamperedStore, id string) { s.sha[id] = strings.Repeat("0", 64) }, "its SHA-256 is"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
				f := mustCodingFixture(t, st)
				data := bytes.Repeat([]byte("RIFF....WAVE"), 1000)
				var ids []string
				for _, name := range []string{"a.wav", "b.wav"} {
					rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: name, MediaType: "audio/wav", Size: int64(len(data))}
					if err := st.PutRecording(t.Context(), rec, bytes.NewReader(data)); err != nil {
						t.Fatal(err)
					}
					ids = append(ids, rec.ID)
				}
				ts := &tamperedStore{Store: st, open: map[string]error{}, readErr: map[string]bool{}, sha: map[string]string{}}
				c.tamper(ts, ids[1])
				g := New(ts, f.study.ID)
				want := ownerOnly(ok)
				for i, who := range matrixCallers {
					before := countAudit(t, st, actionCheck)
					var done, total int64
					res, err := g.CheckRecordings(t.Context(), f.as(who), func(d, tt int64) { done, total = d, tt })
					wantCode(t, who+" checks", err, want[i])
					if err != nil {
						continue
					}
					if n := countAudit(t, st, actionCheck); n != before+1 {
						t.Errorf("%d check entries, want %d", n, before+1)
					}
					if done != total || total != 2*int64(len(data)) {
						t.Errorf("progress ended at %d of %d, want %d", done, total, 2*len(data))
					}
					if len(res.Recordings) != 2 || res.Recordings[0].Damage != "" || res.Recordings[0].Interview != f.iv.Title {
						t.Fatalf("checked %+v", res.Recordings)
					}
					got := res.Recordings[1]
					if (got.Damage == "") != (c.want == "") || !strings.Contains(got.Damage, c.want) {
						t.Errorf("damage %q, want %q", got.Damage, c.want)
					}
					if wantDamaged := map[bool]int{true: 0, false: 1}[c.want == ""]; res.Damaged != wantDamaged {
						t.Errorf("%d damaged, want %d", res.Damaged, wantDamaged)
					}
					if (got.File != "") != (st.(interface{ Dialect() string }).Dialect() == "sqlite") {
						t.Errorf("file %q on %T", got.File, st)
					}
				}
			})
		})
	}
}

// tamperedStore damages recordings as a store would find them: opening
// fails, a chunk fails as it is read, or the SHA-256 taken at import is
// another.
type tamperedStore struct {
	ownwords.Store
	open    map[string]error
	readErr map[string]bool
	sha     map[string]string
}

func (s *tamperedStore) Recordings(ctx context.Context, studyID, interviewID string) ([]*ownwords.Recording, error) {
	recs, err := s.Store.Recordings(ctx, studyID, interviewID)
	for _, r := range recs {
		if sum, ok := s.sha[r.ID]; ok {
			r.SHA256 = sum
		}
	}
	return recs, err
}

func (s *tamperedStore) OpenRecording(ctx context.Context, id string) (ownwords.RecordingReader, error) {
	if err := s.open[id]; err != nil {
		return nil, err
	}
	r, err := s.Store.OpenRecording(ctx, id)
	if err != nil || !s.readErr[id] {
		return r, err
	}
	return failingReader{r}, nil
}

type failingReader struct{ ownwords.RecordingReader }

func (failingReader) Read([]byte) (int, error) {
	return 0, ownwords.Errorf(ownwords.EINVALID, "chunk fails authentication")
}
