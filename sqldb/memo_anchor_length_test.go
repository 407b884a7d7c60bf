package sqldb_test

import (
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestMemoAnchorCountsCodePoints: the store checks an anchor against the
// transcript's length in code points (emoji and dotted İ count one), on
// both dialects: a span to the very end is kept, one past it refused.
func TestMemoAnchorCountsCodePoints(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		text := "P: 😀 İstanbul, مرحبا.\n"
		iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p1.ID, Title: "code points", Transcript: text}
		must(t, st.CreateInterview(ctx, iv))
		runes := len([]rune(text))
		for _, tc := range []struct {
			end  int
			want string
		}{{runes, ""}, {runes + 1, ownwords.EINVALID}, {len(text), ownwords.EINVALID}} {
			m := &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: iv.ID, Body: "n", Anchor: &ownwords.MemoAnchor{Start: 0, End: tc.end}}
			wantCode(t, st.CreateMemo(ctx, m), tc.want)
		}
	})
}
