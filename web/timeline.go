package web

import (
	"time"

	"ownwords/gate"
)

// Timeline geometry, in SVG user units.
const (
	timelineW   = 600
	timelineH   = 24
	timelinePad = 10
)

// timelineMark is one event on the participant's timeline.
type timelineMark struct {
	X, W  int
	Kind  string
	Label string
}

// timelineView is an SVG timeline: events placed by date between the
// earliest and the latest, with the first and last year as labels.
type timelineView struct {
	Width, Height int
	Marks         []timelineMark
	From, To      string
}

// timeline lays out events (which need not be sorted) by their dates as
// shown. A period spans its width; a single date (a year, for users who see
// years only) is a tick. It returns nil without events.
func timeline(events []gate.EventView) *timelineView {
	if len(events) == 0 {
		return nil
	}
	lo, hi := events[0].Date.Earliest(), events[0].Date.Latest()
	for _, e := range events {
		lo = minTime(lo, e.Date.Earliest())
		hi = maxTime(hi, e.Date.Latest())
	}
	span := hi.Sub(lo)
	if span <= 0 {
		span = 24 * time.Hour
	}
	x := func(t time.Time) int {
		return timelinePad + int(float64(t.Sub(lo))/float64(span)*float64(timelineW-2*timelinePad))
	}
	v := &timelineView{Width: timelineW, Height: timelineH, From: lo.Format("2006"), To: hi.Format("2006")}
	for _, e := range events {
		x0, x1 := x(e.Date.Earliest()), x(e.Date.Latest())
		v.Marks = append(v.Marks, timelineMark{X: x0, W: max(x1-x0, 2), Kind: e.Kind, Label: e.Kind + " " + e.When})
	}
	return v
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
