package analysis

import (
	"slices"

	"ownwords"
)

// Onset is when one code of a section (a source of disillusionment, say)
// first appears relative to an anchor event (joining), over the
// participants who endorse it.
type Onset struct {
	// Item is the code's path, "section/slug".
	Item  string `json:"item"`
	Label string `json:"label,omitempty"`
	// Endorsed counts the participants endorsing the item (consensus layer).
	Endorsed int `json:"endorsed"`
	// Dated counts those with both an anchor event and an onset date, and
	// Linked those of them dated by an event linked to one of their
	// passages coded with the item (the others fall back to the first
	// event of the fallback kind).
	Dated  int `json:"dated"`
	Linked int `json:"linked"`
	// Median is the median span from the anchor to the onset: Days the
	// median of the point estimates, Min and Max the medians of the bounds
	// (elementwise bounds keep their order statistics in order, so the
	// median lies between them). Nil when nothing is dated.
	Median *OnsetMedian `json:"median"`
	// Spans lists the endorsing participants with both dates, by code;
	// Reversed ones (onset certainly before the anchor) have no span and
	// are not counted in Dated.
	Spans []Duration `json:"spans"`
}

// OnsetMedian is the median time from the anchor to an onset, in months.
type OnsetMedian struct {
	Months    float64 `json:"months"`
	MinMonths float64 `json:"min_months"`
	MaxMonths float64 `json:"max_months"`
}

// Onsets reports, for each code directly below the codebook section, when
// it first appears relative to each endorsing participant's first anchor
// event (e.g. "joined"). A participant's onset of a code is the earliest
// event linked (Event.SegmentID) to one of their consensus passages coded
// with the code or a code below it; without such an event, it is their
// first event of kind fallback (e.g. "first_doubts"), since a participant
// who tells of a source of disillusionment had it by their first doubts at
// the latest. Events linked to coder-layer passages are not used. Derived
// items are skipped: they have no passages. Unknown sections are EINVALID.
func (t *Timelines) Onsets(section, anchor, fallback string) ([]Onset, error) {
	cb := t.In.Codebook
	if cb == nil {
		return nil, invalid("analysis: onsets need a codebook")
	}
	var sec *ownwords.Code
	for _, c := range cb.Children("") {
		if c.Slug == section {
			sec = c
		}
	}
	if sec == nil {
		return nil, invalid("analysis: no codebook section %q", section)
	}
	owner := map[string]string{} // interview ID -> participant ID
	for _, iv := range t.In.Interviews {
		owner[iv.ID] = iv.ParticipantID
	}
	bySegment := map[string][]*ownwords.Event{}
	for _, e := range t.In.Events {
		if e.SegmentID != "" {
			bySegment[e.SegmentID] = append(bySegment[e.SegmentID], e)
		}
	}
	var out []Onset
	for _, item := range cb.Children(sec.ID) {
		if item.Derived != nil {
			continue
		}
		out = append(out, t.onset(cb, item, owner, bySegment, anchor, fallback))
	}
	return out, nil
}

// onset computes one item's Onset.
func (t *Timelines) onset(cb *ownwords.Codebook, item *ownwords.Code, owner map[string]string, bySegment map[string][]*ownwords.Event, anchor, fallback string) Onset {
	o := Onset{Item: cb.Path(item), Label: item.Label}
	codes := map[string]bool{}
	for _, id := range cb.Descendants(item.ID) {
		codes[id] = true
	}
	endorsed := map[string]bool{}
	linked := map[string]*ownwords.Event{} // earliest linked event per participant
	for _, s := range t.In.Segments {
		if !codes[s.CodeID] || owner[s.InterviewID] == "" {
			continue
		}
		pid := owner[s.InterviewID]
		endorsed[pid] = true
		for _, e := range bySegment[s.ID] {
			if cur := linked[pid]; cur == nil || firstDay(e.Date) < firstDay(cur.Date) ||
				firstDay(e.Date) == firstDay(cur.Date) && lastDay(e.Date) < lastDay(cur.Date) {
				linked[pid] = e
			}
		}
	}
	o.Endorsed = len(endorsed)
	var days, mins, maxs []float64
	for _, p := range t.Participants {
		if !endorsed[p.ID] {
			continue
		}
		a := t.First(p.ID, anchor)
		b := linked[p.ID]
		if b == nil {
			b = t.First(p.ID, fallback)
		}
		if a == nil || b == nil {
			continue
		}
		d := Duration{ParticipantID: p.ID, Participant: p.Code, From: a, To: b}
		var ok bool
		if d.Span, ok = SpanBetween(a.Date, b.Date); !ok {
			d.Reversed = true
			o.Spans = append(o.Spans, d)
			continue
		}
		o.Dated++
		if linked[p.ID] != nil {
			o.Linked++
		}
		o.Spans = append(o.Spans, d)
		days = append(days, d.Span.Days())
		mins, maxs = append(mins, float64(d.Span.Min)), append(maxs, float64(d.Span.Max))
	}
	if len(days) > 0 {
		o.Median = &OnsetMedian{
			Months:    median(days) / DaysPerMonth,
			MinMonths: median(mins) / DaysPerMonth,
			MaxMonths: median(maxs) / DaysPerMonth,
		}
	}
	return o
}

// median is the sample median (the mean of the middle two for even n).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
