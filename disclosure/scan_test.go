package disclosure

import (
	"slices"
	"testing"
	"unicode"
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
		// Invisible and blank code points inside a name: BRAILLE PATTERN
		// BLANK, the Hangul fillers, the word joiner, the byte order mark,
		// a tag, a variation selector, a soft hyphen mid-line: read as
		// nothing and as a space.
		{"BrailleBlankInsideAName", "paid by Abu Fal\u2800tuq in Tell\u2800Zarnouqa", []string{"abu faltuq", "tell zarnouqa"}, []string{"Abu Fal\u2800tuq", "Tell\u2800Zarnouqa"}},
		{"HangulFillers", "Abu\u3164Faltuq, Fal\u115ftuq, Fal\u1160tuq, Fal\uffa0tuq", []string{"abu faltuq", "faltuq"}, []string{"Abu\u3164Faltuq", "Faltuq", "Fal\u115ftuq", "Fal\u1160tuq", "Fal\uffa0tuq"}},
		{"FormatAndIgnorableCodePoints", "Fal\u2060tuq Fal\ufefftuq Fal\U000E0041tuq Fal\u034ftuq Fal\ufe0ftuq Fal\u00adtuq", []string{"faltuq"},
			[]string{"Fal\u2060tuq", "Fal\ufefftuq", "Fal\U000E0041tuq", "Fal\u034ftuq", "Fal\ufe0ftuq", "Fal\u00adtuq"}},
		{"BlankBesideASpace", "Abu \u2800 Faltuq", []string{"abu faltuq"}, []string{"Abu \u2800 Faltuq"}},
		{"ArabicNameWithABlank", "قال أبو فل\u2800توق ذلك", []string{"أبو فلتوق"}, []string{"أبو فل\u2800توق"}},
		// Hyphenation at a line break: the hyphen and the break are read
		// as nothing; a hyphenated name broken after its hyphen is read
		// with it; a soft hyphen before a break or a space is a hyphen.
		{"HyphenatedAtALineBreak", "we met Abu Mus-\nab and Abu Mus-\r\n   ab there", []string{"abu musab"}, []string{"Abu Mus-\nab", "Abu Mus-\r\n   ab"}},
		{"SoftHyphenAtALineBreak", "Abu Mus\u00ad\nab, Abu Mus\u00ad ab, Tell Zarn\u2010\nouqa", []string{"abu musab", "tell zarnouqa"}, []string{"Abu Mus\u00ad\nab", "Abu Mus\u00ad ab", "Tell Zarn\u2010\nouqa"}},
		{"HyphenatedNameBrokenAfterItsHyphen", "from Al-\nRaqqa", []string{"al-raqqa", "raqqa"}, []string{"Al-\nRaqqa", "Raqqa"}},
		{"HyphenWithoutALineBreakIsAHyphen", "Mus- ab, Mus-ab", []string{"musab"}, nil},
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
		// A Hangul filler shows no letter: scanned as a blank, it asks
		// for no Hangul term.
		{"HangulFillerIsNoScript", []string{"Abu Omar"}, "Abu\u3164Omar", true},
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

// FuzzScan: every finding lies in the text and, scanned on its own, reads
// as the term (folded, its blanks and hyphens read as Scan reads them);
// and a term found in a text is found again once disguised: an invisible
// or blank code point put inside one of its words, or the word hyphenated
// at a line break.
func FuzzScan(f *testing.F) {
	f.Add("İstanbul'da Müller", "istanbul", uint(3), uint(0))
	f.Add("Mu\u0308ller  Abu\nBakr", "abu bakr", uint(2), uint(1))
	f.Add("ǅ Hangul 한국", "국", uint(0), uint(2))
	f.Add("we met Abu Musab in Tell Zarnouqa", "Abu Musab", uint(6), uint(3))
	f.Add("قال أبو فلتوق ذلك", "أبو فلتوق", uint(2), uint(4))
	f.Add("Al-Raqqa, Ra\u2800qqa", "al-raqqa", uint(4), uint(5))
	f.Fuzz(func(t *testing.T, text, term string, at, how uint) {
		if !utf8.ValidString(text) || !utf8.ValidString(term) {
			return
		}
		pat := pattern(term)
		if len(pat) == 0 {
			return
		}
		n := utf8.RuneCountInString(text)
		found := Scan(text, []string{term})
		for _, fd := range found {
			if fd.Start < 0 || fd.End <= fd.Start || fd.End > n {
				t.Fatalf("finding %+v outside [0, %d]", fd, n)
			}
			s, _ := ownwords.Slice(text, fd.Start, fd.End)
			if !reads(fold(s), pat) {
				t.Errorf("finding %+v is %q, which does not read as %q", fd, s, string(pat))
			}
		}
		// Disguise the first finding: a disguise inside a word of it,
		// between two letters, must not hide it.
		if len(found) == 0 {
			return
		}
		rs := []rune(text)
		fd := found[0]
		cut := -1
		for k := range fd.End - fd.Start - 1 {
			i := fd.Start + 1 + int((at+uint(k))%uint(fd.End-fd.Start-1))
			if unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i]) {
				cut = i
				break
			}
		}
		if cut < 0 {
			return
		}
		disguises := []string{"\u2800", "\u3164", "\u115f", "\u1160", "\uffa0", "\u200b", "\u2060", "\ufeff", "\u00ad", "-\n", "\u00ad\n  ", "\u2010\r\n"}
		d := disguises[how%uint(len(disguises))]
		disguised := string(rs[:cut]) + d + string(rs[cut:])
		dn := utf8.RuneCountInString(d)
		for _, g := range Scan(disguised, []string{term}) {
			if g.Start == fd.Start && g.End == fd.End+dn {
				return
			}
		}
		t.Errorf("%q (found at %+v) disguised as %q is not found", term, fd, disguised)
	})
}

// reads reports whether some reading of f, from some rune, spells pat.
func reads(f folded, pat []rune) bool {
	for s := range f.runes {
		ok := false
		f.match(s, pat, make([]bool, len(pat)+1), make([]bool, len(pat)+1), func(int) { ok = true })
		if ok {
			return true
		}
	}
	return false
}
