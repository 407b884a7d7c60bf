package disclosure

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Finding is one occurrence of a redaction term in a text, from Start to End
// in Unicode code points (End exclusive), as segments count offsets.
type Finding struct {
	Start, End int
	// Term is the entry of the redaction list that matched.
	Term string
}

// Scan finds every occurrence in text of the redaction terms (names,
// places, dates of the study's redaction list) ignoring case, diacritics
// and the Turkish dotted/dotless i, and treating any run of white space as
// one space; a term matches whole words only ("Raqqa" matches "RAQQA," but
// not "Raqqawi"). A zero width space, which separates words in some
// scripts but shows nothing, is read both ways: as a space ("Abu\u200bOmar"
// holds "Omar") and as nothing ("Ra\u200bqqa", shown as Raqqa, is Raqqa).
// Findings are sorted by Start, longest first; overlapping findings of
// different terms are all kept.
func Scan(text string, redactions []string) []Finding {
	texts := []folded{fold(text)}
	if strings.ContainsRune(text, zwsp) {
		texts = append(texts, foldZW(text, true))
	}
	var out []Finding
	for _, term := range redactions {
		pat := trimSpace(fold(term).runes)
		if len(pat) == 0 {
			continue
		}
		wordStart, wordEnd := isWord(pat[0]), isWord(pat[len(pat)-1])
		for _, f := range texts {
			for s := 0; s+len(pat) <= len(f.runes); s++ {
				e := s + len(pat)
				if !slices.Equal(f.runes[s:e], pat) ||
					(wordStart && s > 0 && isWord(f.runes[s-1])) ||
					(wordEnd && e < len(f.runes) && isWord(f.runes[e])) {
					continue
				}
				out = append(out, Finding{Start: f.from[s], End: f.end(e), Term: term})
			}
		}
	}
	slices.SortFunc(out, func(a, b Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return b.End - a.End
		}
		return strings.Compare(a.Term, b.Term)
	})
	return slices.Compact(out)
}

// Covers reports whether the redaction list can find a name in text: it
// has a term written in every script of text's letters. A list of Latin
// names scans an Arabic original in vain, so a public output shows such
// an original beside its translation only once the list names people and
// places in its script too (report.SelectQuotes). Text without letters is
// covered by any list.
func Covers(redactions []string, text string) bool {
	have := map[*unicode.RangeTable]bool{}
	for _, term := range redactions {
		for _, r := range term {
			if s := scriptOf(r); s != nil {
				have[s] = true
			}
		}
	}
	for _, r := range text {
		if s := scriptOf(r); s != nil && !have[s] {
			return false
		}
	}
	return true
}

// scriptOf returns the script of a letter, nil for anything else (and a
// letter of no script table).
func scriptOf(r rune) *unicode.RangeTable {
	switch {
	case !unicode.IsLetter(r):
		return nil
	case r < utf8.RuneSelf, unicode.Is(unicode.Latin, r):
		return unicode.Latin
	case unicode.Is(unicode.Arabic, r):
		return unicode.Arabic
	}
	for _, t := range unicode.Scripts {
		if unicode.Is(t, r) {
			return t
		}
	}
	return nil
}

// end returns the original code point offset just after a match that ends
// before folded rune e: it takes in the marks stripped from the last letter.
func (f folded) end(e int) int {
	if e < len(f.runes) {
		return max(f.from[e], f.from[e-1]+1)
	}
	return f.n
}

func trimSpace(rs []rune) []rune {
	for len(rs) > 0 && rs[0] == ' ' {
		rs = rs[1:]
	}
	for len(rs) > 0 && rs[len(rs)-1] == ' ' {
		rs = rs[:len(rs)-1]
	}
	return rs
}
