// Package rtest runs R scripts for differential tests of the statistics
// against R (fisher.test, glm, p.adjust). R is an outside program found on
// PATH (Debian's r-base-core): without it a test skips and says why, and
// with OWNWORDS_REQUIRE_SUITES=1 (CI) it fails instead, so CI cannot pass
// without having compared.
package rtest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

const envRequire = "OWNWORDS_REQUIRE_SUITES"

// Rscript returns the path of Rscript, or skips tb with the reason (fails
// it when the suites are required).
func Rscript(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("Rscript")
	if err != nil {
		if os.Getenv(envRequire) == "1" {
			tb.Fatalf("R tests required (%s=1) but Rscript is not installed (apt-get install r-base-core)", envRequire)
		}
		tb.Skip("Rscript is not installed (apt-get install r-base-core): differential tests against R skipped")
	}
	return p
}

// Run runs script with Rscript (vanilla: no site or user profile) and
// returns what it printed on standard output; a failing script fails tb
// with R's own message. The script reads nothing but what it is given.
func Run(tb testing.TB, script string) string {
	tb.Helper()
	bin := Rscript(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--vanilla", "-e", script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("Rscript: %v\n%s\nscript:\n%s", err, strings.TrimSpace(stderr.String()), script)
	}
	return stdout.String()
}
