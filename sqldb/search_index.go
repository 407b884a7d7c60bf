package sqldb

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"ownwords/text"
)

// searchDialect is the part of the search index that differs between the
// two databases: how an interview's rows are inserted in bulk. Both dialect
// types implement it (search_sqlite.go, search_postgres.go); everything
// else (the schema of 00013, counting, ranking, positions) is shared.
type searchDialect interface {
	// insertPositions inserts the search_pos rows of e under the index key
	// doc, which has none yet.
	insertPositions(ctx context.Context, c conn, doc int64, e indexEntry) error
	// insertCounts inserts search_tf rows, in the order given.
	insertCounts(ctx context.Context, c conn, rows tfRows) error
}

// candidateFilter are the search filters the SQL applies.
type candidateFilter struct {
	studyID    string
	language   string
	attributes map[string]string
}

// candidate is an indexed interview a search may list, with what a result
// shows: doc is its index key and tokens its length.
type candidate struct {
	id, title, participant, language string
	doc                              int64
	tokens                           int
}

func (s services) search() searchDialect { return s.db.d.(searchDialect) }

// prepareIndex tokenises and folds the transcript and computes its index
// rows: every distinct folded word with its count and positions (token
// indexes of text.Tokenize, as text.Postings and text.TokensAt count
// them), and the marks that place a token by its position.
func prepareIndex(transcript string) indexEntry {
	toks := text.Tokenize(transcript)
	e := indexEntry{tokens: len(toks)}
	if len(toks) == 0 {
		return e
	}
	e.marks = []byte(text.NewMarks(transcript, toks))
	at := map[string][]int{}
	for i, t := range toks {
		at[t.Norm] = append(at[t.Norm], i)
	}
	e.terms = sortedKeys(at)
	e.tfs = make([]int32, len(e.terms))
	e.pos = make([][]byte, len(e.terms))
	for i, w := range e.terms {
		e.tfs[i] = int32(len(at[w]))
		e.pos[i] = encodePositions(at[w])
	}
	return e
}

// encodePositions writes increasing positions as uvarint deltas.
func encodePositions(pos []int) []byte {
	out := make([]byte, 0, len(pos)+2)
	last := 0
	for _, p := range pos {
		out = binary.AppendUvarint(out, uint64(p-last))
		last = p
	}
	return out
}

// decodePositions appends the positions of an encodePositions blob to dst.
func decodePositions(dst []int, b []byte) ([]int, error) {
	last := 0
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errors.New("sqldb: search index: corrupt positions")
		}
		last += int(d)
		dst = append(dst, last)
		b = b[n:]
	}
	return dst, nil
}

// indexInterview (re)indexes one interview in c's transaction; CreateInterview
// and UpdateInterview call it (retention with an empty transcript). The
// old entry is deleted first (its rows go with it, by the search_keys
// trigger), so no word of a replaced transcript stays in the index;
// deleting the interview deletes its entry by cascade.
func (s services) indexInterview(ctx context.Context, c conn, id, transcript string) error {
	e, err := s.indexEntry(ctx, transcript)
	if err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	if err := s.writeIndex(ctx, c, id, e); err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	if _, err := c.exec(ctx, `DELETE FROM search_pending WHERE interview_id = $1`, id); err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	return nil
}

// writeIndex replaces the index entry of interview id with e.
func (s services) writeIndex(ctx context.Context, c conn, id string, e indexEntry) error {
	if _, err := c.exec(ctx, `DELETE FROM search_keys WHERE interview_id = $1`, id); err != nil {
		return err
	}
	var doc int64
	if err := c.queryRow(ctx, `INSERT INTO search_keys (interview_id, study_id, tokens) SELECT id, study_id, $2 FROM interviews WHERE id = $1 RETURNING doc`,
		id, e.tokens).Scan(&doc); err != nil {
		return err
	}
	if e.marks != nil {
		if _, err := c.exec(ctx, `INSERT INTO search_marks (doc, marks) VALUES ($1, $2)`, doc, e.marks); err != nil {
			return err
		}
	}
	if s.state != nil {
		s.state.counts.drop(id) // an entry written earlier in this transaction
	}
	if len(e.terms) == 0 {
		return nil
	}
	// search_pos is keyed by interview first: its rows go in at once, in
	// key order. search_tf is keyed by word first: in a transaction its
	// rows wait in a buffer, written sorted when it is full, before a
	// search in the transaction and before the commit, so that an import
	// fills each word's range of the B-tree once per buffer rather than
	// touching a page of every word for every interview.
	if err := s.search().insertPositions(ctx, c, doc, e); err != nil {
		return err
	}
	if s.state == nil {
		rows := tfRows{terms: e.terms, docs: make([]int64, len(e.terms)), tfs: e.tfs}
		for i := range rows.docs {
			rows.docs[i] = doc
		}
		return s.search().insertCounts(ctx, c, rows)
	}
	s.state.counts.add(id, doc, e)
	if s.state.counts.rows >= countBufferRows {
		return s.flushCounts(ctx, c)
	}
	return nil
}

// countBufferRows is how many search_tf rows a transaction buffers before
// writing them (about 50 bytes each).
const countBufferRows = 1_000_000

// tfRows are search_tf rows, column by column.
type tfRows struct {
	terms []string
	docs  []int64
	tfs   []int32
}

// countBuffer holds the search_tf rows of a transaction not written yet,
// by interview.
type countBuffer struct {
	byID map[string]countEntry
	rows int
}

type countEntry struct {
	doc   int64
	terms []string
	tfs   []int32
}

func (b *countBuffer) add(id string, doc int64, e indexEntry) {
	if b.byID == nil {
		b.byID = map[string]countEntry{}
	}
	b.byID[id] = countEntry{doc: doc, terms: e.terms, tfs: e.tfs}
	b.rows += len(e.terms)
}

func (b *countBuffer) drop(id string) {
	if old, ok := b.byID[id]; ok {
		b.rows -= len(old.terms)
		delete(b.byID, id)
	}
}

// flushCounts writes the transaction's buffered search_tf rows, sorted by
// key, for the index entries that still exist (an interview deleted since
// its entry was buffered has none; its key may even have been reused).
func (s services) flushCounts(ctx context.Context, c conn) error {
	if s.state == nil || len(s.state.counts.byID) == 0 {
		return nil
	}
	b := &s.state.counts
	ids := sortedKeys(b.byID)
	var rows tfRows
	for from := 0; from < len(ids); from += transcriptBatch {
		chunk := ids[from:min(from+transcriptBatch, len(ids))]
		docs := make([]any, len(chunk))
		for i, id := range chunk {
			docs[i] = b.byID[id].doc
		}
		live := map[int64]string{}
		r, err := c.query(ctx, `SELECT doc, interview_id FROM search_keys WHERE doc IN (`+placeholders(1, len(docs))+`)`, docs...)
		if err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		for r.Next() {
			var doc int64
			var id string
			if err := r.Scan(&doc, &id); err != nil {
				r.Close()
				return fmt.Errorf("sqldb: search index: %w", err)
			}
			live[doc] = id
		}
		r.Close()
		if err := r.Err(); err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		for _, id := range chunk {
			e := b.byID[id]
			if live[e.doc] != id {
				continue
			}
			rows.terms = append(rows.terms, e.terms...)
			rows.tfs = append(rows.tfs, e.tfs...)
			for range e.terms {
				rows.docs = append(rows.docs, e.doc)
			}
		}
	}
	*b = countBuffer{}
	sort.Sort(rows)
	if len(rows.terms) == 0 {
		return nil
	}
	if err := s.search().insertCounts(ctx, c, rows); err != nil {
		return fmt.Errorf("sqldb: search index: %w", err)
	}
	return nil
}

func (r tfRows) Len() int { return len(r.terms) }
func (r tfRows) Less(i, j int) bool {
	return r.terms[i] < r.terms[j] || (r.terms[i] == r.terms[j] && r.docs[i] < r.docs[j])
}
func (r tfRows) Swap(i, j int) {
	r.terms[i], r.terms[j] = r.terms[j], r.terms[i]
	r.docs[i], r.docs[j] = r.docs[j], r.docs[i]
	r.tfs[i], r.tfs[j] = r.tfs[j], r.tfs[i]
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
		// A whole study may be pending (after migration 00013): the
		// entries are computed on every core and the word counts buffered
		// and written sorted, as an import does.
		ws := s.in(c)
		if ws.state == nil {
			ws.state = &txState{}
		}
		texts := make([]string, len(docs))
		for i, d := range docs {
			texts[i] = d.transcript
		}
		stop := ws.PrepareIndex(ctx, texts)
		defer stop()
		for _, d := range docs {
			if err := ws.indexInterview(ctx, c, d.id, d.transcript); err != nil {
				return err
			}
		}
		return ws.flushCounts(ctx, c)
	})
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

// candidateWhere returns the conditions of the search filters (study, on
// search_keys k; language, on interviews i; attributes, on participants
// p), with arguments numbered from next.
func candidateWhere(f candidateFilter, next int) (string, []any) {
	where := []string{fmt.Sprintf("k.study_id = $%d", next)}
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

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
