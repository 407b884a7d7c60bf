package analysis

import (
	"math"

	"ownwords/stats"
)

// PublicStepMonths is the width of the time grid of a public survival
// curve: a year.
const PublicStepMonths = 12

// PublicSurvival is a survival analysis coarsened for publication. A
// Kaplan–Meier curve drawn at the months of single events says when each
// participant left ("one person left in month 14"), and its at-risk and
// censoring counts at each step are counts of one or two people. Here time
// is cut at whole years, consecutive years are merged until each interval
// holds at least K events, and each interval shows only its end, its number
// of events and the estimate there; no at-risk or censoring count is given.
// Groups below K get nothing; a group whose events, or whose censored
// participants (N − events), number 1..K−1 gets its N only.
type PublicSurvival struct {
	Spec SurvivalSpec `json:"spec"`
	Unit string       `json:"unit"`
	// StepMonths is the grid: interval ends are multiples of it.
	StepMonths int           `json:"step_months"`
	Groups     []PublicCurve `json:"groups"`
	// LogRank and LogRankNote are those of the full analysis (an
	// aggregate test over groups of at least K).
	LogRank     *stats.LogRankResult `json:"log_rank"`
	LogRankNote string               `json:"log_rank_note,omitempty"`
	// Excluded counts excluded participants by reason; counts below K are
	// left out.
	Excluded map[string]int `json:"excluded"`
}

// PublicCurve is one group's coarsened curve.
type PublicCurve struct {
	Name string `json:"name"`
	// Suppressed groups (fewer than K participants) have no N and no curve.
	Suppressed bool `json:"suppressed,omitempty"`
	N          int  `json:"n,omitempty"`
	// Events is the group's number of events; nil when it, or N − Events
	// (the censored), is 1..K−1 (then there are no Points either).
	Events *int          `json:"events"`
	Points []PublicPoint `json:"points"`
	// MedianFrom and MedianTo bound the interval in which the estimate
	// first falls to 0.5 or below; nil when it does not.
	MedianFrom *float64 `json:"median_from"`
	MedianTo   *float64 `json:"median_to"`
}

// PublicPoint is the estimate at the end of an interval (From, Until] in
// months, with the interval's number of events (at least K).
type PublicPoint struct {
	From     float64  `json:"from"`
	Until    float64  `json:"until"`
	Events   int      `json:"events"`
	Survival float64  `json:"survival"`
	Lower    *float64 `json:"lower"`
	Upper    *float64 `json:"upper"`
}

// Public coarsens r for publication with threshold k (see PublicSurvival).
func (r *SurvivalResult) Public(k int) *PublicSurvival {
	k = max(k, 1)
	out := &PublicSurvival{Spec: r.Spec, Unit: r.Unit, StepMonths: PublicStepMonths, LogRank: r.LogRank,
		LogRankNote: r.LogRankNote, Excluded: map[string]int{}}
	out.Spec.K = k
	for reason, n := range r.Excluded {
		if n >= k {
			out.Excluded[reason] = n
		}
	}
	for _, g := range r.Groups {
		c := PublicCurve{Name: g.Name}
		if g.Suppressed || g.Fit == nil || g.N < k {
			c.Suppressed = true
			out.Groups = append(out.Groups, c)
			continue
		}
		c.N = g.N
		// N − events is the number censored: below k it is withheld
		// too (with the events, which would give it away).
		if censored := g.N - g.Fit.Events; g.Fit.Events >= k && (censored == 0 || censored >= k) {
			events := g.Fit.Events
			c.Events = &events
			c.Points = publicPoints(g.Fit.Steps, k, PublicStepMonths)
			c.MedianFrom, c.MedianTo = publicMedian(c.Points)
		}
		out.Groups = append(out.Groups, c)
	}
	return out
}

// publicPoints cuts steps at multiples of width and merges intervals until
// each has at least k events; a last interval with fewer joins the one
// before it.
func publicPoints(steps []stats.KMStep, k int, width float64) []PublicPoint {
	var out []PublicPoint
	from, events := 0.0, 0
	var last *stats.KMStep
	for i := 0; i < len(steps); {
		// The end of the grid interval holding steps[i].
		until := math.Max(width, math.Ceil(steps[i].Time/width)*width)
		for ; i < len(steps) && steps[i].Time <= until; i++ {
			events += steps[i].Events
			if steps[i].Events > 0 {
				last = &steps[i]
			}
		}
		if events >= k && last != nil {
			out = append(out, PublicPoint{From: from, Until: until, Events: events, Survival: last.Survival,
				Lower: last.Lower, Upper: last.Upper})
			from, events = until, 0
		}
	}
	if events > 0 && last != nil {
		if len(out) == 0 {
			return nil // fewer than k events in all: the caller shows none
		}
		p := &out[len(out)-1]
		p.Until = math.Max(width, math.Ceil(last.Time/width)*width)
		p.Events += events
		p.Survival, p.Lower, p.Upper = last.Survival, last.Lower, last.Upper
	}
	return out
}

// publicMedian returns the interval of the first point at or below 0.5.
func publicMedian(points []PublicPoint) (*float64, *float64) {
	for _, p := range points {
		if p.Survival <= 0.5 {
			from, until := p.From, p.Until
			return &from, &until
		}
	}
	return nil, nil
}
