package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line is a keyword-in-context line: the match [Start, End) in code points of
// the original text, and the context on either side.
type Line struct {
	Start int `json:"start"`
	End   int `json:"end"`
	// Before is the context that ends right before the match. Each line
	// break in it is shown as one space, so it keeps its length in code
	// points: the context begins at Start - (code points of Before).
	Before string `json:"before"`
	// Match is exactly the original text [Start, End), line breaks included.
	Match string `json:"match"`
	// After is the context that begins right after the match, line breaks
	// shown as spaces like Before.
	After string `json:"after"`
}

// KWIC returns the match [start, end) of s with up to width code points of
// context on each side. A context that would begin or end inside a word
// drops that partial word (and the spaces and punctuation next to it),
// unless no other word is left, so it begins and ends with whole words where
// possible; whitespace at its outer ends is trimmed. Offsets outside s are
// clamped to it, and a negative width counts as zero. KWIC reads s from the
// start; for many hits in one text use KWICLines.
func KWIC(s string, start, end, width int) Line {
	return newIndex(s).kwic(start, end, width)
}

// KWICLines returns the KWIC line of each hit in s, reading s once.
func KWICLines(s string, hits []Hit, width int) []Line {
	x := newIndex(s)
	lines := make([]Line, len(hits))
	for i, h := range hits {
		lines[i] = x.kwic(h.Start, h.End, width)
	}
	return lines
}

// KWICAt is KWIC(s, start, end, width) for a match that begins at byte
// startB of s (code point start, end > start): it reads only the code
// points around the match, so it costs the same in a long text as in a
// short one.
func KWICAt(s string, startB, start, end, width int) Line {
	width = max(width, 0)
	b0, w0 := startB, start
	for w0 > 0 && start-w0 <= width {
		_, sz := utf8.DecodeLastRuneInString(s[:b0])
		b0 -= sz
		w0--
	}
	b1, w1 := startB, start
	for b1 < len(s) && w1 < end+width+1 {
		_, sz := utf8.DecodeRuneInString(s[b1:])
		b1 += sz
		w1++
	}
	l := newIndex(s[b0:b1]).kwic(start-w0, end-w0, width)
	l.Start, l.End = l.Start+w0, l.End+w0
	return l
}

func (x index) kwic(start, end, width int) Line {
	width = max(width, 0)
	n := x.len()
	start = min(max(start, 0), n)
	end = min(max(end, start), n)
	from := max(start-width, 0)
	if from > 0 && from < start && isWordRune(x.at(from-1)) && isWordRune(x.at(from)) {
		// Skip the cut word and what follows it up to the next word.
		f := from
		for f < start && isWordRune(x.at(f)) {
			f++
		}
		for f < start && !isWordRune(x.at(f)) {
			f++
		}
		if f < start {
			from = f
		}
	}
	to := min(end+width, n)
	if to < n && to > end && isWordRune(x.at(to-1)) && isWordRune(x.at(to)) {
		t := to
		for t > end && isWordRune(x.at(t-1)) {
			t--
		}
		for t > end && !isWordRune(x.at(t-1)) {
			t--
		}
		if t > end {
			to = t
		}
	}
	for from < start && unicode.IsSpace(x.at(from)) {
		from++
	}
	for to > end && unicode.IsSpace(x.at(to-1)) {
		to--
	}
	return Line{
		Start:  start,
		End:    end,
		Before: flatten(x.slice(from, start)),
		Match:  x.slice(start, end),
		After:  flatten(x.slice(end, to)),
	}
}

// index maps the code point offsets of a text to byte offsets. int32 is
// enough: a transcript is at most ownwords.MaxTranscriptBytes.
type index struct {
	s    string
	offs []int32 // offs[i] is the byte offset of code point i; offs[len] = len(s)
}

func newIndex(s string) index {
	offs := make([]int32, 0, len(s)+1)
	for b := range s {
		offs = append(offs, int32(b))
	}
	return index{s: s, offs: append(offs, int32(len(s)))}
}

// len returns the number of code points.
func (x index) len() int { return len(x.offs) - 1 }

// at returns code point i; an invalid UTF-8 byte reads as U+FFFD.
func (x index) at(i int) rune {
	r, _ := utf8.DecodeRuneInString(x.s[x.offs[i]:])
	return r
}

// slice returns code points [from, to) exactly as they are in the text.
func (x index) slice(from, to int) string { return x.s[x.offs[from]:x.offs[to]] }

// flatten returns s with every line break replaced by a space (and any
// invalid UTF-8 byte by U+FFFD).
func flatten(s string) string {
	return strings.Map(func(r rune) rune {
		if isLineBreak(r) {
			return ' '
		}
		return r
	}, s)
}

// isLineBreak reports the code points that end a line.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}
