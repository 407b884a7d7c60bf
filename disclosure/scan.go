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
// not "Raqqawi"). A code point that shows nothing or only a blank (a zero
// width space, a joiner, BRAILLE PATTERN BLANK, a Hangul filler, another
// default ignorable code point), which separates words in some scripts
// or merely disguises a name, is read both ways: as a space
// ("Abu\u200bOmar" holds "Omar") and as nothing ("Ra\u2800qqa", shown as
// Ra qqa or Raqqa, is Raqqa). A word hyphenated at a line break ("Abu
// Mus-\nab", or with a soft hyphen) is read joined ("Abu Musab"), and a
// name broken after its own hyphen ("Al-\nRaqqa") as the name. Findings
// are sorted by Start, longest first; overlapping findings of different
// terms are all kept.
func Scan(text string, redactions []string) []Finding {
	f := fold(text)
	var out []Finding
	for _, term := range redactions {
		pat := pattern(term)
		if len(pat) == 0 {
			continue
		}
		wordStart, wordEnd := isWord(pat[0]), isWord(pat[len(pat)-1])
		at, next := make([]bool, len(pat)+1), make([]bool, len(pat)+1)
		for s := range f.runes {
			if wordStart && s > 0 && f.kind[s-1] == plain && isWord(f.runes[s-1]) {
				continue
			}
			f.match(s, pat, at, next, func(e int) {
				if wordEnd && e < len(f.runes) && f.kind[e] == plain && isWord(f.runes[e]) {
					return
				}
				out = append(out, Finding{Start: f.from[s], End: f.end(e), Term: term})
			})
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

// pattern folds a redaction term into the runes a match must read, without
// spaces at either end: a blank in it is a space, a hyphen at a line break
// a hyphen and a space.
func pattern(term string) []rune {
	f := fold(term)
	var pat []rune
	for i, r := range f.runes {
		if len(pat) > 0 && pat[len(pat)-1] == ' ' && r == ' ' {
			continue
		}
		pat = append(pat, r)
		if f.kind[i] == hyphenBreak {
			pat = append(pat, ' ')
		}
	}
	return trimSpace(pat)
}

// match calls found with the end (exclusive) of every reading of f from
// rune s that spells pat, each end once: a plain rune reads as itself, a
// blank as a space or nothing, a hyphenBreak as a hyphen and a space, a
// hyphen, or nothing (see fold). The first rune read must spell
// something, so that a match starts where its first letter is. The
// readings are followed together, as the positions in pat they have
// reached (at, next: len(pat)+1 each, reused), so that a run of blanks or
// hyphens costs no more than as many letters.
func (f folded) match(s int, pat []rune, at, next []bool, found func(e int)) {
	if f.kind[s] == plain && f.runes[s] != pat[0] {
		return
	}
	clear(at)
	at[0] = true
	for i := s; i < len(f.runes); i++ {
		clear(next)
		alive := false
		for j, ok := range at[:len(pat)] {
			if !ok {
				continue
			}
			switch f.kind[i] {
			case plain:
				next[j+1] = next[j+1] || f.runes[i] == pat[j]
			case blank:
				next[j+1] = next[j+1] || pat[j] == ' '
				next[j] = next[j] || i > s
			case hyphenBreak:
				if pat[j] == '-' {
					next[j+1] = true
					if j+1 < len(pat) && pat[j+1] == ' ' {
						next[j+2] = true
					}
				}
				next[j] = next[j] || i > s
			}
		}
		if next[len(pat)] {
			found(i + 1)
			next[len(pat)] = false
		}
		for _, ok := range next {
			alive = alive || ok
		}
		if !alive {
			return
		}
		at, next = next, at
	}
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
	case !unicode.IsLetter(r), invisible(r):
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
