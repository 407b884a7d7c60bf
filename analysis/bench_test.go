package analysis

import (
	"fmt"
	"testing"
)

// BenchmarkRun runs the reference-like plan on 20,000 participants, 100
// codes (plus 20 derived items) and about 30 segments per participant.
func BenchmarkRun(b *testing.B) {
	in := genInput(b, 20000, 10, 30, 42)
	p := mustPlan(b, fmt.Sprintf(genPlanJSON, 0))
	for b.Loop() {
		if _, err := Run(in, p); err != nil {
			b.Fatal(err)
		}
	}
}
