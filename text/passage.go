package text

import (
	"unicode"
)

// Paragraph returns the span [start, end) in code points of the paragraph of
// s that holds code point at, without its surrounding whitespace. A paragraph
// is one line: line breaks (\n, \r\n, \r, U+2028, U+2029 …) separate
// paragraphs, so blank lines are empty paragraphs between them. Transcripts
// put each paragraph and each speaker turn on a line of its own (ingest turns
// a .docx paragraph into one line); hard-wrapped plain text must be unwrapped
// on import to get paragraphs longer than a line. A line break belongs to
// the line it ends; at is clamped to s; on a blank line the result is the
// empty span (at, at).
func Paragraph(s string, at int) (start, end int) {
	rs := []rune(s)
	at = clampAt(rs, at)
	ls, le := lineAt(rs, at)
	return trimSpan(rs, ls, le, at)
}

// Sentence returns the span [start, end) of the sentence of s that holds
// code point at, without surrounding whitespace. A sentence ends after a run
// of . ! ? … ؟ (U+061F) ۔ (U+06D4) । ॥ followed, after any closing quotes or
// brackets, by whitespace or the end of the line, or after a run of 。！？｡,
// which need no space after them. Sentences never cross a line break (see
// Paragraph). Abbreviations are not recognised: "Dr. Ali" is two sentences.
// Whitespace between two sentences belongs to the first; at is clamped to s;
// on a blank line the result is the empty span (at, at).
func Sentence(s string, at int) (start, end int) {
	rs := []rune(s)
	at = clampAt(rs, at)
	ls, le := lineAt(rs, at)
	ls, le = trimSpan(rs, ls, le, at)
	if ls == le {
		return ls, le
	}
	start = ls
	for i := ls; i < le; {
		j := sentenceEnd(rs, i, le)
		if j >= le || j > at {
			return start, min(j, le)
		}
		for j < le && unicode.IsSpace(rs[j]) {
			j++
		}
		if j > at {
			return trimSpan(rs, start, j, at)
		}
		start, i = j, j
	}
	return start, le
}

// sentenceEnd returns the offset just past the sentence that begins at i,
// or end if it runs to the end of the line.
func sentenceEnd(rs []rune, i, end int) int {
	for ; i < end; i++ {
		wide, ok := terminator(rs[i])
		if !ok {
			continue
		}
		j := i
		for j < end {
			if _, ok := terminator(rs[j]); !ok {
				break
			}
			j++
		}
		for j < end && isCloser(rs[j]) {
			j++
		}
		if wide || j == end || unicode.IsSpace(rs[j]) {
			return j
		}
		i = j - 1
	}
	return end
}

// terminator reports whether r ends a sentence, and whether it is a CJK
// full stop that needs no space after it.
func terminator(r rune) (wide, ok bool) {
	switch r {
	case '.', '!', '?', '…', '؟', '۔', '।', '॥':
		return false, true
	case '。', '！', '？', '｡':
		return true, true
	}
	return false, false
}

// isCloser reports closing quotes and brackets that stay with the sentence
// they end.
func isCloser(r rune) bool {
	return r == '"' || r == '\'' || unicode.In(r, unicode.Pe, unicode.Pf)
}

// clampAt clamps at into rs; the end of the text counts as its last code
// point, and the \n of a \r\n as its \r.
func clampAt(rs []rune, at int) int {
	at = min(max(at, 0), max(len(rs)-1, 0))
	if at > 0 && at < len(rs) && rs[at] == '\n' && rs[at-1] == '\r' {
		at--
	}
	return at
}

// lineAt returns the span of the line holding at, without its line break.
func lineAt(rs []rune, at int) (start, end int) {
	start = at
	for start > 0 && !isLineBreak(rs[start-1]) {
		start--
	}
	end = at
	for end < len(rs) && !isLineBreak(rs[end]) {
		end++
	}
	return start, end
}

// trimSpan trims whitespace from both ends of [start, end); an empty result
// is (at, at).
func trimSpan(rs []rune, start, end, at int) (int, int) {
	for start < end && unicode.IsSpace(rs[start]) {
		start++
	}
	for end > start && unicode.IsSpace(rs[end-1]) {
		end--
	}
	if start == end {
		return at, at
	}
	return start, end
}
