package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"ownwords"
	"ownwords/text"
)

// listing returns the indexed interviews the filters keep, with what a
// result lists of each, their index keys and lengths.
func (s services) listing(ctx context.Context, c conn, f candidateFilter) ([]candidate, error) {
	where, args := candidateWhere(f, 1)
	rows, err := c.query(ctx, `SELECT i.id, i.title, p.code, i.language, k.doc, k.tokens
		FROM search_keys k JOIN interviews i ON i.id = k.interview_id JOIN participants p ON p.id = i.participant_id
		WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var cd candidate
		if err := rows.Scan(&cd.id, &cd.title, &cd.participant, &cd.language, &cd.doc, &cd.tokens); err != nil {
			return nil, fmt.Errorf("listing: %w", err)
		}
		out = append(out, cd)
	}
	return out, rows.Err()
}

// studyListing is what a search lists of the indexed interviews of a
// study that its filters keep (language, attributes; not InterviewIDs):
// every candidate, by index key, and their total length (bm25).
type studyListing struct {
	key   string // the study version and index fingerprint it was read at; "" if not kept
	cands []candidate
	at    map[int64]int // index key → index in cands
	total int
}

func newListing(key string, cands []candidate) *studyListing {
	l := &studyListing{key: key, cands: cands, at: make(map[int64]int, len(cands))}
	for i, cd := range cands {
		l.at[cd.doc] = i
		l.total += cd.tokens
	}
	return l
}

// searchListing returns the listing of the study's interviews the filters
// keep. Without filters and when cacheable (a search in a snapshot of its
// own), the listing is kept per study (DB.listings) for as long as the
// study's version (every write to its interviews and participants
// appends a versioned audit entry) and the fingerprint of its index keys
// (count, total length, highest key: re-indexing changes them without an
// audit entry) stay the same, both read in c's snapshot: a search of a
// word found in every one of 20,000 interviews then reads its counts and
// no listing. Inside a caller's transaction the version may not show its
// own writes yet (audit entries deferred to the commit): no cache there.
func (s services) searchListing(ctx context.Context, c conn, f candidateFilter, cacheable bool) (*studyListing, error) {
	if !cacheable || f.language != "" || len(f.attributes) > 0 {
		cands, err := s.listing(ctx, c, f)
		if err != nil {
			return nil, fmt.Errorf("sqldb: search: %w", err)
		}
		return newListing("", cands), nil
	}
	var v ownwords.StudyVersion
	if err := c.queryRow(ctx, studyVersionQuery, studyVersionArgs(f.studyID)...).Scan(&v.Seq, &v.Hash); err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("sqldb: search: study version: %w", err)
	}
	var n, total, top int64
	if err := c.queryRow(ctx, `SELECT count(*), coalesce(sum(tokens), 0), coalesce(max(doc), 0) FROM search_keys WHERE study_id = $1`,
		f.studyID).Scan(&n, &total, &top); err != nil {
		return nil, fmt.Errorf("sqldb: search: %w", err)
	}
	key := fmt.Sprintf("%d/%s/%d/%d/%d", v.Seq, v.Hash, n, total, top)
	if kept, ok := s.db.listings.Load(f.studyID); ok && kept.(*studyListing).key == key {
		return kept.(*studyListing), nil
	}
	cands, err := s.listing(ctx, c, f)
	if err != nil {
		return nil, fmt.Errorf("sqldb: search: %w", err)
	}
	l := newListing(key, cands)
	s.db.listings.Store(f.studyID, l)
	return l, nil
}

// prefixUpper returns the bound above every word beginning with pre: such
// a word is pre followed by word characters, and U+10FFFF (a noncharacter,
// never part of a word) sorts bytewise after all of them in UTF-8.
func prefixUpper(pre string) string { return pre + "\U0010FFFF" }

// matches reads from search_tf the counts of q's words and of the words
// beginning with its prefixes in the interviews of the listing (keep,
// when not nil, keeps only these interviews): the candidates are the
// listing's, and the counts are numbered by index in them. A word's
// counts are one row per chunk of interviews (00018), whatever the hits.
func (s services) matches(ctx context.Context, c conn, q text.Query, studyID string, l *studyListing, keep map[string]bool) ([]candidate, text.DocCounts, error) {
	out := text.DocCounts{Words: map[string]map[int]int32{}, Prefixed: map[string][]string{}}
	read := func(cond string, args ...any) ([]string, error) {
		rows, err := c.query(ctx, `SELECT term, counts FROM search_tf WHERE study_id = $1 AND `+cond, append([]any{studyID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: search counts: %w", err)
		}
		defer rows.Close()
		var words []string
		var blob []byte
		for rows.Next() {
			var term string
			if err := rows.Scan(&term, &blob); err != nil {
				return nil, fmt.Errorf("sqldb: search counts: %w", err)
			}
			m := out.Words[term]
			if err := eachCount(blob, func(doc int64, tf int32) {
				i, ok := l.at[doc]
				if !ok || keep != nil && !keep[l.cands[i].id] {
					return
				}
				if m == nil {
					m = map[int]int32{}
					out.Words[term] = m
					words = append(words, term)
				}
				m[i] = tf
			}); err != nil {
				return nil, err
			}
		}
		return words, rows.Err()
	}
	exact, prefixes := q.Terms()
	if len(exact) > 0 {
		args := make([]any, len(exact))
		for i, t := range exact {
			args[i] = t
		}
		if _, err := read(`term IN (`+placeholders(2, len(args))+`)`, args...); err != nil {
			return nil, out, err
		}
	}
	for _, pre := range prefixes {
		words, err := read(`term >= $2 AND term < $3`, pre, prefixUpper(pre))
		if err != nil {
			return nil, out, err
		}
		// Words read before (an exact term, an earlier prefix) are not
		// returned by read as new: list every word of the prefix.
		for w := range out.Words {
			if strings.HasPrefix(w, pre) && !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
		slices.Sort(words)
		words = slices.Compact(words)
		out.Prefixed[pre] = words
	}
	return l.cands, out, nil
}

// collection returns the number of interviews of the listing that keep
// (when not nil) keeps and their total length in tokens, for bm25.
func collection(l *studyListing, keep map[string]bool) (n, total int) {
	if keep == nil {
		return len(l.cands), l.total
	}
	for _, cd := range l.cands {
		if keep[cd.id] {
			n++
			total += cd.tokens
		}
	}
	return n, total
}

// bm25 parameters, as SQLite's FTS5 uses them.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// rank returns the indexes (in cands) of the matched candidates, best
// first: bm25 over the query's words and prefixes (a prefix counts as one
// term: the occurrences and interviews of all its words), with document
// frequencies among, and the number (size) and total length of, the
// interviews the filters keep; ties by interview ID. Computed in Go from the same counts, it is
// the same on both stores.
func rank(q text.Query, counts text.DocCounts, cands []candidate, matched map[int]int, size, total int) []int {
	exact, prefixes := q.Terms()
	type unit struct {
		tf  map[int]int32
		idf float64
	}
	var units []unit
	n := float64(size)
	for _, t := range exact {
		units = append(units, unit{tf: counts.Words[t]})
	}
	for _, p := range prefixes {
		words := counts.Prefixed[p]
		if len(words) == 1 {
			units = append(units, unit{tf: counts.Words[words[0]]})
			continue
		}
		sum := map[int]int32{}
		for _, w := range words {
			for d, f := range counts.Words[w] {
				sum[d] += f
			}
		}
		units = append(units, unit{tf: sum})
	}
	for i := range units {
		df := float64(len(units[i].tf))
		idf := math.Log((n - df + 0.5) / (df + 0.5))
		if idf <= 0 {
			idf = 1e-6
		}
		units[i].idf = idf
	}
	avg := max(float64(total)/max(n, 1), 1)
	score := make(map[int]float64, len(matched))
	order := make([]int, 0, len(matched))
	for i := range matched {
		dl := float64(cands[i].tokens)
		sc := 0.0
		for _, u := range units {
			if f := float64(u.tf[i]); f > 0 {
				sc += u.idf * f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*dl/avg))
			}
		}
		score[i] = sc
		order = append(order, i)
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(cands[a].id, cands[b].id))
	})
	return order
}

// postings reads from search_pos the positions of q's words and prefixes
// in the given candidates: the buckets of its words (every bucket when it
// has prefixes).
func (s services) postings(ctx context.Context, c conn, q text.Query, batch []candidate) (map[int64]text.Postings, error) {
	out := make(map[int64]text.Postings, len(batch))
	for _, cd := range batch {
		out[cd.doc] = text.Postings{Exact: map[string][]int{}, Prefix: map[string][]int{}}
	}
	exact, prefixes := q.Terms()
	if len(batch) == 0 || len(exact)+len(prefixes) == 0 {
		return out, nil
	}
	var buckets []int
	if len(prefixes) > 0 {
		for b := range posBuckets {
			buckets = append(buckets, b)
		}
	} else {
		for _, t := range exact {
			buckets = append(buckets, posBucket(t))
		}
		slices.Sort(buckets)
		buckets = slices.Compact(buckets)
	}
	wanted := make(map[string]bool, len(exact))
	for _, t := range exact {
		wanted[t] = true
	}
	// Rows of at most argsPerInsert arguments a query.
	per := max(1, argsPerInsert/len(buckets))
	for from := 0; from < len(batch); from += per {
		var ids []any
		for _, cd := range batch[from:min(from+per, len(batch))] {
			for _, b := range buckets {
				ids = append(ids, posID(cd.doc, b))
			}
		}
		rows, err := c.query(ctx, `SELECT id, positions FROM search_pos WHERE id IN (`+placeholders(1, len(ids))+`)`, ids...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: search positions: %w", err)
		}
		var blob []byte
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id, &blob); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqldb: search positions: %w", err)
			}
			p, ok := out[id/posBuckets]
			if !ok {
				continue
			}
			if err := eachPositions(blob, func(term string, _ int, deltas []byte) (err error) {
				// A word may be both a word of the query and begin with
				// one of its prefixes: it counts for each.
				if wanted[term] {
					if p.Exact[term], err = decodePositions(p.Exact[term], deltas); err != nil {
						return err
					}
				}
				for _, pre := range prefixes {
					if strings.HasPrefix(term, pre) {
						if p.Prefix[pre], err = decodePositions(p.Prefix[pre], deltas); err != nil {
							return err
						}
					}
				}
				return nil
			}); err != nil {
				rows.Close()
				return nil, err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqldb: search positions: %w", err)
		}
	}
	return out, nil
}

// marks reads the marks of candidates, by index key.
func (s services) marks(ctx context.Context, c conn, cands []candidate) (map[int64]text.Marks, error) {
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
