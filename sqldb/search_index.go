package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"ownwords/text"
)

// searchDialect is the part of full-text search that differs between the
// two databases: writing an interview's index entry and finding candidate
// interviews. Both dialect types implement it (search_sqlite.go,
// search_postgres.go).
type searchDialect interface {
	// prepareIndex computes what indexInterview writes from a transcript
	// alone; it must be safe to call from several goroutines.
	prepareIndex(transcript string) indexEntry
	// indexInterview replaces the index entry of an interview with e
	// (prepareIndex of its transcript).
	indexInterview(ctx context.Context, c conn, id string, e indexEntry) error
	// candidates returns the interviews of the study whose index entry may
	// match q, best ranked first, with the query filters of f applied.
	candidates(ctx context.Context, c conn, q text.Query, f candidateFilter) ([]candidate, error)
}

// candidateFilter are the search filters the SQL applies.
type candidateFilter struct {
	studyID    string
	language   string
	attributes map[string]string
}

// candidate is an interview the index proposes, with what a result shows.
// On SQLite, doc is its index key, and exact says the index holds exactly
// its tokens and its marks are kept (else the search reads and matches its
// transcript in Go).
type candidate struct {
	id, title, participant, language string
	doc                              int64
	exact                            bool
}

// positionIndex is implemented by the dialects whose index gives the token
// positions of words (SQLite's FTS5): postings returns, for each exact
// candidate, the positions of the words and prefixes q needs, and marks the
// text.Marks of exact candidates.
type positionIndex interface {
	postings(ctx context.Context, c conn, q text.Query, cands []candidate) (map[int64]text.Postings, error)
	marks(ctx context.Context, c conn, cands []candidate) (map[int64]text.Marks, error)
}

func (s services) search() searchDialect { return s.db.d.(searchDialect) }

// indexInterview (re)indexes one interview in c's transaction; CreateInterview
// and UpdateInterview call it, and deletion is handled by the schema
// (cascades and, on SQLite, a trigger).
func (s services) indexInterview(ctx context.Context, c conn, id, transcript string) error {
	e, err := s.indexEntry(ctx, transcript)
	if err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	if err := s.search().indexInterview(ctx, c, id, e); err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	if _, err := c.exec(ctx, `DELETE FROM search_pending WHERE interview_id = $1`, id); err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	return nil
}

// indexPending indexes the interviews written before the search migration.
// It is cheap when there are none (the usual case: one probe of an empty
// table) and runs in the write transaction of the caller, or its own.
func (s services) indexPending(ctx context.Context) error {
	var n int
	if err := s.read().queryRow(ctx, `SELECT count(*) FROM search_pending`).Scan(&n); err != nil {
		return fmt.Errorf("sqldb: search index: %w", err)
	}
	if n == 0 {
		return nil
	}
	return s.write(ctx, func(c conn) error {
		rows, err := c.query(ctx, `SELECT p.interview_id, i.transcript FROM search_pending p JOIN interviews i ON i.id = p.interview_id`)
		if err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		type doc struct{ id, transcript string }
		var docs []doc
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.transcript); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: search index: %w", err)
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		for _, d := range docs {
			if err := s.indexInterview(ctx, c, d.id, d.transcript); err != nil {
				return err
			}
		}
		return nil
	})
}

// joinNorms returns the folded words of toks joined by single spaces: the
// same string as text.IndexText, from tokens already at hand.
func joinNorms(toks []text.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
}

// attributeFilterSQL returns the SQL condition keeping participants (alias
// p) whose attributes have the given canonical values, with its arguments
// numbered from next.
func attributeFilterSQL(attrs map[string]string, next int) (string, []any) {
	var where []string
	var args []any
	for _, slug := range sortedKeys(attrs) {
		where = append(where, fmt.Sprintf(`EXISTS (SELECT 1 FROM participant_values v JOIN attributes a ON a.id = v.attribute_id
			WHERE v.participant_id = p.id AND a.slug = $%d AND v.value = $%d)`, next, next+1))
		args = append(args, slug, attrs[slug])
		next += 2
	}
	return strings.Join(where, " AND "), args
}

// candidateWhere returns the conditions shared by both dialects (study,
// language, attributes), with arguments numbered from next.
func candidateWhere(f candidateFilter, next int) (string, []any) {
	where := []string{fmt.Sprintf("i.study_id = $%d", next)}
	args := []any{f.studyID}
	next++
	if f.language != "" {
		where = append(where, fmt.Sprintf("i.language = $%d", next))
		args = append(args, f.language)
		next++
	}
	if len(f.attributes) > 0 {
		w, a := attributeFilterSQL(f.attributes, next)
		where = append(where, w)
		args = append(args, a...)
	}
	return strings.Join(where, " AND "), args
}

func scanCandidates(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]candidate, error) {
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var rank float64
		if err := rows.Scan(&c.id, &c.title, &c.participant, &c.language, &rank); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
