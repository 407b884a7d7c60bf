package text

import (
	"testing"
	"unicode/utf8"
)

func TestKWIC(t *testing.T) {
	const fox = "The quick brown fox jumps over the lazy dog"
	tests := []struct {
		name       string
		s          string
		start, end int
		width      int
		want       Line
	}{
		{"CutsAtWordBoundaries", fox, 16, 19, 10, Line{16, 19, "brown ", "fox", " jumps"}},
		{"WholeWordsKeptWhenWindowEndsAtBoundary", fox, 16, 19, 12, Line{16, 19, "quick brown ", "fox", " jumps over"}},
		{"WidthZeroNoContext", fox, 16, 19, 0, Line{16, 19, "", "fox", ""}},
		{"NegativeWidthNoContext", fox, 16, 19, -3, Line{16, 19, "", "fox", ""}},
		{"StartOfTextNoBefore", fox, 0, 3, 6, Line{0, 3, "", "The", " quick"}},
		{"EndOfTextNoAfter", fox, 40, 43, 5, Line{40, 43, "lazy ", "dog", ""}},
		{"PartialWordKeptWhenNoWholeWordFits", "abc def", 4, 4, 3, Line{4, 4, "bc ", "", "def"}},
		{"PartialWordsKeptOnBothSides", "abcdefghij KEY klmnopqrst", 11, 14, 5, Line{11, 14, "ghij ", "KEY", " klmn"}},
		{"PunctuationAfterCutWordDropped", "abc, def KEY", 9, 12, 7, Line{9, 12, "def ", "KEY", ""}},
		{"LineBreaksShownAsSpaces", "first line\nsecond KEY\r\nthird", 18, 21, 12, Line{18, 21, "line second ", "KEY", "  third"}},
		{"MatchKeepsLineBreak", "New\nYork", 0, 8, 5, Line{0, 8, "", "New\nYork", ""}},
		{"OffsetsClampedToText", "short", -4, 99, 3, Line{0, 5, "", "short", ""}},
		{"EndBeforeStartIsEmptyMatch", "abc def", 4, 2, 4, Line{4, 4, "abc ", "", "def"}},
		{"ArabicMatchKeepsHarakat", "قال إنه كَتَبَ الرسالة أمس", 8, 14, 4, Line{8, 14, "إنه ", "كَتَبَ", " الر"}},
		{"ArabicWholeWordsWhenTheyFit", "قال إنه كَتَبَ الرسالة أمس", 8, 14, 10, Line{8, 14, "قال إنه ", "كَتَبَ", " الرسالة"}},
		{"CodePointsNotBytes", "Göç İstanbul'a", 4, 12, 4, Line{4, 12, "Göç ", "İstanbul", "'a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KWIC(tt.s, tt.start, tt.end, tt.width)
			if got != tt.want {
				t.Fatalf("KWIC(%q, %d, %d, %d) =\n%+v, want\n%+v", tt.s, tt.start, tt.end, tt.width, got, tt.want)
			}
			checkLine(t, tt.s, got, tt.width)
		})
	}
}

// checkLine checks the invariants of a KWIC line: Match is the original
// slice, the context fits the width and is the original text next to the
// match with line breaks shown as spaces.
func checkLine(tb testing.TB, s string, l Line, width int) {
	tb.Helper()
	if m := mustSlice(tb, s, l.Start, l.End); m != l.Match {
		tb.Fatalf("Match %q, original slice %q", l.Match, m)
	}
	nb, na := utf8.RuneCountInString(l.Before), utf8.RuneCountInString(l.After)
	if nb > max(width, 0) || na > max(width, 0) {
		tb.Fatalf("context %d and %d code points, width %d", nb, na, width)
	}
	if b := flatten(mustSlice(tb, s, l.Start-nb, l.Start)); b != l.Before {
		tb.Fatalf("Before %q, original before match %q", l.Before, b)
	}
	if a := flatten(mustSlice(tb, s, l.End, l.End+na)); a != l.After {
		tb.Fatalf("After %q, original after match %q", l.After, a)
	}
}

func TestKWICLinesSameAsKWIC(t *testing.T) {
	s := "Interviewer: where?\nP-0042: İstanbul'da, then ISTANBUL again; كَتَبَ"
	hits := Find(s, mustParseQuery(t, "istanbul OR كتب OR where"))
	if len(hits) != 4 {
		t.Fatalf("Find gave %d hits, want 4", len(hits))
	}
	lines := KWICLines(s, hits, 9)
	for i, h := range hits {
		if want := KWIC(s, h.Start, h.End, 9); lines[i] != want {
			t.Errorf("line %d = %+v, KWIC gives %+v", i, lines[i], want)
		}
	}
}
