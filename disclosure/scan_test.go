package disclosure

import (
	"slices"
	"testing"
	"unicode/utf8"

	"ownwords"
)

func TestScan(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		terms []string
		want  []string // the matched text of each finding, in order
	}{
		{"CaseAndAccents", "Ich traf MÜLLER in Köln, nicht Muller.", []string{"müller", "KOLN"}, []string{"MÜLLER", "Köln", "Muller"}},
		{"TurkishDottedAndDotlessI", "İstanbul'da ve ISPARTA'da, ıstanbul değil", []string{"istanbul", "Isparta"}, []string{"İstanbul", "ISPARTA", "ıstanbul"}},
		{"WholeWordsOnly", "Raqqa, not Raqqawi or Al-Raqqa2", []string{"raqqa"}, []string{"Raqqa"}},
		{"PartOfHyphenatedName", "the Al-Raqqa road", []string{"raqqa"}, []string{"Raqqa"}},
		{"NameAcrossLineBreak", "we met Abu\n   Bakr there", []string{"abu bakr"}, []string{"Abu\n   Bakr"}},
		{"DecomposedMarksIncluded", "Herr Mu\u0308ller kam", []string{"Müller"}, []string{"Mu\u0308ller"}},
		{"Date", "On 12 March 2015, we left; 120 March 20150 is not a date.", []string{"12 march 2015"}, []string{"12 March 2015"}},
		{"OverlappingTermsBothKept", "Abu Bakr said", []string{"bakr", "Abu Bakr"}, []string{"Abu Bakr", "Bakr"}},
		{"ArabicScript", "قال محمد ذلك", []string{"محمد"}, []string{"محمد"}},
		// An original beside its translation is scanned too (issue 18): an
		// Arabic name must not slip past the list by its spelling. Tatweel
		// (kashida) stretching a word, presentation forms of a text taken
		// from a PDF, ta marbuta written as ha, alef maqsura as ya,
		// Arabic-Indic digits of a date, joiners and direction marks
		// inside a word.
		{"ArabicTatweel", "دفع لنا أبـو عمـــر المال", []string{"أبو عمر"}, []string{"أبـو عمـــر"}},
		{"ArabicPresentationForms", "ﺍﻟﺮﻗﺔ مدينة", []string{"الرقة"}, []string{"ﺍﻟﺮﻗﺔ"}},
		{"ArabicTaMarbutaAsHa", "ذهبنا إلى الرقه", []string{"الرقة"}, []string{"الرقه"}},
		{"ArabicAlefMaqsuraAsYa", "قال مصطفي ذلك", []string{"مصطفى"}, []string{"مصطفي"}},
		{"ArabicIndicDigits", "في ١٢ مارس ٢٠١٥ غادرنا", []string{"12 مارس 2015"}, []string{"١٢ مارس ٢٠١٥"}},
		{"JoinersAndMarksInsideAWord", "قال مح\u200cمد و Ra\u200fqqa", []string{"محمد", "raqqa"}, []string{"مح\u200cمد", "Ra\u200fqqa"}},
		// Letters search folds to others (text.FoldLetter), folded alike.
		{"LettersFoldedAsSearchFolds", "born in Łódź, lived on Hauptstraße", []string{"lodz", "hauptstrasse"}, []string{"Łódź", "Hauptstraße"}},
		{"ZeroWidthSpaceSeparatesWords", "Abu\u200bOmar", []string{"omar"}, []string{"Omar"}},
		// Shown as Raqqa: an invisible space inside a name hides nothing.
		{"ZeroWidthSpaceInsideAName", "from Ra\u200bqqa to Abu\u200bOmar", []string{"raqqa", "abu omar", "omar"}, []string{"Ra\u200bqqa", "Abu\u200bOmar", "Omar"}},
		// A Cyrillic or Greek letter that looks Latin hides nothing; a
		// Cyrillic term still finds itself in either case.
		{"CyrillicHomoglyphs", "from Rаqqa (Cyrillic а) and RАQQА, by Αbu Οmar", []string{"raqqa", "abu omar"}, []string{"Rаqqa", "RАQQА", "Αbu Οmar"}},
		{"CyrillicTermInAnyCase", "Мы были в ГРОЗНОМ, в Грозном", []string{"грозном"}, []string{"ГРОЗНОМ", "Грозном"}},
		{"EmptyTermsIgnored", "anything", []string{"", "  "}, nil},
		{"SameTermTwiceFoundOnce", "Mosul", []string{"Mosul", "Mosul"}, []string{"Mosul"}},
		{"EachSpellingReported", "Mosul", []string{"Mosul", "mosul"}, []string{"Mosul", "Mosul"}},
		{"NoMatch", "nothing here", []string{"Mosul"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Scan(tt.text, tt.terms) {
				s, ok := ownwords.Slice(tt.text, f.Start, f.End)
				if !ok {
					t.Fatalf("finding %+v outside the text", f)
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Scan found %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCovers: a public quote shows the aligned passage of another text
// only when the redaction list can find a name in it, that is has a term
// in every script its letters are written in.
func TestCovers(t *testing.T) {
	tests := []struct {
		name  string
		terms []string
		text  string
		want  bool
	}{
		{"SameScript", []string{"Abu Omar"}, "Nous n'avions rien à manger.", true},
		{"LatinListArabicText", []string{"Abu Omar", "Mosul"}, "لم يكن لدينا طعام", false},
		{"ArabicTermInTheList", []string{"Abu Omar", "أبو عمر"}, "لم يكن لدينا طعام", true},
		{"MixedTextNeedsBoth", []string{"أبو عمر"}, "قال Omar ذلك", false},
		{"EmptyList", nil, "We had no food.", false},
		{"NoLettersAtAll", nil, "12, 13 … 14", true},
		{"PresentationFormsAreArabic", []string{"الرقة"}, "ﺍﻟﺮﻗﺔ", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Covers(tt.terms, tt.text); got != tt.want {
				t.Errorf("Covers(%q, %q) = %v, want %v", tt.terms, tt.text, got, tt.want)
			}
		})
	}
}

func TestScanOffsetsInCodePoints(t *testing.T) {
	text := "Ağrı'dan gelen Şırnaklı Çiğdem"
	got := Scan(text, []string{"ciğdem", "AGRI"})
	want := []Finding{{0, 4, "AGRI"}, {24, 30, "ciğdem"}}
	if !slices.Equal(got, want) {
		t.Errorf("Scan = %+v, want %+v", got, want)
	}
}

func FuzzScan(f *testing.F) {
	f.Add("İstanbul'da Müller", "istanbul")
	f.Add("Mu\u0308ller  Abu\nBakr", "abu bakr")
	f.Add("ǅ Hangul 한국", "국")
	f.Fuzz(func(t *testing.T, text, term string) {
		if !utf8.ValidString(text) || !utf8.ValidString(term) {
			return
		}
		pat := trimSpace(fold(term).runes)
		n := utf8.RuneCountInString(text)
		for _, fd := range Scan(text, []string{term}) {
			if fd.Start < 0 || fd.End <= fd.Start || fd.End > n {
				t.Fatalf("finding %+v outside [0, %d]", fd, n)
			}
			s, _ := ownwords.Slice(text, fd.Start, fd.End)
			if !containsRunes(fold(s).runes, pat) && !containsRunes(foldZW(s, true).runes, pat) {
				t.Errorf("finding %+v is %q, which does not fold to contain %q", fd, s, string(pat))
			}
		}
	})
}

func containsRunes(s, sub []rune) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
