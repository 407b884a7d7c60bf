package sqldb

import (
	"context"
	"strings"
)

// argsPerInsert bounds the arguments of one multi-row INSERT, well under
// SQLite's limit of 32,766.
const argsPerInsert = 3000

// insertEntry writes the search_keys row of interview id, its marks, and
// its search_pos rows (one per bucket that has words) with one INSERT, in
// key order: three statements in the process.
func (sqliteDialect) insertEntry(ctx context.Context, c conn, id string, e indexEntry) (doc int64, studyID string, err error) {
	if err := c.queryRow(ctx, `INSERT INTO search_keys (interview_id, study_id, tokens) SELECT id, study_id, $2 FROM interviews WHERE id = $1 RETURNING doc, study_id`,
		id, e.tokens).Scan(&doc, &studyID); err != nil {
		return 0, "", err
	}
	if e.marks != nil {
		if _, err := c.exec(ctx, `INSERT INTO search_marks (doc, marks) VALUES ($1, $2)`, doc, e.marks); err != nil {
			return 0, "", err
		}
	}
	var args []any
	for b, blob := range e.buckets {
		if blob != nil {
			args = append(args, posID(doc, b), blob)
		}
	}
	return doc, studyID, insertRows(ctx, c, `INSERT INTO search_pos (id, positions) VALUES `, 2, args)
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
