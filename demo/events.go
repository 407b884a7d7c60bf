package demo

import (
	"strings"

	"ownwords"
)

// events tells a participant's trajectory: travelled, joined, first doubts
// (linked to the passage where they tell it), left or captured, returned,
// interviewed. Dates agree with the attributes: joined is joined_date, left
// or captured is left_date, interviewed is interview_date.
func (g *gen) events(p *person, consensus []*ownwords.Segment) []*ownwords.Event {
	var out []*ownwords.Event
	add := func(kind string, d ownwords.Period, note string) *ownwords.Event {
		e := &ownwords.Event{ParticipantID: p.code, Kind: kind, Date: d, Note: note}
		out = append(out, e)
		return e
	}
	yearOnly := p.joined.Precision() == ownwords.PrecisionYear
	if p.travelled {
		d := monthDate(max(p.joinedM-g.rng.IntN(2), 0))
		if yearOnly {
			d = ownwords.Date{Year: p.joined.Year}
		}
		add(ownwords.EventTravelled, ownwords.Period{From: d}, "")
	}
	add(ownwords.EventJoined, ownwords.Period{From: p.joined}, "")
	if span := p.leftM - p.joinedM; span >= 3 && g.rng.IntN(100) < 85 {
		m := p.joinedM + 1 + g.rng.IntN(span-1)
		d := ownwords.Period{From: monthDate(m)}
		if m+2 < p.leftM && g.rng.IntN(5) == 0 {
			d.To = monthDate(m + 2)
		}
		e := add(ownwords.EventFirstDoubts, d, "")
		for _, s := range consensus {
			if strings.HasPrefix(s.CodeID, "disillusionment/") {
				e.SegmentID = s.ID
				break
			}
		}
	}
	left := ownwords.Period{From: p.left}
	switch {
	case !p.travelled && !p.local():
		add(ownwords.EventCaptured, left, "arrested at home")
	case p.status == "prisoner":
		add(ownwords.EventCaptured, left, "detained in "+p.ivCountry)
	case p.status == "defector":
		add(ownwords.EventLeft, left, "crossed into Turkey")
	default:
		add(ownwords.EventLeft, left, "")
		ivM := monthIndex(p.interview)
		back := p.leftM + 1 + g.rng.IntN(max(ivM-p.leftM-1, 1))
		add(ownwords.EventReturned, ownwords.Period{From: monthDate(min(back, ivM))}, "returned to "+p.country)
	}
	add(ownwords.EventInterviewed, ownwords.Period{From: p.interview}, p.ivPlace+", "+p.ivCountry)
	return out
}
