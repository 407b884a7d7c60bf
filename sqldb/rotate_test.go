package sqldb

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ownwords"
	"ownwords/vault"
	"ownwords/vault/vaulttest"
)

// rotatePass is the passphrase of the rotation tests' study files.
const rotatePass = "correct horse battery staple"

// envRotateHelper names the study file TestHelperRotate rotates.
const envRotateHelper = "OWNWORDS_ROTATE_HELPER"

// rotFixture is a study file with one interview whose transcript spans
// many pages.
type rotFixture struct {
	path, studyID, interviewID, sum string
}

// newStudyFile creates a study file (passphrase rotatePass) in a temporary
// directory with a study of that name and one participant; the caller
// closes it.
func newStudyFile(tb testing.TB, name string) (db *DB, path string, s *ownwords.Study, p *ownwords.Participant) {
	tb.Helper()
	vaulttest.UseTestCost(tb)
	ctx := context.Background()
	path = filepath.Join(tb.TempDir(), "study.ownwords")
	db, err := Create(ctx, Config{DSN: path, Passphrase: []byte(rotatePass)})
	if err != nil {
		tb.Fatalf("create: %v", err)
	}
	s = &ownwords.Study{Name: name}
	mustDo(tb, db.CreateStudy(ctx, s))
	p = &ownwords.Participant{StudyID: s.ID, Code: "P-0001"}
	mustDo(tb, db.CreateParticipant(ctx, p))
	return db, path, s, p
}

// mustRotFixture creates a closed study file in a temporary directory.
func mustRotFixture(tb testing.TB, words int) rotFixture {
	tb.Helper()
	ctx := context.Background()
	db, path, s, p := newStudyFile(tb, "Rotation")
	defer db.Close()
	vocab := []string{"harbour", "winter", "brother", "market", "letter", "orchard", "river", "promise"}
	r := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for i := range words {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(vocab[r.IntN(len(vocab))])
	}
	iv := &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: "int-1", Transcript: sb.String()}
	mustDo(tb, db.CreateInterview(ctx, iv))
	h := sha256.Sum256([]byte(iv.Transcript))
	return rotFixture{path: path, studyID: s.ID, interviewID: iv.ID, sum: hex.EncodeToString(h[:])}
}

func mustDo(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// checkIntact opens the study with the passphrase and checks its content;
// it returns the sidecar's key ID.
func (f rotFixture) checkIntact(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	if err != nil {
		tb.Fatalf("the study does not open: %v", err)
	}
	defer db.Close()
	iv, err := db.Interview(ctx, f.interviewID)
	if err != nil {
		tb.Fatalf("interview: %v", err)
	}
	if h := sha256.Sum256([]byte(iv.Transcript)); hex.EncodeToString(h[:]) != f.sum {
		tb.Fatal("the transcript changed")
	}
	for _, s := range []string{commitSuffix, rotatingSuffix, rotatingSuffix + ".key"} {
		if anyExists(f.path + s) {
			tb.Fatalf("%s left behind after recovery", s)
		}
	}
	kf, err := vault.ReadKeyFile(KeyPath(f.path))
	if err != nil {
		tb.Fatal(err)
	}
	return kf.KeyID
}

func TestRotateKey(t *testing.T) {
	f := mustRotFixture(t, 20000)
	before := f.checkIntact(t)
	var calls, last, total int
	res, err := RotateKey(t.Context(), Config{DSN: f.path, Passphrase: []byte(rotatePass)}, func(done, n int) {
		calls++
		last, total = done, n
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != total || total != res.Pages {
		t.Fatalf("progress: %d calls, last %d/%d, result %d pages", calls, last, total, res.Pages)
	}
	after := f.checkIntact(t)
	if res.OldKeyID != before || res.NewKeyID != after || before == after {
		t.Fatalf("key IDs: before %s after %s, result %+v", before, after, res)
	}
	// The audit log has both entries and still verifies its chain.
	db, err := Open(t.Context(), Config{DSN: f.path, Passphrase: []byte(rotatePass)})
	mustDo(t, err)
	defer db.Close()
	var actions []string
	prev := ownwords.GenesisHash
	mustDo(t, db.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.PrevHash != prev || e.ComputeHash() != e.Hash {
			t.Errorf("audit chain broken at %d", e.Seq)
		}
		prev = e.Hash
		actions = append(actions, e.Action)
		return true
	}))
	if got := strings.Join(actions[len(actions)-2:], ","); got != "key.rotate.begin,key.rotate" {
		t.Fatalf("last audit actions = %s", got)
	}
}

func TestRotateKeyWrongPassphrase(t *testing.T) {
	f := mustRotFixture(t, 10)
	_, err := RotateKey(t.Context(), Config{DSN: f.path, Passphrase: []byte("wrong horse battery")}, nil)
	if ownwords.ErrorCode(err) != ownwords.EUNAUTHORIZED {
		t.Fatalf("err = %v, want EUNAUTHORIZED", err)
	}
	f.checkIntact(t)
}

// TestHelperRotate is the process TestRotateKilled kills: it rotates the
// study named by envRotateHelper, pausing a little at every step.
func TestHelperRotate(t *testing.T) {
	path := os.Getenv(envRotateHelper)
	if path == "" {
		t.Skip("helper process of TestRotateKilled")
	}
	vaulttest.UseTestCost(t)
	snapshotStep = 8
	// Each step is announced on stdout, so the parent can kill at any one.
	rotateHook = func(step string) {
		fmt.Fprintln(os.Stdout, step)
		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
	}
	if _, err := RotateKey(context.Background(), Config{DSN: path, Passphrase: []byte(rotatePass)}, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// startHelper starts this test binary running only the test named run, with
// env added to its environment, and returns it with a scanner of its
// stdout (the steps it announces).
func startHelper(t *testing.T, run, env string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+run+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// TestRotateKilled kills a rotating process with SIGKILL at random moments
// and checks, every time, that the study opens (with the old key or the new
// one) with its content intact. The helper announces each step of the
// rotation (every page batch, the commit, the swap); each run picks one at
// random and kills the helper within two milliseconds after it, so kills
// land all along the rotation, not only in the key derivation that takes
// most of its time.
func TestRotateKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns many processes")
	}
	f := mustRotFixture(t, 60000)
	// A recording in the media directory: rotation rewraps its content
	// key in the study file and leaves its file as it is.
	rec := f.addRecording(t)
	recFile := mustReadAll(t, mediaPath(t, f.path, rec))
	helper := func() (*exec.Cmd, *bufio.Scanner) {
		return startHelper(t, "TestHelperRotate", envRotateHelper+"="+f.path)
	}
	// One undisturbed run counts the steps.
	cmd, sc := helper()
	steps := 0
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "---") && !strings.HasPrefix(sc.Text(), "PASS") {
			steps++
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	if steps < 5 {
		t.Fatalf("the helper announced %d steps; want the copy in several batches", steps)
	}
	key := f.checkIntact(t)
	const runs = 20
	var kept, rotated int
	for i := range runs {
		// Half the runs aim at the commit and swap (the last steps), the
		// rest anywhere; 0 kills before the first step.
		target := rand.IntN(steps + 1)
		if i%2 == 0 {
			target = steps - rand.IntN(4)
		}
		cmd, sc := helper()
		for n := 0; n < target && sc.Scan(); n++ {
		}
		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		go func() {
			for sc.Scan() {
			}
		}()
		cmd.Wait()
		now := f.checkIntact(t)
		checkRecording(t, f.path, rec)
		if files := mediaDirFiles(t, f.path); len(files) != 1 || !bytes.Equal(mustReadAll(t, mediaPath(t, f.path, rec)), recFile) {
			t.Fatalf("media directory %v: want the recording's file alone, unchanged", files)
		}
		if now == key {
			kept++
		} else {
			rotated++
		}
		t.Logf("run %d: killed after step %d of %d: %s", i, target, steps, map[bool]string{true: "old key kept", false: "new key"}[now == key])
		key = now
	}
	t.Logf("%d runs: old key kept %d, new key %d", runs, kept, rotated)
	if kept == 0 || rotated == 0 {
		t.Fatalf("kills landed only on one side of the commit point (kept %d, rotated %d): the test did not exercise recovery", kept, rotated)
	}
}
