package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"ownwords"
	"ownwords/text"
)

var _ ownwords.SearchService = services{}

// Default and largest sizes of a search result.
const (
	defaultSearchContext = 60
	maxSearchContext     = 2000
	defaultSearchLimit   = 20
	// transcriptBatch is how many candidate transcripts one query loads.
	transcriptBatch = 200
)

// Search runs q over the study's transcripts, from the store's own index
// (search_tf, search_pos; migrations 00013, 00018), so that its cost follows the
// page shown rather than the number of hits:
//
//   - the query's words are looked up in search_tf (one row per word and
//     chunk of interviews): for single words, prefixes, AND, OR and NOT these counts
//     give every matching interview and its number of hits
//     (text.CountDocs); phrases and NEAR are verified with positions;
//   - interviews are ranked by bm25 over those counts (the same in Go on
//     both stores), ties by interview ID;
//   - only the interviews of the page get their positions, marks and
//     transcripts read, to place their hits (text.TokensAt, KWIC lines).
//
// The hits are those of text.Find on the transcripts. Phrases and NEAR
// are verified in rank order until the page is full and then within
// verifyBudget interviews more; the interviews left unverified are counted
// in SearchResult.Unchecked and the totals are then a lower bound
// (LowerBound). A counts-only search (roles without text, whose counts
// decide what is withheld) verifies every candidate, and so does one that
// asks to be Exact: their counts are exact.
// Code filters keep or drop hits lying wholly inside a passage coded with
// one of the codes or a descendant, in the consensus layer or, with
// CoderID, in that coder's layer: the candidates' transcripts are then
// read and matched in Go, every one. A counts-only search with a
// PrefixFloor also counts the participants of each word its prefixes
// begin among the hits (SearchResult.SparsePrefix; search_prefix.go).
// The interviews' other texts are searched as well (searchTexts).
func (s services) Search(ctx context.Context, q ownwords.SearchQuery) (out *ownwords.SearchResult, err error) {
	if q.StudyID == "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "search: study required")
	}
	parsed, err := text.ParseQuery(q.Query)
	if err != nil {
		return nil, err
	}
	width := q.Context
	if width <= 0 {
		width = defaultSearchContext
	}
	width = min(width, maxSearchContext)
	if q.Offset < 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "search: negative offset %d", q.Offset)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	// inPage reports whether the i-th matching interview gets its hits.
	inPage := func(i int) bool { return !q.CountsOnly && i >= q.Offset && i-q.Offset < limit }
	if err := s.indexPending(ctx); err != nil {
		return nil, err
	}
	cacheable := s.tx == nil
	if s.tx == nil {
		// Every query of a search reads one snapshot: a transcript edited
		// between counting and placing hits would misplace them.
		tx, err := s.db.r.BeginTx(ctx, s.snapshot())
		if err != nil {
			return nil, fmt.Errorf("sqldb: search: %w", err)
		}
		defer tx.Rollback()
		s = services{db: s.db, tx: tx}
	}
	c := s.read()
	if err := s.flushCounts(ctx, c); err != nil { // in a transaction that wrote interviews
		return nil, err
	}
	codes, err := s.codeFilter(ctx, q)
	if err != nil {
		return nil, err
	}
	var keep map[string]bool
	if q.InterviewIDs != nil {
		// Applied in Go rather than in SQL: a study of 20,000 interviews
		// would pass too many arguments for either database.
		keep = make(map[string]bool, len(q.InterviewIDs))
		for _, id := range q.InterviewIDs {
			keep[id] = true
		}
	}
	// The interviews' other texts (originals, translations) are matched
	// once the transcripts' result is complete (search_texts.go).
	defer func() {
		if err == nil {
			err = s.searchTexts(ctx, c, q, parsed, codes, keep, out, limit, width, cacheable)
		}
	}()
	filter := candidateFilter{studyID: q.StudyID, language: q.Language, attributes: q.Attributes}
	l, err := s.searchListing(ctx, c, filter, cacheable)
	if err != nil {
		return nil, err
	}
	cands, counts, err := s.matches(ctx, c, parsed, filter.studyID, l, keep)
	if err != nil {
		return nil, err
	}
	size, total := collection(l, keep)
	matched, hits := matchedDocs(parsed, counts, len(cands))
	order := rank(parsed, counts, cands, matched, size, total)
	res := &ownwords.SearchResult{Query: q.Query, Interviews: []ownwords.InterviewHits{}}
	listed := func(cd candidate, n int) ownwords.InterviewHits {
		return ownwords.InterviewHits{InterviewID: cd.id, Title: cd.title, ParticipantCode: cd.participant, Language: cd.language, Count: n}
	}
	if codes.active() {
		return res, s.searchCoded(ctx, c, q, parsed, codes, cands, order, res, inPage, width)
	}
	var page []pageEntry
	if !parsed.Positional() {
		res.Interviews = make([]ownwords.InterviewHits, 0, len(order)) // 20,000 for a common word
		for _, i := range order {
			if inPage(len(res.Interviews)) {
				page = append(page, pageEntry{at: len(res.Interviews), cand: cands[i]})
			}
			res.Interviews = append(res.Interviews, listed(cands[i], hits[i]))
			res.TotalHits += hits[i]
		}
		if people := newWordPeople(q, parsed); people != nil {
			// Every occurrence of a word of a positive term in a matched
			// interview is a hit (counts-only queries have no NOT).
			for w := range counts.Words {
				for i := range counts.Words[w] {
					if hits[i] > 0 {
						people.add(w, cands[i].participant)
					}
				}
			}
			res.SparsePrefix = people.sparse(q.PrefixFloor)
		}
		return res, s.placeHits(ctx, c, parsed, res, page, width, q.HitsShown)
	}
	if people := newWordPeople(q, parsed); people != nil {
		// Phrases and NEAR: the words of a prefix that are part of a hit
		// are read from the matched transcripts (counts only: every
		// candidate is verified before this).
		defer func() {
			if err == nil {
				err = s.prefixPeople(ctx, c, parsed, people, res)
				res.SparsePrefix = people.sparse(q.PrefixFloor)
			}
		}()
	}
	// Phrases and NEAR: every candidate's hits come from its positions,
	// in rank order, a batch at a time.
	verified := 0
	budgeted := !q.CountsOnly && !q.Exact
verify:
	for from := 0; from < len(order); from += transcriptBatch {
		batch := make([]candidate, 0, transcriptBatch)
		for _, i := range order[from:min(from+transcriptBatch, len(order))] {
			batch = append(batch, cands[i])
		}
		post, err := s.postings(ctx, c, parsed, batch)
		if err != nil {
			return nil, err
		}
		for j, cd := range batch {
			if len(res.Interviews) >= q.Offset+limit { // the page is full
				if budgeted && verified >= verifyBudget {
					res.Unchecked = len(order) - from - j
					res.LowerBound = true
					break verify
				}
				verified++
			}
			sp := text.FindPositions(parsed, post[cd.doc])
			if len(sp) == 0 {
				continue
			}
			if inPage(len(res.Interviews)) {
				page = append(page, pageEntry{at: len(res.Interviews), cand: cd, spans: sp})
			}
			res.Interviews = append(res.Interviews, listed(cd, len(sp)))
			res.TotalHits += len(sp)
		}
	}
	return res, s.placeHits(ctx, c, parsed, res, page, width, q.HitsShown)
}

// matchedDocs returns the candidates (indexes in cands, of which there
// are n) that q matches by counts.Words (text.CountDocs), in index order,
// with their numbers of hits by index (0 for a candidate that positions
// must decide). A one-word query's counts are used as they are: copying
// a map of the 20,000 interviews a common word is in took ~2.5 ms.
func matchedDocs(q text.Query, counts text.DocCounts, n int) (matched, hits []int) {
	hits = make([]int, n)
	in := make([]bool, n)
	if w, ok := q.Word(); ok {
		for i, tf := range counts.Words[w] {
			hits[i], in[i] = int(tf), true
		}
	} else {
		for i, k := range text.CountDocs(q, counts) {
			hits[i], in[i] = k, true
		}
	}
	for i, ok := range in {
		if ok {
			matched = append(matched, i)
		}
	}
	return matched, hits
}

// verifyBudget is how many candidate interviews a search with phrases or
// NEAR verifies past those that fill its page, before it stops and says
// its totals are a lower bound (a variable for tests). Each costs three
// small positions rows (a phrase of three words): at 20,000 interviews of
// 10,000 words a phrase in 1,993 of them took ~60 ms of CPU to verify
// whole; 1,000 keeps a page's search near half of that and its count
// exact up to ~1,000 interviews.
var verifyBudget = 1000

// searchCoded is Search with code filters: the candidates' transcripts are
// read and matched in Go, in rank order a batch at a time, and the hits
// kept or dropped by the coded passages.
func (s services) searchCoded(ctx context.Context, c conn, q ownwords.SearchQuery, parsed text.Query, codes codeFilters, cands []candidate, order []int, res *ownwords.SearchResult, inPage func(int) bool, width int) error {
	people := newWordPeople(q, parsed)
	defer func() { res.SparsePrefix = people.sparse(q.PrefixFloor) }()
	for from := 0; from < len(order); from += transcriptBatch {
		batch := make([]candidate, 0, transcriptBatch)
		for _, i := range order[from:min(from+transcriptBatch, len(order))] {
			batch = append(batch, cands[i])
		}
		texts, err := s.transcripts(ctx, c, batch)
		if err != nil {
			return err
		}
		coded, err := s.codedSpans(ctx, c, q, batch, codes)
		if err != nil {
			return err
		}
		found := findAll(batch, texts, parsed)
		for _, cd := range batch {
			hits := codes.keep(found[cd.id], coded[cd.id])
			if len(hits) == 0 {
				continue
			}
			people.addHits(texts[cd.id], hits, cd.participant)
			ih := ownwords.InterviewHits{InterviewID: cd.id, Title: cd.title, ParticipantCode: cd.participant, Language: cd.language, Count: len(hits)}
			res.TotalHits += ih.Count
			if inPage(len(res.Interviews)) {
				if most := q.HitsShown(cd.id); most > 0 && len(hits) > most {
					hits = hits[:most]
				}
				ih.Hits = kwicHits(texts[cd.id], hits, width)
			}
			res.Interviews = append(res.Interviews, ih)
		}
	}
	return nil
}

// snapshot returns the options of a read transaction that sees one
// snapshot throughout: PostgreSQL's default (read committed) takes a new
// one per statement; SQLite's read-only (deferred) transaction keeps the
// snapshot of its first read.
func (s services) snapshot() *sql.TxOptions {
	if s.db.d.name() == "postgres" {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return &sql.TxOptions{ReadOnly: true}
}

// findAll matches q in the transcripts of cands, on every core: it is the
// cost of a search that cannot count from index positions.
func findAll(cands []candidate, texts map[string]string, q text.Query) map[string][]text.Hit {
	out := make(map[string][]text.Hit, len(cands))
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan string)
	for range min(runtime.GOMAXPROCS(0), len(cands)) {
		wg.Go(func() {
			for id := range next {
				hits := text.Find(texts[id], q)
				mu.Lock()
				out[id] = hits
				mu.Unlock()
			}
		})
	}
	for _, cd := range cands {
		next <- cd.id
	}
	close(next)
	wg.Wait()
	return out
}

// kwicHits returns the KWIC lines of hits in transcript.
func kwicHits(transcript string, hits []text.Hit, width int) []ownwords.SearchHit {
	out := make([]ownwords.SearchHit, 0, len(hits))
	for _, l := range text.KWICLines(transcript, hits, width) {
		out = append(out, ownwords.SearchHit{Start: l.Start, End: l.End, Before: l.Before, Match: l.Match, After: l.After})
	}
	return out
}

// pageEntry is an interview of the page: its index in the result, and its
// spans when they are known already (phrases: from the verification).
type pageEntry struct {
	at    int
	cand  candidate
	spans []text.Span
}

// placeHits gives the page's interviews their hits and KWIC lines: it
// reads their positions (when not known yet), marks and transcripts, and
// finds each hit's words through the marks. Marks that do not fit their
// transcript (which the index keeps in step, so this should not happen)
// are not trusted: the transcript is matched in Go and the counts are
// corrected. shown bounds the hits placed of an interview, by its ID
// (ownwords.SearchQuery.HitsShown; ≤ 0: all).
func (s services) placeHits(ctx context.Context, c conn, q text.Query, res *ownwords.SearchResult, page []pageEntry, width int, shown func(id string) int) error {
	if len(page) == 0 {
		return nil
	}
	batch := make([]candidate, len(page))
	for i, pe := range page {
		batch[i] = pe.cand
	}
	post, err := s.postings(ctx, c, q, batch)
	if err != nil {
		return err
	}
	marks, err := s.marks(ctx, c, batch)
	if err != nil {
		return err
	}
	// The hits each interview shows, and how much of its transcript they
	// need (text.Marks.Prefix): the first hits of a common word lie in
	// its first lines, and a team server reads a prefix of a long
	// transcript for a fraction of the whole.
	type placing struct {
		spans, shown []text.Span
		pos          []int
		marks        text.Marks
	}
	places := make([]placing, len(page))
	prefix := make(map[string]int, len(page))
	for i, pe := range page {
		pl := placing{spans: pe.spans, marks: marks[pe.cand.doc]}
		if pl.spans == nil {
			pl.spans = text.FindPositions(q, post[pe.cand.doc])
		}
		if len(pl.spans) != res.Interviews[pe.at].Count {
			pl.spans = nil // the index contradicts itself: read below
		}
		pl.shown = pl.spans
		if most := shown(pe.cand.id); most > 0 && len(pl.shown) > most {
			pl.shown = pl.shown[:most]
		}
		last := -1
		for _, x := range pl.shown {
			pl.pos = append(pl.pos, x.From, x.To-1)
			last = max(last, x.To-1)
		}
		if cps, cut, whole := pl.marks.Prefix(last, width); pl.spans != nil && !whole && cps <= pl.marks.Last()/prefixShare {
			prefix[pe.cand.id], pl.marks = cps, cut
		}
		places[i] = pl
	}
	texts, err := s.transcriptPrefixes(ctx, c, batch, prefix)
	if err != nil {
		return err
	}
	for i, pe := range page {
		ih := &res.Interviews[pe.at]
		transcript, pl := texts[ih.InterviewID], places[i]
		placed, err := text.TokensAt(transcript, pl.marks, pl.pos)
		if err != nil || pl.spans == nil {
			if _, cut := prefix[ih.InterviewID]; cut {
				whole, err := s.transcripts(ctx, c, []candidate{pe.cand})
				if err != nil {
					return err
				}
				transcript = whole[ih.InterviewID]
			}
			hits := text.Find(transcript, q)
			res.TotalHits += len(hits) - ih.Count
			ih.Count = len(hits)
			if most := shown(ih.InterviewID); most > 0 && len(hits) > most {
				hits = hits[:most]
			}
			ih.Hits = kwicHits(transcript, hits, width)
			continue
		}
		ih.Hits = make([]ownwords.SearchHit, len(pl.shown))
		for j := range pl.shown {
			first, last := placed[2*j], placed[2*j+1]
			l := text.KWICAt(transcript, first.Byte, first.Start, last.End, width)
			ih.Hits[j] = ownwords.SearchHit{Start: l.Start, End: l.End, Before: l.Before, Match: l.Match, After: l.After}
		}
	}
	// An interview whose index failed may have no hits after all.
	kept := res.Interviews[:0]
	for _, ih := range res.Interviews {
		if ih.Count > 0 {
			kept = append(kept, ih)
		}
	}
	res.Interviews = kept
	return nil
}

// transcriptsRead counts the transcripts searches have read, and
// prefixesRead those of them read as prefixes (transcriptPrefixes), for
// tests.
var transcriptsRead, prefixesRead atomic.Int64

// transcripts loads the transcripts of a batch of candidates by ID.
func (s services) transcripts(ctx context.Context, c conn, batch []candidate) (map[string]string, error) {
	transcriptsRead.Add(int64(len(batch)))
	ids := make([]any, len(batch))
	for i, cd := range batch {
		ids[i] = cd.id
	}
	return readTexts(ctx, c, len(batch), `SELECT id, transcript FROM interviews WHERE id IN (`+placeholders(1, len(ids))+`)`, ids...)
}

// readTexts runs q, which selects an interview's ID and a text, and returns
// the texts by ID (n: about how many).
func readTexts(ctx context.Context, c conn, n int, q string, args ...any) (map[string]string, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: search transcripts: %w", err)
	}
	defer rows.Close()
	out := make(map[string]string, n)
	for rows.Next() {
		var id, t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, fmt.Errorf("sqldb: search transcripts: %w", err)
		}
		out[id] = t
	}
	return out, rows.Err()
}

// prefixShare is the most of a transcript, as a fraction 1/prefixShare
// of its length, that a search page reads as a prefix rather than whole:
// PostgreSQL cuts a prefix of n code points from the first 4n bytes of
// the decompressed text (the most a UTF-8 code point takes), and counts
// them, so a longer prefix costs more than the whole (measured at 20,000
// interviews: a medium word's 20 first hits, ~90 % of each transcript,
// took ~2× as long as whole transcripts).
const prefixShare = 4

// transcriptPrefixes loads the transcripts of a batch of candidates by ID:
// of those in prefix, only their first prefix[id] code points
// (text.Marks.Prefix). PostgreSQL then decompresses only the prefix (and
// fetches only its out-of-line chunks for a pglz value; an lz4 value's are
// fetched whole) and sends only it; SQLite reads the row as before and
// cuts it.
func (s services) transcriptPrefixes(ctx context.Context, c conn, batch []candidate, prefix map[string]int) (map[string]string, error) {
	if len(prefix) == 0 {
		return s.transcripts(ctx, c, batch)
	}
	transcriptsRead.Add(int64(len(batch)))
	prefixesRead.Add(int64(len(prefix)))
	args := make([]any, 0, 2*len(batch))
	for _, cd := range batch {
		args = append(args, cd.id, prefix[cd.id]) // 0: the whole transcript
	}
	return readTexts(ctx, c, len(batch), `SELECT i.id, CASE WHEN v.column2 > 0 THEN substr(i.transcript, 1, v.column2) ELSE i.transcript END
		FROM (VALUES `+castRows(len(batch))+`) AS v JOIN interviews i ON i.id = v.column1`, args...)
}

// castRows returns "($1, CAST($2 AS INTEGER)), ($3, …)" for n rows of an
// ID and a number: a VALUES list both databases type alike.
func castRows(n int) string {
	rows := make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprintf("($%d, CAST($%d AS INTEGER))", 2*i+1, 2*i+2)
	}
	return strings.Join(rows, ", ")
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", from+i)
	}
	return strings.Join(ps, ", ")
}

// rowPlaceholders returns "($1, …, $width), ($width+1, …), …" for n rows
// of width arguments each (a multi-row VALUES).
func rowPlaceholders(n, width int) string {
	rows := make([]string, n)
	for i := range rows {
		rows[i] = "(" + placeholders(1+i*width, width) + ")"
	}
	return strings.Join(rows, ", ")
}

// span is a coded passage [start, end) and whether its code is one the
// search keeps hits inside (else one it keeps hits outside of).
type span struct {
	start, end int
	inside     bool
}

// codeFilters are the resolved code filters of a search: code ID → whether
// it is an inside code (true) or an outside code (false).
type codeFilters struct {
	codes     map[string]bool
	anyInside bool
}

func (f codeFilters) active() bool { return len(f.codes) > 0 }

// keep returns the hits that lie wholly inside some inside-code passage (if
// any inside code is set) and wholly inside no outside-code passage.
func (f codeFilters) keep(hits []text.Hit, spans []span) []text.Hit {
	var out []text.Hit
	for _, h := range hits {
		inside, outside := false, false
		for _, sp := range spans {
			if sp.start <= h.Start && h.End <= sp.end {
				if sp.inside {
					inside = true
				} else {
					outside = true
				}
			}
		}
		if (inside || !f.anyInside) && !outside {
			out = append(out, h)
		}
	}
	return out
}

// codeFilter resolves the inside and outside codes (IDs or paths such as
// "roles/fighter") to their IDs with every descendant. A code both inside
// and outside is EINVALID.
func (s services) codeFilter(ctx context.Context, q ownwords.SearchQuery) (codeFilters, error) {
	f := codeFilters{codes: map[string]bool{}}
	if len(q.InsideCodes) == 0 && len(q.OutsideCodes) == 0 {
		return f, nil
	}
	cb, err := s.Codebook(ctx, q.StudyID)
	if err != nil {
		return f, err
	}
	add := func(refs []string, inside bool) error {
		for _, ref := range refs {
			code := cb.ByID(ref)
			if code == nil {
				code = cb.ByPath(ref)
			}
			if code == nil {
				return ownwords.Errorf(ownwords.ENOTFOUND, "search: code %q not found in this study", ref)
			}
			for _, id := range cb.Descendants(code.ID) {
				if was, ok := f.codes[id]; ok && was != inside {
					return ownwords.Errorf(ownwords.EINVALID, "search: code %q is both inside and outside", cb.Path(cb.ByID(id)))
				}
				f.codes[id] = inside
			}
		}
		return nil
	}
	if err := add(q.InsideCodes, true); err != nil {
		return f, err
	}
	if err := add(q.OutsideCodes, false); err != nil {
		return f, err
	}
	f.anyInside = len(q.InsideCodes) > 0
	return f, nil
}

// codedSpans loads the passages of the batch's interviews coded with the
// filter's codes, in the consensus layer or the coder's.
func (s services) codedSpans(ctx context.Context, c conn, q ownwords.SearchQuery, batch []candidate, f codeFilters) (map[string][]span, error) {
	args := []any{ownwords.LayerConsensus}
	layer := `layer = $1`
	if q.CoderID != "" {
		args = []any{ownwords.LayerCoder, q.CoderID}
		layer = `layer = $1 AND coder_id = $2`
	}
	ivFrom := len(args) + 1
	for _, cd := range batch {
		args = append(args, cd.id)
	}
	codeFrom := len(args) + 1
	codes := sortedKeys(f.codes)
	for _, id := range codes {
		args = append(args, id)
	}
	rows, err := c.query(ctx, `SELECT interview_id, code_id, start_cp, end_cp FROM segments WHERE `+layer+
		` AND interview_id IN (`+placeholders(ivFrom, len(batch))+`) AND code_id IN (`+placeholders(codeFrom, len(codes))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: search segments: %w", err)
	}
	defer rows.Close()
	out := map[string][]span{}
	for rows.Next() {
		var iv, code string
		var sp span
		if err := rows.Scan(&iv, &code, &sp.start, &sp.end); err != nil {
			return nil, fmt.Errorf("sqldb: search segments: %w", err)
		}
		sp.inside = f.codes[code]
		out[iv] = append(out[iv], sp)
	}
	return out, rows.Err()
}
