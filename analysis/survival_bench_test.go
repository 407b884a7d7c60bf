package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"ownwords"
)

// benchTimelineInput invents n participants with a gender and a trajectory
// of 6–9 events of mixed precision: travelled, joined, first doubts (most),
// a role, left or captured, returned (some), interviewed.
func benchTimelineInput(n int) *TimelineInput {
	rng := rand.New(rand.NewPCG(8, 8))
	in := &TimelineInput{Input: &Input{Study: &ownwords.Study{ID: "st"}, Attributes: fixtureAttrs}}
	month := func(m int) ownwords.Date { return ownwords.Date{Year: 2013 + m/12, Month: m%12 + 1} }
	for i := range n {
		p := &ownwords.Participant{ID: fmt.Sprint("id", i), StudyID: "st", Code: fmt.Sprintf("P-%05d", i),
			Values: map[string]ownwords.Value{"gender": {Type: ownwords.AttrCategory, Str: []string{"man", "woman"}[rng.IntN(2)]}}}
		in.Participants = append(in.Participants, p)
		add := func(kind string, d ownwords.Period) {
			in.Events = append(in.Events, &ownwords.Event{ID: fmt.Sprint(len(in.Events)), StudyID: "st", ParticipantID: p.ID, Kind: kind, Date: d})
		}
		j := rng.IntN(48)
		joined := month(j)
		if rng.IntN(3) == 0 {
			joined.Day = 1 + rng.IntN(28)
		}
		add(ownwords.EventTravelled, ownwords.Period{From: month(max(j-1, 0))})
		add(ownwords.EventJoined, ownwords.Period{From: joined})
		add(ownwords.EventRoleStarted, ownwords.Period{From: ownwords.Date{Year: joined.Year}})
		left := j + 3 + rng.IntN(30)
		if rng.IntN(10) < 8 {
			add(ownwords.EventFirstDoubts, ownwords.Period{From: month(j + rng.IntN(left-j)), To: month(left)})
		}
		add([]string{ownwords.EventLeft, ownwords.EventCaptured}[rng.IntN(2)], ownwords.Period{From: month(left)})
		if rng.IntN(2) == 0 {
			add(ownwords.EventReturned, ownwords.Period{From: month(left + 2)})
		}
		add(ownwords.EventInterviewed, ownwords.Period{From: month(left + 6)})
	}
	return in
}

// BenchmarkTimelines20000 orders every trajectory of a 20,000-participant
// study, computes two kinds of durations and three survival analyses
// (target: 200 ms).
func BenchmarkTimelines20000(b *testing.B) {
	in := benchTimelineInput(20000)
	b.ReportAllocs()
	for b.Loop() {
		tl, err := NewTimelines(in)
		if err != nil {
			b.Fatal(err)
		}
		tl.Durations(ownwords.EventJoined, ownwords.EventFirstDoubts)
		tl.Durations(ownwords.EventJoined, ownwords.EventLeft)
		tl.ByYear(ownwords.EventJoined)
		tl.ByYear(ownwords.EventLeft, ownwords.EventCaptured)
		for _, spec := range []SurvivalSpec{
			{From: ownwords.EventJoined, To: ownwords.EventFirstDoubts, By: "gender"},
			{From: ownwords.EventJoined, To: ownwords.EventLeft, By: ByFromYear},
			{From: ownwords.EventJoined, To: ownwords.EventLeft, CensorAt: []string{ownwords.EventInterviewed}},
		} {
			if _, err := tl.Survival(spec); err != nil {
				b.Fatal(err)
			}
		}
	}
}
