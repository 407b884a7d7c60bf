package text

import (
	"fmt"
	"slices"
	"strconv"
	"unicode"
)

// lexKind is the kind of a lexeme of a query.
type lexKind uint8

const (
	lexEOF lexKind = iota
	lexPhrase
	lexLParen
	lexRParen
	lexComma
	lexAnd
	lexOr
	lexNot
	lexNear      // infix NEAR or NEAR/N
	lexNearGroup // NEAR directly before "("
)

// lexeme is one unit of a query, at code point pos (from 0).
type lexeme struct {
	kind   lexKind
	pos    int
	raw    string   // the text as typed
	terms  []string // lexPhrase: folded words
	prefix bool     // lexPhrase: last word is a prefix
	quoted bool     // lexPhrase: typed in quotes
	dist   int      // lexNear
}

// String names the lexeme in error messages.
func (l lexeme) String() string {
	switch l.kind {
	case lexEOF:
		return "end of query"
	case lexPhrase:
		return fmt.Sprintf("%q", l.raw)
	case lexLParen, lexRParen, lexComma:
		return "'" + l.raw + "'"
	}
	return l.raw
}

// lex splits a query into lexemes, ending with lexEOF.
func lex(q []rune) ([]lexeme, error) {
	var out []lexeme
	for i := 0; ; {
		for i < len(q) && unicode.IsSpace(q[i]) {
			i++
		}
		if i == len(q) {
			return append(out, lexeme{kind: lexEOF, pos: i}), nil
		}
		var l lexeme
		var err error
		switch r := q[i]; {
		case r == '(':
			l, i = lexeme{kind: lexLParen, pos: i, raw: "("}, i+1
		case r == ')':
			l, i = lexeme{kind: lexRParen, pos: i, raw: ")"}, i+1
		case r == ',':
			l, i = lexeme{kind: lexComma, pos: i, raw: ","}, i+1
		case isQuote(r):
			l, i, err = lexQuoted(q, i)
		default:
			l, i, err = lexWord(q, i)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
}

// isQuote reports the characters that open and close a phrase.
func isQuote(r rune) bool {
	return r == '"' || r == '“' || r == '”' || r == '„'
}

// isDelim reports the characters that end a bare word.
func isDelim(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == ',' || isQuote(r)
}

// lexQuoted reads the phrase whose opening quote is at i.
func lexQuoted(q []rune, i int) (lexeme, int, error) {
	j := i + 1
	for j < len(q) && !isQuote(q[j]) {
		j++
	}
	if j == len(q) {
		return lexeme{}, 0, errAt(i, "missing closing '\"' for the phrase")
	}
	l := lexeme{kind: lexPhrase, pos: i, raw: string(q[i : j+1]), quoted: true}
	l.terms = foldedWords(string(q[i+1 : j]))
	j++
	if j < len(q) && q[j] == '*' {
		l.prefix, l.raw = true, l.raw+"*"
		j++
	}
	if len(l.terms) == 0 {
		return lexeme{}, 0, errAt(i, "phrase %s has no letters or digits", l.raw)
	}
	return l, j, nil
}

// lexWord reads the bare word, operator or NEAR at i.
func lexWord(q []rune, i int) (lexeme, int, error) {
	j := i
	for j < len(q) && !isDelim(q[j]) {
		j++
	}
	raw := string(q[i:j])
	l := lexeme{pos: i, raw: raw}
	switch {
	case raw == "AND":
		l.kind = lexAnd
	case raw == "OR":
		l.kind = lexOr
	case raw == "NOT":
		l.kind = lexNot
	case raw == "NEAR":
		k := j
		for k < len(q) && unicode.IsSpace(q[k]) {
			k++
		}
		l.kind, l.dist = lexNear, DefaultNearDistance
		if k < len(q) && q[k] == '(' {
			l.kind = lexNearGroup
		}
	case len(raw) > len("NEAR/") && raw[:len("NEAR/")] == "NEAR/":
		n, err := nearDistance(raw[len("NEAR/"):], i+len("NEAR/"))
		if err != nil {
			return lexeme{}, 0, err
		}
		l.kind, l.dist = lexNear, n
	case raw == "NEAR/":
		return lexeme{}, 0, errAt(i, "NEAR/ needs a number as in NEAR/5")
	default:
		return phraseWord(l, q[i:j])
	}
	return l, j, nil
}

// phraseWord finishes a bare word that is not an operator.
func phraseWord(l lexeme, w []rune) (lexeme, int, error) {
	end := l.pos + len(w)
	if w[0] == '-' && len(w) > 1 {
		return lexeme{}, 0, errAt(l.pos, "use NOT instead of '-' to leave out a word")
	}
	if k := slices.Index(w, '*'); k >= 0 {
		if k != len(w)-1 {
			return lexeme{}, 0, errAt(l.pos+k, "'*' may only end a word")
		}
		l.prefix, w = true, w[:k]
	}
	l.kind, l.terms = lexPhrase, foldedWords(string(w))
	if len(l.terms) == 0 {
		return lexeme{}, 0, errAt(l.pos, "%q is not a word (operators are AND, OR, NOT, NEAR)", l.raw)
	}
	return l, end, nil
}

// nearDistance parses the N of NEAR/N or NEAR(…, N), typed at pos.
func nearDistance(s string, pos int) (int, error) {
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errAt(pos, "NEAR distance %q is not a number", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > MaxNearDistance {
		return 0, errAt(pos, "NEAR distance %s is larger than %d", s, MaxNearDistance)
	}
	return n, nil
}

// foldedWords returns the folded words of s.
func foldedWords(s string) []string {
	toks := Tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}
