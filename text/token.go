package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text: its span in code points of the original text
// (End exclusive), the original spelling and its folded form.
type Token struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Norm  string `json:"norm"`
}

// Tokenize splits s into words as the package documentation describes, in
// order and without overlap. Tokens whose folded form is empty (a lone
// tatweel or diacritic) are left out: they can match nothing, and the stores
// never see them in IndexText either.
func Tokenize(s string) []Token {
	toks := make([]Token, 0, len(s)/8)
	// Interviews repeat their words; folding each spelling once is several
	// times faster than folding every token.
	folded := map[string]string{}
	for b, idx := 0, 0; ; {
		var t Token
		var ok bool
		if t, _, b, idx, ok = nextToken(s, b, idx, folded); !ok {
			break
		}
		toks = append(toks, t)
	}
	if len(toks) == 0 {
		return nil
	}
	return toks
}

// nextToken returns the first token with a folded form that begins at or
// after byte b (code point idx) of s, the byte where it begins, and the
// byte and code point offsets just past it; ok is false when none is left.
// folded caches Fold by spelling.
func nextToken(s string, b, idx int, folded map[string]string) (t Token, startB, nextB, nextIdx int, ok bool) {
	for {
		var startIdx int
		if startB, startIdx, b, idx, ok = scanToken(s, b, idx); !ok {
			return Token{}, 0, b, idx, false
		}
		t = Token{Start: startIdx, End: idx, Text: s[startB:b]}
		norm, seen := folded[t.Text]
		if !seen {
			norm = Fold(t.Text)
			folded[t.Text] = norm
		}
		if t.Norm = norm; t.Norm != "" {
			return t, startB, b, idx, true
		}
	}
}

// scanToken finds the first word that begins at or after byte b (code
// point idx) of s, whether or not its folded form is empty: the byte and
// code point where it begins and just past it; ok is false when none is
// left. ASCII, most of most transcripts, is read a byte at a time.
func scanToken(s string, b, idx int) (startB, startIdx, nextB, nextIdx int, ok bool) {
	for b < len(s) {
		if c := s[b]; c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				b++
				idx++
				continue
			}
			nextB, nextIdx = wordEnd(s, b+1, idx+1, false)
			return b, idx, nextB, nextIdx, true
		}
		r, w := utf8.DecodeRuneInString(s[b:])
		if !isWordRune(r) {
			b += w
			idx++
			continue
		}
		nextB, nextIdx = wordEnd(s, b+w, idx+1, isIdeograph(r))
		return b, idx, nextB, nextIdx, true
	}
	return 0, 0, b, idx, false
}

// isASCIIWord is isWordRune for an ASCII character: a letter or a digit
// (ASCII has no marks).
func isASCIIWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// wordEnd returns the byte and code point offsets just past the word that
// continues at byte b. An ideograph takes only the marks that follow it.
func wordEnd(s string, b, idx int, ideo bool) (int, int) {
	for b < len(s) {
		if c := s[b]; c < utf8.RuneSelf { // neither a mark nor ignorable
			if ideo || !isASCIIWord(c) {
				return b, idx
			}
			b++
			idx++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[b:])
		switch {
		case unicode.IsMark(r):
		case ideo || isIdeograph(r):
			return b, idx
		case unicode.IsLetter(r) || unicode.IsNumber(r):
		case isIgnorable(r):
			next, _ := utf8.DecodeRuneInString(s[b+w:])
			if b+w >= len(s) || !isWordRune(next) || isIdeograph(next) {
				return b, idx
			}
		default:
			return b, idx
		}
		b += w
		idx++
	}
	return b, idx
}

// isWordRune reports whether r can start or continue a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isIdeograph reports the characters that are one word each, because their
// scripts do not put spaces between words.
func isIdeograph(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// IndexText returns the folded words of s joined by single spaces: the text
// both stores should put in their full-text index, so that their tokenisers
// see the words Find matches (see the package documentation).
func IndexText(s string) string {
	toks := Tokenize(s)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
}
