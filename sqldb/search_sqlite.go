package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"ownwords/text"
)

// indexInterview replaces the FTS5 row of an interview: its integer key
// comes from search_keys (created on first indexing), and the contentless
// table takes the folded words.
func (sqliteDialect) indexInterview(ctx context.Context, c conn, id string, toks []text.Token) error {
	var doc int64
	err := c.queryRow(ctx, `SELECT doc FROM search_keys WHERE interview_id = $1`, id).Scan(&doc)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := c.queryRow(ctx, `INSERT INTO search_keys (interview_id) VALUES ($1) RETURNING doc`, id).Scan(&doc); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if _, err := c.exec(ctx, `DELETE FROM search_fts WHERE rowid = $1`, doc); err != nil {
			return err
		}
	}
	_, err = c.exec(ctx, `INSERT INTO search_fts (rowid, body) VALUES ($1, $2)`, doc, joinNorms(toks))
	return err
}

// candidates matches the FTS5 rendering of q and ranks by bm25 (smaller is
// better).
func (sqliteDialect) candidates(ctx context.Context, c conn, q text.Query, f candidateFilter) ([]candidate, error) {
	where, args := candidateWhere(f, 2)
	rows, err := c.query(ctx, `SELECT i.id, i.title, p.code, i.language, bm25(search_fts) AS rank
		FROM search_fts JOIN search_keys k ON k.doc = search_fts.rowid
		JOIN interviews i ON i.id = k.interview_id JOIN participants p ON p.id = i.participant_id
		WHERE search_fts MATCH $1 AND `+where+` ORDER BY rank, i.id`, append([]any{q.FTS5()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("full-text query: %w", err)
	}
	return scanCandidates(rows)
}
