package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
)

// hideItems is a Suppressor that hides the named items of every column, as
// a complementary suppression of counts ≥ k would.
type hideItems []string

func (h hideItems) Suppress(t *Table, _ int) error {
	for r := range t.Rows {
		if slices.Contains(h, t.Rows[r].Key) {
			for c := range t.Rows[r].Cells {
				t.Rows[r].Cells[c].Suppressed = true
			}
		}
	}
	return nil
}

// rankingInput is a study of ten participants and one section whose items,
// in codebook order, are counted counts[i] (the first counts[i]
// participants say item i).
func rankingInput(tb testing.TB, items []string, counts []int) *analysis.Input {
	tb.Helper()
	codes := []*ownwords.Code{{ID: "sec", StudyID: "st", Slug: "s", Label: "Section"}}
	for _, it := range items {
		codes = append(codes, &ownwords.Code{ID: it, StudyID: "st", ParentID: "sec", Slug: it, Label: "Label " + it})
	}
	in := &analysis.Input{
		Study:    &ownwords.Study{ID: "st", Name: "Ranking study", Settings: ownwords.StudySettings{DisclosureK: 3}},
		Codebook: ownwords.NewCodebook("st", 1, codes),
	}
	for p := range 10 {
		pt := &ownwords.Participant{ID: fmt.Sprintf("id%02d", p), StudyID: "st", Code: fmt.Sprintf("P-%02d", p+1)}
		iv := &ownwords.Interview{ID: "iv" + pt.ID, StudyID: "st", ParticipantID: pt.ID, Title: pt.Code}
		in.Participants, in.Interviews = append(in.Participants, pt), append(in.Interviews, iv)
		for i, it := range items {
			if p < counts[i] {
				in.Segments = append(in.Segments, &ownwords.Segment{ID: fmt.Sprintf("seg-%d-%s", p, it), StudyID: "st",
					InterviewID: iv.ID, CodeID: it, CoderID: "u", Layer: ownwords.LayerConsensus, Start: i * 10, End: i*10 + 9})
			}
		}
	}
	return in
}

// rankingLine returns the part of a rendering that follows the first
// occurrence of marker, up to the end of its line.
func rankingLine(tb testing.TB, out, marker string) string {
	tb.Helper()
	i := strings.Index(out, marker)
	if i < 0 {
		tb.Fatalf("no %q in output:\n%s", marker, out)
	}
	line, _, _ := strings.Cut(out[i+len(marker):], "\n")
	return line
}

func TestPublicRankingListsSuppressedItemsInCodebookOrder(t *testing.T) {
	tests := []struct {
		name   string
		items  []string
		counts []int
		hide   hideItems
		want   []string
		// printed, if set, are the items the text, markdown and HTML
		// rankings list: those nobody mentioned are left out there, and
		// the list closes with "no other item was mentioned".
		printed []string
	}{{
		name:   "two counts below k in reverse codebook order",
		items:  []string{"a", "b", "c", "d"},
		counts: []int{1, 2, 5, 6},
		want:   []string{"d", "c", "a", "b"},
	}, {
		name:   "a complementary suppressed count above a count below k",
		items:  []string{"x", "y", "z"},
		counts: []int{2, 7, 8},
		hide:   hideItems{"y"},
		want:   []string{"z", "x", "y"},
	}, {
		name:   "three hidden counts descending in codebook order",
		items:  []string{"p", "q", "r", "s"},
		counts: []int{9, 1, 2, 6},
		hide:   hideItems{"s"},
		want:   []string{"p", "q", "r", "s"},
	}, {
		name:    "zero counts after the hidden ones in codebook order",
		items:   []string{"m", "n", "o", "w"},
		counts:  []int{0, 1, 0, 6},
		want:    []string{"w", "n", "m", "o"},
		printed: []string{"w", "n"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := analysis.ParsePlan([]byte(`{"name": "ranking", "groups": [{"name": "all", "filter": {}}], "sections": ["s"]}`))
			if err != nil {
				t.Fatal(err)
			}
			res, err := analysis.Run(rankingInput(t, tt.items, tt.counts), plan)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Build(res, Options{Audience: AudiencePublic, Suppressor: tt.hide})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range rep.Sections[0].Rankings[0].Entries {
				got = append(got, e.Item)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ranking = %v, want %v", got, tt.want)
			}
			labelsOf := func(items []string) []string {
				var labels []string
				for _, it := range items {
					labels = append(labels, "Label "+it)
				}
				return labels
			}
			for _, f := range []struct {
				name   string
				write  func(io.Writer, *Report) error
				marker string
			}{
				{"text", WriteText, "Ranking, All:"},
				{"markdown", WriteMarkdown, "**Rankings**\n\n- All:"},
				{"json", WriteJSON, `"rankings"`},
			} {
				var buf bytes.Buffer
				if err := f.write(&buf, rep); err != nil {
					t.Fatal(err)
				}
				line := rankingLine(t, buf.String(), f.marker)
				if f.name == "json" {
					line = buf.String()[strings.Index(buf.String(), `"rankings"`):]
				}
				labels := labelsOf(tt.want)
				if f.name != "json" && tt.printed != nil {
					labels = labelsOf(tt.printed)
					for _, it := range tt.want[len(tt.printed):] {
						if strings.Contains(line, "Label "+it) {
							t.Errorf("%s ranking lists %s, which nobody mentioned: %s", f.name, it, line)
						}
					}
					if !strings.HasSuffix(strings.TrimSuffix(line, "</li>"), "; no other item was mentioned") {
						t.Errorf("%s ranking does not close with \"no other item was mentioned\": %s", f.name, line)
					}
				}
				at := -1
				for _, l := range labels {
					i := strings.Index(line, l)
					if i <= at {
						t.Errorf("%s ranking does not list %v in this order: %s", f.name, labels, line)
						break
					}
					at = i
				}
			}
		})
	}
}

// TestPublicDemoRankingsListSuppressedItemsInCodebookOrder: in every
// ranking of the demo's public report, the items whose count is
// suppressed follow the codebook, whatever their hidden counts.
func TestPublicDemoRankingsListSuppressedItemsInCodebookOrder(t *testing.T) {
	_, public, db, id := mustDemoStudyReports(t)
	cb, err := db.Codebook(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	tails := 0
	for _, s := range public.Sections {
		sec := slices.IndexFunc(cb.Children(""), func(c *ownwords.Code) bool { return Clean(c.Slug) == s.Slug })
		if sec < 0 {
			t.Fatalf("section %s not in the codebook", s.Slug)
		}
		var order []string
		for _, c := range cb.Children(cb.Children("")[sec].ID) {
			order = append(order, Clean(c.Slug))
		}
		for _, r := range s.Rankings {
			var hidden []int
			for _, e := range r.Entries {
				if e.N.Suppressed {
					hidden = append(hidden, slices.Index(order, e.Item))
				}
			}
			if len(hidden) > 1 {
				tails++
			}
			if !slices.IsSorted(hidden) || slices.Contains(hidden, -1) {
				t.Errorf("section %s, group %s: suppressed items at codebook places %v, want ascending", s.Slug, r.Group, hidden)
			}
		}
	}
	if tails == 0 {
		t.Fatal("no ranking of the demo has two suppressed items: the check checks nothing")
	}
}
