package chromium

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowserGetsNoSecrets starts a stand-in browser that writes its
// environment and exits: it must not see ownwords' variables (the study's
// passphrase, a database URL) nor anything else of the process's
// environment but PATH and the locale, and it gets HOME and TMPDIR in the
// print's own directory.
func TestBrowserGetsNoSecrets(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "env.txt")
	exe := filepath.Join(dir, "chromium")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\nenv > '"+dump+"'\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OWNWORDS_PASSPHRASE", "secret-passphrase-7781")
	t.Setenv("OWNWORDS_STORE", "postgres://u:secret-db-password-7781@db/x")
	t.Setenv("SOME_OTHER_VAR", "secret-other-7781")
	p := &Printer{Path: exe}
	if _, err := p.PrintPDF(t.Context(), []byte("<p>x</p>"), "a4", "h"); err == nil {
		t.Fatal("the stand-in browser printed")
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatalf("the stand-in browser did not run: %v", err)
	}
	env := string(b)
	if strings.Contains(env, "7781") {
		t.Errorf("the browser's environment holds a secret of ownwords':\n%s", env)
	}
	for _, want := range []string{"HOME=", "TMPDIR=", "PATH="} {
		line := ""
		for _, l := range strings.Split(env, "\n") {
			if strings.HasPrefix(l, want) {
				line = l
			}
		}
		if line == "" || (want != "PATH=" && !strings.Contains(line, "/ownwords-pdf-")) {
			t.Errorf("the browser's environment lacks %s:\n%s", want, env)
		}
	}
}
