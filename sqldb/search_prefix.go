package sqldb

import (
	"context"
	"strings"

	"ownwords"
	"ownwords/text"
)

// wordPeople holds, for a counts-only search with a PrefixFloor, the
// participants each word beginning with one of the query's prefixes is a
// hit of: a prefix is an OR of those words, and the disclosure rules need
// each matched by k (SearchQuery.PrefixFloor).
type wordPeople struct {
	prefixes []string
	people   map[string]map[string]bool
}

// newWordPeople returns the holder for q, or nil when q asks for no floor
// or has no prefix.
func newWordPeople(q ownwords.SearchQuery, parsed text.Query) *wordPeople {
	if !q.CountsOnly || q.PrefixFloor <= 0 {
		return nil
	}
	_, prefixes := parsed.Terms()
	if len(prefixes) == 0 {
		return nil
	}
	return &wordPeople{prefixes: prefixes, people: map[string]map[string]bool{}}
}

// add counts participant for folded word w when a prefix begins it.
func (w *wordPeople) add(word, participant string) {
	if w == nil {
		return
	}
	for _, p := range w.prefixes {
		if strings.HasPrefix(word, p) {
			m := w.people[word]
			if m == nil {
				m = map[string]bool{}
				w.people[word] = m
			}
			m[participant] = true
			return
		}
	}
}

// addHits counts participant for the words of transcript's tokens lying in
// hits.
func (w *wordPeople) addHits(transcript string, hits []text.Hit, participant string) {
	if w == nil || len(hits) == 0 {
		return
	}
	h := 0
	for _, t := range text.Tokenize(transcript) {
		for h < len(hits) && hits[h].End <= t.Start {
			h++
		}
		if h == len(hits) {
			return
		}
		if hits[h].Start <= t.Start && t.End <= hits[h].End {
			w.add(t.Norm, participant)
		}
	}
}

// sparse reports whether a word is a hit of fewer than floor participants.
func (w *wordPeople) sparse(floor int) bool {
	if w == nil {
		return false
	}
	for _, m := range w.people {
		if len(m) < floor {
			return true
		}
	}
	return false
}

// prefixPeople reads the transcripts of res's interviews, a batch at a
// time, and counts the participants of the prefix words in their hits.
func (s services) prefixPeople(ctx context.Context, c conn, q text.Query, people *wordPeople, res *ownwords.SearchResult) error {
	for from := 0; from < len(res.Interviews); from += transcriptBatch {
		var batch []candidate
		for _, ih := range res.Interviews[from:min(from+transcriptBatch, len(res.Interviews))] {
			batch = append(batch, candidate{id: ih.InterviewID, participant: ih.ParticipantCode})
		}
		texts, err := s.transcripts(ctx, c, batch)
		if err != nil {
			return err
		}
		found := findAll(batch, texts, q)
		for _, cd := range batch {
			people.addHits(texts[cd.id], found[cd.id], cd.participant)
		}
	}
	return nil
}
