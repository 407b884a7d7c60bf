package demo

import (
	"fmt"
	"math/rand/v2"
	"unicode"

	"ownwords"
)

// OwnerName is the demo study's owner account, who adjudicates.
const OwnerName = "owner"

// Coders of the demo: the owner adjudicates (the consensus layer), coder A
// codes every interview, coder B a sample of them independently.
const (
	adjudicator = OwnerName
	coderA      = "coder-a"
	coderB      = "coder-b"
)

// confusable pairs items that coders plausibly mix up; coder B's choices
// between them make those items' agreement tentative.
var confusable = map[string]string{
	"vulnerabilities/unemployment":                 "vulnerabilities/underemployment",
	"vulnerabilities/underemployment":              "vulnerabilities/unemployment",
	"vulnerabilities/discrimination":               "vulnerabilities/marginalization",
	"vulnerabilities/marginalization":              "vulnerabilities/discrimination",
	"heard/family_member_killed":                   "heard/family_member_killed_battle_or_bombing",
	"heard/family_member_killed_battle_or_bombing": "heard/family_member_killed",
	"motivations/caliphate_ideology":               "motivations/islamic_identity",
	"disillusionment/corruption_hypocrisy":         "disillusionment/unislamic_conduct",
	"disillusionment/unislamic_conduct":            "disillusionment/corruption_hypocrisy",
}

// strayCodes are the vague codes coder B sometimes puts on neutral talk.
var strayCodes = []string{"vulnerabilities/marginalization", "vulnerabilities/identity_seeking", "motivations/belonging"}

// coding accumulates the segments of all layers.
type coding struct {
	rng      *rand.Rand
	segments []*ownwords.Segment
}

func (c *coding) add(ivID, code, coder, layer string, text []rune, start, end int) *ownwords.Segment {
	s := &ownwords.Segment{
		ID: fmt.Sprintf("S%05d", len(c.segments)+1), InterviewID: ivID, CodeID: code, CoderID: coder,
		Layer: layer, Start: start, End: end, TextHash: ownwords.HashText(string(text[start:end])),
	}
	c.segments = append(c.segments, s)
	return s
}

// code adds the consensus segments of a transcript (one per coded passage,
// exactly its range), coder A's (nearly the same) and, when double, coder
// B's (independent: missed passages, other codes, shifted boundaries,
// strays). It returns the consensus segments.
func (c *coding) code(ivID string, t transcript, double bool) []*ownwords.Segment {
	text := []rune(t.text)
	var consensus []*ownwords.Segment
	for _, cs := range t.coded {
		consensus = append(consensus, c.add(ivID, cs.item, adjudicator, ownwords.LayerConsensus, text, cs.start, cs.end))
	}
	for _, cs := range t.coded {
		switch x := c.rng.Float64(); {
		case x < 0.01:
		case x < 0.05:
			start, end := c.shift(text, cs.start, cs.end)
			c.add(ivID, cs.item, coderA, ownwords.LayerCoder, text, start, end)
		default:
			c.add(ivID, cs.item, coderA, ownwords.LayerCoder, text, cs.start, cs.end)
		}
	}
	if !double {
		return consensus
	}
	for _, cs := range t.coded {
		code := cs.item
		if other, ok := confusable[code]; ok && c.rng.IntN(5) == 0 {
			code = other
		}
		switch x := c.rng.Float64(); {
		case x < 0.025:
		case x < 0.25:
			start, end := c.shift(text, cs.start, cs.end)
			c.add(ivID, code, coderB, ownwords.LayerCoder, text, start, end)
		default:
			c.add(ivID, code, coderB, ownwords.LayerCoder, text, cs.start, cs.end)
		}
	}
	if len(t.fillers) > 0 && c.rng.IntN(3) == 0 {
		f := pick(c.rng, t.fillers)
		c.add(ivID, pick(c.rng, strayCodes), coderB, ownwords.LayerCoder, text, f.start, f.end)
	}
	return consensus
}

// shift moves a passage's boundaries by a few words, the way coders'
// selections differ: the start later or the end earlier by one to three
// words, or the end on to the close of the next sentence of the same turn.
func (c *coding) shift(text []rune, start, end int) (int, int) {
	k := 1 + c.rng.IntN(3)
	switch c.rng.IntN(3) {
	case 0:
		s := start
		for range k {
			s = nextWord(text, s, end)
		}
		if end-s >= 12 {
			return s, end
		}
	case 1:
		e := end
		for range k {
			e = prevWordEnd(text, start, e)
		}
		if e-start >= 12 {
			return start, e
		}
	default:
		for e := end + 1; e < len(text) && text[e] != '\n'; e++ {
			if text[e] == '.' || text[e] == '?' || text[e] == '!' {
				return start, e + 1
			}
		}
	}
	return start, end
}

// nextWord returns the start of the word after the one at i (bounded by
// end).
func nextWord(text []rune, i, end int) int {
	for i < end && !unicode.IsSpace(text[i]) {
		i++
	}
	for i < end && unicode.IsSpace(text[i]) {
		i++
	}
	return i
}

// prevWordEnd returns the end of the word before the one ending at e
// (bounded by start).
func prevWordEnd(text []rune, start, e int) int {
	for e > start && !unicode.IsSpace(text[e-1]) {
		e--
	}
	for e > start && unicode.IsSpace(text[e-1]) {
		e--
	}
	return e
}
