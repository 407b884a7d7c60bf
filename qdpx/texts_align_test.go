package qdpx_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/text"
)

// alignmentKeys lists the other texts of a study as "language|alignment|
// unaligned", sorted.
func alignmentKeys(tb testing.TB, st ownwords.Store, studyID string) []string {
	tb.Helper()
	ivs, err := st.Interviews(context.Background(), ownwords.InterviewFilter{StudyID: studyID})
	fatal(tb, err)
	var out []string
	for _, iv := range ivs {
		ts, err := st.InterviewTexts(context.Background(), iv.ID)
		fatal(tb, err)
		for _, t := range ts {
			u := "aligned"
			if t.Unaligned {
				u = "unaligned"
			}
			out = append(out, t.Language+"|"+t.Alignment+"|"+u)
		}
	}
	slices.Sort(out)
	return out
}

// TestManualAlignmentTravels: a text aligned by hand leaves with its unit
// map in "ownwords text alignment", a text waiting to be aligned with
// "unaligned", and both come back so; a map that no longer fits the text
// (edited in another tool) is reported and the text kept unaligned.
func TestManualAlignmentTravels(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) ownwords.Store) {
		ctx := t.Context()
		src := open(t)
		study := syntheticStudy(t, src)
		withTexts(t, src, study.ID)
		ivs, err := src.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID})
		fatal(t, err)
		slices.SortFunc(ivs, func(a, b *ownwords.Interview) int { return strings.Compare(a.Title, b.Title) })
		iv, err := src.Interview(ctx, ivs[0].ID)
		fatal(t, err)
		texts, err := src.InterviewTexts(ctx, iv.ID)
		fatal(t, err)
		en := texts[0]
		// The first two paragraphs of each as one group, the rest one to
		// one.
		units, _ := text.Units(iv.Transcript)
		if len(units) < 3 {
			t.Fatalf("the first interview has %d paragraphs: too few to group", len(units))
		}
		m := text.UnitMap{{A: [2]int{0, 2}, B: [2]int{0, 2}}}
		m = append(m, text.Identity(len(units))[2:]...)
		fatal(t, src.AlignInterviewText(ctx, en.ID, en.Version, ownwords.AlignmentBasis(iv.Transcript, en.Text), m.String()))
		// A German text of one paragraph: waits to be aligned.
		de := &ownwords.InterviewText{StudyID: study.ID, InterviewID: iv.ID, Language: "de", Role: ownwords.TextTranslation,
			Method: ownwords.MethodTranslation, Text: "Alles in einem Absatz.", AllowUnaligned: true}
		fatal(t, src.PutInterviewText(ctx, de))
		want := alignmentKeys(t, src, study.ID)
		if !slices.Contains(want, "en|"+m.String()+"|aligned") || !slices.Contains(want, "de||unaligned") {
			t.Fatalf("source texts %q", want)
		}
		out := mustExport(t, src, study.ID)
		mustValidate(t, out, "")
		p := mustRead(t, "out.qdpx", out)
		dst := open(t)
		fresh := freshStudy(t, src, dst, study.ID)
		rep := mustApply(t, dst, fresh.ID, p)
		if rep.Created.Texts != 4 {
			t.Errorf("created %d texts, want 4\n%s", rep.Created.Texts, rep)
		}
		if got := alignmentKeys(t, dst, fresh.ID); !slices.Equal(got, want) {
			t.Errorf("after the round trip %q, want %q", got, want)
		}

		// The English text loses a paragraph in another tool: its map no
		// longer fits.
		var file string
		for _, s := range p.Sources.Text {
			if strings.HasSuffix(s.Name, "[en translation]") {
				file = "sources/" + strings.TrimPrefix(s.PlainTextPath, "internal://")
			}
		}
		edited := replaceEntry(t, out, file, bytes.Replace(mustUnzipEntry(t, out, file), []byte("\n"), []byte(" "), 1))
		dst2 := open(t)
		fresh2 := freshStudy(t, src, dst2, study.ID)
		rep = mustApply(t, dst2, fresh2.ID, mustRead(t, "edited.qdpx", edited))
		if !strings.Contains(rep.String(), "does not fit the texts") {
			t.Errorf("the report does not say the map no longer fits:\n%s", rep)
		}
		if got := alignmentKeys(t, dst2, fresh2.ID); !slices.Contains(got, "en||unaligned") {
			t.Errorf("after importing the edited text %q, want en unaligned", got)
		}
	})
}
