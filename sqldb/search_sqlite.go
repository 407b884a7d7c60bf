package sqldb

import (
	"context"
	"strings"
)

// argsPerInsert bounds the arguments of one multi-row INSERT, well under
// SQLite's limit of 32,766.
const argsPerInsert = 3000

// insertPositions writes the search_pos rows of e (one per bucket that
// has words) with one INSERT, in key order.
func (sqliteDialect) insertPositions(ctx context.Context, c conn, doc int64, e indexEntry) error {
	var args []any
	for b, blob := range e.buckets {
		if blob != nil {
			args = append(args, posID(doc, b), blob)
		}
	}
	return insertRows(ctx, c, `INSERT INTO search_pos (id, positions) VALUES `, 2, args)
}

// insertCounts writes search_tf rows with multi-row INSERTs, in the
// order given.
func (sqliteDialect) insertCounts(ctx context.Context, c conn, studyID string, terms []string, chunks []int64, counts [][]byte) error {
	args := make([]any, 0, 4*len(terms))
	for i, t := range terms {
		args = append(args, studyID, t, chunks[i], counts[i])
	}
	return insertRows(ctx, c, `INSERT INTO search_tf (study_id, term, chunk, counts) VALUES `, 4, args)
}

// insertRows runs insert (ending in VALUES) for the rows of width values
// each in args, as few statements as argsPerInsert allows.
func insertRows(ctx context.Context, c conn, insert string, width int, args []any) error {
	per := argsPerInsert / width * width
	for from := 0; from < len(args); from += per {
		to := min(from+per, len(args))
		if _, err := c.exec(ctx, insert+valueRows((to-from)/width, width), args[from:to]...); err != nil {
			return err
		}
	}
	return nil
}

// valueRows returns "(?, ?), …" for n rows of width arguments, bound in
// order (rebind rewrites only $N).
func valueRows(n, width int) string {
	row := "(" + strings.Repeat("?, ", width-1) + "?)"
	var b strings.Builder
	b.Grow((len(row) + 2) * n)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// nextChunk counts in a one-row table: SQLite has one writer at a time.
func (sqliteDialect) nextChunk(ctx context.Context, c conn) (int64, error) {
	var n int64
	err := c.queryRow(ctx, `UPDATE search_chunk_seq SET last = last + 1 RETURNING last`).Scan(&n)
	return n, err
}

func (sqliteDialect) forUpdate() string { return "" }
