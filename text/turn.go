package text

import (
	"unicode"
)

// Turn returns the span [start, end) of the speaker turn of s that holds code
// point at, without surrounding whitespace and with the speaker label. A turn
// begins with a line whose first word, after any indentation, is a speaker
// label and runs up to the next such line. "Interviewer:", "Q:", "A:",
// "P-0042:", "Participant 2:" and "المحاور:" are labels; "10:15" and
// "http://x" are not. Any short "Word:" at the start of a line counts, so a
// line such as "Note: …" also starts a turn. Before the first label, and in
// a text without labels, there are no turns: Turn then returns the
// Paragraph. at is clamped to s.
func Turn(s string, at int) (start, end int) {
	rs := []rune(s)
	at = clampAt(rs, at)
	ls, _ := lineAt(rs, at)
	for !labelLine(rs, ls) {
		if ls == 0 {
			return Paragraph(s, at)
		}
		ls, _ = lineAt(rs, ls-1)
	}
	_, le := lineAt(rs, ls)
	for le < len(rs) {
		next := le + 1
		if rs[le] == '\r' && next < len(rs) && rs[next] == '\n' {
			next++
		}
		if next >= len(rs) || labelLine(rs, next) {
			break
		}
		_, le = lineAt(rs, next)
	}
	return trimSpan(rs, ls, le, at)
}

// labelLine reports whether the line that starts at ls begins with a
// speaker label.
func labelLine(rs []rune, ls int) bool {
	i := ls
	for i < len(rs) && !isLineBreak(rs[i]) && unicode.IsSpace(rs[i]) {
		i++
	}
	return labelLen(rs[i:]) > 0
}

// A speaker label is one to three words of letters, digits, marks and
// - _ . ' ’, the first starting with a letter, at most 40 code points in all,
// followed by ':' and then whitespace or the end of the line, or by '：'. The
// bounds are long enough for "Interviewer 2" or "Participant P-0042", short
// enough that a sentence with a colon in it is rarely taken for a label.
const (
	maxLabelRunes = 40
	maxLabelWords = 3
)

// labelLen returns the length of the speaker label with its colon at the
// start of rs, or 0 if there is none.
func labelLen(rs []rune) int {
	if len(rs) == 0 || !unicode.IsLetter(rs[0]) {
		return 0
	}
	words := 1
	for i := 0; i < len(rs) && i <= maxLabelRunes; i++ {
		r := rs[i]
		switch {
		case r == '：': // CJK text puts no space after it
			return i + 1
		case r == ':':
			if i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
				return 0
			}
			return i + 1
		case r == ' ':
			if words++; words > maxLabelWords || i+1 >= len(rs) || rs[i+1] == ' ' {
				return 0
			}
		case !isLabelRune(r):
			return 0
		}
	}
	return 0
}

// isLabelRune reports the code points a speaker label's words may hold.
func isLabelRune(r rune) bool {
	switch r {
	case '-', '_', '.', '\'', '’':
		return true
	}
	return isWordRune(r)
}
