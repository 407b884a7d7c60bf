package text

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the form of s used for matching, the same for any language so
// that a query typed without accents, harakat or Turkish dotted capitals
// finds every spelling. In order:
//
//  1. Compatibility decomposition (NFKD, which includes everything NFC would
//     do): ligatures (ﬁ→fi, œ stays, see 3), fullwidth and superscript forms
//     and Arabic presentation forms (from PDFs) become plain letters.
//  2. Diacritics are removed: combining marks from the general diacritic
//     blocks (French and Turkish accents, the dot of İ, the breve of й),
//     Cyrillic titlo, Hebrew points and all Arabic and Syriac marks (harakat
//     U+064B–U+065F, dagger alef U+0670, Quranic marks, the hamza of أ إ ؤ
//     ئ and the madda of آ). Marks of other scripts (Devanagari vowel signs,
//     Japanese voicing marks) change the word and are kept. The Arabic
//     tatweel U+0640 and the invisible joiners U+200C, U+200D, U+00AD,
//     U+2060 and U+FEFF are removed.
//  3. Letters are mapped: alef wasla ٱ→ا (the other alef forms lost their
//     hamza or madda in 2), ta marbuta ة→ه, alef maqsura ى→ي, Persian yeh
//     ی→ي and keheh ک→ك, Arabic-Indic digits →0–9, ß and ẞ→ss, æ→ae, œ→oe,
//     ø→o, ł→l, đ→d, ħ→h.
//  4. Case folding without a language: every letter goes to the lower case
//     of its upper case, so I, İ and ı all become i (Turkish `ıstanbul`,
//     `istanbul` and `ISTANBUL` all match) and final sigma ς becomes σ.
//  5. Canonical composition (NFC), which puts Hangul syllables back together.
//
// Fold(Fold(s)) == Fold(s). Folding may change the length of s (ß→ss,
// harakat removed); see the package documentation for how offsets stay
// exact.
func Fold(s string) string {
	if isASCII(s) {
		// NFKD leaves ASCII alone and ASCII has no marks, so only case is left.
		return asciiLower(s)
	}
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		foldRune(&b, r)
	}
	return norm.NFC.String(b.String())
}

// foldRune writes the folded form of one decomposed rune (steps 2–4).
func foldRune(b *strings.Builder, r rune) {
	if isDiacritic(r) || isIgnorable(r) || r == 0x0640 {
		return
	}
	if m := mapLetter(r); m != "" {
		b.WriteString(m)
		return
	}
	r = unicode.ToLower(unicode.ToUpper(r))
	if m := mapLetter(r); m != "" { // Ø, Ł, Æ … reach the map only once lowered.
		b.WriteString(m)
		return
	}
	b.WriteRune(r)
}

// FoldLetter returns what Fold writes for the lower-case letter or digit r
// when it is not r itself (ß → ss, ة → ه, ى → ي, Arabic-Indic digits →
// 0–9, …), or "". The redaction scan (package disclosure), which folds
// rune by rune to keep offsets, folds spellings alike through it.
func FoldLetter(r rune) string { return mapLetter(r) }

// mapLetter returns the replacement of step 3 for r, or "" if none. Latin
// letters are matched in lower case only (see foldRune).
func mapLetter(r rune) string {
	if r < 0xDF {
		return ""
	}
	switch r {
	case 'ٱ': // alef wasla
		return "ا"
	case 'ة': // ta marbuta
		return "ه"
	case 'ى', 'ی': // alef maqsura, Persian yeh
		return "ي"
	case 'ک': // keheh
		return "ك"
	case 'ß', 'ẞ':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ':
		return "d"
	case 'ħ':
		return "h"
	}
	if '٠' <= r && r <= '٩' {
		return asciiDigits[r-'٠']
	}
	if '۰' <= r && r <= '۹' {
		return asciiDigits[r-'۰']
	}
	return ""
}

var asciiDigits = [10]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// diacriticBlocks are the code point ranges whose marks are diacritics to
// remove. Only marks (category M) inside them are removed.
var diacriticBlocks = [][2]rune{
	{0x0300, 0x036F}, // Combining Diacritical Marks
	{0x0483, 0x0489}, // Cyrillic titlo and other combining marks
	{0x0590, 0x05FF}, // Hebrew points and cantillation
	{0x0600, 0x06FF}, // Arabic harakat, hamza, madda, Quranic marks
	{0x0700, 0x074F}, // Syriac vowels
	{0x0870, 0x08FF}, // Arabic Extended-B and -A marks
	{0x1AB0, 0x1AFF}, // Combining Diacritical Marks Extended
	{0x1DC0, 0x1DFF}, // Combining Diacritical Marks Supplement
	{0x20D0, 0x20FF}, // Combining Diacritical Marks for Symbols
	{0xFE20, 0xFE2F}, // Combining Half Marks
}

// isDiacritic reports whether r is a combining mark that Fold removes.
func isDiacritic(r rune) bool {
	if r < 0x0300 || !unicode.IsMark(r) {
		return false
	}
	for _, blk := range diacriticBlocks {
		if blk[0] <= r && r <= blk[1] {
			return true
		}
	}
	return false
}

// isIgnorable reports the invisible format characters that may sit inside a
// word without ending it, and that Fold removes.
func isIgnorable(r rune) bool {
	switch r {
	case 0x200C, 0x200D, 0x00AD, 0x2060, 0xFEFF:
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
