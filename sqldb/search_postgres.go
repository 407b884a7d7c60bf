package sqldb

import (
	"context"

	"ownwords"
)

// maxTermBytes is the longest word the PostgreSQL index takes: a B-tree
// entry must fit in a third of a page (about 2,700 bytes).
const maxTermBytes = 2047

// insertPositions writes the search_pos rows of e with one INSERT, the
// rows passed as arrays (unnest).
func (postgresDialect) insertPositions(ctx context.Context, c conn, doc int64, e indexEntry) error {
	for _, w := range e.terms {
		if len(w) > maxTermBytes {
			return ownwords.Errorf(ownwords.EINVALID, "transcript has a word of %d bytes: too long for the PostgreSQL search index (%d)", len(w), maxTermBytes)
		}
	}
	_, err := c.exec(ctx, `INSERT INTO search_pos (doc, term, positions) SELECT $1, t, p FROM unnest($2::text[], $3::bytea[]) AS u(t, p)`,
		doc, e.terms, e.pos)
	return err
}

// pgCountsPerInsert bounds the rows of one INSERT of search_tf rows.
const pgCountsPerInsert = 100_000

// insertCounts writes search_tf rows with INSERTs of arrays (unnest).
func (postgresDialect) insertCounts(ctx context.Context, c conn, rows tfRows) error {
	for from := 0; from < len(rows.terms); from += pgCountsPerInsert {
		to := min(from+pgCountsPerInsert, len(rows.terms))
		if _, err := c.exec(ctx, `INSERT INTO search_tf (term, doc, tf) SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])`,
			rows.terms[from:to], rows.docs[from:to], rows.tfs[from:to]); err != nil {
			return err
		}
	}
	return nil
}
