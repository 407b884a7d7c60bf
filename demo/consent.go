package demo

import (
	"math/rand/v2"
	"slices"

	"ownwords"
)

// consents gives the demo varied consent, deterministically from seed
// (its own stream: the rest of the study does not change with it). Every
// participant has a record dated at their interview: most agreed to be
// recorded, some of those to their voice in public material and fewer to
// their face. Among the participants outside the analysis sample (so that
// the published figures stay as they are) two refused analysis, two
// withdrew later and three refused quotes; none of them holds a planted
// phrase, so that search demos find every planted passage.
func (s *Study) consents(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x636f6e73656e74))
	inSample := map[string]bool{}
	for _, p := range s.Sample() {
		inSample[p.ID] = true
	}
	planted := map[string]bool{}
	for _, ps := range s.planted {
		planted[ps.Participant] = true
	}
	yes := func(ok bool) string { return map[bool]string{true: ownwords.ConsentYes, false: ownwords.ConsentNo}[ok] }
	var outside []*ownwords.Consent
	for _, p := range s.Participants {
		d := p.Values["interview_date"].Date
		if d.IsZero() {
			d = ownwords.Date{Year: 2016}
		}
		at := func(v string) ownwords.ConsentAnswer { return ownwords.ConsentAnswer{Answer: v, Date: d} }
		recorded := rng.IntN(100) < 70
		voice := recorded && rng.IntN(100) < 45
		face := voice && rng.IntN(100) < 40
		c := &ownwords.Consent{ParticipantID: p.ID, Recorded: at(yes(recorded)), Analysis: at(ownwords.ConsentYes),
			Quotes: at(ownwords.ConsentYes), Voice: at(yes(voice)), Face: at(yes(face))}
		s.Consents = append(s.Consents, c)
		if !inSample[p.ID] && !planted[p.ID] {
			outside = append(outside, c)
		}
	}
	for i, c := range outside[:min(len(outside), 7)] {
		switch {
		case i < 2:
			c.Analysis.Answer = ownwords.ConsentNo
			c.Quotes.Answer = ownwords.ConsentNo
		case i < 4:
			c.Withdrawn = ownwords.Date{Year: c.Analysis.Date.Year + 1, Month: 3, Day: 1}
		default:
			c.Quotes.Answer = ownwords.ConsentNo
		}
	}
	slices.SortFunc(s.Consents, func(a, b *ownwords.Consent) int {
		if a.ParticipantID < b.ParticipantID {
			return -1
		}
		return 1
	})
}
