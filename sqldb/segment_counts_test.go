package sqldb_test

import (
	"cmp"
	"slices"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// SegmentCounts counts by interview, layer and coder what Segments lists,
// on both stores, and nothing of another study.
func TestSegmentCounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		// A second study, with a segment of its own.
		other := &fixture{study: sqldbtest.MustStudy(t, st, "Other study"), coder: f.coder}
		p := &ownwords.Participant{StudyID: other.study.ID, Code: "P-0001"}
		must(t, st.CreateParticipant(ctx, p))
		other.iv = &ownwords.Interview{StudyID: other.study.ID, ParticipantID: p.ID, Title: "other", Transcript: transcript}
		must(t, st.CreateInterview(ctx, other.iv))
		other.a = &ownwords.Code{StudyID: other.study.ID, Slug: "food"}
		must(t, st.CreateCode(ctx, other.a))
		must(t, st.CreateSegment(ctx, segmentOn(t, other, other.a, "We had no food.")))
		second := &ownwords.User{Name: "coder-b"}
		must(t, st.CreateUser(ctx, second))
		must(t, st.SetRole(ctx, f.study.ID, second.ID, ownwords.RoleCoder))
		for _, s := range []struct {
			code  *ownwords.Code
			quote string
			coder string
			layer string
		}{
			{f.a, "We had no food.", f.coder.ID, ownwords.LayerCoder},
			{f.b, "Prices rose every week", f.coder.ID, ownwords.LayerCoder},
			{f.a, "We had no food.", second.ID, ownwords.LayerCoder},
			{f.a, "We had no food.", f.coder.ID, ownwords.LayerConsensus},
		} {
			seg := segmentOn(t, f, s.code, s.quote)
			seg.CoderID, seg.Layer = s.coder, s.layer
			must(t, st.CreateSegment(ctx, seg))
		}
		got, err := st.(ownwords.SegmentCounter).SegmentCounts(ctx, f.study.ID)
		must(t, err)
		want := []ownwords.SegmentCount{
			{InterviewID: f.iv.ID, Layer: ownwords.LayerCoder, CoderID: f.coder.ID, N: 2},
			{InterviewID: f.iv.ID, Layer: ownwords.LayerCoder, CoderID: second.ID, N: 1},
			{InterviewID: f.iv.ID, Layer: ownwords.LayerConsensus, CoderID: f.coder.ID, N: 1},
		}
		key := func(c ownwords.SegmentCount) string { return c.InterviewID + c.Layer + c.CoderID }
		slices.SortFunc(got, func(a, b ownwords.SegmentCount) int { return cmp.Compare(key(a), key(b)) })
		slices.SortFunc(want, func(a, b ownwords.SegmentCount) int { return cmp.Compare(key(a), key(b)) })
		if !slices.Equal(got, want) {
			t.Fatalf("SegmentCounts = %+v, want %+v", got, want)
		}
	})
}
