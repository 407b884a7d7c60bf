package report

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"ownwords"
)

// textSource is a TextSource of one interview and its other texts.
type textSource struct {
	iv    *ownwords.Interview
	texts []*ownwords.InterviewText
	reads int
}

func (s *textSource) Interview(_ context.Context, id string) (*ownwords.Interview, error) {
	s.reads++
	if id != s.iv.ID {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "interview %s", id)
	}
	return s.iv, nil
}

func (s *textSource) InterviewTexts(_ context.Context, id string) ([]*ownwords.InterviewText, error) {
	if id != s.iv.ID {
		return nil, nil
	}
	return s.texts, nil
}

// TestAlignedQuotes: the passage beside a quote is the other text's as
// the workbench projects it (text.Projection): the aligned sentence when
// the two turns hold as many sentences, the whole turn without its label
// otherwise, the turns spanned for a quote over several; nothing for a
// quote of labels only, an interview without other texts, or a text that
// no longer aligns.
func TestAlignedQuotes(t *testing.T) {
	const (
		en = "Q: Why did you go?\nA: We were hungry. My brother went first.\nQ: And then?\nA: I followed him, then I stayed."
		ar = "س: لماذا ذهبت؟\nج: كنا جائعين. ذهب أخي أولا.\nس: ثم ماذا؟\nج: تبعته وبقيت."
	)
	iv := &ownwords.Interview{ID: "iv", Language: "en", Transcript: en}
	original := &ownwords.InterviewText{ID: "t", InterviewID: "iv", Language: "ar", Role: ownwords.TextOriginal, Text: ar}
	span := func(quote string) (int, int) {
		t.Helper()
		i := strings.Index(en, quote)
		if i < 0 {
			t.Fatalf("%q is not in the transcript", quote)
		}
		start := utf8.RuneCountInString(en[:i])
		return start, start + utf8.RuneCountInString(quote)
	}
	tests := []struct {
		name, quote string
		texts       []*ownwords.InterviewText
		want        string // "" for no passage
	}{
		{"SentenceOfSentence", "My brother went first.", []*ownwords.InterviewText{original}, "ذهب أخي أولا."},
		{"WordOfSentence", "hungry", []*ownwords.InterviewText{original}, "كنا جائعين."},
		{"TurnWhenSentencesDiffer", "I stayed", []*ownwords.InterviewText{original}, "تبعته وبقيت."},
		{"SeveralTurns", "went first.\nQ: And then?\nA: I followed", []*ownwords.InterviewText{original}, "ذهب أخي أولا.\nس: ثم ماذا؟\nج: تبعته وبقيت."},
		{"LabelOnly", "Q:", []*ownwords.InterviewText{original}, ""},
		{"NoOtherText", "hungry", nil, ""},
		{"Misaligned", "hungry", []*ownwords.InterviewText{{ID: "x", Language: "ar", Role: ownwords.TextOriginal, Text: "س: لماذا؟", Unaligned: true}}, ""},
		// The first text waits to be aligned: the next one stands beside.
		{"FirstUnaligned", "hungry", []*ownwords.InterviewText{{ID: "x", Language: "ar", Role: ownwords.TextOriginal, Text: "س: لماذا؟", Unaligned: true}, original}, "كنا جائعين."},
		// Aligned by hand: the answer's two turns are one of the original
		// (joined by the interpreter), the last exchange one to one.
		{"ByHand", "hungry", []*ownwords.InterviewText{{ID: "h", Language: "ar", Role: ownwords.TextOriginal,
			Text: "س: لماذا ذهبت؟\nج: كنا جائعين وذهب أخي أولا، ثم ماذا؟ تبعته وبقيت.", Alignment: "1:1,2-4:2"}}, "ج: كنا جائعين وذهب أخي أولا، ثم ماذا؟ تبعته وبقيت."[len("ج: "):]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &textSource{iv: iv, texts: tt.texts}
			aligned := AlignedQuotes(t.Context(), src)
			start, end := span(tt.quote)
			for range 2 { // the second read comes from the cache
				got, err := aligned(&ownwords.Segment{ID: "s", InterviewID: "iv", Start: start, End: end})
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case tt.want == "" && got != nil:
					t.Errorf("passage %+v, want none", got)
				case tt.want != "" && got == nil:
					t.Errorf("no passage, want %q", tt.want)
				case got != nil && (got.Text != tt.want || got.Language != "ar" || got.Role != ownwords.TextOriginal || got.QuoteLanguage != "en"):
					t.Errorf("passage %+v, want %q (ar original beside en)", got, tt.want)
				}
			}
			if src.reads > 1 {
				t.Errorf("the interview was read %d times, want at most once", src.reads)
			}
		})
	}
}
