package sqldb

import (
	"cmp"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"ownwords/text"
)

// searchDialect is the part of the search index that differs between the
// two databases: how rows are inserted in bulk. Both dialect types
// implement it (search_sqlite.go, search_postgres.go); everything else
// (the schema of 00018, counting, ranking, positions) is shared.
type searchDialect interface {
	// insertEntry inserts the index entry e of interview id, which has
	// none (its search_keys row, its marks and its search_pos rows), and
	// returns its key and the interview's study.
	insertEntry(ctx context.Context, c conn, id string, e indexEntry) (doc int64, studyID string, err error)
	// insertCounts inserts search_tf rows of a study: terms[i] in chunk
	// chunks[i] with its packed counts[i], in the order given (the
	// callers give key order).
	insertCounts(ctx context.Context, c conn, studyID string, terms []string, chunks []int64, counts [][]byte) error
	// nextChunk returns a new chunk number.
	nextChunk(ctx context.Context, c conn) (int64, error)
	// forUpdate ends a SELECT whose rows the transaction is about to
	// change, so that a concurrent writer waits for it (" FOR UPDATE" on
	// PostgreSQL; nothing on SQLite, whose writers run one at a time).
	forUpdate() string
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
	// participantID keeps the attribute filter of a kept listing
	// (searchListing).
	participantID string
	doc           int64
	tokens        int
}

func (s services) search() searchDialect { return s.db.d.(searchDialect) }

// posBuckets is the number of search_pos rows of an interview: its words
// are spread over them by posBucket, so that a phrase of three words
// reads at most three small rows of a candidate rather than one row per
// word (00013: ~2,000 rows to write per interview) or the whole index of
// the interview (one blob: ~30 KB to read and decrypt per candidate). The
// triggers of 00018 delete rows doc*32 … doc*32+31: changing it needs a
// migration.
const posBuckets = 32

// posBucket is the bucket of a folded word: FNV-1a (32 bits) modulo
// posBuckets. It is part of the stored format.
func posBucket(term string) int {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h ^= uint32(term[i])
		h *= 16777619
	}
	return int(h % posBuckets)
}

// posID is the search_pos row of a bucket of an interview.
func posID(doc int64, bucket int) int64 { return doc*posBuckets + int64(bucket) }

// prepareIndex tokenises and folds the transcript and computes its index
// rows: every distinct folded word with its count, its positions (token
// indexes of text.Tokenize, as text.Postings and text.TokensAt count
// them) packed by bucket, the words of a bucket in bytewise order, and the
// marks that place a token by its position.
func prepareIndex(transcript string) indexEntry {
	ix := text.Index(transcript)
	e := indexEntry{tokens: ix.Tokens}
	if ix.Tokens == 0 {
		return e
	}
	e.marks = []byte(ix.Marks)
	order := make([]int32, len(ix.Words))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ix.Words[a], ix.Words[b]) })
	e.terms = make([]string, len(order))
	e.tfs = make([]int32, len(order))
	e.buckets = make([][]byte, posBuckets)
	for i, k := range order {
		w, p := ix.Words[k], ix.Positions[k]
		e.terms[i], e.tfs[i] = w, int32(len(p))
		b := posBucket(w)
		e.buckets[b] = appendPositions(e.buckets[b], w, p)
	}
	return e
}

// appendPositions appends a word's entry to a search_pos bucket: the
// word's length and bytes, its number of positions, the length of their
// encoding, and the increasing positions as uvarint deltas (so that a
// reader skips a word it does not want without decoding it).
func appendPositions(dst []byte, term string, pos []int) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(term)))
	dst = append(dst, term...)
	dst = binary.AppendUvarint(dst, uint64(len(pos)))
	size, last := 0, 0
	for _, p := range pos {
		size += uvarintLen(uint64(p - last))
		last = p
	}
	dst = binary.AppendUvarint(dst, uint64(size))
	last = 0
	for _, p := range pos {
		dst = binary.AppendUvarint(dst, uint64(p-last))
		last = p
	}
	return dst
}

// uvarintLen is the length of binary.AppendUvarint's encoding of x.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

var errCorruptIndex = errors.New("sqldb: search index: corrupt entry")

// eachPositions calls fn for every word of a search_pos bucket with its
// number of positions and their encoding (decodePositions). The word is
// the bucket's bytes (valid until eachPositions returns): a reader looking
// for three words among a hundred allocates nothing for the others.
func eachPositions(b []byte, fn func(term []byte, n int, deltas []byte) error) error {
	for len(b) > 0 {
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return errCorruptIndex
		}
		term := b[k : k+int(l)]
		b = b[k+int(l):]
		n, k := binary.Uvarint(b)
		if k <= 0 {
			return errCorruptIndex
		}
		b = b[k:]
		size, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < size {
			return errCorruptIndex
		}
		if err := fn(term, int(n), b[k:k+int(size)]); err != nil {
			return err
		}
		b = b[k+int(size):]
	}
	return nil
}

// decodePositions appends the positions of a word's entry (uvarint
// deltas) to dst.
func decodePositions(dst []int, deltas []byte) ([]int, error) {
	last := 0
	for len(deltas) > 0 {
		d, k := binary.Uvarint(deltas)
		if k <= 0 {
			return nil, errCorruptIndex
		}
		last += int(d)
		dst = append(dst, last)
		deltas = deltas[k:]
	}
	return dst, nil
}

// indexInterview (re)indexes one interview in c's transaction; CreateInterview
// (create: it has no entry yet) and UpdateInterview call it (retention with
// an empty transcript). The old entry is deleted first (its rows go with
// it, by the search_keys trigger), so no word of a replaced transcript
// stays in the index; deleting the interview deletes its entry by cascade.
func (s services) indexInterview(ctx context.Context, c conn, id, transcript string, create bool) error {
	e, err := s.indexEntry(ctx, transcript)
	if err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	if err := s.writeIndex(ctx, c, id, e, create); err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	if create {
		return nil // a new interview is never pending
	}
	if _, err := c.exec(ctx, `DELETE FROM search_pending WHERE interview_id = $1`, id); err != nil {
		return fmt.Errorf("sqldb: index interview %s: %w", id, err)
	}
	return nil
}

// writeIndex replaces the index entry of interview id with e (create: it
// has none).
func (s services) writeIndex(ctx context.Context, c conn, id string, e indexEntry, create bool) error {
	if !create {
		if _, err := c.exec(ctx, `DELETE FROM search_keys WHERE interview_id = $1`, id); err != nil {
			return err
		}
	}
	doc, studyID, err := s.search().insertEntry(ctx, c, id, e)
	if err != nil {
		return err
	}
	if s.state != nil && !create {
		s.state.counts.drop(id) // an entry written earlier in this transaction
		// or packed earlier in it: its new key may be the old one (SQLite
		// reuses the newest rowid), which writePackedChunks would take
		// for the interview's and write the replaced transcript's counts.
		if err := s.state.forgetPacked(id); err != nil {
			return err
		}
	}
	if len(e.terms) == 0 {
		return nil
	}
	ce := countEntry{doc: doc, studyID: studyID, terms: e.terms, tfs: e.tfs}
	if s.state == nil {
		return s.writeChunk(ctx, c, studyID, []countEntry{ce})
	}
	// In a transaction the counts wait in a buffer, packed as chunks
	// when it is full (packCounts) and written before a search in the
	// transaction and before the commit (flushCounts): an import writes
	// one row per word and chunk rather than one per word and interview.
	s.state.counts.add(id, ce)
	if s.state.counts.rows >= countBufferRows {
		return s.packCounts(ctx, c)
	}
	return nil
}

// countBufferRows is how many (word, interview) counts a transaction
// buffers before writing them as chunks: ~500 interviews of 10,000 words
// of a natural vocabulary (~2,000 distinct words each).
var countBufferRows = 1_000_000

// countBuffer holds the counts of a transaction not written yet, by
// interview.
type countBuffer struct {
	byID map[string]countEntry
	rows int
}

// countEntry is the counts of one interview: its distinct words, sorted,
// and their frequencies.
type countEntry struct {
	doc     int64
	id      string // the interview (set in a countBuffer)
	studyID string
	terms   []string
	tfs     []int32
}

func (b *countBuffer) add(id string, e countEntry) {
	if b.byID == nil {
		b.byID = map[string]countEntry{}
	}
	b.drop(id)
	e.id = id
	b.byID[id] = e
	b.rows += len(e.terms)
}

func (b *countBuffer) drop(id string) {
	if old, ok := b.byID[id]; ok {
		b.rows -= len(old.terms)
		delete(b.byID, id)
	}
}

// flushCounts writes the transaction's counts: those still buffered and
// the chunks packed so far (packCounts), all in key order
// (writePackedChunks).
func (s services) flushCounts(ctx context.Context, c conn) error {
	if s.state == nil {
		return nil
	}
	if err := s.packCounts(ctx, c); err != nil {
		return err
	}
	return s.writePackedChunks(ctx, c)
}

// packCounts packs the transaction's buffered counts, one chunk per
// study, for the index entries that still exist (an interview deleted
// since its entry was buffered has none; its key may even have been
// reused), and keeps the chunks in the transaction's state. The check
// is needed here as well as in writePackedChunks: keep leaves out keys,
// and a chunk must not hold a reused key twice.
func (s services) packCounts(ctx context.Context, c conn) error {
	if s.state == nil || len(s.state.counts.byID) == 0 {
		return nil
	}
	b := &s.state.counts
	var entries []countEntry
	for _, id := range sortedKeys(b.byID) {
		entries = append(entries, b.byID[id])
	}
	live, err := liveDocs(ctx, c, entries)
	if err != nil {
		return err
	}
	byStudy := map[string][]countEntry{}
	for _, e := range entries {
		if live[e.doc] == e.id {
			byStudy[e.studyID] = append(byStudy[e.studyID], e)
		}
	}
	*b = countBuffer{}
	for _, study := range sortedKeys(byStudy) {
		chunk, err := s.search().nextChunk(ctx, c)
		if err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		pc := packChunk(byStudy[study])
		pc.chunk = chunk
		s.state.chunks = append(s.state.chunks, pc)
		if s.state.packedOf == nil {
			s.state.packedOf = map[string]*packedChunk{}
		}
		for _, e := range pc.entries {
			s.state.packedOf[e.id] = pc
		}
	}
	return nil
}

// forgetPacked leaves interview id out of the chunk its counts were
// packed in, if any (see writeIndex).
func (st *txState) forgetPacked(id string) error {
	pc := st.packedOf[id]
	if pc == nil {
		return nil
	}
	delete(st.packedOf, id)
	live := map[int64]string{}
	for _, e := range pc.entries {
		if e.id != id {
			live[e.doc] = e.id
		}
	}
	return pc.keep(live)
}

// liveDocs returns the interview of each index key of entries that still
// has one.
func liveDocs(ctx context.Context, c conn, entries []countEntry) (map[int64]string, error) {
	live := map[int64]string{}
	for from := 0; from < len(entries); from += transcriptBatch {
		chunk := entries[from:min(from+transcriptBatch, len(entries))]
		docs := make([]any, len(chunk))
		for i, e := range chunk {
			docs[i] = e.doc
		}
		r, err := c.query(ctx, `SELECT doc, interview_id FROM search_keys WHERE doc IN (`+placeholders(1, len(docs))+`)`, docs...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: search index: %w", err)
		}
		for r.Next() {
			var doc int64
			var id string
			if err := r.Scan(&doc, &id); err != nil {
				r.Close()
				return nil, fmt.Errorf("sqldb: search index: %w", err)
			}
			live[doc] = id
		}
		r.Close()
		if err := r.Err(); err != nil {
			return nil, fmt.Errorf("sqldb: search index: %w", err)
		}
	}
	return live, nil
}

// packedChunk is the counts of a chunk's interviews (of one study),
// packed: one blob per word, its interviews' keys as uvarint deltas each
// followed by the word's frequency there.
type packedChunk struct {
	studyID string
	chunk   int64
	entries []countEntry // sorted by doc; their terms and tfs dropped
	terms   []string     // sorted
	counts  [][]byte
}

// packChunk packs entries (interviews of one study).
func packChunk(entries []countEntry) *packedChunk {
	slices.SortFunc(entries, func(a, b countEntry) int { return cmp.Compare(a.doc, b.doc) })
	type packed struct {
		last int64
		buf  []byte
	}
	byTerm := map[string]*packed{}
	for _, e := range entries {
		for i, t := range e.terms {
			p := byTerm[t]
			if p == nil {
				p = &packed{}
				byTerm[t] = p
			}
			p.buf = binary.AppendUvarint(p.buf, uint64(e.doc-p.last))
			p.buf = binary.AppendUvarint(p.buf, uint64(e.tfs[i]))
			p.last = e.doc
		}
	}
	pc := &packedChunk{studyID: entries[0].studyID, terms: sortedKeys(byTerm)}
	pc.counts = make([][]byte, len(pc.terms))
	for i, t := range pc.terms {
		pc.counts[i] = byTerm[t].buf
	}
	pc.entries = make([]countEntry, len(entries))
	for i, e := range entries {
		pc.entries[i] = countEntry{doc: e.doc, id: e.id, studyID: e.studyID}
	}
	return pc
}

// writeChunk writes the counts of entries (interviews of one study that
// have no counts written) as a new chunk at once.
func (s services) writeChunk(ctx context.Context, c conn, studyID string, entries []countEntry) error {
	chunk, err := s.search().nextChunk(ctx, c)
	if err != nil {
		return err
	}
	pc := packChunk(entries)
	pc.chunk = chunk
	if len(pc.terms) > 0 {
		chunks := make([]int64, len(pc.terms))
		for i := range chunks {
			chunks[i] = chunk
		}
		if err := s.search().insertCounts(ctx, c, studyID, pc.terms, chunks, pc.counts); err != nil {
			return err
		}
	}
	return setChunk(ctx, c, pc)
}

// setChunk records in its interviews' keys where their counts are.
func setChunk(ctx context.Context, c conn, pc *packedChunk) error {
	for from := 0; from < len(pc.entries); from += transcriptBatch {
		batch := pc.entries[from:min(from+transcriptBatch, len(pc.entries))]
		args := []any{pc.chunk}
		for _, e := range batch {
			args = append(args, e.doc)
		}
		if _, err := c.exec(ctx, `UPDATE search_keys SET chunk = $1 WHERE doc IN (`+placeholders(2, len(batch))+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

// countRowsPerWrite bounds the search_tf rows writePackedChunks hands to
// insertCounts at a time.
const countRowsPerWrite = 100_000

// writePackedChunks writes the chunks the transaction packed, each
// study's rows merged into key order (study, word, chunk): a chunk's words
// spread over the whole table, so writing chunk after chunk touched every
// page of search_tf once per chunk (at 20,000 interviews a fifth of the
// import's CPU, growing with the square of the import); merged, the rows
// of a transaction are one ordered pass. The interviews deleted or
// re-indexed since their chunk was packed are left out first, so that no
// count of a destroyed transcript is written.
func (s services) writePackedChunks(ctx context.Context, c conn) error {
	if s.state == nil || len(s.state.chunks) == 0 {
		return nil
	}
	pending := s.state.chunks
	s.state.chunks, s.state.packedOf = nil, nil
	var all []countEntry
	for _, pc := range pending {
		all = append(all, pc.entries...)
	}
	live, err := liveDocs(ctx, c, all)
	if err != nil {
		return err
	}
	byStudy := map[string][]*packedChunk{}
	for _, pc := range pending {
		if err := pc.keep(live); err != nil {
			return err
		}
		byStudy[pc.studyID] = append(byStudy[pc.studyID], pc)
	}
	for _, study := range sortedKeys(byStudy) {
		chunks := byStudy[study]
		var terms []string
		var nums []int64
		var counts [][]byte
		flush := func() error {
			if len(terms) == 0 {
				return nil
			}
			err := s.search().insertCounts(ctx, c, study, terms, nums, counts)
			terms, nums, counts = terms[:0], nums[:0], counts[:0]
			if err != nil {
				return fmt.Errorf("sqldb: search index: %w", err)
			}
			return nil
		}
		err := mergeChunks(chunks, func(t string, pc *packedChunk, blob []byte) error {
			terms, nums, counts = append(terms, t), append(nums, pc.chunk), append(counts, blob)
			if len(terms) >= countRowsPerWrite {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return err
		}
		for _, pc := range chunks {
			if err := setChunk(ctx, c, pc); err != nil {
				return fmt.Errorf("sqldb: search index: %w", err)
			}
		}
	}
	return nil
}

// keep leaves out of the chunk the interviews whose keys are gone or now
// another interview's (live: doc → interview).
func (pc *packedChunk) keep(live map[int64]string) error {
	dead := map[int64]bool{}
	kept := pc.entries[:0]
	for _, e := range pc.entries {
		if live[e.doc] == e.id {
			kept = append(kept, e)
		} else {
			dead[e.doc] = true
		}
	}
	pc.entries = kept
	if len(dead) == 0 {
		return nil
	}
	terms, counts := pc.terms[:0], pc.counts[:0]
	for i, blob := range pc.counts {
		var out []byte
		var last int64
		err := eachCount(blob, func(doc int64, tf int32) {
			if !dead[doc] {
				out = binary.AppendUvarint(out, uint64(doc-last))
				out = binary.AppendUvarint(out, uint64(tf))
				last = doc
			}
		})
		if err != nil {
			return err
		}
		if len(out) > 0 {
			terms, counts = append(terms, pc.terms[i]), append(counts, out)
		}
	}
	pc.terms, pc.counts = terms, counts
	return nil
}

// mergeChunks calls fn for every word of every chunk in key order: by
// word, then by chunk (chunks are in increasing number order).
func mergeChunks(chunks []*packedChunk, fn func(term string, pc *packedChunk, blob []byte) error) error {
	h := &chunkHeap{}
	for i, pc := range chunks {
		if len(pc.terms) > 0 {
			h.items = append(h.items, chunkCursor{pc: pc, order: i})
		}
	}
	heap.Init(h)
	for h.Len() > 0 {
		cur := &h.items[0]
		if err := fn(cur.pc.terms[cur.at], cur.pc, cur.pc.counts[cur.at]); err != nil {
			return err
		}
		if cur.at++; cur.at < len(cur.pc.terms) {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

// chunkCursor is a chunk's next word in mergeChunks.
type chunkCursor struct {
	pc    *packedChunk
	at    int
	order int
}

type chunkHeap struct{ items []chunkCursor }

func (h *chunkHeap) Len() int { return len(h.items) }
func (h *chunkHeap) Less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	if c := strings.Compare(a.pc.terms[a.at], b.pc.terms[b.at]); c != 0 {
		return c < 0
	}
	return a.order < b.order
}
func (h *chunkHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *chunkHeap) Push(x any)    { h.items = append(h.items, x.(chunkCursor)) }
func (h *chunkHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// eachCount calls fn for every interview of a search_tf row's packed
// counts.
func eachCount(b []byte, fn func(doc int64, tf int32)) error {
	var doc int64
	for len(b) > 0 {
		d, k := binary.Uvarint(b)
		if k <= 0 {
			return errCorruptIndex
		}
		b = b[k:]
		tf, k := binary.Uvarint(b)
		if k <= 0 {
			return errCorruptIndex
		}
		b = b[k:]
		doc += int64(d)
		fn(doc, int32(tf))
	}
	return nil
}

// indexPending indexes the interviews written before the search migration
// and gives the interviews of stale chunks (search_stale: a chunk lost its
// counts when one of its interviews was deleted or re-indexed) their
// counts back, from their positions. It is cheap when there is nothing to
// do (the usual case: one probe of two empty tables) and runs in the write
// transaction of the caller, or its own.
func (s services) indexPending(ctx context.Context) error {
	var n int
	if err := s.read().queryRow(ctx, `SELECT (SELECT count(*) FROM search_pending) + (SELECT count(*) FROM search_stale)`).Scan(&n); err != nil {
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
		// A whole study may be pending (after migration 00018): the
		// entries are computed on every core and the word counts buffered
		// and written as chunks, as an import does.
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
			if err := ws.indexInterview(ctx, c, d.id, d.transcript, false); err != nil {
				return err
			}
		}
		if err := ws.flushCounts(ctx, c); err != nil {
			return err
		}
		return ws.rebuildStale(ctx, c)
	})
}

// rebuildStale writes new chunks for the interviews of the stale chunks,
// from their positions (a word's frequency is its number of positions).
func (s services) rebuildStale(ctx context.Context, c conn) error {
	var stale []int64
	if err := scanInts(ctx, c, &stale, `SELECT chunk FROM search_stale ORDER BY chunk`); err != nil {
		return fmt.Errorf("sqldb: search index: %w", err)
	}
	for _, chunk := range stale {
		// Lock the chunk's interviews' keys, then claim the chunk
		// (PostgreSQL's write transactions run at once; in this order
		// neither waits for the other's second lock): an interview
		// deleted during the rebuild waits for it, then finds its key in
		// the new chunk and deletes that chunk's counts (its trigger), so
		// no count of a deleted transcript survives; a concurrent search
		// that claimed the chunk first leaves nothing to do here.
		rows, err := c.query(ctx, `SELECT doc, study_id FROM search_keys WHERE chunk = $1 ORDER BY doc`+s.search().forUpdate(), chunk)
		if err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		var entries []countEntry
		for rows.Next() {
			var e countEntry
			if err := rows.Scan(&e.doc, &e.studyID); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: search index: %w", err)
			}
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		res, err := c.exec(ctx, `DELETE FROM search_stale WHERE chunk = $1`, chunk)
		if err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		} else if n == 0 {
			continue
		}
		byStudy := map[string][]countEntry{}
		for from := 0; from < len(entries); from += transcriptBatch {
			batch := entries[from:min(from+transcriptBatch, len(entries))]
			at := map[int64]int{}
			var ids []any
			for i, e := range batch {
				at[e.doc] = from + i
				for b := range posBuckets {
					ids = append(ids, posID(e.doc, b))
				}
			}
			r, err := c.query(ctx, `SELECT id, positions FROM search_pos WHERE id IN (`+placeholders(1, len(ids))+`)`, ids...)
			if err != nil {
				return fmt.Errorf("sqldb: search index: %w", err)
			}
			for r.Next() {
				var id int64
				var blob []byte
				if err := r.Scan(&id, &blob); err != nil {
					r.Close()
					return fmt.Errorf("sqldb: search index: %w", err)
				}
				e := &entries[at[id/posBuckets]]
				if err := eachPositions(blob, func(term []byte, n int, _ []byte) error {
					e.terms = append(e.terms, string(term))
					e.tfs = append(e.tfs, int32(n))
					return nil
				}); err != nil {
					r.Close()
					return err
				}
			}
			r.Close()
			if err := r.Err(); err != nil {
				return fmt.Errorf("sqldb: search index: %w", err)
			}
		}
		for _, e := range entries {
			byStudy[e.studyID] = append(byStudy[e.studyID], e)
		}
		if _, err := c.exec(ctx, `DELETE FROM search_tf WHERE chunk = $1`, chunk); err != nil {
			return fmt.Errorf("sqldb: search index: %w", err)
		}
		for _, study := range sortedKeys(byStudy) {
			if err := s.writeChunk(ctx, c, study, byStudy[study]); err != nil {
				return fmt.Errorf("sqldb: search index: %w", err)
			}
		}
	}
	return nil
}

// scanInts appends the integers of a one-column query to dst.
func scanInts(ctx context.Context, c conn, dst *[]int64, q string, args ...any) error {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return err
		}
		*dst = append(*dst, n)
	}
	return rows.Err()
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
