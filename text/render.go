package text

import (
	"strconv"
	"strings"
)

// FTS5 renders q as an SQLite FTS5 MATCH expression over folded text (see
// IndexText), to be bound as a parameter. Every term is a double-quoted FTS5
// string with any '"' doubled, so no input can add operators, column
// filters or syntax errors; every operation is parenthesised, so FTS5's own
// precedence does not matter. Prefixes render as "term"*, NEAR as
// NEAR("a" "b c", N). The zero Query renders as "".
func (q Query) FTS5() string {
	var b strings.Builder
	renderFTS5(&b, q.root)
	return b.String()
}

func renderFTS5(b *strings.Builder, n *node) {
	if n == nil {
		return
	}
	switch n.kind {
	case kindPhrase:
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(strings.Join(n.terms, " "), `"`, `""`))
		b.WriteByte('"')
		if n.prefix {
			b.WriteByte('*')
		}
	case kindNear:
		renderKids(b, n.kids, "NEAR(", " ", ", "+strconv.Itoa(n.dist)+")", renderFTS5)
	default:
		op := " AND "
		switch n.kind {
		case kindOr:
			op = " OR "
		case kindNot:
			op = " NOT "
		}
		renderKids(b, n.kids, "(", op, ")", renderFTS5)
	}
}

// TSQuery renders q as a PostgreSQL to_tsquery expression over folded text
// (see IndexText; use the 'simple' configuration), to be bound as a
// parameter. Every term is a single-quoted lexeme with quotes and
// backslashes escaped, so no input can add operators or break the
// expression. Phrases render with <-> and prefixes with :*. PostgreSQL has
// no unordered "within N words": its <N> means exactly N positions apart,
// in order. So NEAR renders as AND of its phrases, which finds a superset of
// the texts, and Find, run on each candidate, keeps only those with the
// phrases close enough. NOT renders as "& !". The zero Query renders as "".
func (q Query) TSQuery() string {
	var b strings.Builder
	renderTSQuery(&b, q.root)
	return b.String()
}

func renderTSQuery(b *strings.Builder, n *node) {
	if n == nil {
		return
	}
	if n.kind == kindPhrase {
		if len(n.terms) > 1 {
			b.WriteByte('(')
		}
		for i, t := range n.terms {
			if i > 0 {
				b.WriteString(" <-> ")
			}
			b.WriteByte('\'')
			b.WriteString(tsEscaper.Replace(t))
			b.WriteByte('\'')
		}
		if n.prefix {
			b.WriteString(":*")
		}
		if len(n.terms) > 1 {
			b.WriteByte(')')
		}
		return
	}
	op := " & " // AND, and NEAR as its superset
	switch n.kind {
	case kindOr:
		op = " | "
	case kindNot:
		op = " & !"
	}
	renderKids(b, n.kids, "(", op, ")", renderTSQuery)
}

// renderKids writes the kids of a node with render, between open and close
// and separated by op.
func renderKids(b *strings.Builder, kids []*node, open, op, close string, render func(*strings.Builder, *node)) {
	b.WriteString(open)
	for i, k := range kids {
		if i > 0 {
			b.WriteString(op)
		}
		render(b, k)
	}
	b.WriteString(close)
}

// tsEscaper escapes a lexeme for a single-quoted tsquery string.
var tsEscaper = strings.NewReplacer(`'`, `''`, `\`, `\\`)
