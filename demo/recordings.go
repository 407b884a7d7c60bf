package demo

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// MaxTakes bounds the synthetic recordings the demo makes: enough for a
// clips manifest with every kind of entry, few enough to keep the first
// run fast.
const MaxTakes = 10

// spokenWords bounds what is spoken of one turn: the demo records the
// opening of the turns around a passage, not the 3,000-word transcript.
const spokenWords = 24

// SpokenTurn is a turn of a transcript that a synthetic recording speaks.
type SpokenTurn struct {
	// Offset is where the turn starts in the transcript (code points).
	Offset int
	// Text is what is spoken: the turn's first words, without its label.
	Text        string
	Interviewer bool
}

// Take is the synthetic recording of one interview: the interviewer's
// question before a coded passage and the participant's answer holding it.
type Take struct {
	InterviewID string
	Title       string
	// Language is the transcript's (BCP 47): the voices speak it.
	Language string
	Video    bool
	Turns    []SpokenTurn
	// Next is where the first turn after the spoken ones starts (-1 when
	// the spoken turn is the last), N the transcript's length.
	Next, N int
}

// Anchors returns the take's time anchors, given when each spoken turn
// starts and when the recording ends (ms): each spoken turn at its time,
// and the rest of the transcript at the end, so that a passage outside
// the spoken turns has no length in the recording (and is left out of a
// reel) rather than the length of the wrong words.
func (t *Take) Anchors(starts []int64, end int64) []ownwords.TimeAnchor {
	var out []ownwords.TimeAnchor
	for i, tu := range t.Turns {
		out = append(out, ownwords.TimeAnchor{Offset: tu.Offset, Ms: starts[i]})
	}
	if t.Next > t.Turns[len(t.Turns)-1].Offset && t.Next < t.N {
		out = append(out, ownwords.TimeAnchor{Offset: t.Next, Ms: end})
	}
	return append(out, ownwords.TimeAnchor{Offset: t.N, Ms: end})
}

// PlanRecordings chooses what the demo records: the code whose consensus
// passages lie in the most interviews that have another text (a
// translation, an original: others, by interview ID) and whose
// participant agreed to be recorded and to their voice in public
// material, so that its reel has subtitles in two languages, then in the
// most interviews of participants who agreed to be recorded; and up to
// MaxTakes of those interviews, mixing participants who agreed to their
// voice and face in public material, to their voice only, to neither,
// and who withdrew, so that a clips manifest of the code shows clips and
// every reason for leaving one out (within each kind, interviews with
// another text first). segs are the study's consensus segments, consents
// by participant ID. It returns the code's ID and the takes, in title
// order; none when no interview fits.
func PlanRecordings(ivs []*ownwords.Interview, consents map[string]*ownwords.Consent, segs []*ownwords.Segment, others map[string]bool) (string, []Take) {
	byID := map[string]*ownwords.Interview{}
	for _, iv := range ivs {
		if c := consents[iv.ParticipantID]; c != nil && c.Recorded.Answer == ownwords.ConsentYes && iv.Transcript != "" {
			byID[iv.ID] = iv
		}
	}
	first := map[string]map[string]*ownwords.Segment{} // code → interview → first passage
	for _, s := range segs {
		if byID[s.InterviewID] == nil || s.Layer != ownwords.LayerConsensus {
			continue
		}
		if first[s.CodeID] == nil {
			first[s.CodeID] = map[string]*ownwords.Segment{}
		}
		if have := first[s.CodeID][s.InterviewID]; have == nil || s.Start < have.Start {
			first[s.CodeID][s.InterviewID] = s
		}
	}
	// bilingual counts the interviews of a code whose clip may carry
	// subtitles in two languages.
	bilingual := func(m map[string]*ownwords.Segment) int {
		n := 0
		for id := range m {
			c := consents[byID[id].ParticipantID]
			if others[id] && c.AllowsVoice() && c.AllowsQuotes() && !c.IsWithdrawn() {
				n++
			}
		}
		return n
	}
	code := ""
	for id, m := range first {
		if code == "" {
			code = id
			continue
		}
		if c := cmp.Or(cmp.Compare(bilingual(m), bilingual(first[code])), cmp.Compare(len(m), len(first[code])), strings.Compare(code, id)); c > 0 {
			code = id
		}
	}
	if code == "" {
		return "", nil
	}
	// Buckets by consent, each in title order, taken in turn.
	buckets := make([][]*ownwords.Interview, 4)
	for id := range first[code] {
		iv := byID[id]
		c := consents[iv.ParticipantID]
		b := 2
		switch {
		case c.IsWithdrawn() || !c.AllowsQuotes():
			b = 3
		case c.AllowsFace() && c.AllowsVoice():
			b = 0
		case c.AllowsVoice():
			b = 1
		}
		buckets[b] = append(buckets[b], iv)
	}
	for _, b := range buckets {
		slices.SortFunc(b, func(x, y *ownwords.Interview) int {
			return cmp.Or(-cmp.Compare(b2i(others[x.ID]), b2i(others[y.ID])), cmp.Compare(x.Title, y.Title))
		})
	}
	var takes []Take
	for round := 0; len(takes) < MaxTakes; round++ {
		added := false
		for bi, b := range buckets {
			if round >= len(b) || len(takes) == MaxTakes {
				continue
			}
			if t, ok := take(b[round], first[code][b[round].ID], bi < 2 || round%2 == 0); ok {
				takes = append(takes, t)
			}
			added = true
		}
		if !added {
			break
		}
	}
	slices.SortFunc(takes, func(x, y Take) int { return cmp.Compare(x.Title, y.Title) })
	return code, takes
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// paragraph is a turn of a transcript: its start and text.
type paragraph struct {
	start int
	text  string
}

// take plans the recording of iv around passage seg: the turn holding it
// and the interviewer's turn before it.
func take(iv *ownwords.Interview, seg *ownwords.Segment, video bool) (Take, bool) {
	var ps []paragraph
	at := 0
	for _, p := range strings.SplitAfter(iv.Transcript, "\n\n") {
		ps = append(ps, paragraph{at, p})
		at += utf8.RuneCountInString(p)
	}
	i := slices.IndexFunc(ps, func(p paragraph) bool { return p.start+utf8.RuneCountInString(p.text) > seg.Start })
	if i < 0 {
		return Take{}, false
	}
	t := Take{InterviewID: iv.ID, Title: iv.Title, Language: iv.Language, Video: video, Next: -1, N: at}
	if i > 0 && labelled(ps[i-1].text) {
		t.Turns = append(t.Turns, spoken(ps[i-1], true))
	}
	t.Turns = append(t.Turns, spoken(ps[i], false))
	if i+1 < len(ps) {
		t.Next = ps[i+1].start
	}
	return t, true
}

// labelled reports whether a paragraph is a turn ("Label: text").
func labelled(s string) bool {
	label, _, ok := strings.Cut(s, ": ")
	return ok && len(label) < 40 && !strings.Contains(label, "\n")
}

// spoken returns what is said of turn p: its first words, unlabelled.
func spoken(p paragraph, interviewer bool) SpokenTurn {
	text := p.text
	if labelled(text) {
		_, text, _ = strings.Cut(text, ": ")
	}
	words := strings.Fields(text)
	return SpokenTurn{Offset: p.start, Text: strings.Join(words[:min(len(words), spokenWords)], " "), Interviewer: interviewer}
}
