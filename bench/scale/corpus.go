package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"ownwords"
	"ownwords/demo"
	"ownwords/internal/synthtext"
)

// Words planted in the filler so that the benchmark's queries have known
// frequencies whatever the demo's own text holds: rareWord in about 1 in
// 100 interviews, the phrase in about 1 in 10.
const (
	rareWord   = "quokka"
	plantedPhr = "lack of food"
)

// fillerVocab is the filler's vocabulary: pseudo-words ranked by a Zipf
// law, so that the corpus has words of every frequency, like speech.
var fillerVocab = synthtext.Vocabulary(20000)

// mediumWord is the filler word of Zipf rank 60 (of 20,000): found in
// most interviews a few times, like "emir" or "food" in the reference
// study's transcripts.
var mediumWord = fillerVocab[60]

// scaledStudy returns the demo study (seed) grown to n participants of one
// interview each: copy c of demo participant P-0042 is P-0042-c, with the
// same attribute values, codings (both coders' and the consensus) and
// events, so that the study keeps the demo's distributions. Each
// transcript is the demo's followed by filler turns up to about words
// words; the codings keep their offsets, which lie in the demo's part.
func scaledStudy(seed uint64, n, words int) *demo.Study {
	s := demo.Generate(seed)
	out := &demo.Study{Info: s.Info, Attributes: s.Attributes, Codes: s.Codes, Users: s.Users, Plan: s.Plan}
	out.Info.Name = fmt.Sprintf("%s (scale: %d participants)", s.Info.Name, n)
	ivOf := map[string][]*ownwords.Interview{}
	for _, iv := range s.Interviews {
		ivOf[iv.ParticipantID] = append(ivOf[iv.ParticipantID], iv)
	}
	segOf := map[string][]*ownwords.Segment{}
	for _, sg := range s.Segments {
		segOf[sg.InterviewID] = append(segOf[sg.InterviewID], sg)
	}
	evOf := map[string][]*ownwords.Event{}
	for _, e := range s.Events {
		evOf[e.ParticipantID] = append(evOf[e.ParticipantID], e)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7363616c65))
	vocab := fillerVocab
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	for c := 0; len(out.Participants) < n; c++ {
		for _, p := range s.Participants {
			if len(out.Participants) == n {
				break
			}
			key := func(id string) string {
				if c == 0 || id == "" {
					return id
				}
				return fmt.Sprintf("%s~%d", id, c)
			}
			cp := *p
			cp.ID = key(p.ID)
			if c > 0 {
				cp.Code = fmt.Sprintf("%s-%d", p.Code, c)
			}
			out.Participants = append(out.Participants, &cp)
			for _, iv := range ivOf[p.ID] {
				civ := *iv
				civ.ID, civ.ParticipantID = key(iv.ID), cp.ID
				if c > 0 { // titles are unique in a study
					civ.Title = fmt.Sprintf("%s (%s)", iv.Title, cp.Code)
				}
				// The demo's text is kept as it is (its header names the
				// original code): the codings' offsets must stay valid.
				civ.Transcript = iv.Transcript + filler(rng, zipf, vocab, words-len(strings.Fields(iv.Transcript)))
				out.Interviews = append(out.Interviews, &civ)
				for _, sg := range segOf[iv.ID] {
					cs := *sg
					cs.ID, cs.InterviewID = key(sg.ID), civ.ID
					out.Segments = append(out.Segments, &cs)
				}
			}
			for _, e := range evOf[p.ID] {
				ce := *e
				ce.ID, ce.ParticipantID, ce.SegmentID = key(e.ID), cp.ID, key(e.SegmentID)
				out.Events = append(out.Events, &ce)
			}
		}
	}
	return out
}

// filler returns about words words of interview turns drawn from vocab,
// with rareWord and plantedPhr planted at their rates.
func filler(rng *rand.Rand, zipf *rand.Zipf, vocab []string, words int) string {
	if words <= 0 {
		return ""
	}
	var b strings.Builder
	rare, phrase := rng.IntN(100) == 0, rng.IntN(10) == 0
	speaker := []string{"Interviewer", "Participant"}
	for w, turn := 0, 0; w < words; turn++ {
		fmt.Fprintf(&b, "\n\n%s:", speaker[turn%2])
		n := 20 + rng.IntN(100)
		for i := 0; i < n && w < words; i++ {
			switch {
			case rare && w > words/2:
				b.WriteString(" " + rareWord)
				rare = false
			case phrase && w > words/3:
				b.WriteString(" " + plantedPhr)
				phrase = false
			default:
				b.WriteString(" " + vocab[zipf.Uint64()])
			}
			w++
			if rng.IntN(12) == 0 {
				b.WriteString(".")
			}
		}
		b.WriteString(".")
	}
	return b.String()
}

// writeCorpus writes what `ownwords import` reads for s: each transcript
// as NNNNNN.txt with its sidecar NNNNNN.json (participant, date, language,
// title), and participants.csv (code and the demo's category attributes).
// It returns the transcript files in order and their total size.
func writeCorpus(s *demo.Study, dir string) (files []string, bytes int64, err error) {
	if err := os.MkdirAll(filepath.Join(dir, "corpus"), 0o700); err != nil {
		return nil, 0, err
	}
	code := map[string]string{}
	for _, p := range s.Participants {
		code[p.ID] = p.Code
	}
	for i, iv := range s.Interviews {
		base := filepath.Join(dir, "corpus", fmt.Sprintf("%06d", i))
		meta := map[string]string{"participant": code[iv.ParticipantID], "title": fmt.Sprintf("Interview %06d", i)}
		if iv.Language != "" {
			meta["language"] = iv.Language
		}
		side, _ := json.Marshal(meta)
		if err := os.WriteFile(base+".json", side, 0o600); err != nil {
			return nil, 0, err
		}
		if err := os.WriteFile(base+".txt", []byte(iv.Transcript), 0o600); err != nil {
			return nil, 0, err
		}
		files = append(files, base+".txt")
		bytes += int64(len(iv.Transcript))
	}
	f, err := os.Create(filepath.Join(dir, "participants.csv"))
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	cols := []string{"gender", "origin", "status", "region"}
	w.Write(append([]string{"code"}, cols...))
	for _, p := range s.Participants {
		row := []string{p.Code}
		for _, c := range cols {
			row = append(row, p.Values[c].String())
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, 0, err
	}
	return files, bytes, f.Close()
}
