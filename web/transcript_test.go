package web

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"ownwords"
)

func TestLanes(t *testing.T) {
	seg := func(s, e int) *ownwords.Segment { return &ownwords.Segment{Start: s, End: e} }
	tests := []struct {
		name  string
		segs  []*ownwords.Segment
		lanes []int
		n     int
	}{
		{"Empty", nil, []int{}, 0},
		{"Disjoint", []*ownwords.Segment{seg(0, 5), seg(5, 9), seg(20, 30)}, []int{0, 0, 0}, 1},
		{"Nested", []*ownwords.Segment{seg(0, 50), seg(10, 20), seg(12, 15)}, []int{0, 1, 2}, 3},
		{"ReuseFreedLane", []*ownwords.Segment{seg(0, 10), seg(5, 30), seg(12, 40), seg(31, 35)}, []int{0, 1, 0, 1}, 2},
		{"SameRange", []*ownwords.Segment{seg(3, 8), seg(3, 8)}, []int{0, 1}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := lanes(tt.segs)
			if !slices.Equal(got, tt.lanes) || n != tt.n {
				t.Errorf("lanes = %v, %d; want %v, %d", got, n, tt.lanes, tt.n)
			}
			for i := range tt.segs {
				for j := range i {
					a, b := tt.segs[i], tt.segs[j]
					if got[i] == got[j] && a.Start < b.End && b.Start < a.End {
						t.Errorf("overlapping segments %d and %d share lane %d", i, j, got[i])
					}
				}
			}
		})
	}
}

func TestLayoutTranscript(t *testing.T) {
	text := "ab😀c\n\nشكرا\nend"
	segs := []coded{
		{Seg: &ownwords.Segment{ID: "s1", Start: 1, End: 4}, Color: "#aa0000"},
		{Seg: &ownwords.Segment{ID: "s2", Start: 2, End: 12}, Color: "#00aa00"},
	}
	paras, n := layoutTranscript(text, segs, "s1")
	if n != 2 {
		t.Errorf("%d lanes, want 2", n)
	}
	wantStarts := [][2]int{{0, 4}, {5, 5}, {6, 10}, {11, 14}}
	for i, p := range paras {
		if [2]int{p.Start, p.End} != wantStarts[i] {
			t.Errorf("paragraph %d spans %d..%d, want %v", i, p.Start, p.End, wantStarts[i])
		}
	}
	if got := [][]string{stripeIDs(paras[0]), stripeIDs(paras[1]), stripeIDs(paras[2]), stripeIDs(paras[3])}; !slices.EqualFunc(got,
		[][]string{{"s1", "s2"}, {"s2"}, {"s2"}, {"s2"}}, slices.Equal) {
		t.Errorf("stripes per paragraph = %v", got)
	}
	if got := paras[0].Pieces; len(got) != 2 || got[0].Text != "a" || got[1].Text != "b😀c" || !got[1].Marked {
		t.Errorf("marked pieces of paragraph 0 = %+v", got)
	}
	for _, p := range paras {
		for _, s := range p.Stripes {
			if s.Y < 0 || s.H < minStripe || s.Y+s.H > paraHeight {
				t.Errorf("stripe %+v outside its paragraph", s)
			}
		}
	}
}

// TestMarkMemos: anchored memos split the runs at their spans' ends,
// keep the segment's mark, and flag the run where each begins.
func TestMarkMemos(t *testing.T) {
	text := "ab😀cdef\nghij"
	for _, tc := range []struct {
		name     string
		selected *ownwords.Segment
		memos    []memoMark
		want     string // the runs of both paragraphs: [memo,start,marked]text
	}{
		{"none", nil, nil, "|ab😀cdef|ghij"},
		{"inside", nil, []memoMark{{ID: "m", Start: 2, End: 4}}, "|ab|[m+]😀c|def|ghij"},
		{"across the line end", nil, []memoMark{{ID: "m", Start: 5, End: 10}}, "|ab😀cd|[m+]ef|[m]gh|ij"},
		{"over a marked segment", &ownwords.Segment{ID: "s", Start: 1, End: 3}, []memoMark{{ID: "m", Start: 2, End: 5}},
			"|a|[*]b|[m+*]😀|[m]cd|ef|ghij"},
		{"overlapping memos", nil, []memoMark{{ID: "a", Start: 0, End: 3}, {ID: "b", Start: 2, End: 4}}, "|[a+]ab|[a+]😀|[b]c|def|ghij"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var segs []coded
			sel := ""
			if tc.selected != nil {
				segs, sel = []coded{{Seg: tc.selected}}, tc.selected.ID
			}
			paras, _ := layoutTranscript(text, segs, sel)
			markMemos(paras, tc.memos)
			var got strings.Builder
			for _, p := range paras {
				for _, pc := range p.Pieces {
					got.WriteString("|")
					if pc.Memo != "" || pc.Marked {
						got.WriteString("[" + pc.Memo)
						if pc.MemoStart {
							got.WriteString("+")
						}
						if pc.Marked {
							got.WriteString("*")
						}
						got.WriteString("]")
					}
					got.WriteString(pc.Text)
				}
			}
			if got.String() != tc.want {
				t.Errorf("runs %s, want %s", got.String(), tc.want)
			}
		})
	}
}

func stripeIDs(p paragraph) []string {
	var out []string
	for _, s := range p.Stripes {
		out = append(out, s.SegmentID)
	}
	return out
}

// FuzzLayoutTranscript checks the offsets the coding script relies on:
// paragraphs rejoined with "\n" give back the text, each starts at the
// code-point offset where it lies, and marked pieces are exactly the
// selected segment's text.
func FuzzLayoutTranscript(f *testing.F) {
	f.Add("one\ntwo 😀\n\nثلاثة", 2, 9)
	f.Add("", 0, 0)
	f.Add("\n\n\n", 1, 2)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if !utf8.ValidString(text) {
			return
		}
		n := utf8.RuneCountInString(text)
		start, end = clamp(start, 0, n), clamp(end, 0, n)
		if end < start {
			start, end = end, start
		}
		seg := &ownwords.Segment{ID: "s", Start: start, End: end}
		paras, _ := layoutTranscript(text, []coded{{Seg: seg}}, "s")
		// A memo anchored to the second half of the segment and beyond:
		// its runs must be exactly its span's text, the text unchanged.
		mStart := (start + end) / 2
		mEnd := min(n, mStart+(end-start)+1)
		if mEnd > mStart {
			markMemos(paras, []memoMark{{ID: "m", Start: mStart, End: mEnd}})
		}
		var lines []string
		var marked, memo strings.Builder
		for _, p := range paras {
			var line strings.Builder
			for _, pc := range p.Pieces {
				line.WriteString(pc.Text)
				if pc.Marked {
					marked.WriteString(pc.Text)
				}
				if pc.Memo == "m" {
					memo.WriteString(pc.Text)
				}
			}
			prefix := utf8.RuneCountInString(strings.Join(lines, "\n"))
			if len(lines) > 0 {
				prefix++
			}
			if p.Start != prefix || p.End != p.Start+utf8.RuneCountInString(line.String()) {
				t.Fatalf("paragraph %q at %d..%d, want start %d", line.String(), p.Start, p.End, prefix)
			}
			lines = append(lines, line.String())
		}
		if got := strings.Join(lines, "\n"); got != text {
			t.Fatalf("rejoined %q, want %q", got, text)
		}
		quote, _ := ownwords.Slice(text, start, end)
		if want := strings.ReplaceAll(quote, "\n", ""); marked.String() != want {
			t.Fatalf("marked %q, want %q", marked.String(), want)
		}
		if q, _ := ownwords.Slice(text, mStart, mEnd); mEnd > mStart && memo.String() != strings.ReplaceAll(q, "\n", "") {
			t.Fatalf("memo runs %q, want %q", memo.String(), q)
		}
	})
}

func TestDirection(t *testing.T) {
	for lang, want := range map[string]string{"ar": "rtl", "fa-IR": "rtl", "UR": "rtl", "he": "rtl", "en": "ltr", "fr-BE": "ltr", "": "auto", "arn": "ltr"} {
		if got := direction(lang); got != want {
			t.Errorf("direction(%q) = %q, want %q", lang, got, want)
		}
	}
}
