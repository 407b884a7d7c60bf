package sqldb_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestAuditChainOfManyWritersAtCommit runs many writers at once through two
// handles of one database (two processes of a team server: twice the
// writer connections), each write appending one entry or three, chained as
// it commits (PostgreSQL's audit_pending) or at once (Update), and some
// failing after appending. Afterwards the chain verifies, the head moved by
// exactly the entries of the writes that returned nil, each is there once,
// the entries of one write follow each other in the order appended (no
// other write's entry between them), none of a failed write is there and
// no entry is left pending.
func TestAuditChainOfManyWritersAtCommit(t *testing.T) {
	const writers, each = 48, 6
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := t.Context()
		before, err := this.AuditHead(ctx)
		must(t, err)
		boom := errors.New("boom")
		eachWriter(writers, func(w int) {
			st := []sqldbtest.Handle{this, other}[w%2]
			for i := range each {
				object := fmt.Sprintf("w%02d-%d", w, i)
				var err error
				switch (w + i) % 4 {
				case 0: // one entry, chained at COMMIT
					err = st.Record(ctx, "", "login", object, "")
				case 1: // three entries of one write, in order
					err = sqldb.AppendAuditsForTest(ctx, st.Store.(*sqldb.DB), "login",
						[]string{object + "/a", object + "/b", object + "/c"}, "", func() error { return nil })
				case 2: // appended, then the write fails: no trace
					if err := sqldb.AppendAuditsForTest(ctx, st.Store.(*sqldb.DB), "login",
						[]string{"failed-" + object, "failed-" + object}, "", func() error { return boom }); !errors.Is(err, boom) {
						t.Errorf("failing write %s: %v, want boom", object, err)
					}
					continue
				default: // chained at once, in an Update
					err = st.Update(ctx, func(s ownwords.Services) error { return s.Record(ctx, "", "login", object, "") })
				}
				if err != nil {
					t.Errorf("write %s: %v", object, err)
				}
			}
		})
		seqOf := objectSeqs(t, this, before.Seq)
		want := 0
		for w := range writers {
			for i := range each {
				object := fmt.Sprintf("w%02d-%d", w, i)
				switch (w + i) % 4 {
				case 1:
					want += 3
					a, b, c := seqOf[object+"/a"], seqOf[object+"/b"], seqOf[object+"/c"]
					if len(a) != 1 || len(b) != 1 || len(c) != 1 || b[0] != a[0]+1 || c[0] != b[0]+1 {
						t.Errorf("entries of write %s at seqs %v %v %v, want each once, one after the other", object, a, b, c)
					}
				case 2:
					if n := len(seqOf["failed-"+object]); n != 0 {
						t.Errorf("failed write %s left %d entries", object, n)
					}
				default:
					want++
					if n := len(seqOf[object]); n != 1 {
						t.Errorf("write %s is in the log %d times, want once", object, n)
					}
				}
			}
		}
		after, err := other.AuditHead(ctx)
		must(t, err)
		if after.Seq-before.Seq != int64(want) {
			t.Errorf("head moved by %d, want %d", after.Seq-before.Seq, want)
		}
		mustVerify(t, ctx, this)
		mustNothingPending(t, this.Store)
	})
}

// TestRolledBackWriteLeavesNoGap appends entries in writes that fail (one
// before COMMIT, through the store's own write, and one Update): neither
// leaves an entry, the head does not move, and the next write's entry is
// the very next one of the chain.
func TestRolledBackWriteLeavesNoGap(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		must(t, st.Record(ctx, "", "login", "first", ""))
		before, err := st.AuditHead(ctx)
		must(t, err)
		boom := errors.New("boom")
		if err := sqldb.AppendAuditsForTest(ctx, st.(*sqldb.DB), "login", []string{"gone-1", "gone-2"}, "", func() error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("failing write: %v, want boom", err)
		}
		if err := st.Update(ctx, func(s ownwords.Services) error {
			if err := s.Record(ctx, "", "login", "gone-3", ""); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("failing Update: %v, want boom", err)
		}
		if h, err := st.AuditHead(ctx); err != nil || h != before {
			t.Fatalf("head after failed writes %+v, %v; want %+v", h, err, before)
		}
		mustNothingPending(t, st)
		must(t, st.Record(ctx, "", "login", "next", ""))
		var last *ownwords.AuditEntry
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Object != "first" && e.Object != "next" && e.Seq > before.Seq-1 {
				t.Errorf("entry %d of a failed write: %q", e.Seq, e.Object)
			}
			last = e
			return true
		}))
		if last.Object != "next" || last.Seq != before.Seq+1 || last.PrevHash != before.Hash {
			t.Errorf("next entry %q at seq %d after %s; want \"next\" at %d after %s", last.Object, last.Seq, last.PrevHash, before.Seq+1, before.Hash)
		}
		mustVerify(t, ctx, st)
	})
}

// mustNothingPending fails unless PostgreSQL's audit_pending is empty:
// every entry of a committed write was chained, every other one dropped.
func mustNothingPending(t *testing.T, st ownwords.Store) {
	t.Helper()
	db := st.(*sqldb.DB)
	if db.Dialect() != "postgres" {
		return
	}
	var n int
	must(t, sqldb.RawForTest(db).QueryRowContext(t.Context(), `SELECT count(*) FROM audit_pending`).Scan(&n))
	if n != 0 {
		t.Errorf("%d audit entries left pending", n)
	}
}

// TestPostgresRefusesAnEncodingOtherThanUTF8 opens a store in a LATIN1
// database: the server would hash the audit entries it chains at COMMIT
// otherwise than audit verification, so the store refuses to open.
func TestPostgresRefusesAnEncodingOtherThanUTF8(t *testing.T) {
	dsn := sqldbtest.PostgresDSN(t)
	admin, err := sql.Open("pgx", dsn)
	must(t, err)
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	name := "ownwords_test_latin1_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'`); err != nil {
		t.Skipf("cannot create a LATIN1 database: %v", err)
	}
	defer admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name)
	u, err := url.Parse(dsn)
	must(t, err)
	u.Path = "/" + name
	db, err := sqldb.Open(ctx, sqldb.Config{DSN: u.String()})
	if err == nil {
		db.Close()
		t.Fatal("a store opened in a LATIN1 database")
	}
	if ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Errorf("opening a LATIN1 database: %v, want EINVALID", err)
	}
}

// TestUpdateChainsManyEntries appends many entries in Update transactions
// while other writers append theirs: within a transaction the head is
// moved in memory after the first entry (PostgreSQL) and written once
// before COMMIT, and AuditHead inside the transaction already says so.
// Afterwards each transaction's entries follow one another, the head
// moved by every entry and the chain verifies.
func TestUpdateChainsManyEntries(t *testing.T) {
	const updates, each, others = 4, 150, 12
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := t.Context()
		before, err := this.AuditHead(ctx)
		must(t, err)
		eachWriter(updates+others, func(w int) {
			st := []sqldbtest.Handle{this, other}[w%2]
			if w >= updates {
				if err := st.Record(ctx, "", "login", fmt.Sprintf("other-%02d", w), ""); err != nil {
					t.Errorf("writer %d: %v", w, err)
				}
				return
			}
			err := st.Update(ctx, func(s ownwords.Services) error {
				var first int64
				for i := range each {
					if err := s.Record(ctx, "", "login", fmt.Sprintf("u%d-%03d", w, i), ""); err != nil {
						return err
					}
					h, err := s.AuditHead(ctx)
					if err != nil {
						return err
					}
					if i == 0 {
						first = h.Seq
					} else if h.Seq != first+int64(i) {
						return fmt.Errorf("entry %d: head inside the transaction at %d, want %d", i, h.Seq, first+int64(i))
					}
				}
				return nil
			})
			if err != nil {
				t.Errorf("update %d: %v", w, err)
			}
		})
		seqOf := objectSeqs(t, this, before.Seq)
		for w := range updates {
			first := seqOf[fmt.Sprintf("u%d-000", w)]
			for i := range each {
				got := seqOf[fmt.Sprintf("u%d-%03d", w, i)]
				if len(got) != 1 || len(first) != 1 || got[0] != first[0]+int64(i) {
					t.Fatalf("update %d entry %d at %v (first at %v), want each once, one after the other", w, i, got, first)
				}
			}
		}
		after, err := other.AuditHead(ctx)
		must(t, err)
		if want := int64(updates*each + others); after.Seq-before.Seq != want {
			t.Errorf("head moved by %d, want %d", after.Seq-before.Seq, want)
		}
		mustVerify(t, ctx, this)
		mustNothingPending(t, this.Store)
	})
}

// TestUpdateTakesAuditHeadAtItsEnd keeps an Update transaction open after
// it appended entries (as an import does for minutes) while another
// handle's write appends its own: on PostgreSQL the other write must not
// wait for the Update (the head is locked only when the Update's entries
// are chained, before COMMIT or before it reads the audit tables), and
// the Update still sees its own entries when it reads the log. Afterwards
// the Update's entries follow one another after the other write's and the
// chain verifies. (SQLite has one writer: the other write waits for any
// open write transaction, so the test is PostgreSQL's.)
func TestUpdateTakesAuditHeadAtItsEnd(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		if strings.HasSuffix(t.Name(), "/sqlite") {
			t.Skip("SQLite has one writer: a write waits for any open write transaction")
		}
		ctx := t.Context()
		before, err := this.AuditHead(ctx)
		must(t, err)
		appended, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- this.Update(ctx, func(s ownwords.Services) error {
				for i := range 3 {
					if err := s.Record(ctx, "", "login", fmt.Sprintf("update-%d", i), ""); err != nil {
						return err
					}
				}
				close(appended)
				<-release
				seen, err := s.RecentAuditEntries(ctx, "", "", []string{"login"}, 10)
				if err != nil {
					return err
				}
				if len(seen) == 0 || seen[0].Object != "update-2" {
					return fmt.Errorf("inside the transaction the newest entry is %v, want its own update-2", seen)
				}
				return s.Record(ctx, "", "login", "update-3", "")
			})
		}()
		<-appended
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = other.Record(wctx, "", "login", "other", "")
		cancel()
		close(release)
		if err != nil {
			t.Fatalf("another write while the Update was open: %v (did it wait for the Update's head lock?)", err)
		}
		must(t, <-done)
		seqOf := objectSeqs(t, this, before.Seq)
		o := seqOf["other"]
		for i := range 4 {
			got := seqOf[fmt.Sprintf("update-%d", i)]
			if len(got) != 1 || len(o) != 1 || got[0] != o[0]+1+int64(i) {
				t.Fatalf("update entry %d at %v, the other write's at %v: want the Update's four right after it", i, got, o)
			}
		}
		mustVerify(t, ctx, this)
		mustNothingPending(t, this.Store)
	})
}

// TestMembershipsLockedInTransaction: on PostgreSQL two transactions that
// each read a study's members to remove one of its last two owners (the
// gate's RemoveUser and SetRole, from two processes) must not both see
// two owners: the second's read waits for the first and sees what it
// committed. (SQLite runs one writer at a time: PostgreSQL's test.)
func TestMembershipsLockedInTransaction(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		if strings.HasSuffix(t.Name(), "/sqlite") {
			t.Skip("SQLite has one writer: a write transaction waits for any other")
		}
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, this, "Owners")
		owners := map[string]*ownwords.User{}
		for _, name := range []string{"ann", "bob"} {
			u := &ownwords.User{Name: name, PasswordHash: "x"}
			must(t, this.CreateUser(ctx, u))
			must(t, this.SetRole(ctx, study.ID, u.ID, ownwords.RoleOwner))
			owners[name] = u
		}
		countOwners := func(ms []*ownwords.Membership) int {
			n := 0
			for _, m := range ms {
				if m.Role == ownwords.RoleOwner {
					n++
				}
			}
			return n
		}
		read, release := make(chan struct{}), make(chan struct{})
		first := make(chan error, 1)
		go func() {
			first <- this.Update(ctx, func(s ownwords.Services) error {
				ms, err := s.Memberships(ctx, study.ID)
				if err != nil {
					return err
				}
				if countOwners(ms) != 2 {
					return fmt.Errorf("first transaction sees %d owners, want 2", countOwners(ms))
				}
				if err := s.DeleteUser(ctx, owners["bob"].ID); err != nil {
					return err
				}
				close(read)
				<-release
				return nil
			})
		}()
		<-read
		var returnedEarly atomic.Bool
		var seen int
		second := make(chan error, 1)
		go func() {
			second <- other.Update(ctx, func(s ownwords.Services) error {
				ms, err := s.Memberships(ctx, study.ID)
				if err != nil {
					return err
				}
				select {
				case <-release:
				default:
					returnedEarly.Store(true)
				}
				seen = countOwners(ms)
				return nil
			})
		}()
		time.Sleep(300 * time.Millisecond)
		close(release)
		must(t, <-first)
		must(t, <-second)
		if returnedEarly.Load() || seen != 1 {
			t.Errorf("second transaction read the members before the first ended: %v, and saw %d owners (want it to wait and see 1)", returnedEarly.Load(), seen)
		}
	})
}
