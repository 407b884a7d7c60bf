package analysis

import (
	"time"

	"ownwords"
)

// DaysPerMonth converts days to months for durations and survival times:
// the mean Gregorian month, 365.25/12 days.
const DaysPerMonth = 365.25 / 12

// firstDay and lastDay are the first and last day a period may stand for,
// counted in days since 1970-01-01 (Earliest and Latest are UTC midnights,
// so the division is exact).
func firstDay(p ownwords.Period) int { return dayNumber(p.Earliest()) }
func lastDay(p ownwords.Period) int  { return dayNumber(p.Latest()) }

func dayNumber(t time.Time) int { return int(t.Unix() / 86400) }

// midDay is the midpoint of a period in days.
func midDay(p ownwords.Period) float64 { return float64(firstDay(p)+lastDay(p)) / 2 }

// Span is the time from one dated event to another in whole days, as an
// interval that respects both dates' precision: Min and Max bound every
// pair of days the two dates may stand for.
type Span struct {
	Min int `json:"min_days"`
	Max int `json:"max_days"`
}

// SpanBetween returns the span from a to b, where b is expected to follow
// a (joined → first doubts). The raw bounds are b.Earliest − a.Latest and
// b.Latest − a.Earliest. When the dates overlap, b may not precede a, so
// Min is raised to 0: a month-precision "first doubts" in the month of a
// day-precision "joined" lies 0..(days left in the month) after it, never
// before. ok is false when b certainly precedes a (raw Max < 0): the dates
// contradict the expected order and no span is returned.
func SpanBetween(a, b ownwords.Period) (s Span, ok bool) {
	return spanDays(firstDay(a), lastDay(a), firstDay(b), lastDay(b))
}

// spanDays is SpanBetween on first and last days.
func spanDays(aLo, aHi, bLo, bHi int) (s Span, ok bool) {
	s = Span{Min: bLo - aHi, Max: bHi - aLo}
	if s.Max < 0 {
		return Span{}, false
	}
	s.Min = max(s.Min, 0)
	return s, true
}

// Days is the span's point estimate: the midpoint of its bounds.
func (s Span) Days() float64 { return float64(s.Min+s.Max) / 2 }

// Months is the point estimate in months of DaysPerMonth days.
func (s Span) Months() float64 { return s.Days() / DaysPerMonth }

// Exact reports whether the span is known to the day.
func (s Span) Exact() bool { return s.Min == s.Max }

// Duration is one participant's time from a From event to a To event.
type Duration struct {
	ParticipantID string          `json:"participant_id"`
	Participant   string          `json:"participant"`
	From          *ownwords.Event `json:"-"`
	// To is nil when the participant has no event of the To kind.
	To   *ownwords.Event `json:"-"`
	Span Span            `json:"span"`
	// Reversed says the To date certainly precedes the From date: a data
	// problem to look at, with no span.
	Reversed bool `json:"reversed,omitempty"`
}

// Durations returns, for every participant (by code) with an event of kind
// from, the span to their first event of kind to. First means first in
// trajectory order (see Sequence).
func (t *Timelines) Durations(from, to string) []Duration {
	var out []Duration
	for i, p := range t.Participants {
		a := t.first(i, from)
		if a == nil {
			continue
		}
		d := Duration{ParticipantID: p.ID, Participant: p.Code, From: a.Event}
		if b := t.first(i, to); b != nil {
			var ok bool
			d.To = b.Event
			d.Span, ok = spanDays(a.lo, a.hi, b.lo, b.hi)
			d.Reversed = !ok
		}
		out = append(out, d)
	}
	return out
}
