package disclosure

import (
	"slices"
	"strings"
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
// not "Raqqawi"). Findings are sorted by Start, longest first; overlapping
// findings of different terms are all kept.
func Scan(text string, redactions []string) []Finding {
	f := fold(text)
	var out []Finding
	for _, term := range redactions {
		pat := trimSpace(fold(term).runes)
		if len(pat) == 0 {
			continue
		}
		wordStart, wordEnd := isWord(pat[0]), isWord(pat[len(pat)-1])
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
