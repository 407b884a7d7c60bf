package text

import (
	"reflect"
	"testing"

	"ownwords"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Token
	}{
		{"EmptyTextNoTokens", "", nil},
		{"PunctuationOnlyNoTokens", " ,.!? — «» ", nil},
		{"SpacesAndPunctuationSeparate", "Hello, world!", []Token{
			{0, 5, "Hello", "hello"}, {7, 12, "world", "world"},
		}},
		{"FrenchApostropheSplits", "l'École", []Token{
			{0, 1, "l", "l"}, {2, 7, "École", "ecole"},
		}},
		{"TurkishSuffixAfterApostropheSplits", "İstanbul’da", []Token{
			{0, 8, "İstanbul", "istanbul"}, {9, 11, "da", "da"},
		}},
		{"HyphenSplits", "al-Qaeda", []Token{
			{0, 2, "al", "al"}, {3, 8, "Qaeda", "qaeda"},
		}},
		{"LetterApostropheStaysInWord", "Oʻzbekiston", []Token{
			{0, 11, "Oʻzbekiston", "oʻzbekiston"},
		}},
		{"DecomposedAccentCountsAsCodePoint", "e\u0301cole x", []Token{
			{0, 6, "e\u0301cole", "ecole"}, {7, 8, "x", "x"},
		}},
		{"ArabicWithHarakat", "كَتَبَ الدرسَ", []Token{
			{0, 6, "كَتَبَ", "كتب"}, {7, 13, "الدرسَ", "الدرس"},
		}},
		{"ArabicQuestionMarkSeparates", "لماذا؟ نعم", []Token{
			{0, 5, "لماذا", "لماذا"}, {7, 10, "نعم", "نعم"},
		}},
		{"PersianZWNJInsideWord", "می\u200cخواهم.", []Token{
			{0, 8, "می\u200cخواهم", "ميخواهم"},
		}},
		{"ZWNJAtWordEndNotIncluded", "ab\u200c cd", []Token{
			{0, 2, "ab", "ab"}, {4, 6, "cd", "cd"},
		}},
		{"CyrillicWords", "Москва, 2015", []Token{
			{0, 6, "Москва", "москва"}, {8, 12, "2015", "2015"},
		}},
		{"SpeakerLabelDigitsSplit", "P-0042: yes", []Token{
			{0, 1, "P", "p"}, {2, 6, "0042", "0042"}, {8, 11, "yes", "yes"},
		}},
		{"HanCharactersOneEach", "我们去北京。", []Token{
			{0, 1, "我", "我"}, {1, 2, "们", "们"}, {2, 3, "去", "去"}, {3, 4, "北", "北"}, {4, 5, "京", "京"},
		}},
		{"KanaTakesItsMarks", "か\u3099な", []Token{
			{0, 2, "か\u3099", "が"}, {2, 3, "な", "な"},
		}},
		{"LoneTatweelLeftOut", "ـ كتب", []Token{
			{2, 5, "كتب", "كتب"},
		}},
		{"LoneAccentLeftOut", "\u0301 a", []Token{
			{2, 3, "a", "a"},
		}},
		{"InvalidUTF8ByteIsOneCodePoint", "a\xffb", []Token{
			{0, 1, "a", "a"}, {2, 3, "b", "b"},
		}},
		{"EmojiSeparates", "good👍bad", []Token{
			{0, 4, "good", "good"}, {5, 8, "bad", "bad"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokenize(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Tokenize(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
			}
			for _, tok := range got {
				if s := mustSlice(t, tt.in, tok.Start, tok.End); s != tok.Text {
					t.Errorf("slice [%d,%d) = %q, token text %q", tok.Start, tok.End, s, tok.Text)
				}
			}
		})
	}
}

func TestIndexText(t *testing.T) {
	got := IndexText("L'École de Ferhat, à İstanbul; كَتَبَ\nМОСКВА")
	want := "l ecole de ferhat a istanbul كتب москва"
	if got != want {
		t.Errorf("IndexText = %q, want %q", got, want)
	}
}

// mustSlice returns the code points [start, end) of s, failing the test if
// the range is not inside s.
func mustSlice(tb testing.TB, s string, start, end int) string {
	tb.Helper()
	got, ok := ownwords.Slice(s, start, end)
	if !ok {
		tb.Fatalf("range [%d,%d) not inside %q", start, end, s)
	}
	return got
}
