package sqldb

import (
	"context"
	"strings"
)

// termRowsPerInsert is how many rows one multi-row INSERT writes: three
// arguments a row, well under SQLite's limit of 32,766 arguments.
const termRowsPerInsert = 1000

// insertPositions writes the search_pos rows of e with multi-row INSERTs,
// in key order (the words are sorted).
func (sqliteDialect) insertPositions(ctx context.Context, c conn, doc int64, e indexEntry) error {
	return insertRows(ctx, c, `INSERT INTO search_pos (doc, term, positions) VALUES `, len(e.terms), func(i int) (any, any, any) {
		return doc, e.terms[i], e.pos[i]
	})
}

// insertCounts writes search_tf rows with multi-row INSERTs.
func (sqliteDialect) insertCounts(ctx context.Context, c conn, rows tfRows) error {
	return insertRows(ctx, c, `INSERT INTO search_tf (term, doc, tf) VALUES `, len(rows.terms), func(i int) (any, any, any) {
		return rows.terms[i], rows.docs[i], rows.tfs[i]
	})
}

// insertRows runs insert (ending in VALUES) for n rows of three values,
// termRowsPerInsert rows a statement.
func insertRows(ctx context.Context, c conn, insert string, n int, row func(i int) (any, any, any)) error {
	args := make([]any, 0, 3*min(n, termRowsPerInsert))
	for from := 0; from < n; from += termRowsPerInsert {
		to := min(from+termRowsPerInsert, n)
		args = args[:0]
		for i := from; i < to; i++ {
			x, y, z := row(i)
			args = append(args, x, y, z)
		}
		if _, err := c.exec(ctx, insert+valueRows(to-from), args...); err != nil {
			return err
		}
	}
	return nil
}

// valueRows returns "(?, ?, ?), …" for n rows of three arguments, bound in
// order (rebind rewrites only $N).
func valueRows(n int) string {
	var b strings.Builder
	b.Grow(11 * n)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?)")
	}
	return b.String()
}
