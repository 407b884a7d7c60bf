package sqldb

import (
	"context"
	"testing"
	"time"

	"ownwords"
)

func TestPurgeTranscripts(t *testing.T) {
	ctx := context.Background()
	f := mustRotFixture(t, 200)
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	iv, err := db.Interview(ctx, f.interviewID)
	mustDo(t, err)
	sec := &ownwords.Code{StudyID: f.studyID, Slug: "influences"}
	mustDo(t, db.CreateCode(ctx, sec))
	code := &ownwords.Code{StudyID: f.studyID, ParentID: sec.ID, Slug: "family"}
	mustDo(t, db.CreateCode(ctx, code))
	quote, ok := ownwords.Slice(iv.Transcript, 0, 20)
	if !ok {
		t.Fatal("slice")
	}
	seg := &ownwords.Segment{StudyID: f.studyID, InterviewID: iv.ID, CodeID: code.ID, CoderID: "u1", Layer: "consensus",
		Start: 0, End: 20, TextHash: ownwords.HashText(quote)}
	mustDo(t, db.CreateSegment(ctx, seg))
	// A second, uncoded interview is never purged.
	other := &ownwords.Interview{StudyID: f.studyID, ParticipantID: iv.ParticipantID, Title: "int-2", Transcript: "uncoded words"}
	mustDo(t, db.CreateInterview(ctx, other))
	// A comment on the interview's words goes with them; a memo on the
	// whole interview stays.
	anchored := &ownwords.Memo{StudyID: f.studyID, TargetType: ownwords.MemoInterview, TargetID: iv.ID, Title: "Comment", Body: "says who the driver was", Anchor: &ownwords.MemoAnchor{Start: 2, End: 9}}
	mustDo(t, db.CreateMemo(ctx, anchored))
	whole := &ownwords.Memo{StudyID: f.studyID, TargetType: ownwords.MemoInterview, TargetID: iv.ID, Body: "second visit planned"}
	mustDo(t, db.CreateMemo(ctx, whole))
	memoBodies := func() []string {
		ms, err := db.Memos(ctx, f.studyID, ownwords.MemoInterview, iv.ID)
		mustDo(t, err)
		var out []string
		for _, m := range ms {
			out = append(out, m.Body)
		}
		return out
	}

	t.Run("NothingBeforeTheCutoff", func(t *testing.T) {
		got, err := db.PurgeTranscripts(ctx, f.studyID, time.Now().Add(-time.Hour), false)
		mustDo(t, err)
		if len(got) != 0 {
			t.Fatalf("purged %v", got)
		}
	})
	t.Run("DryRunChangesNothing", func(t *testing.T) {
		head, _ := db.AuditHead(ctx)
		got, err := db.PurgeTranscripts(ctx, f.studyID, time.Now().Add(time.Hour), true)
		mustDo(t, err)
		if len(got) != 1 || got[0].ID != iv.ID || got[0].AnchoredMemos != 1 {
			t.Fatalf("dry run lists %+v", got)
		}
		if n := len(memoBodies()); n != 2 {
			t.Fatalf("a dry run left %d memos of 2", n)
		}
		if after, _ := db.AuditHead(ctx); after != head {
			t.Fatal("a dry run wrote to the audit log")
		}
		if iv2, _ := db.Interview(ctx, iv.ID); iv2.Transcript != iv.Transcript {
			t.Fatal("a dry run changed the transcript")
		}
	})
	t.Run("PurgesAndKeepsSegments", func(t *testing.T) {
		got, err := db.PurgeTranscripts(ctx, f.studyID, time.Now().Add(time.Hour), false)
		mustDo(t, err)
		if len(got) != 1 || got[0].ID != iv.ID {
			t.Fatalf("purged %v", got)
		}
		iv2, err := db.Interview(ctx, iv.ID)
		mustDo(t, err)
		if iv2.Transcript != "" || iv2.Translation != "" {
			t.Fatal("transcript kept")
		}
		if got[0].AnchoredMemos != 1 {
			t.Errorf("purged %+v, want one anchored memo", got[0])
		}
		if b := memoBodies(); len(b) != 1 || b[0] != whole.Body {
			t.Errorf("memos after purge %q, want only the memo on the whole interview", b)
		}
		if o, _ := db.Interview(ctx, other.ID); o.Transcript != "uncoded words" {
			t.Fatal("an uncoded interview was purged")
		}
		segs, err := db.Segments(ctx, ownwords.SegmentFilter{InterviewID: iv.ID})
		mustDo(t, err)
		if len(segs) != 1 || segs[0].TextHash != seg.TextHash || segs[0].End != 20 {
			t.Fatalf("segments after purge: %+v", segs)
		}
		var actions []string
		mustDo(t, db.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			actions = append(actions, e.Action)
			return true
		}))
		if n := len(actions); n < 2 || actions[n-2] != "interview.purge" || actions[n-1] != "retention.run" {
			t.Fatalf("audit tail %v", actions)
		}
		// A second run finds nothing left.
		again, err := db.PurgeTranscripts(ctx, f.studyID, time.Now().Add(time.Hour), false)
		mustDo(t, err)
		if len(again) != 0 {
			t.Fatalf("second run purged %v", again)
		}
	})
}
