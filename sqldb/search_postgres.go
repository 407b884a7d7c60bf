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
	var ids []int64
	var blobs [][]byte
	for b, blob := range e.buckets {
		if blob != nil {
			ids = append(ids, posID(doc, b))
			blobs = append(blobs, blob)
		}
	}
	_, err := c.exec(ctx, `INSERT INTO search_pos (id, positions) SELECT * FROM unnest($1::bigint[], $2::bytea[])`, ids, blobs)
	return err
}

// pgCountsPerInsert bounds the rows of one INSERT of search_tf rows.
const pgCountsPerInsert = 100_000

// insertCounts writes search_tf rows with INSERTs of arrays (unnest), in
// the order given.
func (postgresDialect) insertCounts(ctx context.Context, c conn, studyID string, terms []string, chunks []int64, counts [][]byte) error {
	for from := 0; from < len(terms); from += pgCountsPerInsert {
		to := min(from+pgCountsPerInsert, len(terms))
		if _, err := c.exec(ctx, `INSERT INTO search_tf (study_id, term, chunk, counts) SELECT $1, t, k, n FROM unnest($2::text[], $3::bigint[], $4::bytea[]) WITH ORDINALITY AS u(t, k, n, o) ORDER BY o`,
			studyID, terms[from:to], chunks[from:to], counts[from:to]); err != nil {
			return err
		}
	}
	return nil
}

// nextChunk takes the sequence's next number, which locks nothing until
// the commit (concurrent write transactions index at once).
func (postgresDialect) nextChunk(ctx context.Context, c conn) (int64, error) {
	var n int64
	err := c.queryRow(ctx, `SELECT nextval('search_chunk_seq')`).Scan(&n)
	return n, err
}

func (postgresDialect) forUpdate() string { return " FOR UPDATE" }
