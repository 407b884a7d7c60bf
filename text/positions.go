package text

import (
	"cmp"
	"encoding/binary"
	"errors"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Postings are where the words of one text occur, as a full-text index with
// positions records them: token positions (0 for the first token of
// Tokenize, counting only tokens with a folded form) of each folded word the
// query names (Exact) and of every word beginning with each prefix the query
// names (Prefix). Positions need not be sorted or unique.
type Postings struct {
	Exact  map[string][]int
	Prefix map[string][]int
}

// Span is a run of tokens [From, To) by position.
type Span struct{ From, To int }

// Terms returns the folded words and the prefixes q needs postings for, each
// once, in order.
func (q Query) Terms() (exact, prefixes []string) {
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		for i, t := range n.terms {
			if n.prefix && i == len(n.terms)-1 {
				prefixes = append(prefixes, t)
			} else {
				exact = append(exact, t)
			}
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(q.root)
	slices.Sort(exact)
	slices.Sort(prefixes)
	return slices.Compact(exact), slices.Compact(prefixes)
}

// FindPositions is Find on a text known only by its postings: the token
// spans of the hits, in order, overlapping spans merged. On the postings of
// a text it gives the spans of exactly the tokens whose offsets Find
// reports for that text.
func FindPositions(q Query, p Postings) []Span {
	if q.root == nil {
		return nil
	}
	src := newPostingSource(p)
	spans := eval(q.root, src)
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	out := []Span{{spans[0].from, spans[0].to}}
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.from < last.To {
			last.To = max(last.To, sp.to)
			continue
		}
		out = append(out, Span{sp.from, sp.to})
	}
	return out
}

// postingSource answers eval from postings: sorted, unique positions per
// word and prefix.
type postingSource struct {
	exact, prefix map[string][]int
	max           int
}

func newPostingSource(p Postings) postingSource {
	src := postingSource{exact: map[string][]int{}, prefix: map[string][]int{}, max: 0}
	norm := func(dst map[string][]int, m map[string][]int) {
		for t, pos := range m {
			pos = slices.Clone(pos)
			slices.Sort(pos)
			pos = slices.Compact(pos)
			dst[t] = pos
			if len(pos) > 0 {
				src.max = max(src.max, pos[len(pos)-1]+1)
			}
		}
	}
	norm(src.exact, p.Exact)
	norm(src.prefix, p.Prefix)
	return src
}

func (p postingSource) bound() int { return p.max }

// phrase returns every occurrence of a phrase: positions of its first word
// followed by each next word at the next position.
func (p postingSource) phrase(n *node) []span {
	lists := make([][]int, len(n.terms))
	for j, t := range n.terms {
		if n.prefix && j == len(n.terms)-1 {
			lists[j] = p.prefix[t]
		} else {
			lists[j] = p.exact[t]
		}
		if len(lists[j]) == 0 {
			return nil
		}
	}
	var out []span
	for _, at := range lists[0] {
		ok := true
		for j := 1; j < len(lists) && ok; j++ {
			_, ok = slices.BinarySearch(lists[j], at+j)
		}
		if ok {
			out = append(out, span{at, at + len(n.terms)})
		}
	}
	return out
}

// Marks record, for every MarkEvery-th token of a text, where it begins in
// bytes and in code points, so that a token known by its position can be
// found again by tokenising at most MarkEvery tokens instead of the whole
// text (TokensAt).
type Marks []byte

// MarkEvery is the token interval of Marks.
const MarkEvery = 32

// NewMarks returns the marks of s, whose tokens are toks (Tokenize(s)).
func NewMarks(s string, toks []Token) Marks {
	var out []byte
	b, cp, lastB, lastCP := 0, 0, 0, 0
	for i := 0; i < len(toks); i += MarkEvery {
		for cp < toks[i].Start {
			_, w := utf8.DecodeRuneInString(s[b:])
			b += w
			cp++
		}
		out = binary.AppendUvarint(out, uint64(b-lastB))
		out = binary.AppendUvarint(out, uint64(cp-lastCP))
		lastB, lastCP = b, cp
	}
	return out
}

// Prefix returns how much of the text of m its tokens up to position last
// and their KWIC lines of width code points (KWICAt) need: its first cps
// code points, with cut the marks that lie in them, so that TokensAt(s[:
// those code points], cut, positions up to last) and KWICAt on it give
// what they give on the whole text. whole is true when only the whole
// text will do: last is among its last MarkEvery tokens, or the marks are
// malformed (TokensAt then says so on the whole text). A store that keeps
// long texts out of line reads only the prefix for a search page's lines.
func (m Marks) Prefix(last, width int) (cps int, cut Marks, whole bool) {
	if last < 0 {
		return 0, nil, true
	}
	k := last/MarkEvery + 1 // the first mark after last's token
	cp, rest := 0, []byte(m)
	for i := 0; i <= k; i++ {
		_, n := binary.Uvarint(rest)
		if n <= 0 {
			return 0, nil, true
		}
		dcp, n2 := binary.Uvarint(rest[n:])
		if n2 <= 0 {
			return 0, nil, true
		}
		cp += int(dcp)
		if i == k {
			// last's token ends where the next marked one begins, or
			// before; KWICAt reads up to end+width+1 code points.
			return cp + max(width, 0) + 1, m[:len(m)-len(rest)], false
		}
		rest = rest[n+n2:]
	}
	return 0, nil, true
}

// Last returns the code point where the text's last marked token begins:
// at most its length, and within MarkEvery tokens of it. 0 for malformed
// marks.
func (m Marks) Last() int {
	cp := 0
	for rest := []byte(m); len(rest) > 0; {
		_, n := binary.Uvarint(rest)
		if n <= 0 {
			return 0
		}
		dcp, n2 := binary.Uvarint(rest[n:])
		if n2 <= 0 {
			return 0
		}
		cp += int(dcp)
		rest = rest[n+n2:]
	}
	return cp
}

// ErrMarks says marks do not fit the text they are used with.
var ErrMarks = errors.New("text: marks do not match the text")

// PlacedToken is a token with the byte offset where it begins.
type PlacedToken struct {
	Token
	Byte int
}

// TokensAt returns the tokens of s at the given positions (each less than
// the number of tokens), using the marks of s: the same tokens as
// Tokenize(s) holds at those positions, with their byte offsets.
// ErrMarks when the marks are not those of s.
func TokensAt(s string, m Marks, positions []int) ([]PlacedToken, error) {
	type mark struct{ b, cp int }
	var marks []mark
	b, cp := 0, 0
	for rest := []byte(m); len(rest) > 0; {
		db, n := binary.Uvarint(rest)
		if n <= 0 {
			return nil, ErrMarks
		}
		rest = rest[n:]
		dcp, n := binary.Uvarint(rest)
		if n <= 0 {
			return nil, ErrMarks
		}
		rest = rest[n:]
		b, cp = b+int(db), cp+int(dcp)
		if b > len(s) {
			return nil, ErrMarks
		}
		marks = append(marks, mark{b, cp})
	}
	out := make([]PlacedToken, 0, len(positions))
	folded := map[string]string{}
	// at is the last token found: a position asked again (a one-word
	// hit's first and last) is that token, and a later one of the same
	// mark's tokens is found by tokenising on from it rather than from
	// the mark.
	at := struct {
		pos, b, cp int
		t          PlacedToken
	}{pos: -1}
	for _, pos := range positions {
		k := pos / MarkEvery
		if pos < 0 || k >= len(marks) {
			return nil, ErrMarks
		}
		var t PlacedToken
		var ok bool
		switch {
		case pos == at.pos:
			t, ok = at.t, true
		case at.pos >= 0 && at.pos/MarkEvery == k && pos > at.pos:
			t, at.b, at.cp, ok = tokenAfter(s, at.b, at.cp, pos-at.pos-1, folded)
		default:
			t, at.b, at.cp, ok = tokenFrom(s, marks[k].b, marks[k].cp, pos-k*MarkEvery, folded)
		}
		if !ok {
			return nil, ErrMarks
		}
		at.pos, at.t = pos, t
		out = append(out, t)
	}
	return out, nil
}

// tokenFrom tokenises s from byte b (code point cp), which must begin a
// token, and returns the skip-th token after it (0: the one at b) and
// where the tokenising stopped (the byte and code point after it).
func tokenFrom(s string, b, cp, skip int, folded map[string]string) (PlacedToken, int, int, bool) {
	if b < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[b:]); !isWordRune(r) {
			return PlacedToken{}, 0, 0, false
		}
	}
	return tokenAfter(s, b, cp, skip, folded)
}

// tokenAfter tokenises s from byte b (code point cp) and returns the
// skip-th token it finds (0: the first) and the byte and code point after
// it.
func tokenAfter(s string, b, cp, skip int, folded map[string]string) (PlacedToken, int, int, bool) {
	for {
		t, startB, nb, ncp, ok := nextToken(s, b, cp, folded)
		if !ok {
			return PlacedToken{}, 0, 0, false
		}
		if skip == 0 {
			return PlacedToken{t, startB}, nb, ncp, true
		}
		skip--
		b, cp = nb, ncp
	}
}

// IndexableNorms reports whether a full-text tokeniser that splits at every
// code point outside Unicode categories L, N, Co and M (as the stores'
// SQLite FTS5 table does) and lowercases sees each folded word of toks as
// exactly one token, spelled as it is: then the index's token positions are
// the positions of toks, and FindPositions on its postings equals Find.
// Folding can introduce other characters (NFKD turns ½ into 1⁄2).
func IndexableNorms(toks []Token) bool {
	for _, t := range toks {
		for _, r := range t.Norm {
			if !unicode.In(r, unicode.L, unicode.N, unicode.M, unicode.Co) || unicode.ToLower(r) != r {
				return false
			}
		}
	}
	return true
}
