package text

import (
	"cmp"
	"slices"
	"strings"
)

// Hit is a span of the original text that a query matched, in code points
// (End exclusive): one word, or the words of a phrase.
type Hit struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Find returns where q matches s, in order. The query is decided on s as a
// whole, as the stores decide it on a row: a NOT b matches when s holds a
// and no b, and then the hits are those of a; a b needs both, a OR b takes
// whichever occur. The hits are the words and phrases of the positive terms
// that made the query match, with NEAR keeping only the occurrences that
// lie close enough to the others; hits that overlap are merged, so hits
// never overlap. A query that does not match s gives no hits, and a query
// that matches always gives at least one. Find is deterministic and works
// on the tokens of s (see Tokenize), so offsets are those of the original.
func Find(s string, q Query) []Hit {
	if q.root == nil {
		return nil
	}
	return findTokens(Tokenize(s), q)
}

// findTokens is Find on a text already tokenised.
func findTokens(toks []Token, q Query) []Hit {
	spans := eval(q.root, tokenSource(toks))
	if len(spans) == 0 {
		return nil
	}
	hits := make([]Hit, len(spans))
	for i, sp := range spans {
		hits[i] = Hit{Start: toks[sp.from].Start, End: toks[sp.to-1].End}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	merged := hits[:1]
	for _, h := range hits[1:] {
		last := &merged[len(merged)-1]
		if h.Start < last.End {
			last.End = max(last.End, h.End)
			continue
		}
		merged = append(merged, h)
	}
	return merged
}

// span is a run of tokens [from, to).
type span struct{ from, to int }

// source is what eval reads of one text: every occurrence of a phrase, and
// a bound on the token positions (the number of tokens, or any number past
// the last occurrence of every query term). The tokens of a text
// (tokenSource) and the postings of a full-text index (Postings) are the
// two sources; on the same text they give the same spans.
type source interface {
	phrase(n *node) []span
	bound() int
}

// tokenSource reads the tokens of a text.
type tokenSource []Token

func (t tokenSource) phrase(n *node) []span { return phraseSpans(n, t) }
func (t tokenSource) bound() int            { return len(t) }

// eval returns the token spans where n matches, or nil if it does not.
func eval(n *node, toks source) []span {
	switch n.kind {
	case kindPhrase:
		return toks.phrase(n)
	case kindAnd:
		var out []span
		for _, k := range n.kids {
			sp := eval(k, toks)
			if sp == nil {
				return nil
			}
			out = append(out, sp...)
		}
		return out
	case kindOr:
		var out []span
		for _, k := range n.kids {
			out = append(out, eval(k, toks)...)
		}
		return out
	case kindNot:
		left := eval(n.kids[0], toks)
		if left == nil || eval(n.kids[1], toks) != nil {
			return nil
		}
		return left
	default: // kindNear
		return nearSpans(n, toks)
	}
}

// phraseSpans returns every occurrence of a phrase.
func phraseSpans(n *node, toks []Token) []span {
	var out []span
	k := len(n.terms)
	for i := 0; i+k <= len(toks); i++ {
		if phraseAt(n, toks, i) {
			out = append(out, span{i, i + k})
		}
	}
	return out
}

// phraseAt reports whether the phrase n matches the tokens from i on.
func phraseAt(n *node, toks []Token, i int) bool {
	for j, term := range n.terms {
		norm := toks[i+j].Norm
		if n.prefix && j == len(n.terms)-1 {
			if !strings.HasPrefix(norm, term) {
				return false
			}
		} else if norm != term {
			return false
		}
	}
	return true
}

// nearSpans returns the occurrences of a NEAR group's phrases that take part
// in a match. As in FTS5, a choice of one occurrence per phrase matches when
// the last start minus the first end is at most N tokens (N tokens between
// them); the same occurrence may serve two equal phrases. That holds exactly
// when the closed intervals [start, end+N] of the chosen occurrences share a point
// (for intervals on a line, pairwise overlap means a common point), so an
// occurrence takes part when its interval meets a point that every phrase
// covers with some interval.
//
// A distance beyond the source's bound changes nothing (every interval then
// reaches past every occurrence), so it is clamped to the bound.
func nearSpans(n *node, toks source) []span {
	occ := make([][]span, len(n.kids))
	for i, k := range n.kids {
		if occ[i] = toks.phrase(k); occ[i] == nil {
			return nil
		}
	}
	bound := toks.bound()
	dist := min(n.dist, bound)
	size := bound + dist + 1
	covered := make([]int, size) // phrases covering each point
	diff := make([]int, size+1)
	for _, spans := range occ {
		clear(diff)
		for _, sp := range spans {
			diff[sp.from]++
			diff[sp.to+dist+1]--
		}
		run := 0
		for t := range size {
			if run += diff[t]; run > 0 {
				covered[t]++
			}
		}
	}
	good := make([]int, size+1) // good[t] = points before t that all phrases cover
	for t := range size {
		good[t+1] = good[t]
		if covered[t] == len(occ) {
			good[t+1]++
		}
	}
	var out []span
	for _, spans := range occ {
		for _, sp := range spans {
			if good[sp.to+dist+1] > good[sp.from] {
				out = append(out, sp)
			}
		}
	}
	return out
}
