package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

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

// prefixUpper returns the bound above every word beginning with pre: such
// a word is pre followed by word characters, and U+10FFFF (a noncharacter,
// never part of a word) sorts bytewise after all of them in UTF-8.
func prefixUpper(pre string) string { return pre + "\U0010FFFF" }

// matches reads from search_tf the counts of q's words and of the words
// beginning with its prefixes in the interviews the filters keep, with
// what a result lists of each: the candidates (interviews holding any of
// those words) and their counts, numbered by index in the candidates.
// keep, when not nil, keeps only these interviews.
func (s services) matches(ctx context.Context, c conn, q text.Query, f candidateFilter, keep map[string]bool) ([]candidate, text.DocCounts, error) {
	out := text.DocCounts{Words: map[string]map[int]int32{}, Prefixed: map[string][]string{}}
	var cands []candidate
	at := map[int64]int{}
	where, fargs := candidateWhere(f, 1)
	// The words drive: each row is a word of an interview, joined to its
	// key and listing. SQLite has no statistics to plan by: CROSS JOIN
	// fixes the order there, and interviews_listing covers the listing
	// (an interview's row holds its transcript).
	join, listing := "JOIN", ""
	if s.db.d.name() == "sqlite" {
		join, listing = "CROSS JOIN", "INDEXED BY interviews_listing"
	}
	read := func(cond string, args ...any) ([]string, error) {
		rows, err := c.query(ctx, `SELECT t.term, t.tf, k.doc, k.tokens, i.id, i.title, p.code, i.language
			FROM search_tf t `+join+` search_keys k ON k.doc = t.doc `+join+` interviews i `+listing+` ON i.id = k.interview_id
			`+join+` participants p ON p.id = i.participant_id WHERE `+where+` AND `+cond, append(slices.Clone(fargs), args...)...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: search counts: %w", err)
		}
		defer rows.Close()
		var words []string
		for rows.Next() {
			var term string
			var tf int32
			var cd candidate
			if err := rows.Scan(&term, &tf, &cd.doc, &cd.tokens, &cd.id, &cd.title, &cd.participant, &cd.language); err != nil {
				return nil, fmt.Errorf("sqldb: search counts: %w", err)
			}
			if keep != nil && !keep[cd.id] {
				continue
			}
			i, ok := at[cd.doc]
			if !ok {
				i = len(cands)
				at[cd.doc] = i
				cands = append(cands, cd)
			}
			m := out.Words[term]
			if m == nil {
				m = map[int]int32{}
				out.Words[term] = m
				words = append(words, term)
			}
			m[i] = tf
		}
		return words, rows.Err()
	}
	next := len(fargs) + 1
	exact, prefixes := q.Terms()
	if len(exact) > 0 {
		args := make([]any, len(exact))
		for i, t := range exact {
			args[i] = t
		}
		if _, err := read(`t.term IN (`+placeholders(next, len(args))+`)`, args...); err != nil {
			return nil, out, err
		}
	}
	for _, pre := range prefixes {
		words, err := read(fmt.Sprintf(`t.term >= $%d AND t.term < $%d`, next, next+1), pre, prefixUpper(pre))
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
		out.Prefixed[pre] = words
	}
	return cands, out, nil
}

// collection returns the number of interviews the filters keep and their
// total length in tokens, for bm25: in SQL when only the SQL filters
// apply, else from the listing of those kept.
func (s services) collection(ctx context.Context, c conn, f candidateFilter, keep map[string]bool) (n, total int, err error) {
	if keep == nil {
		where, args := candidateWhere(f, 1)
		q := `SELECT count(*), coalesce(sum(k.tokens), 0) FROM search_keys k WHERE ` + where
		if f.language != "" || len(f.attributes) > 0 {
			q = `SELECT count(*), coalesce(sum(k.tokens), 0) FROM search_keys k JOIN interviews i ON i.id = k.interview_id
				JOIN participants p ON p.id = i.participant_id WHERE ` + where
		}
		err := c.queryRow(ctx, q, args...).Scan(&n, &total)
		if err != nil {
			return 0, 0, fmt.Errorf("sqldb: search: %w", err)
		}
		return n, total, nil
	}
	all, err := s.listing(ctx, c, f)
	if err != nil {
		return 0, 0, fmt.Errorf("sqldb: search: %w", err)
	}
	for _, cd := range all {
		if keep[cd.id] {
			n++
			total += cd.tokens
		}
	}
	return n, total, nil
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
// in the given candidates.
func (s services) postings(ctx context.Context, c conn, q text.Query, batch []candidate) (map[int64]text.Postings, error) {
	out := make(map[int64]text.Postings, len(batch))
	docs := make([]any, len(batch))
	for i, cd := range batch {
		out[cd.doc] = text.Postings{Exact: map[string][]int{}, Prefix: map[string][]int{}}
		docs[i] = cd.doc
	}
	if len(batch) == 0 {
		return out, nil
	}
	exact, prefixes := q.Terms()
	read := func(dst func(p text.Postings, term string) (map[string][]int, string), sql string, args ...any) error {
		rows, err := c.query(ctx, sql, args...)
		if err != nil {
			return fmt.Errorf("sqldb: search positions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var doc int64
			var term string
			var blob []byte
			if err := rows.Scan(&doc, &term, &blob); err != nil {
				return fmt.Errorf("sqldb: search positions: %w", err)
			}
			p, ok := out[doc]
			if !ok {
				continue
			}
			m, key := dst(p, term)
			if m[key], err = decodePositions(m[key], blob); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	in := `doc IN (` + placeholders(1, len(docs)) + `)`
	if len(exact) > 0 {
		args := slices.Clone(docs)
		for _, t := range exact {
			args = append(args, t)
		}
		if err := read(func(p text.Postings, term string) (map[string][]int, string) { return p.Exact, term },
			`SELECT doc, term, positions FROM search_pos WHERE `+in+` AND term IN (`+placeholders(len(docs)+1, len(exact))+`)`, args...); err != nil {
			return nil, err
		}
	}
	for _, pre := range prefixes {
		args := append(slices.Clone(docs), pre, prefixUpper(pre))
		if err := read(func(p text.Postings, _ string) (map[string][]int, string) { return p.Prefix, pre },
			fmt.Sprintf(`SELECT doc, term, positions FROM search_pos WHERE %s AND term >= $%d AND term < $%d`, in, len(docs)+1, len(docs)+2), args...); err != nil {
			return nil, err
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
