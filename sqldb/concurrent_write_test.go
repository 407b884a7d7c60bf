package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestConcurrentWrites runs writers at once, through single writes and
// Update transactions, while others give up while queued: every write that
// returned nil is in the audit chain exactly once, none of the abandoned
// ones is, and the chain verifies.
func TestConcurrentWrites(t *testing.T) {
	const writers, each = 12, 8
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		before, err := st.AuditHead(ctx)
		must(t, err)
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					object := fmt.Sprintf("w%02d-%02d", w, i)
					var err error
					switch {
					case w%3 == 2:
						// Gives up before its turn: must leave no trace.
						gone, cancel := context.WithCancel(ctx)
						cancel()
						if err := st.Record(gone, "", "login", "abandoned-"+object, ""); err == nil {
							errs <- fmt.Errorf("write %s with an ended context succeeded", object)
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
						errs <- fmt.Errorf("write %s: %w", object, err)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		seen := map[string]int{}
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Seq > before.Seq {
				seen[e.Object]++
			}
			return true
		}))
		want := 0
		for w := range writers {
			for i := range each {
				object := fmt.Sprintf("w%02d-%02d", w, i)
				if w%3 == 2 {
					if seen["abandoned-"+object] != 0 {
						t.Errorf("abandoned write %s is in the log", object)
					}
					continue
				}
				want++
				if seen[object] != 1 {
					t.Errorf("write %s is in the log %d times, want once", object, seen[object])
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
