package analysis

import (
	"math"
	"testing"

	"ownwords/stats"
)

// TestPublicSurvival coarsens fits to yearly intervals of at least k
// events each and checks what is given and what is withheld.
func TestPublicSurvival(t *testing.T) {
	step := func(time float64, events int, surv float64) stats.KMStep {
		return stats.KMStep{Time: time, NRisk: 40, Events: events, Censored: 1, Survival: surv}
	}
	tests := []struct {
		name   string
		steps  []stats.KMStep
		events int
		want   []PublicPoint // Lower/Upper not compared
		median []float64     // from, to; nil for none
	}{
		{"MergesYearsUntilK", []stats.KMStep{step(2, 1, .97), step(5, 2, .92), step(13, 1, .9), step(14, 3, .8), step(30, 5, .6), step(40, 1, .58)},
			13, []PublicPoint{{From: 0, Until: 12, Events: 3, Survival: .92}, {From: 12, Until: 24, Events: 4, Survival: .8}, {From: 24, Until: 48, Events: 6, Survival: .58}}, nil},
		{"LastShortIntervalJoinsThePreviousOne", []stats.KMStep{step(1, 3, .9), step(50, 1, .4)},
			4, []PublicPoint{{From: 0, Until: 60, Events: 4, Survival: .4}}, []float64{0, 60}},
		{"MedianInterval", []stats.KMStep{step(3, 3, .8), step(20, 3, .45), step(26, 3, .2)},
			9, []PublicPoint{{From: 0, Until: 12, Events: 3, Survival: .8}, {From: 12, Until: 24, Events: 3, Survival: .45}, {From: 24, Until: 36, Events: 3, Survival: .2}}, []float64{12, 24}},
		{"FewerThanKEventsGiveNothing", []stats.KMStep{step(3, 1, .9), step(20, 1, .8)}, 2, nil, nil},
		{"FewerThanKCensoredGiveNothing", []stats.KMStep{step(3, 20, .5), step(20, 19, .025)}, 39, nil, nil},
		{"NoneCensored", []stats.KMStep{step(3, 20, .5), step(20, 20, 0)}, 40, []PublicPoint{{From: 0, Until: 12, Events: 20, Survival: .5}, {From: 12, Until: 24, Events: 20, Survival: 0}}, []float64{0, 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &SurvivalResult{Groups: []SurvivalGroup{
				{Name: "big", N: 40, Fit: &stats.KMFit{N: 40, Events: tt.events, Steps: tt.steps}},
				{Name: "small", Suppressed: true},
			}, Excluded: map[string]int{"a": 2, "b": 7}}
			pub := res.Public(3)
			if len(pub.Groups) != 2 || !pub.Groups[1].Suppressed || pub.Groups[1].N != 0 {
				t.Fatalf("groups %+v", pub.Groups)
			}
			if _, ok := pub.Excluded["a"]; ok || pub.Excluded["b"] != 7 {
				t.Errorf("excluded %v: want only counts of at least k", pub.Excluded)
			}
			g := pub.Groups[0]
			if tt.events < 3 || 40-tt.events > 0 && 40-tt.events < 3 {
				if g.Events != nil || g.Points != nil {
					t.Fatalf("%d events or %d censored below k: %+v", tt.events, 40-tt.events, g)
				}
				return
			}
			if g.Events == nil || *g.Events != tt.events || len(g.Points) != len(tt.want) {
				t.Fatalf("got %+v", g)
			}
			for i, p := range g.Points {
				w := tt.want[i]
				if p.From != w.From || p.Until != w.Until || p.Events != w.Events || p.Survival != w.Survival {
					t.Errorf("point %d = %+v, want %+v", i, p, w)
				}
				if p.Events < 3 || math.Mod(p.Until, PublicStepMonths) != 0 {
					t.Errorf("point %d = %+v: fewer than k events or off the yearly grid", i, p)
				}
			}
			switch {
			case tt.median == nil && g.MedianFrom != nil:
				t.Errorf("median interval %v-%v, want none", *g.MedianFrom, *g.MedianTo)
			case tt.median != nil && (g.MedianFrom == nil || *g.MedianFrom != tt.median[0] || *g.MedianTo != tt.median[1]):
				t.Errorf("median interval %v, %v; want %v", g.MedianFrom, g.MedianTo, tt.median)
			}
		})
	}
}
