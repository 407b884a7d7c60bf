package sqldb

import (
	"context"
	"strings"
)

// termRowsPerInsert is how many rows one multi-row INSERT writes: three
// arguments a row, well under SQLite's limit of 32,766 arguments.
const termRowsPerInsert = 500

// insertTerms writes the rows of e with multi-row INSERTs, in key order
// (the words are sorted), a chunk of termRowsPerInsert rows at a time.
func (sqliteDialect) insertTerms(ctx context.Context, c conn, doc int64, e indexEntry) error {
	for from := 0; from < len(e.terms); from += termRowsPerInsert {
		to := min(from+termRowsPerInsert, len(e.terms))
		n := to - from
		tf := make([]any, 0, 3*n)
		pos := make([]any, 0, 3*n)
		for i := from; i < to; i++ {
			tf = append(tf, e.terms[i], doc, e.tfs[i])
			pos = append(pos, doc, e.terms[i], e.pos[i])
		}
		if _, err := c.exec(ctx, `INSERT INTO search_tf (term, doc, tf) VALUES `+valueRows(n), tf...); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO search_pos (doc, term, positions) VALUES `+valueRows(n), pos...); err != nil {
			return err
		}
	}
	return nil
}

// valueRows returns "(?, ?, ?), …" for n rows of three arguments, bound in
// order (rebind rewrites only $N).
func valueRows(n int) string {
	var b strings.Builder
	b.Grow(10 * n)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?)")
	}
	return b.String()
}
