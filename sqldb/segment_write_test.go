package sqldb_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/audit"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestSegmentWrites: a coding is stored only on a code of its study that
// is not derived, on an interview of its study, over a range inside the
// transcript (code points) whose text has the given hash; a removal only
// at the segment's version. Each write is audited with the segment as
// object and its layer as detail, and the chain verifies after them all.
func TestSegmentWrites(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := ownwords.WithActor(context.Background(), "coder-a")
		f := mustFixture(t, st)
		other := sqldbtest.MustStudy(t, st, "Other study")
		otherCode := &ownwords.Code{StudyID: other.ID, Slug: "other"}
		must(t, st.CreateCode(ctx, otherCode))
		otherP := &ownwords.Participant{StudyID: other.ID, Code: "Q-0001"}
		must(t, st.CreateParticipant(ctx, otherP))
		otherIv := &ownwords.Interview{StudyID: other.ID, ParticipantID: otherP.ID, Title: "Q", Transcript: transcript}
		must(t, st.CreateInterview(ctx, otherIv))
		n := len([]rune(transcript))
		tests := []struct {
			name string
			edit func(seg *ownwords.Segment)
			code string // "" for success
			says string
		}{
			{"Plain", nil, "", ""},
			{"NonASCII", func(seg *ownwords.Segment) { *seg = *segmentOn(t, f, f.b, "İstanbul.") }, "", ""},
			{"ToTheEnd", func(seg *ownwords.Segment) { seg.Start, seg.End, seg.TextHash = n-1, n, ownwords.HashText("\n") }, "", ""},
			{"UpperCaseHash", func(seg *ownwords.Segment) { seg.TextHash = strings.ToUpper(seg.TextHash) }, "", ""},
			{"ConsensusLayer", func(seg *ownwords.Segment) { seg.Layer = ownwords.LayerConsensus }, "", ""},
			{"ErrUnknownCode", func(seg *ownwords.Segment) { seg.CodeID = "no-such-code" }, ownwords.ENOTFOUND, "code"},
			{"ErrCodeOfOtherStudy", func(seg *ownwords.Segment) { seg.CodeID = otherCode.ID }, ownwords.ENOTFOUND, "code"},
			{"ErrDerivedCode", func(seg *ownwords.Segment) { seg.CodeID = f.d.ID }, ownwords.EINVALID, "derived"},
			{"ErrUnknownInterview", func(seg *ownwords.Segment) { seg.InterviewID = "no-such-interview" }, ownwords.ENOTFOUND, "interview"},
			{"ErrUnknownInterviewAndCode", func(seg *ownwords.Segment) { seg.InterviewID, seg.CodeID = "no-such-interview", "no-such-code" }, ownwords.ENOTFOUND, "code"},
			{"ErrInterviewOfOtherStudy", func(seg *ownwords.Segment) { seg.InterviewID = otherIv.ID }, ownwords.ENOTFOUND, "interview"},
			{"ErrPastTheEnd", func(seg *ownwords.Segment) { seg.Start, seg.End = n-1, n+1 }, ownwords.EINVALID, "outside"},
			{"ErrStartPastTheEnd", func(seg *ownwords.Segment) { seg.Start, seg.End = n+3, n+5 }, ownwords.EINVALID, "outside"},
			{"ErrFarPastTheEnd", func(seg *ownwords.Segment) { seg.Start, seg.End = 1<<31+5, 1<<31+9 }, ownwords.EINVALID, "outside"},
			{"ErrWrongHash", func(seg *ownwords.Segment) { seg.TextHash = ownwords.HashText("We had no food!") }, ownwords.EINVALID, "does not match"},
			{"ErrEmptyRange", func(seg *ownwords.Segment) { seg.End = seg.Start }, ownwords.EINVALID, "empty"},
		}
		// A write alone is a transaction of its own (on PostgreSQL one
		// statement); in an Update it joins the caller's.
		create, remove := st.CreateSegment, st.DeleteSegment
		inTx := func(fn func(tx ownwords.Services) error) error { return st.Update(ctx, fn) }
		for _, via := range []string{"Alone", "InUpdate"} {
			if via == "InUpdate" {
				create = func(ctx context.Context, seg *ownwords.Segment) error {
					return inTx(func(tx ownwords.Services) error { return tx.CreateSegment(ctx, seg) })
				}
				remove = func(ctx context.Context, id string, version int) error {
					return inTx(func(tx ownwords.Services) error { return tx.DeleteSegment(ctx, id, version) })
				}
			}
			for _, tt := range tests {
				t.Run(via+"/"+tt.name, func(t *testing.T) {
					seg := segmentOn(t, f, f.a, "We had no food.")
					if tt.edit != nil {
						tt.edit(seg)
					}
					entries := auditCount(t, st)
					err := create(ctx, seg)
					if tt.code != "" {
						wantCode(t, err, tt.code)
						if err != nil && !strings.Contains(err.Error(), tt.says) {
							t.Errorf("error %q does not say %q", err, tt.says)
						}
						if got := auditCount(t, st); got != entries {
							t.Errorf("a refused coding added %d audit entries", got-entries)
						}
						return
					}
					must(t, err)
					got, err := st.Segment(ctx, seg.ID)
					must(t, err)
					if got.Version != 1 || got.Start != seg.Start || got.End != seg.End || got.TextHash != strings.ToLower(seg.TextHash) || got.Layer != seg.Layer {
						t.Errorf("stored %+v, created %+v", got, seg)
					}
					wantLastEntry(t, st, "segment.create", f.study.ID, seg.ID, seg.Layer)
					wantCode(t, remove(ctx, seg.ID, 2), ownwords.ECONFLICT)
					wantCode(t, remove(ctx, "no-such-segment", 1), ownwords.ENOTFOUND)
					must(t, remove(ctx, seg.ID, 1))
					wantLastEntry(t, st, "segment.delete", f.study.ID, seg.ID, seg.Layer)
					_, err = st.Segment(ctx, seg.ID)
					wantCode(t, err, ownwords.ENOTFOUND)
					wantCode(t, remove(ctx, seg.ID, 1), ownwords.ENOTFOUND)
				})
			}
		}
		res, err := audit.Verify(ctx, st)
		must(t, err)
		if !res.OK {
			t.Fatalf("audit chain broken: %+v", res.FirstBad)
		}
	})
}

// auditCount returns the number of entries in the audit log.
func auditCount(t *testing.T, st ownwords.Store) int {
	t.Helper()
	n := 0
	must(t, st.AuditEntries(t.Context(), func(*ownwords.AuditEntry) bool { n++; return true }))
	return n
}

// wantLastEntry checks the newest entry of the audit log.
func wantLastEntry(t *testing.T, st ownwords.Store, action, studyID, object, detail string) {
	t.Helper()
	var last *ownwords.AuditEntry
	must(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool { last = e; return true }))
	if last == nil || last.Action != action || last.StudyID != studyID || last.Object != object || last.Detail != detail || last.Actor != "coder-a" {
		t.Errorf("last audit entry %+v, want %s of %s (%s) in %s by coder-a", last, action, object, detail, studyID)
	}
}

// TestCodingWaitCancelled: a coding or a removal that gives up while
// another process holds the audit head (PostgreSQL: a write alone waits
// for it at its implicit COMMIT) leaves no trace, and the chain verifies.
func TestCodingWaitCancelled(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := ownwords.WithActor(t.Context(), "coder-a")
		f := mustFixture(t, this.Store)
		kept := segmentOn(t, f, f.b, "Prices rose")
		must(t, this.CreateSegment(ctx, kept))
		hold := func() *sql.Tx {
			tx, err := sqldb.RawForTest(other.Store.(*sqldb.DB)).BeginTx(ctx, nil)
			must(t, err)
			_, err = tx.ExecContext(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1`)
			must(t, err)
			return tx
		}
		entries := auditCount(t, this)
		tests := []struct {
			name  string
			write func(ctx context.Context) error
		}{
			{"Apply", func(ctx context.Context) error {
				return this.CreateSegment(ctx, segmentOn(t, f, f.a, "We had no food."))
			}},
			{"Remove", func(ctx context.Context) error { return this.DeleteSegment(ctx, kept.ID, kept.Version) }},
		}
		for _, tt := range tests {
			tx := hold()
			short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			err := tt.write(short)
			cancel()
			must(t, tx.Rollback())
			if err == nil {
				t.Errorf("%s: a write waiting for a held audit head beyond its deadline succeeded", tt.name)
			}
		}
		segs, err := this.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID})
		must(t, err)
		if len(segs) != 1 || segs[0].ID != kept.ID || segs[0].Version != kept.Version {
			t.Errorf("segments after the cancelled writes: %+v, want only %s", segs, kept.ID)
		}
		if got := auditCount(t, this); got != entries {
			t.Errorf("the cancelled writes added %d audit entries", got-entries)
		}
		must(t, this.DeleteSegment(ctx, kept.ID, kept.Version))
		mustVerify(t, ctx, this)
	})
}
