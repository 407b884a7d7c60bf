package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"ownwords"
	"ownwords/vault/internal/testcost"
)

// TestMain makes Argon2id cheap (testParams) so the package tests run in
// seconds; other packages' tests call vaulttest.UseTestCost, which these
// tests cannot import without a cycle. The real parameters are checked by
// TestRecommendedParams and vaulttest's TestOutsideTestsFullCost.
func TestMain(m *testing.M) {
	testcost.Lower()
	os.Exit(m.Run())
}

// testPass is a passphrase long enough for new wraps.
var testPass = []byte("correct horse battery staple")

// mustCreate writes a new sidecar in a temporary directory and returns its
// path and data key.
func mustCreate(tb testing.TB, passphrase []byte) (string, []byte) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "study.db.key")
	key, err := Create(path, passphrase)
	if err != nil {
		tb.Fatalf("Create: %v", err)
	}
	return path, key
}

// mustReadFile returns the bytes of path.
func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// mustReadKeyFile parses the sidecar at path.
func mustReadKeyFile(tb testing.TB, path string) *KeyFile {
	tb.Helper()
	kf, err := ReadKeyFile(path)
	if err != nil {
		tb.Fatalf("ReadKeyFile: %v", err)
	}
	return kf
}

// mustWriteKeyFile encodes kf to path, replacing what is there.
func mustWriteKeyFile(tb testing.TB, path string, kf *KeyFile) {
	tb.Helper()
	b, err := kf.Marshal()
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
}

// mustDirNames lists the names in dir.
func mustDirNames(tb testing.TB, dir string) []string {
	tb.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// wantCode fails unless err has code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := ownwords.ErrorCode(err); got != code {
		tb.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

// wantKey fails unless got equals want.
func wantKey(tb testing.TB, got, want []byte) {
	tb.Helper()
	if len(got) != DataKeySize || !bytes.Equal(got, want) {
		tb.Fatalf("data key %x, want %x", got, want)
	}
}
