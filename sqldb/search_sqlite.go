package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"ownwords/text"
)

// indexInterview replaces the FTS5 row of an interview: its integer key
// comes from search_keys (created on first indexing), and the contentless
// table takes the folded words. When the index will see exactly the
// transcript's tokens (text.IndexableNorms) the entry is exact and
// search_marks keeps the transcript's marks.
func (sqliteDialect) indexInterview(ctx context.Context, c conn, id string, e indexEntry) error {
	exact := e.exact
	var doc int64
	err := c.queryRow(ctx, `SELECT doc FROM search_keys WHERE interview_id = $1`, id).Scan(&doc)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := c.queryRow(ctx, `INSERT INTO search_keys (interview_id, exact) VALUES ($1, $2) RETURNING doc`, id, exact).Scan(&doc); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if _, err := c.exec(ctx, `DELETE FROM search_fts WHERE rowid = $1`, doc); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE search_keys SET exact = $1 WHERE doc = $2`, exact, doc); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM search_marks WHERE doc = $1`, doc); err != nil {
			return err
		}
	}
	if e.marks != nil {
		if _, err := c.exec(ctx, `INSERT INTO search_marks (doc, marks) VALUES ($1, $2)`, doc, e.marks); err != nil {
			return err
		}
	}
	_, err = c.exec(ctx, `INSERT INTO search_fts (rowid, body) VALUES ($1, $2)`, doc, e.body)
	return err
}

// prepareIndex tokenises and folds the transcript: the folded words, and
// the marks when the index will see exactly its tokens.
func (sqliteDialect) prepareIndex(transcript string) indexEntry {
	toks := text.Tokenize(transcript)
	e := indexEntry{exact: text.IndexableNorms(toks), body: joinNorms(toks)}
	if e.exact && len(toks) > 0 { // no tokens: exact, nothing to place
		e.marks = []byte(text.NewMarks(transcript, toks))
	}
	return e
}

// candidates matches the FTS5 rendering of q and ranks by bm25 (smaller is
// better).
func (sqliteDialect) candidates(ctx context.Context, c conn, q text.Query, f candidateFilter) ([]candidate, error) {
	where, args := candidateWhere(f, 2)
	// CROSS JOIN fixes the join order: the index match drives, and each
	// candidate is looked up by key (interviews through the covering index
	// interviews_listing, never the rows that hold the transcripts).
	rows, err := c.query(ctx, `SELECT i.id, i.title, p.code, i.language, k.doc, k.exact
		FROM search_fts CROSS JOIN search_keys k ON k.doc = search_fts.rowid
		CROSS JOIN interviews i INDEXED BY interviews_listing ON i.id = k.interview_id
		CROSS JOIN participants p ON p.id = i.participant_id
		WHERE search_fts MATCH $1 AND `+where+` ORDER BY bm25(search_fts), i.id`, append([]any{q.FTS5()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("full-text query: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var cd candidate
		if err := rows.Scan(&cd.id, &cd.title, &cd.participant, &cd.language, &cd.doc, &cd.exact); err != nil {
			return nil, err
		}
		out = append(out, cd)
	}
	return out, rows.Err()
}

// postings reads the positions of q's words and prefixes from the index
// (search_vocab) for the exact candidates. A word's rows are
// those of every interview in the file; the ones of other interviews are
// skipped.
func (sqliteDialect) postings(ctx context.Context, c conn, q text.Query, cands []candidate) (map[int64]text.Postings, error) {
	out := map[int64]text.Postings{}
	for _, cd := range cands {
		if cd.exact {
			out[cd.doc] = text.Postings{Exact: map[string][]int{}, Prefix: map[string][]int{}}
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	read := func(key string, dst func(text.Postings) map[string][]int, cond string, args ...any) error {
		rows, err := c.query(ctx, `SELECT term, doc, "offset" FROM search_vocab WHERE `+cond, args...)
		if err != nil {
			return fmt.Errorf("sqldb: search positions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var term string
			var doc int64
			var off int
			if err := rows.Scan(&term, &doc, &off); err != nil {
				return fmt.Errorf("sqldb: search positions: %w", err)
			}
			p, ok := out[doc]
			if !ok || !strings.HasPrefix(term, key) {
				continue
			}
			m := dst(p)
			m[key] = append(m[key], off)
		}
		return rows.Err()
	}
	exact, prefixes := q.Terms()
	for _, t := range exact {
		if err := read(t, func(p text.Postings) map[string][]int { return p.Exact }, `term = $1`, t); err != nil {
			return nil, err
		}
	}
	for _, pre := range prefixes {
		// Every word with the prefix sorts in [pre, pre with its last byte
		// raised): bytes of UTF-8 are never 0xFF, so the bound exists.
		upper := []byte(pre)
		upper[len(upper)-1]++
		if err := read(pre, func(p text.Postings) map[string][]int { return p.Prefix }, `term >= $1 AND term < $2`, pre, string(upper)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// marks reads the marks of exact candidates, by index key.
func (sqliteDialect) marks(ctx context.Context, c conn, cands []candidate) (map[int64]text.Marks, error) {
	out := map[int64]text.Marks{}
	if len(cands) == 0 {
		return out, nil
	}
	docs := make([]any, len(cands))
	for i, cd := range cands {
		docs[i] = cd.doc
	}
	rows, err := c.query(ctx, `SELECT doc, marks FROM search_marks WHERE doc IN (`+placeholders(1, len(docs))+`)`, docs...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: search marks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var m []byte
		if err := rows.Scan(&doc, &m); err != nil {
			return nil, fmt.Errorf("sqldb: search marks: %w", err)
		}
		out[doc] = text.Marks(m)
	}
	return out, rows.Err()
}
