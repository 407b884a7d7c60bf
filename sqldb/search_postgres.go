package sqldb

import (
	"context"

	"ownwords"
)

// maxTermBytes is the longest word the PostgreSQL index takes: a B-tree
// entry must fit in a third of a page (about 2,700 bytes).
const maxTermBytes = 2047

// insertTerms writes the rows of e with one INSERT per table, the rows
// passed as arrays (unnest): two statements however many words.
func (postgresDialect) insertTerms(ctx context.Context, c conn, doc int64, e indexEntry) error {
	for _, w := range e.terms {
		if len(w) > maxTermBytes {
			return ownwords.Errorf(ownwords.EINVALID, "transcript has a word of %d bytes: too long for the PostgreSQL search index (%d)", len(w), maxTermBytes)
		}
	}
	if _, err := c.exec(ctx, `INSERT INTO search_tf (term, doc, tf) SELECT t, $1, f FROM unnest($2::text[], $3::int[]) AS u(t, f)`,
		doc, e.terms, e.tfs); err != nil {
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO search_pos (doc, term, positions) SELECT $1, t, p FROM unnest($2::text[], $3::bytea[]) AS u(t, p)`,
		doc, e.terms, e.pos)
	return err
}
