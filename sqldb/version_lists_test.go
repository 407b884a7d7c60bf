package sqldb

import (
	"slices"
	"testing"
)

// TestSetupWritesSplitStudyWrites: every write to a study is either set-up
// (setupWrites) or coding work (workWrites), never both, and workWrites
// names no action the store does not write: a misspelt one would leave its
// write in the set-up, harmlessly, but say something false.
func TestSetupWritesSplitStudyWrites(t *testing.T) {
	for _, a := range workWrites {
		if !slices.Contains(studyWrites, a) {
			t.Errorf("workWrites: %q is not in studyWrites", a)
		}
		if slices.Contains(setupWrites, a) {
			t.Errorf("%q is both set-up and work", a)
		}
	}
	for _, a := range studyWrites {
		if !slices.Contains(setupWrites, a) && !slices.Contains(workWrites, a) {
			t.Errorf("%q is neither set-up nor work", a)
		}
	}
	for _, a := range []string{"participant.update", "attribute.update", "code.create", "role.set", "study.update"} {
		if !slices.Contains(setupWrites, a) {
			t.Errorf("setupWrites lacks %q", a)
		}
	}
}
