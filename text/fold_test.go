package text

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ASCIILowered", "Hello WORLD 42", "hello world 42"},
		{"TurkishDottedCapitalToI", "İstanbul", "istanbul"},
		{"TurkishDotlessToI", "ıstanbul", "istanbul"},
		{"CapitalIToI", "ISTANBUL", "istanbul"},
		{"TurkishLettersLoseCedillaAndBreve", "Çağrı Şahin Öğüt", "cagri sahin ogut"},
		{"FrenchAccentsRemoved", "École élève Noël", "ecole eleve noel"},
		{"DecomposedInputSameAsComposed", "E\u0301cole", "ecole"},
		{"ArabicHarakatRemoved", "كَتَبَ", "كتب"},
		{"ArabicShaddaAndTanwinRemoved", "مُحَمَّدٌ", "محمد"},
		{"DaggerAlefRemoved", "هٰذا", "هذا"},
		{"AlefHamzaAboveToAlef", "أحمد", "احمد"},
		{"AlefHamzaBelowToAlef", "إسلام", "اسلام"},
		{"AlefMaddaToAlef", "آمن", "امن"},
		{"AlefWaslaToAlef", "ٱلله", "الله"},
		{"TaMarbutaToHa", "مدرسة", "مدرسه"},
		{"AlefMaqsuraToYa", "مستشفى", "مستشفي"},
		{"TatweelRemoved", "كـتـب", "كتب"},
		{"PersianYehAndKehehToArabic", "کتابی", "كتابي"},
		{"ArabicIndicDigitsToASCII", "٢٠١٥ ۲۰۱۵", "2015 2015"},
		{"ArabicPresentationFormsToLetters", "\uFEE3\uFEAE\uFEA3\uFE92\uFE8E", "مرحبا"},
		{"ZWNJRemoved", "می\u200cخواهم", "ميخواهم"},
		{"RussianLowered", "МОСКВА", "москва"},
		{"RussianYoToYe", "Ёлка", "елка"},
		{"RussianShortIToI", "Мой", "мои"},
		{"SharpSToSS", "Straße STRASSE", "strasse strasse"},
		{"CapitalSharpSToSS", "STRAẞE", "strasse"},
		{"LigatureExpanded", "ﬁnance œuvre Æsir", "finance oeuvre aesir"},
		{"StrokeLettersToBase", "Łódź Øre Đorđe", "lodz ore dorde"},
		{"FullwidthToASCII", "ＡＢＣ１２", "abc12"},
		{"GreekFinalSigmaToSigma", "ΣΟΦΟΣ σοφός", "σοφοσ σοφοσ"},
		{"HangulRecomposed", "한국어", "한국어"},
		{"DevanagariMarksKept", "कुछ", "कुछ"},
		{"JapaneseVoicingKept", "が", "が"},
		{"PunctuationKept", "l'École, «oui»!", "l'ecole, «oui»!"},
		{"Empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fold(tt.in)
			if got != tt.want {
				t.Errorf("Fold(%q) = %q (%+q), want %q", tt.in, got, got, tt.want)
			}
			if again := Fold(got); again != got {
				t.Errorf("Fold not idempotent: Fold(%q) = %q", got, again)
			}
		})
	}
}

// assigned are the categories of assigned code points, less private use
// and surrogates.
var assigned = []*unicode.RangeTable{unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf}

// TestFoldIdempotentOnEveryCodePoint checks Fold(Fold(s)) == Fold(s) for
// each assigned code point alone and followed by a diacritic, since the fuzzer rarely
// reaches rare scripts.
func TestFoldIdempotentOnEveryCodePoint(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) || !unicode.In(r, assigned...) {
			continue
		}
		for _, s := range []string{string(r), string(r) + "\u0301"} {
			f := Fold(s)
			if g := Fold(f); g != f {
				t.Errorf("Fold(%+q) = %+q, Fold again = %+q", s, f, g)
			}
		}
	}
}
