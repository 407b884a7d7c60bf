package disclosure

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ownwords/text"
)

// folded is a text folded for matching: runes[i] came from code point
// from[i] of the original, which had n code points; kind[i] says how
// runes[i] may be read (plain, blank or hyphenBreak).
type folded struct {
	runes []rune
	from  []int
	kind  []byte
	n     int
}

// How a folded rune may be read.
const (
	// plain is the rune itself.
	plain byte = iota
	// blank is a run of code points that show nothing or a blank (zero
	// width space, BRAILLE PATTERN BLANK, the Hangul fillers, format
	// characters, other default ignorable code points): read both as a
	// space and as nothing. Its rune is ' '.
	blank
	// hyphenBreak is a hyphen (or a soft hyphen) followed by white space
	// holding a line break: a word hyphenated at the end of a line ("Abu
	// Mus-\nab"). Read as written (a hyphen and a space), as the hyphen of
	// a hyphenated name broken after it ("Al-\nRaqqa": "al-raqqa"), and as
	// nothing ("musab"). A soft hyphen followed by any white space reads
	// so too. Its rune is '-'; a run of them is one.
	hyphenBreak
)

// fold folds s for matching redaction terms: each code point is decomposed
// (NFKD, so that the presentation forms of Arabic taken from a PDF, and
// fullwidth letters, are plain letters), stripped of non-spacing marks and
// lowercased; dotted and dotless Turkish i (İ, ı) become i; the Arabic
// spellings search folds alike (text.Fold) are one: ta marbuta ة as ha ه,
// alef maqsura ى and Persian yeh ی as ya ي, keheh ک as kaf ك, alef wasla ٱ
// as alef ا, Arabic-Indic digits as 0–9; the tatweel ـ that stretches a
// word is dropped; every run of white space becomes one space. Code
// points that show nothing, or only a blank (invisible), are a blank,
// which matches a space or nothing: a name can hide behind neither. A
// hyphen (‐, ‑ or a soft hyphen) at a line break is a hyphenBreak. An
// original scanned beside its translation (issue 18) must not keep a name
// from the list by its spelling. It is deliberately simple and local:
// names are matched, not languages collated.
func fold(s string) folded {
	rs := []rune(s)
	f := folded{runes: make([]rune, 0, len(rs)), from: make([]int, 0, len(rs)), kind: make([]byte, 0, len(rs))}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		f.n = i
		switch {
		case isHyphen(r):
			j, brk, space := i+1, false, false
			for j < len(rs) && (unicode.IsSpace(rs[j]) || invisible(rs[j])) {
				brk = brk || lineBreak(rs[j])
				space = space || unicode.IsSpace(rs[j])
				j++
			}
			switch {
			case brk || r == softHyphen && space:
				if _, k, _ := f.last(); k != hyphenBreak || len(f.runes) == 0 {
					f.add('-', hyphenBreak) // a run of them is one
				}
				i = j - 1
			case r == softHyphen:
				f.blank()
			default:
				f.push('-')
			}
		case unicode.IsSpace(r):
			f.space()
		case invisible(r):
			f.blank()
		case r < utf8.RuneSelf:
			f.push(unicode.ToLower(r))
		default:
			for _, d := range norm.NFKD.String(string(r)) {
				switch {
				case unicode.IsSpace(d):
					f.space()
				case unicode.Is(unicode.Mn, d) || d == 'ـ':
				case invisible(d):
					f.blank()
				default:
					f.push(d)
				}
			}
		}
	}
	f.n = len(rs)
	return f
}

// softHyphen is U+00AD, shown only where a line breaks at it.
const softHyphen = '\u00AD'

// isHyphen reports whether r is a hyphen that can end a line: the
// hyphen-minus, the hyphens ‐ and ‑, and the soft hyphen.
func isHyphen(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2011' || r == softHyphen
}

// lineBreak reports whether r ends a line.
func lineBreak(r rune) bool {
	switch r {
	case '\n', '\v', '\f', '\r', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// invisible reports whether r shows nothing, or only a blank, without
// being white space: format characters (Cf: joiners, direction marks, the
// zero width space, the word joiner, the byte order mark, tags), the
// other default ignorable code points (the Hangul fillers U+115F, U+1160,
// U+3164, U+FFA0, the combining grapheme joiner, …) and the braille
// pattern blank U+2800, which fonts draw as an empty cell. Marks (Mn) are
// not: they stay stripped from the letter they sit on.
func invisible(r rune) bool {
	return r == '\u2800' || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) && !unicode.Is(unicode.Mn, r)
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

// push appends the folded form of d, which came from code point f.n: the
// letters search folds alike (text.FoldLetter: Arabic spellings, digits,
// ß, ø, ł, …) as search folds them.
func (f *folded) push(d rune) {
	switch d = unicode.ToLower(d); {
	case d == 'ı':
		d = 'i'
	case d == '\u2010' || d == '\u2011':
		d = '-'
	case text.FoldLetter(d) != "":
		for _, m := range text.FoldLetter(d) {
			f.add(m, plain)
		}
		return
	default:
		if l, ok := homoglyphs[d]; ok {
			d = l
		}
	}
	f.add(d, plain)
}

// add appends r of kind k, from code point f.n.
func (f *folded) add(r rune, k byte) {
	f.runes, f.from, f.kind = append(f.runes, r), append(f.from, f.n), append(f.kind, k)
}

// last returns the kind and rune of the last folded rune (ok false when
// there is none).
func (f *folded) last() (r rune, k byte, ok bool) {
	if n := len(f.runes); n > 0 {
		return f.runes[n-1], f.kind[n-1], true
	}
	return 0, 0, false
}

// space appends one space, unless the folded text ends in one; a blank
// just before it becomes the space (a blank beside a space is the space).
func (f *folded) space() {
	switch r, k, ok := f.last(); {
	case ok && k == blank:
		f.kind[len(f.kind)-1] = plain
	case !ok || r != ' ' || k != plain:
		f.add(' ', plain)
	}
}

// blank appends a blank, unless the folded text ends in a space or a
// blank already.
func (f *folded) blank() {
	if r, _, ok := f.last(); !ok || r != ' ' {
		f.add(' ', blank)
	}
}

// isWord reports whether r belongs to a word: a match must not continue a
// word on either side.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
