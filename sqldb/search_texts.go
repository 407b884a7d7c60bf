package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"ownwords"
	"ownwords/text"
)

// otherText is one InterviewText of a study as a search reads it, with
// what a result lists of its interview; body is read only when needed.
type otherText struct {
	ref                             ownwords.TextRef
	version                         int
	interviewID, title, participant string
	ivLanguage, body                string
	// alignment and basis are the text's manual alignment as stored
	// (manualHolds tells whether it holds).
	alignment, basis string
	read             bool
	terms            *textTerms
}

// studyTexts lists the other texts of the study's interviews that the
// search's attribute filter keeps, by interview and in the order of
// InterviewTexts (originals first), without their words.
func (s services) studyTexts(ctx context.Context, c conn, q ownwords.SearchQuery) ([]otherText, error) {
	where := `t.study_id = $1`
	args := []any{q.StudyID}
	if len(q.Attributes) > 0 {
		w, a := attributeFilterSQL(q.Attributes, 2)
		where += ` AND ` + w
		args = append(args, a...)
	}
	rows, err := c.query(ctx, `SELECT t.id, t.version, t.language, t.role, i.id, i.title, p.code, i.language, t.alignment, t.aligned_to
		FROM interview_texts t JOIN interviews i ON i.id = t.interview_id JOIN participants p ON p.id = i.participant_id
		WHERE `+where+` ORDER BY i.id, t.role, t.language, t.translator`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: search texts: %w", err)
	}
	defer rows.Close()
	var out []otherText
	for rows.Next() {
		var t otherText
		if err := rows.Scan(&t.ref.ID, &t.version, &t.ref.Language, &t.ref.Role, &t.interviewID, &t.title, &t.participant, &t.ivLanguage, &t.alignment, &t.basis); err != nil {
			return nil, fmt.Errorf("sqldb: search texts: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// readBodies reads the words of the texts not read yet.
func (s services) readBodies(ctx context.Context, c conn, texts []*otherText) error {
	var ids []any
	at := map[string]*otherText{}
	for _, t := range texts {
		if !t.read && at[t.ref.ID] == nil {
			ids = append(ids, t.ref.ID)
			at[t.ref.ID] = t
		}
	}
	for from := 0; from < len(ids); from += transcriptBatch {
		batch := ids[from:min(from+transcriptBatch, len(ids))]
		rows, err := c.query(ctx, `SELECT id, text FROM interview_texts WHERE id IN (`+placeholders(1, len(batch))+`)`, batch...)
		if err != nil {
			return fmt.Errorf("sqldb: search texts: %w", err)
		}
		for rows.Next() {
			var id, body string
			if err := rows.Scan(&id, &body); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: search texts: %w", err)
			}
			at[id].body, at[id].read = body, true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: search texts: %w", err)
		}
	}
	return nil
}

// textHits are the hits of q in one other text.
type textHits struct {
	t    *otherText
	hits []text.Hit
}

// maxAlignedRunes bounds the aligned turn a hit shows: enough to read a
// long answer's gist beside a KWIC line.
const maxAlignedRunes = 600

// searchTexts adds to res the hits of q in the other texts of the study's
// interviews (InterviewText: an original, translations), matched with the
// same folding as the transcripts. They are not in the packed index: each
// text's distinct folded words are kept in memory (termCache) and tell
// which texts the query may match (text.CountDocs, a superset for phrases
// and NEAR); only those are read and matched (text.Find), so the hits are
// exact. SearchQuery.Language keeps the texts in that language, as it
// keeps transcripts; attributes and InterviewIDs keep them as they keep
// their interviews. Code filters judge a hit in another text by its
// aligned turn of the transcript (codeFilters.keepTurn: passages are
// coded in the transcript, and only turns are aligned). An interview
// with hits only there is listed after those with hits in their
// transcripts, by number of hits. The page's hits (res's from q.Offset,
// limit interviews) get KWIC lines, in their text, and the aligned turn
// of the other text (SearchHit.Aligned), transcript hits included.
// cacheable says the search reads a committed snapshot of its own: only
// then are words kept for later searches.
func (s services) searchTexts(ctx context.Context, c conn, q ownwords.SearchQuery, parsed text.Query, codes codeFilters, keep map[string]bool, res *ownwords.SearchResult, limit, width int, cacheable bool) error {
	gen := s.db.textTerms.generation(q.StudyID)
	all, err := s.studyTexts(ctx, c, q)
	if err != nil {
		return err
	}
	if cacheable && len(q.Attributes) == 0 {
		// Forget texts deleted since (by another process: this one
		// forgets as it deletes).
		s.db.textTerms.keepOnly(q.StudyID, all)
	}
	if keep != nil {
		all = slices.DeleteFunc(all, func(t otherText) bool { return !keep[t.interviewID] })
	}
	if len(all) == 0 {
		return nil
	}
	byIV := map[string][]*otherText{} // every text, for the aligned turns
	var searched []*otherText
	for i := range all {
		t := &all[i]
		byIV[t.interviewID] = append(byIV[t.interviewID], t)
		if q.Language == "" || t.ref.Language == q.Language {
			searched = append(searched, t)
		}
	}
	maybe, err := s.textCandidates(ctx, c, q.StudyID, parsed, searched, cacheable, gen)
	if err != nil {
		return err
	}
	if err := s.readBodies(ctx, c, maybe); err != nil {
		return err
	}
	found := make([][]text.Hit, len(maybe))
	parallel(len(maybe), func(i int) { found[i] = text.Find(maybe[i].body, parsed) })
	var transcripts map[string]string
	readTranscripts := func(ids []string) error {
		var batch []candidate
		for _, id := range ids {
			if _, ok := transcripts[id]; !ok {
				batch = append(batch, candidate{id: id})
			}
		}
		for from := 0; from < len(batch); from += transcriptBatch {
			got, err := s.transcripts(ctx, c, batch[from:min(from+transcriptBatch, len(batch))])
			if err != nil {
				return err
			}
			if transcripts == nil {
				transcripts = map[string]string{}
			}
			for id, tr := range got {
				transcripts[id] = tr
			}
		}
		return nil
	}
	hitsOf := map[string][]textHits{}
	var order []string // interviews with hits in their texts, by ID
	for i, t := range maybe {
		if len(found[i]) == 0 {
			continue
		}
		if len(hitsOf[t.interviewID]) == 0 {
			order = append(order, t.interviewID)
		}
		hitsOf[t.interviewID] = append(hitsOf[t.interviewID], textHits{t: t, hits: found[i]})
	}
	if codes.active() && len(order) > 0 {
		if err := s.codeTextHits(ctx, c, q, codes, order, hitsOf, readTranscripts, &transcripts); err != nil {
			return err
		}
	}
	people := newWordPeople(q, parsed)
	listed := map[string]int{}
	for i, ih := range res.Interviews {
		listed[ih.InterviewID] = i
	}
	var added []ownwords.InterviewHits
	for _, id := range order {
		n := 0
		for _, th := range hitsOf[id] {
			n += len(th.hits)
			people.addHits(th.t.body, th.hits, th.t.participant)
		}
		if n == 0 {
			continue
		}
		res.TotalHits += n
		if at, ok := listed[id]; ok {
			res.Interviews[at].Count += n
			continue
		}
		t := hitsOf[id][0].t
		added = append(added, ownwords.InterviewHits{InterviewID: id, Title: t.title, ParticipantCode: t.participant, Language: t.ivLanguage, Count: n})
	}
	if people != nil && people.sparse(q.PrefixFloor) {
		res.SparsePrefix = true
	}
	slices.SortStableFunc(added, func(a, b ownwords.InterviewHits) int { return cmp.Compare(b.Count, a.Count) })
	res.Interviews = append(res.Interviews, added...)
	if q.CountsOnly || q.Offset >= len(res.Interviews) {
		return nil
	}
	page := res.Interviews[q.Offset:min(q.Offset+limit, len(res.Interviews))]
	var need []string
	var firsts []*otherText
	for _, ih := range page {
		if texts := byIV[ih.InterviewID]; len(texts) > 0 {
			need = append(need, ih.InterviewID)
			firsts = append(firsts, texts[0])
		}
	}
	if err := readTranscripts(need); err != nil {
		return err
	}
	if err := s.readBodies(ctx, c, firsts); err != nil {
		return err
	}
	for i := range page {
		ih := &page[i]
		texts := byIV[ih.InterviewID]
		if len(texts) == 0 {
			continue
		}
		transcript := transcripts[ih.InterviewID]
		trRef := ownwords.TextRef{Language: ih.Language, Role: ownwords.TextTranscript}
		if tu, fu, ok := pairUnits(transcript, texts[0]); ok {
			tr, first := newAligner(transcript, trRef, tu), newAligner(texts[0].body, texts[0].ref, fu)
			for j := range ih.Hits {
				ih.Hits[j].Aligned = tr.turnIn(first, ih.Hits[j].Start)
			}
		}
		for _, th := range hitsOf[ih.InterviewID] {
			hits := th.hits
			if most := q.HitsShown(ih.InterviewID); most > 0 {
				hits = hits[:min(len(hits), max(0, most-len(ih.Hits)))]
			}
			if len(hits) == 0 {
				continue
			}
			tu, ou, ok := pairUnits(transcript, th.t)
			tr, own := newAligner(transcript, trRef, tu), newAligner(th.t.body, th.t.ref, ou)
			ref := th.t.ref
			for _, h := range kwicHits(th.t.body, hits, width) {
				h.Text = &ref
				if ok {
					h.Aligned = own.turnIn(tr, h.Start)
				}
				ih.Hits = append(ih.Hits, h)
			}
		}
	}
	return nil
}

// codeTextHits keeps the hits in other texts whose aligned turn of the
// transcript the code filters keep (codeFilters.keepTurn).
func (s services) codeTextHits(ctx context.Context, c conn, q ownwords.SearchQuery, codes codeFilters, order []string, hitsOf map[string][]textHits, read func([]string) error, transcripts *map[string]string) error {
	if err := read(order); err != nil {
		return err
	}
	var batch []candidate
	for _, id := range order {
		batch = append(batch, candidate{id: id})
	}
	coded := map[string][]span{}
	for from := 0; from < len(batch); from += transcriptBatch {
		got, err := s.codedSpans(ctx, c, q, batch[from:min(from+transcriptBatch, len(batch))], codes)
		if err != nil {
			return err
		}
		for id, sp := range got {
			coded[id] = sp
		}
	}
	for _, id := range order {
		for k, th := range hitsOf[id] {
			// A text that is not aligned keeps no hit: no turn of the
			// transcript is known to be coded there.
			tu, ou, _ := pairUnits((*transcripts)[id], th.t)
			var kept []text.Hit
			for _, h := range th.hits {
				if u, _, ok := text.AlignedUnit(ou, tu, h.Start); ok && codes.keepTurn(u, coded[id]) {
					kept = append(kept, h)
				}
			}
			hitsOf[id][k].hits = kept
		}
	}
	return nil
}

// aligner is one text of an interview split into its units, to find the
// turn of another text aligned with a place in it.
type aligner struct {
	ref   ownwords.TextRef
	runes []rune
	units []text.Unit
}

// pairUnits returns the units of transcript and of t's body, unit i of
// one aligned with unit i of the other: by t's manual alignment while it
// holds, else turn by turn (text.Align). Both are nil when they do not
// align (a text stored unaligned, waiting to be aligned by hand).
func pairUnits(transcript string, t *otherText) (tu, ou []text.Unit, ok bool) {
	m := ""
	if manualHolds(transcript, t.body, t.alignment, t.basis) {
		m = t.alignment
	}
	tu, ou, err := text.AlignedUnits(transcript, t.body, m)
	return tu, ou, err == nil
}

func newAligner(s string, ref ownwords.TextRef, units []text.Unit) *aligner {
	return &aligner{ref: ref, runes: []rune(s), units: units}
}

// turnIn returns the turn of other aligned with the one of a holding code
// point at, or nil.
func (a *aligner) turnIn(other *aligner, at int) *ownwords.AlignedTurn {
	u, _, ok := text.AlignedUnit(a.units, other.units, at)
	if !ok || u.End > len(other.runes) {
		return nil
	}
	words := other.runes[u.Start:u.End]
	if len(words) > maxAlignedRunes {
		words = append(words[:maxAlignedRunes:maxAlignedRunes], '…')
	}
	return &ownwords.AlignedTurn{TextRef: other.ref, Speaker: u.Speaker, Start: u.Start, End: u.End, Text: string(words)}
}

// parallel calls fn(0) … fn(n-1) on every core.
func parallel(n int, fn func(i int)) {
	next := make(chan int)
	done := make(chan struct{})
	workers := min(runtime.GOMAXPROCS(0), n)
	for range workers {
		go func() {
			for i := range next {
				fn(i)
			}
			done <- struct{}{}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	for range workers {
		<-done
	}
}

// keepTurn is keep for a hit in another text, known only by its aligned
// turn u of the transcript: kept when a passage coded with an inside code
// overlaps u (if any inside code is set) and none coded with an outside
// code does (a turn partly left out is left out: the hit may be in that
// part).
func (f codeFilters) keepTurn(u text.Unit, spans []span) bool {
	inside, outside := false, false
	for _, sp := range spans {
		if sp.start < u.End && u.Start < sp.end {
			if sp.inside {
				inside = true
			} else {
				outside = true
			}
		}
	}
	return (inside || !f.anyInside) && !outside
}

// textTerms are the distinct folded words of one text, sorted, with
// their frequencies.
type textTerms struct {
	version int
	words   []string
	tfs     []int32
}

func newTextTerms(body string, version int) *textTerms {
	count := map[string]int32{}
	for _, tok := range text.Tokenize(body) {
		count[tok.Norm]++
	}
	tt := &textTerms{version: version, words: sortedKeys(count)}
	tt.tfs = make([]int32, len(tt.words))
	for i, w := range tt.words {
		tt.tfs[i] = count[w]
	}
	return tt
}

// termCache holds the textTerms of other texts by study and text ID, at
// most maxCachedWords words in all (past it, texts are read and matched
// at every search). A search of a whole study forgets the texts it no
// longer lists, and deleting texts (DeleteInterviewText, retention,
// shredding) forgets the study's, so no word of a destroyed text is kept.
type termCache struct {
	mu      sync.Mutex
	byStudy map[string]map[string]*textTerms
	words   int
	// gen counts the forgets of each study: a search keeps the words it
	// read only when no forget came between the start of its snapshot and
	// the put (a delete forgets in its transaction and again after its
	// commit, so a search that read the text before the delete committed
	// cannot bring its words back).
	gen map[string]uint64
}

// generation is the study's count of forgets, taken before a search
// reads its snapshot.
func (tc *termCache) generation(studyID string) uint64 {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return tc.gen[studyID]
}

// maxCachedWords bounds termCache: ~50 bytes a word, ~100 MB.
const maxCachedWords = 2_000_000

func (tc *termCache) get(studyID, id string, version int) *textTerms {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tt := tc.byStudy[studyID][id]; tt != nil && tt.version == version {
		return tt
	}
	return nil
}

func (tc *termCache) put(studyID, id string, tt *textTerms, gen uint64) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.gen[studyID] != gen {
		return // read before a delete that has forgotten the study since
	}
	m := tc.byStudy[studyID]
	if old := m[id]; old != nil {
		tc.words -= len(old.words)
		delete(m, id)
	}
	if tc.words+len(tt.words) > maxCachedWords {
		return
	}
	if tc.byStudy == nil {
		tc.byStudy = map[string]map[string]*textTerms{}
	}
	if m == nil {
		m = map[string]*textTerms{}
		tc.byStudy[studyID] = m
	}
	m[id] = tt
	tc.words += len(tt.words)
}

// keepOnly forgets the study's texts not in texts.
func (tc *termCache) keepOnly(studyID string, texts []otherText) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	m := tc.byStudy[studyID]
	if len(m) == 0 {
		return
	}
	live := make(map[string]bool, len(texts))
	for _, t := range texts {
		live[t.ref.ID] = true
	}
	for id, tt := range m {
		if !live[id] {
			tc.words -= len(tt.words)
			delete(m, id)
		}
	}
}

// forget drops every text of the study, and keeps searches that began
// before from putting back what they read.
func (tc *termCache) forget(studyID string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.gen == nil {
		tc.gen = map[string]uint64{}
	}
	tc.gen[studyID]++
	for _, tt := range tc.byStudy[studyID] {
		tc.words -= len(tt.words)
	}
	delete(tc.byStudy, studyID)
}

// textCandidates returns the texts q may match, from their words: kept
// ones, or read now (and kept when cacheable).
func (s services) textCandidates(ctx context.Context, c conn, studyID string, q text.Query, texts []*otherText, cacheable bool, gen uint64) ([]*otherText, error) {
	var unknown []*otherText
	for _, t := range texts {
		if cacheable {
			t.terms = s.db.textTerms.get(studyID, t.ref.ID, t.version)
		}
		if t.terms == nil {
			unknown = append(unknown, t)
		}
	}
	if err := s.readBodies(ctx, c, unknown); err != nil {
		return nil, err
	}
	parallel(len(unknown), func(i int) { unknown[i].terms = newTextTerms(unknown[i].body, unknown[i].version) })
	if cacheable {
		for _, t := range unknown {
			s.db.textTerms.put(studyID, t.ref.ID, t.terms, gen)
		}
	}
	exact, prefixes := q.Terms()
	counts := text.DocCounts{Words: map[string]map[int]int32{}, Prefixed: map[string][]string{}}
	add := func(w string, d int, tf int32) {
		m := counts.Words[w]
		if m == nil {
			m = map[int]int32{}
			counts.Words[w] = m
		}
		m[d] = tf
	}
	for d, t := range texts {
		for _, w := range exact {
			if i, ok := slices.BinarySearch(t.terms.words, w); ok {
				add(w, d, t.terms.tfs[i])
			}
		}
		for _, p := range prefixes {
			i, _ := slices.BinarySearch(t.terms.words, p)
			for ; i < len(t.terms.words) && strings.HasPrefix(t.terms.words[i], p); i++ {
				add(t.terms.words[i], d, t.terms.tfs[i])
			}
		}
	}
	for _, p := range prefixes {
		for w := range counts.Words {
			if strings.HasPrefix(w, p) {
				counts.Prefixed[p] = append(counts.Prefixed[p], w)
			}
		}
		slices.Sort(counts.Prefixed[p])
	}
	may := text.CountDocs(q, counts)
	var out []*otherText
	for d, t := range texts { // in their order: by interview, originals first
		if _, ok := may[d]; ok {
			out = append(out, t)
		}
	}
	return out, nil
}
