package demo

import (
	"fmt"
	"slices"
	"strings"

	"ownwords"
)

// doubleCoded is how many interviews coder B codes independently (more
// than a fifth of 239).
const doubleCoded = 50

// build turns the generated people into the Study's participants,
// interviews, segments and events, in participant-code order.
func (g *gen) build(s *Study) {
	ps := slices.Clone(g.ps)
	slices.SortFunc(ps, func(a, b *person) int { return strings.Compare(a.code, b.code) })
	second := map[int]bool{}
	for _, i := range g.rng.Perm(len(ps))[:doubleCoded] {
		second[i] = true
	}
	c := &coding{rng: g.rng}
	for i, p := range ps {
		ivID := p.code + "/1"
		t := g.writeTranscript(p, ivID)
		s.Participants = append(s.Participants, &ownwords.Participant{ID: p.code, Code: p.code, Values: p.values()})
		s.Interviews = append(s.Interviews, &ownwords.Interview{
			ID: ivID, ParticipantID: p.code, Title: fmt.Sprintf("%s %s", p.code, p.interview),
			Date: p.interview, Place: p.ivPlace + ", " + p.ivCountry, Language: p.lang,
			Interpreter: interpreter(p), Status: "adjudicated", Transcript: t.text,
		})
		s.planted = append(s.planted, t.planted...)
		if wantsText(p) {
			g.pending = append(g.pending, pendingText{p: p, t: t, interviewID: ivID})
		}
		consensus := c.code(ivID, t, second[i])
		s.Events = append(s.Events, g.events(p, consensus)...)
	}
	s.Segments = c.segments
}

// interpreter names the language pair when the interview went through an
// interpreter ("" when the participant spoke the transcript's language).
func interpreter(p *person) string {
	if p.spoken[0] == p.lang || p.spoken[0] == "en" {
		return ""
	}
	return p.spoken[1] + " to English"
}
