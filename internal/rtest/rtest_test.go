package rtest

import (
	"strconv"
	"strings"
	"testing"
)

// R's own arithmetic comes back as printed: the harness passes the script
// and reads its output.
func TestRunPrintsWhatRComputes(t *testing.T) {
	out := Run(t, `cat(format(fisher.test(matrix(c(3,1,1,3),2))$p.value, digits=15), "\n")`)
	p, err := strconv.ParseFloat(strings.TrimSpace(out), 64)
	if err != nil {
		t.Fatalf("R printed %q: %v", out, err)
	}
	// Fisher's tea-tasting table: p = 34/70 (two-sided).
	if want := 34.0 / 70; p < want-1e-12 || p > want+1e-12 {
		t.Fatalf("fisher.test p = %v, want %v", p, want)
	}
}
