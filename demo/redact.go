package demo

import (
	"slices"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// Redactions is the demo study's redaction list (settings --redact-file):
// names of people and places that no public output may carry, each in
// Latin and in Arabic script, so that the list covers the scripts of the
// demo's transcripts and of their other texts (disclosure.Covers): a
// public quote may show an Arabic original beside its translation, and a
// reel gets subtitles in a transcript's language and in its translation.
// Every name is invented, as is everything in the demo; the first two are
// planted in a few interviews (plantNames), the last names no one in the
// transcripts.
var Redactions = []string{
	"Abu Faltuq", "أبو فلتوق",
	"Tell Zarnouqa", "تل زرنوقة",
	"Idris Kalvane", "إدريس كالفان",
}

// namedSentence is the sentence plantNames adds to a turn, by language:
// it names a person and a place of Redactions.
var namedSentence = map[string]string{
	"en": "Abu Faltuq paid us from Tell Zarnouqa.",
	"fr": "Abu Faltuq nous payait depuis Tell Zarnouqa.",
	"ar": "كان أبو فلتوق يدفع لنا من تل زرنوقة.",
}

// RecordingPlan is what the demo records (PlanRecordings over the
// study's interviews, consents, with the withdrawals, and consensus
// segments): the code, as a path ("vulnerabilities/poverty"), and the
// takes, whose InterviewID is the local ID (Title names it in a store).
func (s *Study) RecordingPlan() (string, []Take) {
	consents := map[string]*ownwords.Consent{}
	for _, c := range s.Consents {
		consents[c.ParticipantID] = c
	}
	others := map[string]bool{}
	for _, t := range s.Texts {
		others[t.InterviewID] = true
	}
	var segs []*ownwords.Segment
	for _, sg := range s.Segments {
		if sg.Layer == ownwords.LayerConsensus {
			segs = append(segs, sg)
		}
	}
	return PlanRecordings(s.Interviews, consents, segs, others)
}

// plantNames plants the names of Redactions in two of the interviews the
// demo records whose participant agreed to their voice in public
// material, so that the clips manifest leaves their passages out for
// naming a term of the list: the first (by title) without another text,
// in the transcript, and the last with one, in the transcript and in its
// other text (the others with one, which come first, keep their
// subtitles in two languages). Interviews both coders coded are passed
// over: unitizing reliability measures their length, and the
// reliability figures stay as they were. The sentence ends the participant's turn holding the
// recorded passage (and the same turn of the other text), which the
// recording's time span covers; the offsets after it move (segments,
// planted phrases), nothing else does. It returns the titles of the
// interviews it planted names in.
func (s *Study) plantNames() []string {
	_, takes := s.RecordingPlan()
	consents := map[string]*ownwords.Consent{}
	for _, c := range s.Consents {
		consents[c.ParticipantID] = c
	}
	ivs := map[string]*ownwords.Interview{}
	for _, iv := range s.Interviews {
		ivs[iv.ID] = iv
	}
	double := map[string]bool{} // interviews both coders coded
	for _, sg := range s.Segments {
		if sg.CoderID == coderB {
			double[sg.InterviewID] = true
		}
	}
	var planted []string
	for _, withText := range []bool{false, true} {
		if withText {
			slices.Reverse(takes)
		}
		for _, tk := range takes {
			iv := ivs[tk.InterviewID]
			c := consents[iv.ParticipantID]
			i := slices.IndexFunc(s.Texts, func(t *ownwords.InterviewText) bool { return t.InterviewID == iv.ID })
			if !c.AllowsVoice() || !c.AllowsQuotes() || c.IsWithdrawn() || (i >= 0) != withText || double[iv.ID] {
				continue
			}
			turn := tk.Turns[len(tk.Turns)-1]
			s.insertAtTurnEnd(iv, turn.Offset, namedSentence[iv.Language])
			if i >= 0 {
				t := s.Texts[i]
				t.Text = appendToParagraph(t.Text, paragraphIndex(iv.Transcript, turn.Offset), namedSentence[t.Language])
			}
			planted = append(planted, iv.Title)
			break
		}
	}
	return planted
}

// insertAtTurnEnd adds sentence at the end of the turn of iv's transcript
// that starts at offset (before the blank line that ends it), and moves
// the offsets after it.
func (s *Study) insertAtTurnEnd(iv *ownwords.Interview, offset int, sentence string) {
	rs := []rune(iv.Transcript)
	end := offset
	for end < len(rs) && !(rs[end] == '\n' && (end+1 == len(rs) || rs[end+1] == '\n')) {
		end++
	}
	add := " " + sentence
	n := utf8.RuneCountInString(add)
	iv.Transcript = string(rs[:end]) + add + string(rs[end:])
	for _, sg := range s.Segments {
		if sg.InterviewID != iv.ID {
			continue
		}
		across := sg.Start < end && sg.End > end
		if sg.Start >= end {
			sg.Start += n
		}
		if sg.End > end {
			sg.End += n
		}
		if across { // not in the demo: a coded piece ends before the turn does
			sg.TextHash = ownwords.HashText(string([]rune(iv.Transcript)[sg.Start:sg.End]))
		}
	}
	for i := range s.planted {
		if p := &s.planted[i]; p.Interview == iv.ID && p.Start >= end {
			p.Start, p.End = p.Start+n, p.End+n
		}
	}
}

// paragraphIndex returns the index of the paragraph (blank-line
// separated) of text that holds code point offset.
func paragraphIndex(text string, offset int) int {
	at := 0
	for i, p := range strings.SplitAfter(text, "\n\n") {
		if at += utf8.RuneCountInString(p); at > offset {
			return i
		}
	}
	return -1
}

// appendToParagraph adds sentence at the end of paragraph i of text (the
// text unchanged when it has no such paragraph).
func appendToParagraph(text string, i int, sentence string) string {
	ps := strings.SplitAfter(text, "\n\n")
	if i < 0 || i >= len(ps) {
		return text
	}
	body := strings.TrimRight(ps[i], "\n")
	ps[i] = body + " " + sentence + ps[i][len(body):]
	return strings.Join(ps, "")
}
