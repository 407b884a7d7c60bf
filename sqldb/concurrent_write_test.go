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

// TestConcurrentWrites runs writers at once, through single writes and
// Update transactions, while others give up while queued: every write that
// returned nil is in the audit chain exactly once, none of the abandoned
// ones is, and the chain verifies. There are more writers than PostgreSQL's
// writer pool has connections, so that some wait in its queue.
func TestConcurrentWrites(t *testing.T) {
	const writers, each = 24, 8
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		before, err := st.AuditHead(ctx)
		must(t, err)
		eachWriter(writers, func(w int) {
			for i := range each {
				object := fmt.Sprintf("w%02d-%02d", w, i)
				var err error
				switch {
				case w%3 == 2:
					// Gives up before its turn: must leave no trace.
					gone, cancel := context.WithCancel(ctx)
					cancel()
					if err := st.Record(gone, "", "login", "abandoned-"+object, ""); err == nil {
						t.Errorf("write %s with an ended context succeeded", object)
					}
					continue
				case w%2 == 1:
					err = st.Update(ctx, func(s ownwords.Services) error {
						return s.Record(ctx, "", "login", object, "")
					})
				default:
					err = st.Record(ctx, "", "login", object, "")
				}
				if err != nil {
					t.Errorf("write %s: %v", object, err)
				}
			}
		})
		seqs := objectSeqs(t, st, before.Seq)
		want := 0
		for w := range writers {
			for i := range each {
				object := fmt.Sprintf("w%02d-%02d", w, i)
				if w%3 == 2 {
					if len(seqs["abandoned-"+object]) != 0 {
						t.Errorf("abandoned write %s is in the log", object)
					}
					continue
				}
				want++
				if len(seqs[object]) != 1 {
					t.Errorf("write %s is in the log %d times, want once", object, len(seqs[object]))
				}
			}
		}
		after, err := st.AuditHead(ctx)
		must(t, err)
		if after.Seq-before.Seq != int64(want) {
			t.Errorf("head moved by %d, want %d", after.Seq-before.Seq, want)
		}
		mustVerify(t, ctx, st)
	})
}

// eachWriter runs write for the writers 0 … n-1 at once and returns when
// all have returned.
func eachWriter(n int, write func(w int)) {
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			write(w)
		}()
	}
	wg.Wait()
}

// objectSeqs returns the seqs of the audit entries after seq after, by
// object.
func objectSeqs(t *testing.T, st ownwords.AuditService, after int64) map[string][]int64 {
	t.Helper()
	seqs := map[string][]int64{}
	must(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Seq > after {
			seqs[e.Object] = append(seqs[e.Object], e.Seq)
		}
		return true
	}))
	return seqs
}

// TestAuditEntriesOfOneWrite appends several entries in one write of the
// store's own (chained as it commits on PostgreSQL): they follow each
// other in the chain in the order appended, text that JSON escapes or
// leaves as UTF-8 hashes as audit verification does, and a write that
// fails after appending leaves no entry and the head where it was.
func TestAuditEntriesOfOneWrite(t *testing.T) {
	const detail = "é\"<>&\u2028\\ 日本 \t"
	for _, n := range []int{1, 3} {
		sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
			db := st.(*sqldb.DB)
			ctx := t.Context()
			before, err := st.AuditHead(ctx)
			must(t, err)
			var objects []string
			for i := range n {
				objects = append(objects, fmt.Sprintf("o%d-%s", i, detail))
			}
			boom := errors.New("boom")
			if err := sqldb.AppendAuditsForTest(ctx, db, "login", objects, detail, func() error { return boom }); !errors.Is(err, boom) {
				t.Fatalf("failing write: %v, want boom", err)
			}
			if h, err := st.AuditHead(ctx); err != nil || h != before {
				t.Fatalf("head after a failed write %+v, %v; want %+v", h, err, before)
			}
			must(t, sqldb.AppendAuditsForTest(ctx, db, "login", objects, detail, func() error {
				if db.Dialect() != "postgres" {
					return nil
				}
				// The head is locked only as the write commits: until then
				// other writes append.
				var seq int64
				return sqldb.RawForTest(db).QueryRowContext(ctx, `SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE NOWAIT`).Scan(&seq)
			}))
			var got []*ownwords.AuditEntry
			must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
				if e.Seq > before.Seq {
					got = append(got, e)
				}
				return true
			}))
			if len(got) != n {
				t.Fatalf("%d entries appended, want %d", len(got), n)
			}
			prev := before.Hash
			for i, e := range got {
				if e.Seq != before.Seq+int64(i)+1 || e.Object != objects[i] || e.Detail != detail || e.PrevHash != prev {
					t.Errorf("entry %d: seq %d object %q detail %q prev %s; want seq %d object %q prev %s",
						i, e.Seq, e.Object, e.Detail, e.PrevHash, before.Seq+int64(i)+1, objects[i], prev)
				}
				prev = e.Hash
			}
			if h, err := st.AuditHead(ctx); err != nil || h.Seq != before.Seq+int64(n) || h.Hash != prev {
				t.Errorf("head %+v, %v; want seq %d hash %s", h, err, before.Seq+int64(n), prev)
			}
			mustVerify(t, ctx, st)
		})
	}
}

// TestAuditWaitCancelled holds the audit head (SQLite: the write lock) in
// a transaction of another connection, as a write of another process
// would: a write waiting for it gives up when its context ends and leaves
// no entry; once the holder commits, writes go on and the chain verifies.
func TestAuditWaitCancelled(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := t.Context()
		raw := sqldb.RawForTest(other.Store.(*sqldb.DB))
		tx, err := raw.BeginTx(ctx, nil)
		must(t, err)
		defer tx.Rollback()
		// Takes the head's row lock (PostgreSQL); SQLite's immediate
		// transaction already holds the write lock.
		_, err = tx.ExecContext(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1`)
		must(t, err)
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if err := this.Record(short, "", "login", "gave-up", ""); err == nil {
			t.Fatal("a write waiting for a held audit head beyond its deadline succeeded")
		}
		must(t, tx.Commit())
		must(t, this.Record(ctx, "", "login", "after", ""))
		seen := map[string]int{}
		must(t, this.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			seen[e.Object]++
			return true
		}))
		if seen["gave-up"] != 0 || seen["after"] != 1 {
			t.Errorf("entries gave-up ×%d, after ×%d; want 0 and 1", seen["gave-up"], seen["after"])
		}
		mustVerify(t, ctx, this)
	})
}
