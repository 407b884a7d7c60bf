package vaulttest_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords/vault"
	"ownwords/vault/vaulttest"
)

// testParams are vault's test parameters as a wrap records them.
var testParams = vault.KDFParams{Algorithm: "argon2id", Time: 1, MemoryKiB: 64, Threads: 1}

// recommended are RFC 9106's parameters, vault's default.
var recommended = vault.KDFParams{Algorithm: "argon2id", Time: 3, MemoryKiB: 65536, Threads: 4}

// TestUseTestCost checks that after UseTestCost new hashes and wraps record
// the cheap parameters and still verify and open.
func TestUseTestCost(t *testing.T) {
	vaulttest.UseTestCost(t)
	hash, err := vault.HashPassword([]byte("a test password"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q does not record the test parameters", hash)
	}
	if ok, err := vault.CheckPassword(hash, []byte("a test password")); !ok || err != nil {
		t.Errorf("CheckPassword = %v, %v; want true", ok, err)
	}
	path := filepath.Join(t.TempDir(), "study.key")
	key, err := vault.Create(path, []byte("correct horse battery staple"))
	if err != nil {
		t.Fatal(err)
	}
	kf, err := vault.ReadKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := *kf.Wraps[0].KDF; got != testParams {
		t.Errorf("wrap params %+v, want %+v", got, testParams)
	}
	got, err := vault.Unlock(path, []byte("correct horse battery staple"))
	if err != nil || string(got) != string(key) {
		t.Errorf("Unlock = %x, %v; want the data key", got, err)
	}
}

// TestBinaryDoesNotLinkHook checks that no command under cmd/ links this
// package or package testing, so nothing in a shipped binary can lower the
// cost (testcost.Lower has no other caller, and the linker drops it).
func TestBinaryDoesNotLinkHook(t *testing.T) {
	// A pattern relative to the main module (not "ownwords/cmd/..."):
	// matching an import-path pattern needs every module's go.mod, which
	// a fresh module cache offline (GOPROXY=off) does not hold.
	out := goCommand(t, "list", "-deps", "../../cmd/...")
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "ownwords/vault") {
		t.Fatalf("go list -deps ownwords/cmd/... lacks ownwords/vault; listed:\n%s", out)
	}
	for _, banned := range []string{"testing", "ownwords/vault/vaulttest"} {
		if slices.Contains(deps, banned) {
			t.Errorf("the ownwords binary links %s", banned)
		}
	}
}

// TestOutsideTestsFullCost builds and runs a program that is not a test and
// calls UseTestCost: the call must panic, and the program's hashes and
// wraps must keep RFC 9106's parameters.
func TestOutsideTestsFullCost(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "refuse")
	goCommand(t, "build", "-o", bin, "./testdata/refuse")
	out, err := exec.Command(bin, dir).Output()
	if err != nil {
		t.Fatalf("refuse: %v", err)
	}
	var res struct {
		Refused string
		Hash    string
		Wrap    vault.KDFParams
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("refuse printed %q: %v", out, err)
	}
	if !strings.Contains(res.Refused, "outside a test binary") {
		t.Errorf("UseTestCost outside a test recovered %q, want its refusal", res.Refused)
	}
	if !strings.HasPrefix(res.Hash, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Errorf("hash outside tests %q, want the RFC 9106 parameters", res.Hash)
	}
	if res.Wrap != recommended {
		t.Errorf("wrap outside tests %+v, want %+v", res.Wrap, recommended)
	}
}

// goCommand runs the go command (go test puts its own first on PATH)
// offline and returns its standard output.
func goCommand(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go %s: %s", strings.Join(args, " "), msg)
	}
	return out
}
