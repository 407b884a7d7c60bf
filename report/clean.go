package report

import (
	"strings"
	"unicode"
)

// Clean makes text from the study (labels, values, quotes) safe to place
// in any rendering before that renderer's own escaping: invalid UTF-8 and
// bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069,
// which can make text read differently from what it says) and the
// non-characters U+FFFE, U+FFFF (not allowed in XML) become U+FFFD;
// bidi marks are dropped; control characters (terminal escapes included)
// and line breaks become spaces; runs of spaces collapse.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069', r == '\uFFFE', r == '\uFFFF':
			r = '\uFFFD'
		case r == '\u200E' || r == '\u200F' || r == '\u061C':
			continue
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.IsSpace(r):
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// truncate cuts s after n runes, ending it in "…" when cut.
func truncate(s string, n int) string {
	i := 0
	for at := range s {
		if i == n {
			return strings.TrimSpace(s[:at]) + "…"
		}
		i++
	}
	return s
}
