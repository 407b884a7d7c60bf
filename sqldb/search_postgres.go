package sqldb

import (
	"context"
	"strconv"

	"ownwords"
)

// maxTermBytes is the longest word the PostgreSQL index takes: a B-tree
// entry must fit in a third of a page (about 2,700 bytes).
const maxTermBytes = 2047

// insertEntry writes the search_keys row of interview id, its marks and
// its search_pos rows (passed as arrays, unnest) in one statement: one
// round trip an interview where three cost an import of 20,000 interviews
// 40,000 more. The key is the sequence's, so the rows' ids (posID) are
// computed in the statement as posID does: doc * posBuckets + bucket.
func (postgresDialect) insertEntry(ctx context.Context, c conn, id string, e indexEntry) (doc int64, studyID string, err error) {
	for _, w := range e.terms {
		if len(w) > maxTermBytes {
			return 0, "", ownwords.Errorf(ownwords.EINVALID, "transcript has a word of %d bytes: too long for the PostgreSQL search index (%d)", len(w), maxTermBytes)
		}
	}
	var buckets []int32
	var blobs [][]byte
	for b, blob := range e.buckets {
		if blob != nil {
			buckets = append(buckets, int32(b))
			blobs = append(blobs, blob)
		}
	}
	err = c.queryRow(ctx, pgInsertEntry, id, e.tokens, e.marks, buckets, blobs).Scan(&doc, &studyID)
	return doc, studyID, err
}

// pgInsertEntry is insertEntry's statement: $1 the interview, $2 its
// tokens, $3 its marks (NULL: none), $4 and $5 its buckets and their
// search_pos blobs.
var pgInsertEntry = `WITH k AS (INSERT INTO search_keys (interview_id, study_id, tokens)
	SELECT id, study_id, $2 FROM interviews WHERE id = $1 RETURNING doc, study_id),
m AS (INSERT INTO search_marks (doc, marks) SELECT doc, $3::bytea FROM k WHERE $3::bytea IS NOT NULL),
p AS (INSERT INTO search_pos (id, positions)
	SELECT k.doc * ` + strconv.Itoa(posBuckets) + ` + u.b, u.blob FROM k, unnest($4::int[], $5::bytea[]) AS u(b, blob))
SELECT doc, study_id FROM k`

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
