package qdpx_test

import (
	"testing"

	"ownwords"
)

// TestReplayQualCoder imports files the real QualCoder wrote from an
// export of the synthetic study (testdata/refi-qda/README.md says which
// QualCoder and how) into a fresh study on each store, applies the
// original's plan, and compares with the original, rebuilt here as the
// fixture was made (syntheticStudy), as checkSyntheticFromQualCoder does:
// the same team report byte for byte, every code and coding, consensus as
// its own layer. It also pins what QualCoder loses.
func TestReplayQualCoder(t *testing.T) {
	for _, file := range []string{"qualcoder-synthetic.qdpx", "qualcoder-synthetic-cases-linked.qdpx"} {
		t.Run(file, func(t *testing.T) {
			eachStore(t, func(t *testing.T, open func(testing.TB) ownwords.Store) {
				src := open(t)
				study := syntheticStudy(t, src)
				rep := checkSyntheticFromQualCoder(t, src, study.ID, open(t), file, mustReadFile(t, fixture(file)))
				// What QualCoder loses and ownwords cannot restore: every
				// memo (notes with their text inline are neither journals
				// nor annotations to it), and it names the owner of every
				// text "default", which arrives as an account without
				// codings.
				memos, err := src.Memos(t.Context(), study.ID, "", "")
				fatal(t, err)
				if len(memos) != 4 || rep.Kept.Memos != 0 {
					t.Errorf("%d memos, %d kept; want 4 and 0", len(memos), rep.Kept.Memos)
				}
				if countNotes(rep, "user default created") != 1 || rep.Created.Users != 4 {
					t.Errorf("users:\n%s", rep)
				}
			})
		})
	}
}
