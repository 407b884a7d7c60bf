package web

import (
	"context"
	"slices"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestCoderPagesIgnoreOthersAnchoredMemosBeforeComparison: another
// coder's and the owner's memos anchored to a span of an interview still
// in blind coding change no page a coder gets (HTML and JSON: no span
// drawn, no quote listed); the same memos on an interview whose
// comparison is open must change some page, or the test proves nothing.
func TestCoderPagesIgnoreOthersAnchoredMemosBeforeComparison(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	must(t, st.OpenComparison(t.Context(), f.ivAR.ID))
	pages := coderPages(f)
	f.cookie(asCoder)
	before := coderView(f, pages)
	memos := func(iv *ownwords.Interview) {
		for _, who := range []string{asCoder2, asOwner} {
			m := &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: iv.ID, AuthorID: f.users[who].ID,
				Title: who + " span note", Body: "the span " + who + " noted", Anchor: &ownwords.MemoAnchor{Start: 0, End: 5}}
			must(t, st.CreateMemo(context.Background(), m))
		}
	}
	memos(f.iv) // still in blind coding
	after := coderView(f, pages)
	for _, p := range slices.Sorted(mapsKeys(before)) {
		if before[p] != after[p] {
			t.Errorf("GET %s changed with others' anchored memos on an interview in blind coding:\n%s", p, firstDiff(before[p], after[p]))
		}
	}
	memos(f.ivAR) // comparison open
	if changed := coderView(f, pages); mapsEqual(changed, after) {
		t.Error("no page shows others' anchored memos of an open interview: the test proves nothing")
	}
}
