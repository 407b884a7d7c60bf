package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"ownwords"
)

// TimelineInput is what the timeline analyses read: the analysis input
// (participants, attributes, codebook, consensus segments, interviews
// without text) and the study's dated events.
type TimelineInput struct {
	*Input
	Events []*ownwords.Event
}

// TimelineSource is what LoadTimeline reads: a Source and the study's
// events.
type TimelineSource interface {
	Source
	Events(ctx context.Context, f ownwords.EventFilter) ([]*ownwords.Event, error)
}

// LoadTimeline reads a study's analysis input (see Load) and its events.
func LoadTimeline(ctx context.Context, svc TimelineSource, studyID string) (*TimelineInput, error) {
	in, err := Load(ctx, svc, studyID)
	if err != nil {
		return nil, err
	}
	events, err := svc.Events(ctx, ownwords.EventFilter{StudyID: studyID})
	if err != nil {
		return nil, fmt.Errorf("analysis: load events: %w", err)
	}
	// Only the participants Load kept (consent): see Load.
	kept := make(map[string]bool, len(in.Participants))
	for _, p := range in.Participants {
		kept[p.ID] = true
	}
	events = slices.DeleteFunc(events, func(e *ownwords.Event) bool { return !kept[e.ParticipantID] })
	return &TimelineInput{Input: in, Events: events}, nil
}

// TrajectoryKinds is the reference study's order of a trajectory. Where
// two events' dates overlap (a month-precision "first_doubts" and a
// day-precision "joined" in the same month), Sequence orders them by this
// list rather than by a day neither date claims. Kinds not listed come
// after the listed ones when dates overlap, in name order.
var TrajectoryKinds = []string{
	ownwords.EventRadicalised, ownwords.EventTravelled, ownwords.EventCrossed,
	ownwords.EventJoined, ownwords.EventRoleStarted, ownwords.EventFirstDoubts,
	ownwords.EventRoleEnded, ownwords.EventTriedLeave, ownwords.EventLeft,
	ownwords.EventCaptured, ownwords.EventReturned, ownwords.EventInterviewed,
}

// kindRank places a kind in TrajectoryKinds, unknown kinds last.
func kindRank(kind string) int {
	if i := slices.Index(TrajectoryKinds, kind); i >= 0 {
		return i
	}
	return len(TrajectoryKinds)
}

// Step is one event of a participant's trajectory in order. Certain says
// the event certainly lies after the previous one (every day its date may
// stand for follows every day the previous date may stand for); when false
// their dates overlap and the order comes from TrajectoryKinds.
type Step struct {
	Event   *ownwords.Event
	Certain bool
	// lo and hi are the event's first and last day (see firstDay).
	lo, hi int
}

// Timelines holds every participant's events in trajectory order.
type Timelines struct {
	In *TimelineInput
	// Participants are the study's participants, ordered by code.
	Participants []*ownwords.Participant
	seq          [][]Step       // parallel to Participants
	index        map[string]int // participant ID -> index
}

// NewTimelines orders each participant's events (see Sequence). Events of
// participants the input does not hold are EINVALID: they would vanish from
// every count without a word.
func NewTimelines(in *TimelineInput) (*Timelines, error) {
	if in == nil || in.Input == nil {
		return nil, invalid("analysis: timeline input required")
	}
	t := &Timelines{In: in, Participants: slices.Clone(in.Participants), index: make(map[string]int, len(in.Participants))}
	slices.SortFunc(t.Participants, func(a, b *ownwords.Participant) int { return cmp.Compare(a.Code, b.Code) })
	for i, p := range t.Participants {
		t.index[p.ID] = i
	}
	byP := make([][]*ownwords.Event, len(t.Participants))
	for _, e := range in.Events {
		i, ok := t.index[e.ParticipantID]
		if !ok {
			return nil, invalid("analysis: %s event %s belongs to no participant of the study", e.Kind, e.ID)
		}
		byP[i] = append(byP[i], e)
	}
	t.seq = make([][]Step, len(t.Participants))
	for i, evs := range byP {
		t.seq[i] = Sequence(evs)
	}
	return t, nil
}

// Steps returns a participant's events in trajectory order.
func (t *Timelines) Steps(participantID string) []Step {
	if i, ok := t.index[participantID]; ok {
		return t.seq[i]
	}
	return nil
}

// First returns the participant's first event of kind in trajectory order,
// or nil.
func (t *Timelines) First(participantID, kind string) *ownwords.Event {
	if i, ok := t.index[participantID]; ok {
		if s := t.first(i, kind); s != nil {
			return s.Event
		}
	}
	return nil
}

// first is First by participant index.
func (t *Timelines) first(i int, kind string) *Step {
	for j := range t.seq[i] {
		if t.seq[i][j].Event.Kind == kind {
			return &t.seq[i][j]
		}
	}
	return nil
}

// Sequence orders events as a trajectory without pretending to days the
// dates do not know. An event whose date certainly precedes another's
// comes first; among events whose dates leave the order open, the one
// earliest in TrajectoryKinds comes first, then the earlier midpoint, then
// the kind name. (This is a topological order of the "certainly before"
// relation, which is acyclic, so the rule is consistent: a sort on midpoints
// would put a "first_doubts" of 2015-03 before a "joined" of 2015-03-20.)
func Sequence(events []*ownwords.Event) []Step {
	n := len(events)
	steps := make([]Step, n)
	for i, e := range events {
		steps[i] = Step{Event: e, lo: firstDay(e.Date), hi: lastDay(e.Date)}
	}
	// Pre-sort by the tie-break key so that the choice below is a scan.
	slices.SortStableFunc(steps, func(a, b Step) int {
		if c := cmp.Compare(kindRank(a.Event.Kind), kindRank(b.Event.Kind)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.lo+a.hi, b.lo+b.hi); c != 0 {
			return c
		}
		return cmp.Compare(a.Event.Kind, b.Event.Kind)
	})
	// Selection in place: position k gets the first remaining step that no
	// other remaining step certainly precedes; shifting (not swapping)
	// keeps the rest in tie-break order.
	for k := range n {
		pick := k
		for i := k; i < n; i++ {
			blocked := false
			for j := k; j < n; j++ {
				if j != i && steps[j].hi < steps[i].lo {
					blocked = true
					break
				}
			}
			if !blocked {
				pick = i
				break
			}
		}
		st := steps[pick]
		copy(steps[k+1:pick+1], steps[k:pick])
		if k > 0 {
			st.Certain = steps[k-1].hi < st.lo
		}
		steps[k] = st
	}
	return steps
}

// YearCounts counts participants by the calendar year of their first event
// of one of Kinds. Years run without gaps from the first to the last year
// seen; Unknown counts events whose date spans more than one year.
type YearCounts struct {
	Kinds   []string `json:"kinds"`
	Years   []int    `json:"years"`
	Counts  []int    `json:"counts"`
	Unknown int      `json:"unknown"`
}

// ByYear counts participants by the year of their first event (in
// trajectory order) of any of kinds: ByYear("left", "captured") counts
// departures.
func (t *Timelines) ByYear(kinds ...string) YearCounts {
	yc := YearCounts{Kinds: kinds}
	n := map[int]int{}
	lo, hi := 0, 0
	for i := range t.Participants {
		var e *Step
		for j, s := range t.seq[i] {
			if slices.Contains(kinds, s.Event.Kind) {
				e = &t.seq[i][j]
				break
			}
		}
		if e == nil {
			continue
		}
		y := e.Event.Date.From.Year
		if to := e.Event.Date.To; !to.IsZero() && to.Year != y {
			yc.Unknown++
			continue
		}
		if len(n) == 0 || y < lo {
			lo = y
		}
		if len(n) == 0 || y > hi {
			hi = y
		}
		n[y]++
	}
	for y := lo; len(n) > 0 && y <= hi; y++ {
		yc.Years, yc.Counts = append(yc.Years, y), append(yc.Counts, n[y])
	}
	return yc
}
