package qdpx

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ownwords"
)

// minQuote is the shortest selection name searched for in the text: a
// tool that names selections by their text (NVivo, ATLAS.ti) gives a quote
// to re-anchor by, but a short name ("Yes", "line:6") would match
// anywhere.
const minQuote = 10

// anchor maps selection positions of a source as the tool counted them
// (code points of the file it wrote, CRLF as two) to code points of the
// imported text (CRLF as one "\n", NFC).
type anchor struct {
	raw, text string
	// crMap[i] is the code point of text before raw code point i, when
	// only line ends differ; nil when raw == text.
	crMap []int
	// nfc is set when normalisation changed more than line ends.
	nfc       bool
	textRunes int
}

func newAnchor(raw, text string) *anchor {
	a := &anchor{raw: raw, text: text, textRunes: utf8.RuneCountInString(text)}
	if raw == text {
		return a
	}
	rs := []rune(raw)
	a.crMap = make([]int, len(rs)+1)
	j := 0
	for i := 0; i < len(rs); i++ {
		a.crMap[i] = j
		if rs[i] == '\r' && i+1 < len(rs) && rs[i+1] == '\n' {
			a.crMap[i+1] = j
			i++
		}
		j++
	}
	a.crMap[len(rs)] = j
	a.nfc = j != a.textRunes || !norm.NFC.IsNormalString(raw)
	return a
}

// mapPos maps a raw position to a text position, or -1 if out of range.
func (a *anchor) mapPos(p int) int {
	if a.crMap == nil {
		if p < 0 || p > a.textRunes {
			return -1
		}
		return p
	}
	if p < 0 || p >= len(a.crMap) {
		return -1
	}
	if !a.nfc {
		return a.crMap[p]
	}
	// Composition moved code points: count the normalised prefix.
	prefix := string([]rune(a.raw)[:p])
	prefix = strings.ReplaceAll(strings.ReplaceAll(prefix, "\r\n", "\n"), "\r", "\n")
	return utf8.RuneCountInString(norm.NFC.String(prefix))
}

// place sets sel's range in the text, re-anchoring by its name when that
// is a quote the positions miss; it reports whether it re-anchored. A
// selection that cannot be placed gets a Dropped reason.
func (a *anchor) place(sel *Selection) (reanchored bool) {
	if sel.End <= sel.Start {
		sel.Dropped = "empty or inverted range"
		return false
	}
	quote := norm.NFC.String(strings.ReplaceAll(strings.TrimSpace(sel.Name), "\r\n", "\n"))
	type cand struct{ s, e int }
	mapped := cand{a.mapPos(sel.Start), a.mapPos(sel.End)}
	cands := []cand{mapped}
	if a.crMap != nil && sel.End <= a.textRunes {
		cands = append(cands, cand{sel.Start, sel.End}) // the tool counted the text as we do
	}
	valid := func(c cand) bool { return c.s >= 0 && c.e > c.s && c.e <= a.textRunes }
	if quote != "" {
		for _, c := range cands {
			if s, ok := ownwords.Slice(a.text, c.s, c.e); ok && valid(c) && strings.TrimSpace(s) == quote {
				sel.Start, sel.End = c.s, c.e
				return false
			}
		}
	}
	if utf8.RuneCountInString(quote) >= minQuote || (!valid(mapped) && quote != "") {
		if s, ok := a.find(quote, mapped.s); ok {
			sel.Start, sel.End = s, s+utf8.RuneCountInString(quote)
			return true
		}
	}
	if !valid(mapped) {
		sel.Dropped = "range lies outside the source text"
		return false
	}
	sel.Start, sel.End = mapped.s, mapped.e
	return false
}

// find returns the code point offset of the occurrence of q nearest to
// near.
func (a *anchor) find(q string, near int) (int, bool) {
	best, found := 0, false
	off := 0 // byte offset searched from
	for {
		i := strings.Index(a.text[off:], q)
		if i < 0 {
			break
		}
		cp := utf8.RuneCountInString(a.text[:off+i])
		if !found || abs(cp-near) < abs(best-near) {
			best, found = cp, true
		}
		off += i + 1
		for off < len(a.text) && !utf8.RuneStart(a.text[off]) {
			off++
		}
	}
	return best, found
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
