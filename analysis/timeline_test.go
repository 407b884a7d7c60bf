package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"

	"ownwords"
)

func TestSequence(t *testing.T) {
	ev := func(tb testing.TB, kind, date string) *ownwords.Event {
		return &ownwords.Event{Kind: kind, Date: mustPeriod(tb, date)}
	}
	tests := []struct {
		name    string
		events  [][2]string // kind, date
		want    []string
		certain []bool
	}{
		{"ByDate", [][2]string{{"left", "2016-05"}, {"joined", "2014"}, {"first_doubts", "2015-07"}},
			[]string{"joined", "first_doubts", "left"}, []bool{false, true, true}},
		{"OverlapFollowsTrajectory", [][2]string{{"first_doubts", "2015-03"}, {"joined", "2015-03-20"}},
			[]string{"joined", "first_doubts"}, []bool{false, false}},
		{"YearContainsMonth", [][2]string{{"joined", "2015"}, {"travelled", "2015-06"}},
			[]string{"travelled", "joined"}, []bool{false, false}},
		{"CertainOrderBeatsKindOrder", [][2]string{{"first_doubts", "2014-01"}, {"joined", "2015-03"}},
			[]string{"first_doubts", "joined"}, []bool{false, true}},
		{"UnknownKindByDate", [][2]string{{"married", "2013"}, {"joined", "2014"}, {"wedding_2", "2014-05"}},
			[]string{"married", "joined", "wedding_2"}, []bool{false, true, false}},
		{"RangeOverlaps", [][2]string{{"left", "2016-02"}, {"first_doubts", "2015..2016"}, {"joined", "2014-10"}},
			[]string{"joined", "first_doubts", "left"}, []bool{false, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []*ownwords.Event
			for _, e := range tt.events {
				events = append(events, ev(t, e[0], e[1]))
			}
			steps := Sequence(events)
			var kinds []string
			var certain []bool
			for _, s := range steps {
				kinds, certain = append(kinds, s.Event.Kind), append(certain, s.Certain)
			}
			if !slices.Equal(kinds, tt.want) || !slices.Equal(certain, tt.certain) {
				t.Fatalf("Sequence = %v %v, want %v %v", kinds, certain, tt.want, tt.certain)
			}
		})
	}
}

// TestSequenceRespectsCertainOrder checks on random trajectories that no
// event is placed after one it certainly precedes, and that overlapping
// events of known kinds never contradict TrajectoryKinds when they are
// adjacent.
func TestSequenceRespectsCertainOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := append(slices.Clone(TrajectoryKinds), "married")
	for range 2000 {
		var events []*ownwords.Event
		for range 1 + rng.IntN(8) {
			events = append(events, &ownwords.Event{Kind: kinds[rng.IntN(len(kinds))], Date: randomPeriod(rng)})
		}
		steps := Sequence(events)
		if len(steps) != len(events) {
			t.Fatalf("%d steps for %d events", len(steps), len(events))
		}
		for i := range steps {
			for j := i + 1; j < len(steps); j++ {
				a, b := steps[i].Event, steps[j].Event
				if lastDay(b.Date) < firstDay(a.Date) {
					t.Fatalf("%s %s placed after %s %s, which it certainly precedes", a.Kind, a.Date, b.Kind, b.Date)
				}
			}
			if i > 0 {
				a, b := steps[i-1].Event, steps[i].Event
				overlap := lastDay(a.Date) >= firstDay(b.Date)
				if steps[i].Certain == overlap {
					t.Fatalf("%s %s → %s %s: certain %v", a.Kind, a.Date, b.Kind, b.Date, steps[i].Certain)
				}
			}
		}
	}
}

// randomPeriod draws a date of random precision in 2013..2017, or a range.
func randomPeriod(rng *rand.Rand) ownwords.Period {
	d := ownwords.Date{Year: 2013 + rng.IntN(5)}
	if rng.IntN(4) > 0 {
		d.Month = 1 + rng.IntN(12)
		if rng.IntN(2) == 0 {
			d.Day = 1 + rng.IntN(28)
		}
	}
	p := ownwords.Period{From: d}
	if rng.IntN(6) == 0 {
		p.To = ownwords.Date{Year: d.Year + 1}
	}
	return p
}

func TestNewTimelinesRefusesStrayEvents(t *testing.T) {
	in := &TimelineInput{Input: &Input{}, Events: []*ownwords.Event{{ID: "e1", ParticipantID: "nobody", Kind: "joined"}}}
	if _, err := NewTimelines(in); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
}
