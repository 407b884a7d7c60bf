package disclosure

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is a text folded for matching: runes[i] came from code point
// from[i] of the original, which had n code points.
type folded struct {
	runes []rune
	from  []int
	n     int
}

// fold folds s for matching redaction terms: each code point is decomposed
// (NFD), stripped of non-spacing marks and lowercased; dotted and dotless
// Turkish i (İ, ı) become i; every run of white space becomes one space.
// It is deliberately simple and local: names are matched, not languages
// collated.
func fold(s string) folded {
	f := folded{runes: make([]rune, 0, len(s)), from: make([]int, 0, len(s))}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			if len(f.runes) == 0 || f.runes[len(f.runes)-1] != ' ' {
				f.push(' ')
			}
		case r < utf8.RuneSelf:
			f.push(unicode.ToLower(r))
		default:
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					f.push(d)
				}
			}
		}
		f.n++
	}
	return f
}

// push appends the folded form of d, which came from code point f.n.
func (f *folded) push(d rune) {
	if d = unicode.ToLower(d); d == 'ı' {
		d = 'i'
	}
	f.runes, f.from = append(f.runes, d), append(f.from, f.n)
}

// isWord reports whether r belongs to a word: a match must not continue a
// word on either side.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
