package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"

	"ownwords"
	"ownwords/text"
)

// otherText is one InterviewText of a study as a search reads it, with
// what a result lists of its interview.
type otherText struct {
	ref                             ownwords.TextRef
	interviewID, title, participant string
	ivLanguage, body                string
}

// studyTexts reads the other texts of the study's interviews that the
// search's attribute filter and keep (when not nil) keep, by interview
// and in the order of InterviewTexts (originals first).
func (s services) studyTexts(ctx context.Context, c conn, q ownwords.SearchQuery, keep map[string]bool) ([]otherText, error) {
	where := `t.study_id = $1`
	args := []any{q.StudyID}
	if len(q.Attributes) > 0 {
		w, a := attributeFilterSQL(q.Attributes, 2)
		where += ` AND ` + w
		args = append(args, a...)
	}
	rows, err := c.query(ctx, `SELECT t.id, t.language, t.role, t.text, i.id, i.title, p.code, i.language
		FROM interview_texts t JOIN interviews i ON i.id = t.interview_id JOIN participants p ON p.id = i.participant_id
		WHERE `+where+` ORDER BY i.id, t.role, t.language, t.translator`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: search texts: %w", err)
	}
	defer rows.Close()
	var out []otherText
	for rows.Next() {
		var t otherText
		if err := rows.Scan(&t.ref.ID, &t.ref.Language, &t.ref.Role, &t.body, &t.interviewID, &t.title, &t.participant, &t.ivLanguage); err != nil {
			return nil, fmt.Errorf("sqldb: search texts: %w", err)
		}
		if keep == nil || keep[t.interviewID] {
			out = append(out, t)
		}
	}
	return out, rows.Err()
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
// interviews (InterviewText: an original, translations), each matched
// in Go with the same folding as the transcripts (text.Find; they are
// not in the packed index: few interviews have them, and a study's
// texts are read whole). SearchQuery.Language keeps the texts in that
// language, as it keeps transcripts; attributes and InterviewIDs keep
// them as they keep their interviews. Code filters judge a hit in
// another text by its aligned turn of the transcript (codeFilters.keepTurn:
// passages are coded in the transcript, and only turns are aligned).
// An interview with hits only there is listed after those with hits in
// their transcripts, by number of hits. The page's hits (res's from
// q.Offset, limit interviews) get KWIC lines, in their text, and the
// aligned turn of the other text (SearchHit.Aligned), transcript hits
// included.
func (s services) searchTexts(ctx context.Context, c conn, q ownwords.SearchQuery, parsed text.Query, codes codeFilters, keep map[string]bool, res *ownwords.SearchResult, limit, width int) error {
	all, err := s.studyTexts(ctx, c, q, keep)
	if err != nil {
		return err
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
	found := make([][]text.Hit, len(searched))
	parallel(len(searched), func(i int) { found[i] = text.Find(searched[i].body, parsed) })
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
	for i, t := range searched {
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
	for _, ih := range page {
		if len(byIV[ih.InterviewID]) > 0 {
			need = append(need, ih.InterviewID)
		}
	}
	if err := readTranscripts(need); err != nil {
		return err
	}
	for i := range page {
		ih := &page[i]
		texts := byIV[ih.InterviewID]
		if len(texts) == 0 {
			continue
		}
		tr := newAligner(transcripts[ih.InterviewID], ownwords.TextRef{Language: ih.Language, Role: ownwords.TextTranscript})
		first := newAligner(texts[0].body, texts[0].ref)
		for j := range ih.Hits {
			ih.Hits[j].Aligned = tr.turnIn(first, ih.Hits[j].Start)
		}
		for _, th := range hitsOf[ih.InterviewID] {
			hits := th.hits
			if q.HitsPerInterview > 0 {
				hits = hits[:min(len(hits), max(0, q.HitsPerInterview-len(ih.Hits)))]
			}
			if len(hits) == 0 {
				continue
			}
			own := newAligner(th.t.body, th.t.ref)
			ref := th.t.ref
			for _, h := range kwicHits(th.t.body, hits, width) {
				h.Text = &ref
				h.Aligned = own.turnIn(tr, h.Start)
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
		tu, _ := text.Units((*transcripts)[id])
		for k, th := range hitsOf[id] {
			ou, _ := text.Units(th.t.body)
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

func newAligner(s string, ref ownwords.TextRef) *aligner {
	units, _ := text.Units(s)
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
