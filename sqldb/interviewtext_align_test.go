package sqldb_test

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// frenchSplit translates the fixture's transcript with its answer split
// in two turns: it does not align turn by turn; "1:1,2:2-3" aligns it.
const frenchSplit = "Intervieweur : Pourquoi êtes-vous parti ?\nP-0001 : Nous n'avions rien à manger.\nP-0001 : Les prix montaient chaque semaine à İstanbul.\n"

// TestInterviewTextManualAlignment: a misaligned text is refused without
// the option (the error says how to use it), stored unaligned with it,
// aligned by hand with a unit map (checked against version and basis,
// audited), read back with the map, which search pairs turns with, and
// undone by an edit of the transcript.
func TestInterviewTextManualAlignment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		sid, ivID := f.study.ID, f.iv.ID
		fr := &ownwords.InterviewText{StudyID: sid, InterviewID: ivID, Language: "fr", Role: ownwords.TextTranslation,
			Method: ownwords.MethodInterpreter, Text: frenchSplit}
		err := st.PutInterviewText(ctx, fr)
		wantCode(t, err, ownwords.EINVALID)
		for _, want := range []string{"turn 3", "--unaligned"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("refusal %q lacks %q", err, want)
			}
		}
		fr.AllowUnaligned = true
		must(t, st.PutInterviewText(ctx, fr))
		if !fr.Unaligned {
			t.Error("put does not say the text is unaligned")
		}
		read := func() *ownwords.InterviewText {
			t.Helper()
			texts, err := st.InterviewTexts(ctx, ivID)
			must(t, err)
			if len(texts) != 1 {
				t.Fatalf("%d texts", len(texts))
			}
			return texts[0]
		}
		if got := read(); !got.Unaligned || got.Alignment != "" {
			t.Fatalf("stored unaligned, read %+v", got)
		}
		// Search finds its words but pairs no turn with them.
		alignedOf := func(word string) string {
			t.Helper()
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: sid, Query: word})
			must(t, err)
			if len(r.Interviews) != 1 || len(r.Interviews[0].Hits) != 1 {
				t.Fatalf("search %s: %+v", word, r)
			}
			if a := r.Interviews[0].Hits[0].Aligned; a != nil {
				return a.Speaker + ": " + a.Text
			}
			return ""
		}
		if got := alignedOf("montaient"); got != "" {
			t.Errorf("a hit in the unaligned text is paired with %q", got)
		}

		basis := ownwords.AlignmentBasis(transcript, frenchSplit)
		for _, tc := range []struct {
			name, basis, m string
			version        int
			code, in       string
		}{
			{"stale version", basis, "1:1,2:2-3", 7, ownwords.ECONFLICT, "changed by someone else"},
			{"other basis", ownwords.AlignmentBasis(transcript+"x", frenchSplit), "1:1,2:2-3", 1, ownwords.ECONFLICT, "reload"},
			{"map too short", basis, "1:1,2:2", 1, ownwords.EINVALID, "they have 2 and 3"},
			{"map unreadable", basis, "1:1;2:2-3", 1, ownwords.EINVALID, "unit map"},
			{"no such text", basis, "1:1,2:2-3", 1, ownwords.ENOTFOUND, "nope"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := fr.ID
				if tc.code == ownwords.ENOTFOUND {
					id = "nope"
				}
				err := st.AlignInterviewText(ctx, id, tc.version, tc.basis, tc.m)
				wantCode(t, err, tc.code)
				if !strings.Contains(err.Error(), tc.in) {
					t.Errorf("error %q lacks %q", err, tc.in)
				}
				if got := read(); got.Alignment != "" || got.Version != 1 {
					t.Errorf("after a refused alignment: %+v", got)
				}
			})
		}
		must(t, st.AlignInterviewText(ctx, fr.ID, 1, basis, "1:1,2:2-3"))
		got := read()
		if got.Unaligned || got.Alignment != "1:1,2:2-3" || got.Version != 2 {
			t.Fatalf("aligned by hand, read %+v", got)
		}
		if a := alignedOf("montaient"); a != "P-0001: P-0001: We had no food. Prices rose every week in İstanbul." {
			t.Errorf("a hit in the third French turn is paired with %q, want the transcript's second turn", a)
		}
		if a := alignedOf("food"); !strings.HasPrefix(a, "P-0001: P-0001 : Nous n'avions rien à manger.\nP-0001 : Les prix") {
			t.Errorf("a hit in the transcript's answer is paired with %q, want both French turns", a)
		}
		// A change of its metadata keeps the alignment, without the option.
		got.Translator = "S. Haddad"
		must(t, st.PutInterviewText(ctx, got))
		if again := read(); again.Alignment != "1:1,2:2-3" || again.Translator != "S. Haddad" {
			t.Errorf("after a metadata change: %+v", again)
		}
		// An edit of the transcript is not held back by a text aligned by
		// hand, and undoes its alignment.
		iv, err := st.Interview(ctx, ivID)
		must(t, err)
		iv.Transcript = strings.Replace(transcript, "every week", "each week", 1)
		must(t, st.UpdateInterview(ctx, iv))
		if again := read(); !again.Unaligned || again.Alignment != "" {
			t.Errorf("after a transcript edit: %+v, want unaligned", again)
		}
		if a := alignedOf("montaient"); a != "" {
			t.Errorf("after the edit, a hit is still paired with %q", a)
		}
		actions := map[string]int{}
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			actions[e.Action]++
			return true
		}))
		if actions[ownwords.ActionTextAlign] != 1 {
			t.Errorf("audit %v, want one %s", actions, ownwords.ActionTextAlign)
		}
	})
}
