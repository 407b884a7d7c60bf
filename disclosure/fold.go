package disclosure

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ownwords/text"
)

// folded is a text folded for matching: runes[i] came from code point
// from[i] of the original, which had n code points.
type folded struct {
	runes []rune
	from  []int
	n     int
}

// fold folds s for matching redaction terms: each code point is decomposed
// (NFKD, so that the presentation forms of Arabic taken from a PDF, and
// fullwidth letters, are plain letters), stripped of non-spacing marks and
// lowercased; dotted and dotless Turkish i (İ, ı) become i; the Arabic
// spellings search folds alike (text.Fold) are one: ta marbuta ة as ha ه,
// alef maqsura ى and Persian yeh ی as ya ي, keheh ک as kaf ك, alef wasla ٱ
// as alef ا, Arabic-Indic digits as 0–9; the tatweel ـ that stretches a
// word and invisible format characters (joiners, direction marks) inside
// a word are dropped, the zero width space is a space (joinZWSP: dropped
// as well, see Scan); every run of white space becomes one space. An original scanned beside its translation
// (issue 18) must not keep a name from the list by its spelling. It is
// deliberately simple and local: names are matched, not languages
// collated.
func fold(s string) folded { return foldZW(s, false) }

// foldZW is fold, the zero width space dropped when joinZWSP is set.
func foldZW(s string, joinZWSP bool) folded {
	f := folded{runes: make([]rune, 0, len(s)), from: make([]int, 0, len(s))}
	for _, r := range s {
		switch {
		case r == zwsp && joinZWSP:
		case unicode.IsSpace(r) || r == zwsp:
			f.space()
		case r < utf8.RuneSelf:
			f.push(unicode.ToLower(r))
		default:
			for _, d := range norm.NFKD.String(string(r)) {
				switch {
				case unicode.IsSpace(d):
					f.space()
				case unicode.Is(unicode.Mn, d) || unicode.Is(unicode.Cf, d) || d == 'ـ':
				default:
					f.push(d)
				}
			}
		}
		f.n++
	}
	return f
}

// homoglyphs maps the lower-case Cyrillic and Greek letters that look
// like a Latin letter (in either case) to it: "Rаqqa" with a Cyrillic а
// shows as Raqqa. Terms fold alike, so a Cyrillic term still matches its
// own spelling; a Cyrillic word that folds like a Latin term is found too,
// which withholds more, never less.
var homoglyphs = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't',
	'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'һ': 'h', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ү': 'y',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'ζ': 'z', 'ι': 'i', 'κ': 'k', 'μ': 'm', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't',
	'υ': 'u', 'χ': 'x',
}

// zwsp is the zero width space, U+200B.
const zwsp = '\u200B'

// push appends the folded form of d, which came from code point f.n: the
// letters search folds alike (text.FoldLetter: Arabic spellings, digits,
// ß, ø, ł, …) as search folds them.
func (f *folded) push(d rune) {
	switch d = unicode.ToLower(d); {
	case d == 'ı':
		d = 'i'
	case text.FoldLetter(d) != "":
		for _, m := range text.FoldLetter(d) {
			f.runes, f.from = append(f.runes, m), append(f.from, f.n)
		}
		return
	default:
		if l, ok := homoglyphs[d]; ok {
			d = l
		}
	}
	f.runes, f.from = append(f.runes, d), append(f.from, f.n)
}

// space appends one space, unless the folded text ends in one.
func (f *folded) space() {
	if len(f.runes) == 0 || f.runes[len(f.runes)-1] != ' ' {
		f.push(' ')
	}
}

// isWord reports whether r belongs to a word: a match must not continue a
// word on either side.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
