package sqldb_test

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestCodingBatchRoundTrips (PostgreSQL): a batch of applies and removals
// reaches the server in a few round trips, not one per write: its
// statements are sent at once and its COMMIT after them. Before, a batch
// of ten took BEGIN, the lock timeout, ten statements and COMMIT: 13.
func TestCodingBatchRoundTrips(t *testing.T) {
	ctx := ownwords.WithActor(t.Context(), "coder-a")
	db, rt, err := sqldb.OpenCountingRoundTripsForTest(ctx, sqldbtest.FreshPostgresDSN(t))
	must(t, err)
	defer db.Close()
	f := mustFixture(t, db)
	var removed []*ownwords.Segment
	for range 2 {
		s := segmentOn(t, f, f.b, "Prices rose")
		must(t, db.CreateSegment(ctx, s))
		removed = append(removed, s)
	}
	entries := auditCount(t, db)
	taken, release := holdBatches(t, db)
	first := goWrite(func() error { return db.CreateSegment(ctx, segmentOn(t, f, f.b, "Why did you go?")) })
	<-taken
	var outs []<-chan error
	for i := range 10 {
		if i < len(removed) {
			s := removed[i]
			outs = append(outs, goWrite(func() error { return db.DeleteSegment(ctx, s.ID, s.Version) }))
		} else {
			outs = append(outs, goWrite(func() error { return db.CreateSegment(ctx, segmentOn(t, f, f.a, "We had no food.")) }))
		}
		waitCodingQueued(t, db, i+1)
	}
	release()
	must(t, outcome(t, first))
	if n := <-taken; n != len(outs) {
		t.Fatalf("batch of %d writes, want %d", n, len(outs))
	}
	before := rt.Load()
	release()
	for _, o := range outs {
		must(t, outcome(t, o))
	}
	// At most: the pool's ping of a connection idle for a second, the
	// statements prepared on the connection, the batch, its COMMIT.
	trips := rt.Load() - before
	t.Logf("a batch of %d writes: %d round trips", len(outs), trips)
	if trips > 4 {
		t.Errorf("a batch of %d writes took %d round trips, want at most 4", len(outs), trips)
	}
	if got, want := auditCount(t, db)-entries, 1+len(outs); got != want {
		t.Errorf("%d audit entries added, want %d", got, want)
	}
	mustVerify(t, ctx, db)
}

// TestCodingStatementBatchKeepsEachWritesFate: a batch of coding writes of
// one statement each (applies, removals; on PostgreSQL sent at once) keeps
// each write's fate: a refusal (a wrong hash, an unknown interview, a
// segment the batch removed already) is its caller's and writes nothing,
// a statement that fails sends the batch back write by write, and the
// others commit, audited.
func TestCodingStatementBatchKeepsEachWritesFate(t *testing.T) {
	for _, tt := range []struct {
		name string
		// bad, if set, is a statement failing in the middle of the batch.
		bad string
	}{
		{"Refusals", ""},
		{"FailsAtRun", `SELECT 1 / (SELECT count(*) - count(*) FROM segments) = 1`},
		{"FailsToPrepare", `SELECT EXISTS (SELECT 1 FROM no_such_table)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
				db := st.(*sqldb.DB)
				ctx := ownwords.WithActor(t.Context(), "coder-a")
				f := mustFixture(t, st)
				removed := segmentOn(t, f, f.b, "İstanbul")
				must(t, st.CreateSegment(ctx, removed))
				applied := segmentOn(t, f, f.a, "We had no food.")
				wrongHash := segmentOn(t, f, f.a, "Prices rose")
				wrongHash.TextHash = ownwords.HashText("Prices fell")
				noInterview := segmentOn(t, f, f.a, "Prices rose")
				noInterview.InterviewID = "no-such-interview"
				ws := []batchWrite{
					{"Apply", func() error { return st.CreateSegment(ctx, applied) }, ""},
					{"ApplyWrongHash", func() error { return st.CreateSegment(ctx, wrongHash) }, ownwords.EINVALID},
					{"ApplyNoInterview", func() error { return st.CreateSegment(ctx, noInterview) }, ownwords.ENOTFOUND},
					{"Remove", func() error { return st.DeleteSegment(ctx, removed.ID, removed.Version) }, ""},
				}
				if tt.bad != "" {
					ws = append(ws, batchWrite{"Fails", func() error { return sqldb.GroupedRowForTest(ctx, db, tt.bad) }, ownwords.EINTERNAL})
				}
				// Read before the batch, as Remove: one of the two removes
				// the segment, the other finds it gone (a batch sent back
				// runs its writes each on its own, in any order).
				ws = append(ws, batchWrite{"RemoveAgain", func() error { return st.DeleteSegment(ctx, removed.ID, removed.Version) }, ""})
				entries := auditCount(t, st)
				errs := oneBatch(t, db, func() error { return st.CreateSegment(ctx, segmentOn(t, f, f.b, "Why did you go?")) }, ws)
				ok := 1
				var removals []error
				for i, w := range ws {
					err := errs[i]
					if w.name == "Remove" || w.name == "RemoveAgain" {
						removals = append(removals, err)
						continue
					}
					if w.code == "" {
						ok++
						if err != nil {
							t.Errorf("%s: %v", w.name, err)
						}
						continue
					}
					if got := ownwords.ErrorCode(err); got != w.code {
						t.Errorf("%s: error code %q (%v), want %q", w.name, got, err, w.code)
					}
				}
				if a, b := ownwords.ErrorCode(removals[0]), ownwords.ErrorCode(removals[1]); a+b != ownwords.ENOTFOUND {
					t.Errorf("the two removals of one segment: %v and %v, want one done and one %s", removals[0], removals[1], ownwords.ENOTFOUND)
				}
				ok++
				segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, CodeIDs: []string{f.a.ID}})
				must(t, err)
				if len(segs) != 1 || segs[0].ID != applied.ID {
					t.Errorf("codings of code a: %+v, want only %s", segs, applied.ID)
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

// TestCodingAloneInLeadersTurn (PostgreSQL): a coding that is its batch's
// only write is run by the leader, as its own transaction with the
// batches' lock timeout sent with it, not given back to its caller to run
// on a connection of its own: when applies came one at a time (50
// coders' first ones), up to 16 ran at once, each committing on its own
// behind the others at the audit head. Its statements are the timeout
// and the write, in that order.
func TestCodingAloneInLeadersTurn(t *testing.T) {
	stmts := &sqldbtest.Statements{}
	db := sqldbtest.OpenTraced(t, "postgres", stmts)
	ctx := ownwords.WithActor(t.Context(), "coder-a")
	f := mustFixture(t, db)
	seg := segmentOn(t, f, f.a, "Prices rose")
	stmts.Record()
	must(t, db.CreateSegment(ctx, seg))
	applied := stmts.Stop()
	stmts.Record()
	must(t, db.DeleteSegment(ctx, seg.ID, seg.Version))
	removed := stmts.Stop()
	for _, c := range []struct {
		op   string
		list []string
	}{{"apply", applied}, {"remove", removed}} {
		n := len(c.list)
		if n < 2 || !strings.Contains(c.list[n-2], "set_config('lock_timeout'") || !strings.HasPrefix(c.list[n-1], "WITH") {
			t.Errorf("%s sent %q, want the lock timeout, then the write", c.op, c.list)
		}
	}
	mustVerify(t, ctx, db)
}
