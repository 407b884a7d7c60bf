package sqldb

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/text"
)

// PostgreSQL's tsvector limits (see "Text Search Limitations" in its
// manual): positions above maxTSPosition are clamped, a lexeme keeps at
// most maxTSPositions positions, and a tsvector holds at most about 1 MB.
const (
	maxTSPosition  = 16383
	maxTSPositions = 256
	maxTSBytes     = 900_000 // a margin under the 1 MB limit
	maxTSLexeme    = 2047    // longer words are not indexed
)

// prepareIndex tokenises and folds the transcript.
func (postgresDialect) prepareIndex(transcript string) indexEntry {
	return indexEntry{toks: text.Tokenize(transcript)}
}

// indexInterview stores the tsvector of the folded words. When the limits
// would lose positions the entry is marked inexact (phrases and NEAR then
// test the words' presence only); when even the positions do not fit, the
// distinct words alone are indexed.
func (postgresDialect) indexInterview(ctx context.Context, c conn, id string, e indexEntry) error {
	toks := e.toks
	counts := map[string]int{}
	exact := len(toks) <= maxTSPosition
	for _, t := range toks {
		counts[t.Norm]++
	}
	size := 0
	for w, n := range counts {
		if n > maxTSPositions {
			exact = false
		}
		if len(w) > maxTSLexeme {
			return ownwords.Errorf(ownwords.EINVALID, "transcript has a word of %d bytes: too long for the PostgreSQL search index (%d)", len(w), maxTSLexeme)
		}
		size += 8 + len(w) + 2*min(n, maxTSPositions)
	}
	body := joinNorms(toks)
	if size > maxTSBytes {
		exact = false
		distinct := make([]text.Token, 0, len(counts))
		size = 0
		for _, w := range sortedKeys(counts) {
			distinct = append(distinct, text.Token{Norm: w})
			size += 10 + len(w)
		}
		if size > maxTSBytes {
			return ownwords.Errorf(ownwords.EINVALID, "transcript has too many distinct words for the PostgreSQL search index")
		}
		body = joinNorms(distinct)
	}
	_, err := c.exec(ctx, `INSERT INTO search_docs (interview_id, tsv, exact) VALUES ($1, to_tsvector('simple', $2), $3)
		ON CONFLICT (interview_id) DO UPDATE SET tsv = excluded.tsv, exact = excluded.exact`, id, body, exact)
	return err
}

// candidates matches the tsquery rendering of q, ranked by ts_rank. For
// inexact entries the query is loosened to a superset: querytree drops the
// negated parts and the phrase operators become AND. NEAR already renders
// as AND; text.Find decides exactly afterwards.
func (postgresDialect) candidates(ctx context.Context, c conn, q text.Query, f candidateFilter) ([]candidate, error) {
	where, args := candidateWhere(f, 2)
	rows, err := c.query(ctx, `SELECT i.id, i.title, p.code, i.language, ts_rank(d.tsv, to_tsquery('simple', $1)) AS rank
		FROM search_docs d JOIN interviews i ON i.id = d.interview_id JOIN participants p ON p.id = i.participant_id
		WHERE ((d.exact AND d.tsv @@ to_tsquery('simple', $1))
			OR (NOT d.exact AND d.tsv @@ replace(querytree(to_tsquery('simple', $1)), '<->', '&')::tsquery))
		AND `+where+` ORDER BY rank DESC, i.id`, append([]any{q.TSQuery()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("full-text query: %w", err)
	}
	return scanCandidates(rows)
}
