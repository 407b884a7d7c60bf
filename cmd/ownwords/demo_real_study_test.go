package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoLeavesRealStudyAlone: `ownwords demo --store` pointed at a
// study made by init (its own passphrase, no custodians yet) stops with
// an error: no demo identity is made, no custodian added, neither the
// study file nor its key file changes, and the study still has no
// custodian.
func TestDemoLeavesRealStudyAlone(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "pilot.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	mustCLI(t, vars, "init", "--store", store, "--name", "Pilot")
	files := map[string][]byte{}
	for _, f := range []string{store, store + ".key"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = b
	}
	for _, env := range []map[string]string{nil, vars} {
		code, _, errOut := cli(t, env, "demo", "--store", store, "--no-serve")
		if code == 0 {
			t.Fatalf("demo on a real study: exit 0, %s", errOut)
		}
		t.Logf("demo on a real study: exit %d, %s", code, strings.TrimSpace(errOut))
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".agekey") {
				t.Errorf("demo on a real study made %s", e.Name())
			}
		}
		for f, before := range files {
			if after, err := os.ReadFile(f); err != nil || !bytes.Equal(after, before) {
				t.Errorf("demo on a real study changed %s (%v)", f, err)
			}
		}
	}
	if got := mustCLI(t, vars, "key", "custodian", "list", "--store", store); got != "" {
		t.Fatalf("custodians of the real study after demo = %q", got)
	}
}
