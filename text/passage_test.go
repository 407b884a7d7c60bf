package text

import (
	"strings"
	"testing"
)

// spanTest names a code point by a marker: at is the offset of the first
// occurrence of mark in s, and want is the text the span must cover.
type spanTest struct {
	name, s, mark, want string
}

func (tt spanTest) at(tb testing.TB) int {
	tb.Helper()
	i := strings.Index(tt.s, tt.mark)
	if i < 0 {
		tb.Fatalf("mark %q not in %q", tt.mark, tt.s)
	}
	return len([]rune(tt.s[:i]))
}

func runSpanTests(t *testing.T, f func(string, int) (int, int), tests []spanTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := f(tt.s, tt.at(t))
			if got := mustSlice(t, tt.s, start, end); got != tt.want {
				t.Errorf("span [%d,%d) = %q, want %q", start, end, got, tt.want)
			}
		})
	}
}

func TestSentence(t *testing.T) {
	runSpanTests(t, Sentence, []spanTest{
		{"MiddleSentence", "First one. Second one! Third?", "Sec", "Second one!"},
		{"FirstSentence", "First one. Second one.", "one", "First one."},
		{"LastSentenceWithoutStop", "First one. And then", "then", "And then"},
		{"QuestionAndExclamationRun", "Really?! Yes.", "Yes", "Yes."},
		{"EllipsisEnds", "I waited… Then I left.", "Then", "Then I left."},
		{"ClosingQuoteStaysWithSentence", `He said "go." Then silence.`, "go", `He said "go."`},
		{"DecimalPointDoesNotEnd", "It cost 3.5 dinars. Cheap.", "dinars", "It cost 3.5 dinars."},
		{"ArabicQuestionMark", "لماذا ذهبت؟ لا أعرف.", "أعرف", "لا أعرف."},
		{"UrduFullStop", "میں گیا۔ وہ آیا۔", "وہ", "وہ آیا۔"},
		{"CJKFullStopNeedsNoSpace", "我们去了。他没去。", "他", "他没去。"},
		{"DoesNotCrossLineBreak", "No stop here\nnext line.", "next", "next line."},
		{"SpaceBetweenBelongsToFirst", "One.  Two.", "  ", "One."},
		{"LeadingSpaceGivesFirst", "   One. Two.", " ", "One."},
		{"AbbreviationSplits", "Dr. Ali came.", "Ali", "Ali came."},
		{"LineBreakBelongsToItsLine", "Line one.\nLine two.", "\n", "Line one."},
		{"EndOfTextIsLastSentence", "One. Two.", "o.", "Two."},
	})
}

func TestSentenceBlankLineIsEmpty(t *testing.T) {
	s := "one\n\n\ntwo"
	if start, end := Sentence(s, 4); start != 4 || end != 4 {
		t.Errorf("Sentence on blank line = [%d,%d), want [4,4)", start, end)
	}
	if start, end := Sentence("", 0); start != 0 || end != 0 {
		t.Errorf("Sentence of empty text = [%d,%d), want [0,0)", start, end)
	}
}

func TestParagraph(t *testing.T) {
	runSpanTests(t, Paragraph, []spanTest{
		{"LineIsParagraph", "one\ntwo words\nthree", "wor", "two words"},
		{"TrimsIndentation", "one\n   two  \nthree", "two", "two"},
		{"CRLFLines", "one\r\ntwo\r\nthree", "two", "two"},
		{"CRLFBreakBelongsToLineBefore", "one\r\ntwo", "\n", "one"},
		{"UnicodeLineSeparator", "one\u2028two", "two", "two"},
		{"BlankLinesSeparateToo", "one\n\ntwo", "two", "two"},
		{"FirstLine", "one\ntwo", "one", "one"},
		{"WholeTextWithoutBreaks", "just one line", "one", "just one line"},
	})
	if start, end := Paragraph("one\n\ntwo", 4); start != 4 || end != 4 {
		t.Errorf("Paragraph on blank line = [%d,%d), want [4,4)", start, end)
	}
	if start, end := Paragraph("one\ntwo", 99); start != 4 || end != 7 {
		t.Errorf("Paragraph past end = [%d,%d), want last line [4,7)", start, end)
	}
	if start, end := Paragraph("one\ntwo", -5); start != 0 || end != 3 {
		t.Errorf("Paragraph before start = [%d,%d), want first line [0,3)", start, end)
	}
}

func TestTurn(t *testing.T) {
	const interview = "Interviewer: Where did you grow up?\n" +
		"P-0042: In Mosul.\n" +
		"We moved later.\n" +
		"\n" +
		"Interviewer 2: When?\n" +
		"P-0042: In 2014."
	runSpanTests(t, Turn, []spanTest{
		{"LabelLineIsTurn", interview, "grow", "Interviewer: Where did you grow up?"},
		{"TurnRunsToNextLabel", interview, "moved", "P-0042: In Mosul.\nWe moved later."},
		{"TurnFromItsLabel", interview, "Mosul", "P-0042: In Mosul.\nWe moved later."},
		{"TwoWordLabel", interview, "When", "Interviewer 2: When?"},
		{"LastTurnToEnd", interview, "2014", "P-0042: In 2014."},
		{"QAndALabels", "Q: Why?\nA: Because.\nIt was so.", "so", "A: Because.\nIt was so."},
		{"ArabicLabel", "المحاور: لماذا؟\nالمشارك: لا أعرف.", "أعرف", "المشارك: لا أعرف."},
		{"IndentedLabel", "  Participant: yes\n  and no", "no", "Participant: yes\n  and no"},
		{"FullwidthColonNeedsNoSpace", "甲：你好\n再见\n乙：好", "再见", "甲：你好\n再见"},
		{"PreambleIsParagraph", "Recorded in 2019\nsecond line\nQ: Hi", "second", "second line"},
		{"NoLabelsIsParagraph", "one line\nanother line", "another", "another line"},
		{"TimestampIsNoLabel", "Q: Start\n10:15 still the question", "still", "Q: Start\n10:15 still the question"},
		{"URLIsNoLabel", "Q: Link\nhttp://example.org", "example", "Q: Link\nhttp://example.org"},
		{"SentenceWithColonIsNoLabel", "Q: What?\nHe told me that: go now", "go", "Q: What?\nHe told me that: go now"},
		{"LabelWithoutTextIsLabel", "Q:\nWhy?\nA:\nNo.", "No", "A:\nNo."},
	})
}
