package sqldb

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ownwords"
	"ownwords/vault/vaulttest"
)

// bulkFixture creates a study file with a study and one participant,
// closed, for UpdateBulk's tests.
func bulkFixture(tb testing.TB) (path, studyID, participantID string) {
	tb.Helper()
	db, path, s, p := newStudyFile(tb, "Bulk")
	db.Close()
	return path, s.ID, p.ID
}

// bulkText is the transcript of the n-th interview bulkWrite creates: its
// own word ("wordN") among a few shared ones, so that a search says which
// interviews the store holds.
func bulkText(n, words int) string {
	vocab := []string{"harbour", "winter", "brother", "market", "letter", "orchard", "river", "promise"}
	r := rand.New(rand.NewPCG(uint64(n), 7))
	var sb strings.Builder
	fmt.Fprintf(&sb, "word%d", n)
	for range words {
		sb.WriteByte(' ')
		sb.WriteString(vocab[r.IntN(len(vocab))])
	}
	return sb.String()
}

// bulkWrite creates interviews n interviews in one UpdateBulk; step is
// called after each.
func bulkWrite(ctx context.Context, db *DB, studyID, participantID string, n, words int, step func(i int)) error {
	return db.UpdateBulk(ctx, func(tx ownwords.Services) error {
		texts := make([]string, n)
		for i := range texts {
			texts[i] = bulkText(i, words)
		}
		defer tx.(interface {
			PrepareIndex(context.Context, []string) func()
		}).PrepareIndex(ctx, texts)()
		for i, text := range texts {
			iv := &ownwords.Interview{StudyID: studyID, ParticipantID: participantID, Title: fmt.Sprintf("int-%d", i), Transcript: text}
			if err := tx.CreateInterview(ctx, iv); err != nil {
				return err
			}
			step(i)
		}
		return nil
	})
}

// journalMode returns the writer's journal mode.
func journalMode(tb testing.TB, db *DB) string {
	tb.Helper()
	var mode string
	mustDo(tb, db.w.QueryRowContext(context.Background(), `PRAGMA journal_mode`).Scan(&mode))
	return mode
}

// openChecked opens the study file at path after a kill and checks that
// it is intact (integrity_check) and back in WAL mode.
func openChecked(tb testing.TB, path string) *DB {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, Config{DSN: path, Passphrase: []byte(rotatePass)})
	if err != nil {
		tb.Fatalf("the study does not open: %v", err)
	}
	var check string
	mustDo(tb, db.w.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check))
	if check != "ok" {
		db.Close()
		tb.Fatalf("integrity_check: %s", check)
	}
	if mode := journalMode(tb, db); mode != "wal" {
		db.Close()
		tb.Fatalf("journal mode %q after opening, want wal", mode)
	}
	return db
}

// checkBulk opens the study and checks that it holds either none or all of
// the n interviews of bulkWrite, whole, with the search index agreeing,
// the file intact and back in WAL mode; it returns how many it holds.
func checkBulk(tb testing.TB, path, studyID string, n, words int) int {
	tb.Helper()
	ctx := context.Background()
	db := openChecked(tb, path)
	defer db.Close()
	ivs, err := db.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID, WithText: true})
	mustDo(tb, err)
	if len(ivs) != 0 && len(ivs) != n {
		tb.Fatalf("%d interviews of %d: the import was not all or nothing", len(ivs), n)
	}
	for _, iv := range ivs {
		i, err := strconv.Atoi(strings.TrimPrefix(iv.Title, "int-"))
		mustDo(tb, err)
		if iv.Transcript != bulkText(i, words) {
			tb.Fatalf("interview %s: transcript changed", iv.Title)
		}
	}
	for _, q := range []string{"word0", fmt.Sprintf("word%d", n-1), "harbour"} {
		res, err := db.Search(ctx, ownwords.SearchQuery{StudyID: studyID, Query: q})
		mustDo(tb, err)
		want := len(ivs)
		if q != "harbour" {
			want = min(len(ivs), 1)
		}
		if len(res.Interviews) != want {
			tb.Fatalf("search %q: %d interviews, want %d", q, len(res.Interviews), want)
		}
	}
	return len(ivs)
}

func TestUpdateBulk(t *testing.T) {
	ctx := t.Context()
	errStop := errors.New("stop")
	cases := []struct {
		name         string
		holdReader   bool  // a reader of this process is in a transaction
		fail         error // fn returns it after writing
		wantRollback bool  // the transaction used a rollback journal
		wantN        int
	}{
		{name: "fresh", wantRollback: true, wantN: 40},
		{name: "fails", fail: errStop, wantRollback: true, wantN: 0},
		{name: "reader open", holdReader: true, wantRollback: false, wantN: 40},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, studyID, participantID := bulkFixture(t)
			db, err := Open(ctx, Config{DSN: path, Passphrase: []byte(rotatePass)})
			mustDo(t, err)
			defer db.Close()
			// The reader pool has an idle connection, as after any read.
			if _, err := db.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID}); err != nil {
				t.Fatal(err)
			}
			if c.holdReader {
				rtx, err := db.r.BeginTx(ctx, db.snapshot())
				mustDo(t, err)
				var n int
				mustDo(t, rtx.QueryRowContext(ctx, `SELECT count(*) FROM interviews`).Scan(&n))
				defer rtx.Rollback()
			}
			err = db.UpdateBulk(ctx, func(tx ownwords.Services) error {
				for i := range 40 {
					iv := &ownwords.Interview{StudyID: studyID, ParticipantID: participantID, Title: fmt.Sprintf("int-%d", i), Transcript: bulkText(i, 200)}
					if err := tx.CreateInterview(ctx, iv); err != nil {
						return err
					}
				}
				return c.fail
			})
			if !errors.Is(err, c.fail) {
				t.Fatalf("UpdateBulk: %v, want %v", err, c.fail)
			}
			if got := bulkRollback.Load(); got != c.wantRollback {
				t.Errorf("rollback journal used: %v, want %v", got, c.wantRollback)
			}
			if mode := journalMode(t, db); mode != "wal" {
				t.Errorf("journal mode %q after UpdateBulk, want wal", mode)
			}
			// The store goes on, readers and writers.
			if _, err := db.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID}); err != nil {
				t.Fatal(err)
			}
			mustDo(t, db.CreateParticipant(ctx, &ownwords.Participant{StudyID: studyID, Code: "P-0002"}))
			db.Close()
			if n := checkBulk(t, path, studyID, 40, 200); n != c.wantN {
				t.Fatalf("%d interviews, want %d", n, c.wantN)
			}
		})
	}
}

// envBulkHelper names the study file TestHelperBulk imports into.
const envBulkHelper = "OWNWORDS_BULK_HELPER"

// The helper's import: enough interviews that, with a small page cache,
// pages are written to the file (cache spills) all along the transaction.
const bulkInterviews, bulkWords = 60, 3000

// runHelper is the body of a helper process that a test kills, when the
// environment variable env is set: it opens the study file it names
// ("PATH|ID1|ID2") with a page cache of 256 KiB (the transaction spills
// pages into the file), runs write with the two IDs, and prints "done"
// and whether the transaction went through a rollback journal once
// write's transaction is committed.
func runHelper(t *testing.T, env string, write func(ctx context.Context, db *DB, id1, id2 string) error) {
	spec := os.Getenv(env)
	if spec == "" {
		t.Skip("helper process of a test that kills it")
	}
	vaulttest.UseTestCost(t)
	path, ids, _ := strings.Cut(spec, "|")
	id1, id2, _ := strings.Cut(ids, "|")
	ctx := context.Background()
	db, err := Open(ctx, Config{DSN: path, Passphrase: []byte(rotatePass)})
	if err == nil {
		_, err = db.w.ExecContext(ctx, `PRAGMA cache_size=-256`)
	}
	if err == nil {
		err = write(ctx, db, id1, id2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stdout, "done", bulkRollback.Load())
	time.Sleep(time.Second)
	os.Exit(0)
}

// TestHelperBulk is the process TestBulkKilled kills: one UpdateBulk of
// bulkInterviews interviews, announcing each on stdout, then "commit" when
// fn returns and "done" when the transaction is committed.
func TestHelperBulk(t *testing.T) {
	runHelper(t, envBulkHelper, func(ctx context.Context, db *DB, studyID, participantID string) error {
		return bulkWrite(ctx, db, studyID, participantID, bulkInterviews, bulkWords, func(i int) {
			fmt.Fprintln(os.Stdout, i)
			if i == bulkInterviews-1 {
				fmt.Fprintln(os.Stdout, "commit")
			}
			time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
		})
	})
}

// TestBulkKilled kills an importing process (UpdateBulk, rollback journal,
// pages spilled into the file during the transaction) with SIGKILL at
// random moments, and checks every time that the study opens intact, back
// in WAL mode, with none of the import or all of it, its search index
// agreeing.
func TestBulkKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns many processes")
	}
	path, studyID, participantID := bulkFixture(t)
	helper := func() (*exec.Cmd, *bufio.Scanner) {
		return startHelper(t, "TestHelperBulk", envBulkHelper+"="+path+"|"+studyID+"|"+participantID)
	}
	killAtRandom(t, bulkInterviews+2, helper, func() bool { // each interview, "commit", "done"
		n := checkBulk(t, path, studyID, bulkInterviews, bulkWords)
		if n == 0 {
			return false
		}
		// Start again from nothing: delete what the import wrote.
		db, err := Open(t.Context(), Config{DSN: path, Passphrase: []byte(rotatePass)})
		mustDo(t, err)
		defer db.Close()
		ivs, err := db.Interviews(t.Context(), ownwords.InterviewFilter{StudyID: studyID})
		mustDo(t, err)
		for _, iv := range ivs {
			mustDo(t, db.DeleteInterview(t.Context(), iv.ID))
		}
		return true
	})
}

// killAtRandom runs an importing helper process twelve times and kills it
// with SIGKILL after a random number of the steps it announces on stdout
// (the last one "done true": committed through a rollback journal), then
// calls check, which checks the study and reports whether it holds the
// import (removing it, to start again from nothing). A third of the runs
// aim at the commit (the step before "done"), one run at after it; the
// test fails unless some kills left none of the import and some all of it.
func killAtRandom(t *testing.T, steps int, helper func() (*exec.Cmd, *bufio.Scanner), check func() bool) {
	t.Helper()
	const runs = 12
	var none, all int
	for i := range runs {
		target := rand.IntN(steps - 1)
		switch {
		case i == runs-1:
			target = steps
		case i%3 == 0:
			target = steps - 1
		}
		cmd, sc := helper()
		var last string
		for n := 0; n < target && sc.Scan(); n++ {
			last = sc.Text()
		}
		time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		go func() {
			for sc.Scan() {
			}
		}()
		cmd.Wait()
		if target == steps && last != "done true" {
			t.Fatalf("the helper said %q after its import, want \"done true\" (committed through a rollback journal)", last)
		}
		whole := check()
		t.Logf("run %d: killed after step %d of %d (%q): import whole: %v", i, target, steps, last, whole)
		if whole {
			all++
		} else {
			none++
		}
	}
	if none == 0 || all == 0 {
		t.Fatalf("kills landed only on one side of the commit (none %d, all %d): the test did not exercise recovery", none, all)
	}
}
