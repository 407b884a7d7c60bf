package text

import (
	"slices"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// Query is a parsed search query. Its terms are folded, so it matches the
// folded words of a text (see Fold and Tokenize). The zero Query matches
// nothing.
type Query struct {
	root *node
}

// Bounds on a query, so that a hostile search box cannot make parsing or
// matching expensive.
const (
	// MaxQueryLen is the longest query, in code points.
	MaxQueryLen = 4096
	// MaxNearDistance is the largest N of NEAR(…, N) and NEAR/N.
	MaxNearDistance = 1_000_000
	// DefaultNearDistance is N when a NEAR gives none, as in FTS5.
	DefaultNearDistance = 10
	// MaxQueryTerms bounds the words, prefixes and phrases of a query:
	// each is looked up in the index (and, for roles that see counts
	// only, every alternative of an OR is searched again on its own), so
	// a query of hundreds of alternatives would make one request do the
	// work of hundreds.
	MaxQueryTerms = 64
	// maxDepth bounds nested parentheses.
	maxDepth = 64
)

// kind is the operation of a query node.
type kind uint8

const (
	kindPhrase kind = iota // terms in a row
	kindAnd                // all kids
	kindOr                 // any kid
	kindNot                // kids[0] and not kids[1]
	kindNear               // kids (phrases) within dist tokens
)

// node is one node of a query tree.
type node struct {
	kind   kind
	terms  []string // kindPhrase: folded words, in order
	prefix bool     // kindPhrase: the last term matches as a prefix
	kids   []*node
	dist   int // kindNear
}

// ParseQuery parses a search query:
//
//	word          a word; a word with an apostrophe or hyphen is a phrase
//	word*         words beginning with word (prefix)
//	"a phrase"    the words in a row ("…"* makes the last one a prefix);
//	              “ ” and „ work as quotes too
//	a b           both (implicit AND, binds tightest, as in FTS5)
//	a AND b       both
//	a OR b        either
//	a NOT b       a, in a text without b (also written a AND NOT b)
//	( … )         grouping
//	NEAR(a b c, N)  the phrases with at most N words between the end of the
//	              first and the start of the last, in any order (N defaults
//	              to 10)
//	a NEAR/N b    the same as NEAR(a b, N); a NEAR b uses N = 10
//
// Operators are upper case; lower-case "and", "or", "not" and "near" are
// words, and so is any operator in quotes. Precedence, from loosest: OR,
// AND, NOT, then implicit AND and NEAR/N. NOT needs a left operand (a query
// cannot be only negative), and NEAR takes only words and phrases. Commas
// outside NEAR(…) separate words like spaces do.
//
// Errors are ownwords.EINVALID and name the position in code points counted
// from 1, e.g. "query: unexpected ')' at 14".
func ParseQuery(q string) (Query, error) {
	if n := utf8.RuneCountInString(q); n > MaxQueryLen {
		return Query{}, ownwords.Errorf(ownwords.EINVALID, "query: longer than %d characters", MaxQueryLen)
	}
	lexemes, err := lex([]rune(q))
	if err != nil {
		return Query{}, err
	}
	if len(lexemes) == 1 { // only the end marker
		return Query{}, ownwords.Errorf(ownwords.EINVALID, "query: empty")
	}
	p := &parser{toks: lexemes}
	root, err := p.parseOr()
	if err != nil {
		return Query{}, err
	}
	if p.peek().kind != lexEOF {
		return Query{}, p.misplaced()
	}
	if n := root.phrases(); n > MaxQueryTerms {
		return Query{}, ownwords.Errorf(ownwords.EINVALID, "query: %d words and phrases; a query has at most %d: split it into several searches", n, MaxQueryTerms)
	}
	return Query{root: root}, nil
}

// phrases counts the words, prefixes and phrases under n.
func (n *node) phrases() int {
	if n.kind == kindPhrase {
		return 1
	}
	total := 0
	for _, k := range n.kids {
		total += k.phrases()
	}
	return total
}

// errAt returns the EINVALID error for a problem at the 0-based code point
// offset pos of the query, shown counted from 1.
func errAt(pos int, format string, args ...any) error {
	return ownwords.Errorf(ownwords.EINVALID, "query: "+format+" at %d", append(args, pos+1)...)
}

// Negates reports whether q excludes anything (has a NOT). Roles that get
// only counts may not search with one: "X NOT Y" counts the speakers of X
// minus those of Y, the classic tracker query.
func (q Query) Negates() bool { return q.root.negates() }

func (n *node) negates() bool {
	if n == nil {
		return false
	}
	if n.kind == kindNot {
		return true
	}
	for _, k := range n.kids {
		if k.negates() {
			return true
		}
	}
	return false
}

// OrOperands returns the operands of every OR of q, each as a query of
// its own (rendered as FTS5 renders it, which ParseQuery reads back to the
// same tree), without repeats, in the order they appear; none when q has
// no OR. A prefix is an OR in disguise (every word it begins) and counts
// as an OR of itself. Roles that get counts only must find each operand
// matched by at least k participants, so that "X OR Z" cannot tell
// whether anyone outside X matches a Z that few match (a name, a two-word
// name as NEAR(a b, 0) or a AND b).
func (q Query) OrOperands() []string {
	var out []string
	add := func(n *node) {
		var b strings.Builder
		renderFTS5(&b, n)
		if !slices.Contains(out, b.String()) {
			out = append(out, b.String())
		}
	}
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		switch {
		case n.kind == kindOr:
			for _, k := range n.kids {
				add(k)
			}
		case n.kind == kindPhrase && n.prefix:
			add(n)
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(q.root)
	return out
}
