package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
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

// Search runs q over the study's transcripts. The full-text index proposes
// candidate interviews, ranked (bm25 on SQLite, ts_rank on PostgreSQL);
// text.Find on each original transcript then decides the hits and their
// code-point offsets, so the hits are the same on both databases whatever
// their tokenisers do. Code filters keep or drop hits lying wholly inside a
// passage coded with one of the codes or a descendant, in the consensus
// layer or, with CoderID, in that coder's layer. Every candidate's hits are
// counted (TotalHits) and every matching interview listed with its count;
// hits with KWIC lines are made for the Limit interviews from Offset on.
func (s services) Search(ctx context.Context, q ownwords.SearchQuery) (*ownwords.SearchResult, error) {
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
	codes, err := s.codeFilter(ctx, q)
	if err != nil {
		return nil, err
	}
	cands, err := s.search().candidates(ctx, c, parsed, candidateFilter{studyID: q.StudyID, language: q.Language, attributes: q.Attributes})
	if err != nil {
		return nil, fmt.Errorf("sqldb: search: %w", err)
	}
	if q.InterviewIDs != nil {
		// Dropped before anything is counted or paged. In Go rather than
		// in SQL: a study of 20,000 interviews would pass too many
		// arguments for either database.
		keep := make(map[string]bool, len(q.InterviewIDs))
		for _, id := range q.InterviewIDs {
			keep[id] = true
		}
		cands = slices.DeleteFunc(cands, func(cd candidate) bool { return !keep[cd.id] })
	}
	var post map[int64]text.Postings
	if pi, ok := s.search().(positionIndex); ok && !codes.active() {
		if post, err = pi.postings(ctx, c, parsed, cands); err != nil {
			return nil, err
		}
	}
	// Candidates are taken in rank order. One with postings is counted
	// from them; the others (no marks, code filters, PostgreSQL, or
	// postings that find nothing where the index matched) are read and
	// matched in Go, a batch at a time. Hits with KWIC lines are kept for
	// the interviews of the page; those counted from postings are read
	// afterwards, all at once.
	res := &ownwords.SearchResult{Query: q.Query, Interviews: []ownwords.InterviewHits{}}
	var placeLater []int // indexes into res.Interviews
	spans := map[string][]text.Span{}
	for from := 0; from < len(cands); from += transcriptBatch {
		batch := cands[from:min(from+transcriptBatch, len(cands))]
		var read []candidate
		for _, cd := range batch {
			if p, ok := post[cd.doc]; ok { // postings holds exact candidates only
				if sp := text.FindPositions(parsed, p); len(sp) > 0 {
					spans[cd.id] = sp
					continue
				}
			}
			read = append(read, cd)
		}
		var texts map[string]string
		var coded map[string][]span
		if len(read) > 0 {
			if texts, err = s.transcripts(ctx, c, read); err != nil {
				return nil, err
			}
			if codes.active() {
				if coded, err = s.codedSpans(ctx, c, q, read, codes); err != nil {
					return nil, err
				}
			}
		}
		found := findAll(read, texts, parsed)
		for _, cd := range batch {
			ih := ownwords.InterviewHits{InterviewID: cd.id, Title: cd.title, ParticipantCode: cd.participant, Language: cd.language}
			if sp, ok := spans[cd.id]; ok {
				ih.Count = len(sp)
				res.TotalHits += ih.Count
				if inPage(len(res.Interviews)) {
					placeLater = append(placeLater, len(res.Interviews))
				}
				res.Interviews = append(res.Interviews, ih)
				continue
			}
			transcript, hits := texts[cd.id], found[cd.id]
			if codes.active() {
				hits = codes.keep(hits, coded[cd.id])
			}
			if len(hits) == 0 {
				continue
			}
			ih.Count = len(hits)
			res.TotalHits += ih.Count
			if inPage(len(res.Interviews)) {
				ih.Hits = kwicHits(transcript, hits, width)
			}
			res.Interviews = append(res.Interviews, ih)
		}
	}
	if err := s.placeHits(ctx, c, res, placeLater, cands, spans, parsed, width); err != nil {
		return nil, err
	}
	return res, nil
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

// placeHits gives the result's interviews at the indexes later (counted
// from postings) their hits and KWIC lines: it reads their transcripts and
// finds each hit's words through the marks. Marks that do not fit their
// transcript (which the index keeps in step, so this should not happen)
// are not trusted: the transcript is matched in Go and the counts are
// corrected.
func (s services) placeHits(ctx context.Context, c conn, res *ownwords.SearchResult, later []int, cands []candidate, spans map[string][]text.Span, q text.Query, width int) error {
	if len(later) == 0 {
		return nil
	}
	byID := make(map[string]candidate, len(later))
	batch := make([]candidate, 0, len(later))
	for _, cd := range cands {
		if _, ok := spans[cd.id]; ok {
			byID[cd.id] = cd
		}
	}
	for _, i := range later {
		batch = append(batch, byID[res.Interviews[i].InterviewID])
	}
	texts, err := s.transcripts(ctx, c, batch)
	if err != nil {
		return err
	}
	marks, err := s.search().(positionIndex).marks(ctx, c, batch)
	if err != nil {
		return err
	}
	for _, i := range later {
		ih := &res.Interviews[i]
		transcript := texts[ih.InterviewID]
		sp := spans[ih.InterviewID]
		pos := make([]int, 0, 2*len(sp))
		for _, x := range sp {
			pos = append(pos, x.From, x.To-1)
		}
		placed, err := text.TokensAt(transcript, marks[byID[ih.InterviewID].doc], pos)
		if err != nil {
			hits := text.Find(transcript, q)
			res.TotalHits += len(hits) - ih.Count
			ih.Count = len(hits)
			ih.Hits = kwicHits(transcript, hits, width)
			continue
		}
		ih.Hits = make([]ownwords.SearchHit, len(sp))
		for j := range sp {
			first, last := placed[2*j], placed[2*j+1]
			l := text.KWICAt(transcript, first.Byte, first.Start, last.End, width)
			ih.Hits[j] = ownwords.SearchHit{Start: l.Start, End: l.End, Before: l.Before, Match: l.Match, After: l.After}
		}
	}
	// An interview whose marks failed may have no hits after all.
	kept := res.Interviews[:0]
	for _, ih := range res.Interviews {
		if ih.Count > 0 {
			kept = append(kept, ih)
		}
	}
	res.Interviews = kept
	return nil
}

// transcriptsRead counts the transcripts searches have read, for tests.
var transcriptsRead atomic.Int64

// transcripts loads the transcripts of a batch of candidates by ID.
func (s services) transcripts(ctx context.Context, c conn, batch []candidate) (map[string]string, error) {
	transcriptsRead.Add(int64(len(batch)))
	ids := make([]any, len(batch))
	for i, cd := range batch {
		ids[i] = cd.id
	}
	rows, err := c.query(ctx, `SELECT id, transcript FROM interviews WHERE id IN (`+placeholders(1, len(ids))+`)`, ids...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: search transcripts: %w", err)
	}
	defer rows.Close()
	out := make(map[string]string, len(batch))
	for rows.Next() {
		var id, t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, fmt.Errorf("sqldb: search transcripts: %w", err)
		}
		out[id] = t
	}
	return out, rows.Err()
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", from+i)
	}
	return strings.Join(ps, ", ")
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
