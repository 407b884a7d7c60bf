package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"ownwords"
	"ownwords/text"
)

// listing returns the indexed interviews the filters keep, by ID, with what a
// result lists of each, their index keys and lengths.
func (s services) listing(ctx context.Context, c conn, f candidateFilter) ([]candidate, error) {
	where, args := candidateWhere(f, 1)
	rows, err := c.query(ctx, `SELECT i.id, i.title, p.code, i.language, p.id, k.doc, k.tokens
		FROM search_keys k JOIN interviews i ON i.id = k.interview_id JOIN participants p ON p.id = i.participant_id
		WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var cd candidate
		if err := rows.Scan(&cd.id, &cd.title, &cd.participant, &cd.language, &cd.participantID, &cd.doc, &cd.tokens); err != nil {
			return nil, fmt.Errorf("listing: %w", err)
		}
		out = append(out, cd)
	}
	// By ID (bytewise, on both stores): rank breaks ties by ID, and then
	// compares two candidates' indexes instead of their IDs.
	slices.SortFunc(out, func(a, b candidate) int { return strings.Compare(a.id, b.id) })
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
// keep. When cacheable (a search in a snapshot of its own), the listing of
// every indexed interview of the study is kept per study (DB.listings) for
// as long as the newest write to the study's interviews and participants
// (listingWrites: not a coder's segment, which comes every few seconds on
// a busy study) and the highest index key stay the same, both read in c's
// snapshot (index probes): every such write appends an audit entry, and
// re-indexing without one (search_pending, after a migration) gives its
// interviews new keys, above every earlier one. A search of a word found
// in every one of 20,000 interviews then reads its counts and no listing;
// a filtered one keeps the kept listing's interviews of the language and
// of the participants with the attribute values (participantsWith, which
// reads participants' values, not interviews). Inside a caller's
// transaction the version may not show its own writes yet (audit entries
// deferred to the commit): no cache there.
func (s services) searchListing(ctx context.Context, c conn, f candidateFilter, cacheable bool) (*studyListing, error) {
	if !cacheable {
		cands, err := s.listing(ctx, c, f)
		if err != nil {
			return nil, fmt.Errorf("sqldb: search: %w", err)
		}
		return newListing("", cands), nil
	}
	all, err := s.keptListing(ctx, c, f.studyID)
	if err != nil || (f.language == "" && len(f.attributes) == 0) {
		return all, err
	}
	var with map[string]bool
	if len(f.attributes) > 0 {
		if with, err = s.participantsWith(ctx, c, f.studyID, f.attributes); err != nil {
			return nil, fmt.Errorf("sqldb: search: %w", err)
		}
	}
	var cands []candidate
	for _, cd := range all.cands {
		if (f.language == "" || cd.language == f.language) && (with == nil || with[cd.participantID]) {
			cands = append(cands, cd)
		}
	}
	return newListing("", cands), nil
}

// keptListing returns the listing of every indexed interview of the
// study, kept per study (see searchListing).
func (s services) keptListing(ctx context.Context, c conn, studyID string) (*studyListing, error) {
	var v ownwords.StudyVersion
	q, args := listingVersion.sql(s.db.d, studyID)
	if err := c.queryRow(ctx, q, args...).Scan(&v.Seq, &v.Hash); err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("sqldb: search: study version: %w", err)
	}
	var top int64
	if err := c.queryRow(ctx, `SELECT coalesce(max(doc), 0) FROM search_keys`).Scan(&top); err != nil {
		return nil, fmt.Errorf("sqldb: search: %w", err)
	}
	key := fmt.Sprintf("%d/%s/%d", v.Seq, v.Hash, top)
	if kept, ok := s.db.listings.Load(studyID); ok && kept.(*studyListing).key == key {
		return kept.(*studyListing), nil
	}
	cands, err := s.listing(ctx, c, candidateFilter{studyID: studyID})
	if err != nil {
		return nil, fmt.Errorf("sqldb: search: %w", err)
	}
	l := newListing(key, cands)
	s.db.listings.Store(studyID, l)
	return l, nil
}

// participantsWith returns the IDs of the study's participants with every
// attribute value of attrs (slug → canonical value), as the listing's
// filter (candidateWhere) keeps them: per attribute, its values' rows by
// the index on the attribute, whatever the tables' statistics (a
// correlated EXISTS per participant, planned on the statistics of an
// empty table, took 16 s on PostgreSQL at 1,000 participants).
func (s services) participantsWith(ctx context.Context, c conn, studyID string, attrs map[string]string) (map[string]bool, error) {
	var out map[string]bool
	for _, slug := range sortedKeys(attrs) {
		rows, err := c.query(ctx, `SELECT v.participant_id FROM participant_values v
			WHERE v.attribute_id = (SELECT a.id FROM attributes a WHERE a.study_id = $1 AND a.slug = $2) AND v.value = $3`,
			studyID, slug, attrs[slug])
		if err != nil {
			return nil, fmt.Errorf("participants with %s: %w", slug, err)
		}
		with := map[string]bool{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("participants with %s: %w", slug, err)
			}
			if out == nil || out[id] {
				with[id] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("participants with %s: %w", slug, err)
		}
		out = with
	}
	return out, nil
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
		rows, err := c.query(ctx, `SELECT term, counts FROM search_tf WHERE study_id = $1 AND `+cond+` ORDER BY term`, append([]any{studyID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: search counts: %w", err)
		}
		defer rows.Close()
		// A word's rows (one per chunk) are read first, so that its map
		// is made once at its size: each interview takes two bytes at
		// least.
		type row struct {
			term string
			blob []byte
		}
		var got []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.term, &r.blob); err != nil {
				return nil, fmt.Errorf("sqldb: search counts: %w", err)
			}
			got = append(got, r)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqldb: search counts: %w", err)
		}
		var words []string
		for from := 0; from < len(got); {
			term, size, to := got[from].term, 0, from
			for ; to < len(got) && got[to].term == term; to++ {
				size += len(got[to].blob)
			}
			m := out.Words[term]
			for _, r := range got[from:to] {
				if err := eachCount(r.blob, func(doc int64, tf int32) {
					i, ok := l.at[doc]
					if !ok || keep != nil && !keep[l.cands[i].id] {
						return
					}
					if m == nil {
						m = make(map[int]int32, min(size/2, len(l.cands)))
						out.Words[term] = m
						words = append(words, term)
					}
					m[i] = tf
				}); err != nil {
					return nil, err
				}
			}
			from = to
		}
		return words, nil
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
// interviews the filters keep; ties by interview ID (cands are in ID
// order: listing). Computed in Go from the same counts, it is
// the same on both stores.
func rank(q text.Query, counts text.DocCounts, cands []candidate, matched []int, size, total int) []int {
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
	// Scores by candidate index, each word's terms added in the query's
	// order (the same sums as adding them interview by interview).
	score := make([]float64, len(cands))
	for _, u := range units {
		for i, tf := range u.tf {
			if f := float64(tf); f > 0 {
				dl := float64(cands[i].tokens)
				score[i] += u.idf * f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*dl/avg))
			}
		}
	}
	// Sorted by score, best first, ties by index: cands are in ID order
	// (listing), so the index breaks ties as the ID would.
	order := slices.Clone(matched)
	sortByScore(order, score)
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
	// The query's few words are compared as bytes: a map lookup for each
	// of a bucket's ~100 words was a fifth of a phrase search.
	wanted := make([][]byte, len(exact))
	for i, t := range exact {
		wanted[i] = []byte(t)
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
			if err := eachPositions(blob, func(term []byte, _ int, deltas []byte) (err error) {
				// A word may be both a word of the query and begin with
				// one of its prefixes: it counts for each.
				if slices.ContainsFunc(wanted, func(w []byte) bool { return bytes.Equal(w, term) }) {
					w := string(term)
					if p.Exact[w], err = decodePositions(p.Exact[w], deltas); err != nil {
						return err
					}
				}
				for _, pre := range prefixes {
					if bytes.HasPrefix(term, []byte(pre)) {
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

// sortByScore sorts the candidate indexes by score, highest first, ties
// by index. A comparison sort of the 20,000 interviews a common word is
// found in took several ms; a radix sort (least significant digit first,
// stable: the index, then the score's bits) takes a fraction of it.
func sortByScore(order []int, score []float64) {
	if len(order) < 1024 {
		slices.SortFunc(order, func(a, b int) int {
			if score[a] != score[b] {
				if score[a] > score[b] {
					return -1
				}
				return 1
			}
			return a - b
		})
		return
	}
	type item struct {
		key uint64 // ascending key order is descending score
		i   uint64
	}
	items := make([]item, len(order))
	for j, i := range order {
		bits := math.Float64bits(score[i] + 0) // -0 + 0 is +0: equal scores, equal bits
		if bits>>63 == 1 {                     // negative: larger magnitude sorts lower
			bits = ^bits
		} else {
			bits |= 1 << 63
		}
		items[j] = item{key: ^bits, i: uint64(i)}
	}
	tmp := make([]item, len(items))
	pass := func(digit func(item) uint64) {
		var count [257]int
		for _, it := range items {
			count[digit(it)+1]++
		}
		if count[digit(items[0])+1] == len(items) {
			return // every item has this digit: nothing moves
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, it := range items {
			d := digit(it)
			tmp[count[d]] = it
			count[d]++
		}
		items, tmp = tmp, items
	}
	for shift := 0; shift < 64; shift += 8 {
		pass(func(it item) uint64 { return it.i >> shift & 0xff })
	}
	for shift := 0; shift < 64; shift += 8 {
		pass(func(it item) uint64 { return it.key >> shift & 0xff })
	}
	for j, it := range items {
		order[j] = int(it.i)
	}
}
