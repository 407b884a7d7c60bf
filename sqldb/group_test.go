package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// holdBatches makes every batch of coding writes of db wait, once taken,
// until the test releases it: taken receives its size.
func holdBatches(t *testing.T, db *sqldb.DB) (taken <-chan int, release func()) {
	tk, rel, stop := make(chan int), make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(stop) })
	sqldb.SetBatchHookForTest(db, func(n int) {
		select {
		case tk <- n:
		case <-stop:
			return
		}
		select {
		case <-rel:
		case <-stop:
		}
	})
	return tk, func() { rel <- struct{}{} }
}

// goWrite runs write in a goroutine; its outcome comes on the channel.
func goWrite(write func() error) <-chan error {
	out := make(chan error, 1)
	go func() { out <- write() }()
	return out
}

// waitCodingQueued waits until n coding writes are queued.
func waitCodingQueued(t *testing.T, db *sqldb.DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if sqldb.CodingQueuedForTest(db) == n {
			return
		}
	}
	t.Fatalf("%d coding writes never queued", n)
}

// outcome waits for the outcome of a write.
func outcome(t *testing.T, out <-chan error) error {
	t.Helper()
	select {
	case err := <-out:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("a coding write never returned")
		return nil
	}
}

// TestCodingGroupCommit: coders applying, saving and removing codings at
// once, their writes committed in batches, each get their own outcome,
// the segments are those written and the audit chain holds one entry per
// write and verifies.
func TestCodingGroupCommit(t *testing.T) {
	const coders, rounds = 24, 4
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		db := st.(*sqldb.DB)
		var mu sync.Mutex
		largest := 0
		sqldb.SetBatchHookForTest(db, func(n int) {
			mu.Lock()
			largest = max(largest, n)
			mu.Unlock()
		})
		ctx := ownwords.WithActor(t.Context(), "coder-a")
		f := mustFixture(t, st)
		entries := auditCount(t, st)
		quotes := []string{"We had no food.", "Prices rose", "İstanbul", "Why did you go?"}
		kept := make([]*ownwords.Segment, coders)
		eachWriter(coders, func(w int) {
			for i := range rounds {
				seg := segmentOn(t, f, f.a, quotes[(w+i)%len(quotes)])
				seg.Memo = fmt.Sprintf("coder %d round %d", w, i)
				if err := st.CreateSegment(ctx, seg); err != nil {
					t.Errorf("apply %d/%d: %v", w, i, err)
					return
				}
				seg.Memo += " saved"
				if err := st.UpdateSegment(ctx, seg); err != nil {
					t.Errorf("save %d/%d: %v", w, i, err)
					return
				}
				if i == rounds-1 {
					kept[w] = seg
					return
				}
				if err := st.DeleteSegment(ctx, seg.ID, seg.Version); err != nil {
					t.Errorf("remove %d/%d: %v", w, i, err)
					return
				}
			}
		})
		if t.Failed() {
			return
		}
		segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID})
		must(t, err)
		byID := map[string]*ownwords.Segment{}
		for _, s := range segs {
			byID[s.ID] = s
		}
		for w, want := range kept {
			got := byID[want.ID]
			if got == nil || got.Version != 2 || got.Version != want.Version || got.Memo != want.Memo {
				t.Errorf("coder %d's kept coding is %+v, want %+v", w, got, want)
			}
		}
		if len(segs) != coders {
			t.Errorf("%d segments stored, want %d", len(segs), coders)
		}
		if got, want := auditCount(t, st)-entries, coders*(3*rounds-1); got != want {
			t.Errorf("%d audit entries added, want %d", got, want)
		}
		mustVerify(t, ctx, st)
		t.Logf("largest batch: %d writes", largest)
	})
}

// batchWrite is a coding write of a batch and the error code it must
// return ("" for none).
type batchWrite struct {
	name  string
	write func() error
	code  string
}

// TestCodingBatchKeepsEachWritesFate: the writes of one batch fail or
// commit each on its own. A refused write (a wrong text hash, a stale
// version) gets its own error and leaves nothing, one that fails with an
// SQL error too (PostgreSQL: the batch then runs again write by write),
// and the others commit, audited.
func TestCodingBatchKeepsEachWritesFate(t *testing.T) {
	tests := []struct {
		name   string
		sqlite bool // SQLite only
		// extra, if set, is a write in the middle of the batch.
		extra func(ctx context.Context, db *sqldb.DB) batchWrite
	}{
		{"Refusals", false, nil},
		{"SQLErrorMidBatch", false, func(ctx context.Context, db *sqldb.DB) batchWrite {
			return batchWrite{"SQLError", func() error {
				return sqldb.GroupedForTest(ctx, db, `SELECT * FROM no_such_table`, nil)
			}, ownwords.EINTERNAL}
		}},
		// Refused after it wrote: rolled back to its savepoint (on
		// PostgreSQL the store's refusals write nothing).
		{"RefusedAfterWriting", true, func(ctx context.Context, db *sqldb.DB) batchWrite {
			return batchWrite{"RefusedAfterWriting", func() error {
				return sqldb.GroupedForTest(ctx, db, `UPDATE audit_head SET seq = seq + 1000 WHERE id = 1`,
					ownwords.Errorf(ownwords.EINVALID, "refused after writing"))
			}, ownwords.EINVALID}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
				db := st.(*sqldb.DB)
				if tt.sqlite && db.Dialect() != "sqlite" {
					t.Skip("SQLite only")
				}
				ctx := ownwords.WithActor(t.Context(), "coder-a")
				f := mustFixture(t, st)
				saved := segmentOn(t, f, f.b, "Prices rose")
				must(t, st.CreateSegment(ctx, saved))
				removed := segmentOn(t, f, f.b, "İstanbul")
				must(t, st.CreateSegment(ctx, removed))
				applied := segmentOn(t, f, f.a, "We had no food.")
				wrongHash := segmentOn(t, f, f.a, "Prices rose")
				wrongHash.TextHash = ownwords.HashText("Prices fell")
				stale := *saved
				stale.Version, stale.Memo = 7, "stale"
				edit := *saved
				edit.Memo = "edited"
				ws := []batchWrite{
					{"Apply", func() error { return st.CreateSegment(ctx, applied) }, ""},
					{"ApplyWrongHash", func() error { return st.CreateSegment(ctx, wrongHash) }, ownwords.EINVALID},
					{"SaveStale", func() error { return st.UpdateSegment(ctx, &stale) }, ownwords.ECONFLICT},
					{"Save", func() error { return st.UpdateSegment(ctx, &edit) }, ""},
				}
				if tt.extra != nil {
					ws = append(ws, tt.extra(ctx, db))
				}
				// (A removal is refused before it queues on PostgreSQL,
				// where the segment is read first.)
				ws = append(ws, batchWrite{"Remove", func() error { return st.DeleteSegment(ctx, removed.ID, removed.Version) }, ""})
				entries := auditCount(t, st)
				errs := oneBatch(t, db, func() error { return st.CreateSegment(ctx, segmentOn(t, f, f.b, "Why did you go?")) }, ws)
				ok := 1
				for i, w := range ws {
					err := errs[i]
					if w.code == "" {
						ok++
						if err != nil {
							t.Errorf("%s: %v", w.name, err)
						}
						continue
					}
					wantCode(t, err, w.code)
				}
				segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, CodeIDs: []string{f.a.ID}})
				must(t, err)
				if len(segs) != 1 || segs[0].ID != applied.ID {
					t.Errorf("codings of code a: %+v, want only %s", segs, applied.ID)
				}
				got, err := st.Segment(ctx, saved.ID)
				must(t, err)
				if got.Version != 2 || got.Memo != "edited" || edit.Version != 2 || stale.Version != 7 {
					t.Errorf("saved coding at version %d with memo %q (the caller's at %d, the stale one's at %d), want 2, edited",
						got.Version, got.Memo, edit.Version, stale.Version)
				}
				_, err = st.Segment(ctx, removed.ID)
				wantCode(t, err, ownwords.ENOTFOUND)
				if got := auditCount(t, st) - entries; got != ok {
					t.Errorf("%d audit entries added, want %d", got, ok)
				}
				mustVerify(t, ctx, st)
			})
		})
	}
}

// oneBatch runs first, a write that holds the leader while ws queue
// behind it in order, then ws as one batch, and returns their outcomes.
func oneBatch(t *testing.T, db *sqldb.DB, first func() error, ws []batchWrite) []error {
	t.Helper()
	taken, release := holdBatches(t, db)
	out := goWrite(first)
	if n := <-taken; n != 1 {
		t.Fatalf("first batch of %d writes, want 1", n)
	}
	outs := make([]<-chan error, len(ws))
	for i, w := range ws {
		outs[i] = goWrite(w.write)
		waitCodingQueued(t, db, i+1)
	}
	release()
	must(t, outcome(t, out))
	if n := <-taken; n != len(ws) {
		t.Fatalf("batch of %d writes, want %d", n, len(ws))
	}
	release()
	errs := make([]error, len(ws))
	for i := range ws {
		errs[i] = outcome(t, outs[i])
	}
	return errs
}

// TestCodingCancelled: a coding write whose caller gives up while it is
// queued leaves the queue, says so and is not committed; once taken into
// a batch, it reports what became of the batch: committed with the
// others, or not, when every caller of its batch gave up.
func TestCodingCancelled(t *testing.T) {
	tests := []struct {
		name string
		// others are the writes queued after the cancelled one.
		others int
		// taken: cancelled once its batch is taken, not while queued.
		taken  bool
		stored bool
	}{
		{"Queued", 1, false, false},
		{"TakenWithOthers", 1, true, true},
		{"TakenAlone", 0, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
				db := st.(*sqldb.DB)
				ctx := ownwords.WithActor(t.Context(), "coder-a")
				f := mustFixture(t, st)
				entries := auditCount(t, st)
				taken, release := holdBatches(t, db)
				first := goWrite(func() error { return st.CreateSegment(ctx, segmentOn(t, f, f.b, "Why did you go?")) })
				<-taken
				wctx, cancel := context.WithCancel(ctx)
				defer cancel()
				seg := segmentOn(t, f, f.a, "We had no food.")
				out := goWrite(func() error { return st.CreateSegment(wctx, seg) })
				waitCodingQueued(t, db, 1)
				var others []<-chan error
				for range tt.others {
					others = append(others, goWrite(func() error { return st.CreateSegment(ctx, segmentOn(t, f, f.b, "Prices rose")) }))
				}
				waitCodingQueued(t, db, 1+tt.others)
				if !tt.taken {
					cancel()
					if err := outcome(t, out); !errors.Is(err, context.Canceled) {
						t.Errorf("a write cancelled while queued returned %v", err)
					}
				}
				release()
				must(t, outcome(t, first))
				want := 1 + tt.others
				if !tt.taken {
					want--
				}
				if n := <-taken; n != want {
					t.Fatalf("batch of %d writes, want %d", n, want)
				}
				if tt.taken {
					cancel()
					select {
					case err := <-out:
						t.Fatalf("a write taken into a held batch returned %v when its caller gave up", err)
					case <-time.After(100 * time.Millisecond):
					}
				}
				release()
				if tt.taken {
					err := outcome(t, out)
					if tt.stored && err != nil {
						t.Errorf("a write committed with its batch returned %v", err)
					}
					if !tt.stored && !errors.Is(err, context.Canceled) {
						t.Errorf("a write of a batch every caller gave up returned %v", err)
					}
				}
				for _, o := range others {
					must(t, outcome(t, o))
				}
				segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, CodeIDs: []string{f.a.ID}})
				must(t, err)
				if stored := len(segs) == 1 && segs[0].ID == seg.ID; stored != tt.stored || len(segs) > 1 {
					t.Errorf("codings of the cancelled write's code: %+v, want stored %v", segs, tt.stored)
				}
				added := 1 + tt.others
				if tt.stored {
					added++
				}
				if got := auditCount(t, st) - entries; got != added {
					t.Errorf("%d audit entries added, want %d", got, added)
				}
				mustVerify(t, ctx, st)
			})
		})
	}
}
