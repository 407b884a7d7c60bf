package analysis

import (
	"fmt"
	"math"
	"slices"

	"ownwords/stats"
)

// PublicStepMonths is the width of the time grid of a public survival
// curve: a year.
const PublicStepMonths = 12

// NoValueGroup names the group of the participants without a value of the
// grouping attribute in public curves by group (the team's leave them
// out): a group like the others, shown only when they all are.
const NoValueGroup = "(no value)"

// publicGroups fills res with the groups of a public analysis by group:
// every group of the grouping (its values, and the participants without
// one), or none. Each must have at least k participants, and 0 or at least
// k events and censored participants; if one falls short, the public gets
// one curve of everyone, "all", and a note. Groups are never merged: a
// merged group's size and events, less those of groups another public
// output shows (a report's table by value, a crosstab, another grouping's
// curves), would give a small group away. So the groups shown always cover
// everyone (no group is the difference between the curve of everyone and
// the others) and each is a whole value of the grouping. The log-rank test
// compares the groups shown.
func (res *SurvivalResult) publicGroups(subjects map[string][]stats.Subject, names []string, k int) error {
	shows := func(s []stats.Subject) bool {
		events := 0
		for _, x := range s {
			if x.Event {
				events++
			}
		}
		censored := len(s) - events
		return len(s) >= k && (events == 0 || events >= k) && (censored == 0 || censored >= k)
	}
	groups := make([][]stats.Subject, 0, len(names))
	for _, name := range names {
		groups = append(groups, subjects[name])
	}
	if slices.ContainsFunc(groups, func(s []stats.Subject) bool { return !shows(s) }) {
		names, groups = []string{"all"}, [][]stats.Subject{slices.Concat(groups...)}
		if len(subjects) > 1 {
			res.GroupsNote = fmt.Sprintf("a group has fewer than %d participants, events or censored participants: one curve of everyone (groups are shown all or none)", k)
		}
	}
	var shown [][]stats.Subject
	for i, name := range names {
		g := SurvivalGroup{Name: name, N: len(groups[i])}
		if len(groups[i]) == 0 || len(groups[i]) < k {
			res.Groups = append(res.Groups, SurvivalGroup{Name: name, Suppressed: true})
			continue
		}
		fit, err := stats.KaplanMeier(groups[i], stats.ConfLog)
		if err != nil {
			return err
		}
		g.Fit, g.Subjects = &fit, groups[i]
		res.Groups = append(res.Groups, g)
		shown = append(shown, g.Subjects)
	}
	res.logRank(shown)
	return nil
}

// PublicSurvival is a survival analysis coarsened for publication. A
// Kaplan–Meier curve drawn at the months of single events says when each
// participant left ("one person left in month 14"), and its at-risk and
// censoring counts at each step are counts of one or two people. Here time
// is cut at whole years, consecutive years are merged until each interval
// holds at least K events, and each interval shows only its end, its number
// of events and the estimate there; no at-risk or censoring count is given.
// Groups below K get nothing; a group whose events, or whose censored
// participants (N − events), number 1..K−1 gets its N only. By group, the
// groups come all or none (see SurvivalResult.publicGroups), so only a
// lone group can lack events or a curve.
type PublicSurvival struct {
	Spec SurvivalSpec `json:"spec"`
	Unit string       `json:"unit"`
	// StepMonths is the grid: interval ends are multiples of it.
	StepMonths int           `json:"step_months"`
	Groups     []PublicCurve `json:"groups"`
	// LogRank and LogRankNote are those of the full analysis: a test over
	// the groups shown only, whose counts are all shown too.
	LogRank     *stats.LogRankResult `json:"log_rank"`
	LogRankNote string               `json:"log_rank_note,omitempty"`
	// Excluded counts excluded participants by reason; counts below K are
	// left out.
	Excluded map[string]int `json:"excluded"`
	// GroupsNote says why a grouping gave way to one curve of everyone.
	GroupsNote string `json:"groups_note,omitempty"`
}

// PublicCurve is one group's coarsened curve.
type PublicCurve struct {
	Name string `json:"name"`
	// Suppressed groups (fewer than K participants) have no N and no curve.
	Suppressed bool `json:"suppressed,omitempty"`
	N          int  `json:"n,omitempty"`
	// Events is the group's number of events (0 included); nil when it,
	// or N − Events (the censored), is 1..K−1 (then there are no Points
	// either).
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
// The groups share one grid: consecutive years are merged until every
// group has 0 or at least k events in each interval, so that no interval
// of one group is the difference of intervals cut elsewhere.
func (r *SurvivalResult) Public(k int) *PublicSurvival {
	k = max(k, 1)
	out := &PublicSurvival{Spec: r.Spec, Unit: r.Unit, StepMonths: PublicStepMonths, LogRank: r.LogRank,
		LogRankNote: r.LogRankNote, GroupsNote: r.GroupsNote, Excluded: map[string]int{}}
	out.Spec.K = k
	for reason, n := range r.Excluded {
		if n >= k {
			out.Excluded[reason] = n
		}
	}
	var curves []int
	var steps [][]stats.KMStep
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
		if events, censored := g.Fit.Events, g.N-g.Fit.Events; (events == 0 || events >= k) && (censored == 0 || censored >= k) {
			c.Events = &events
			curves, steps = append(curves, len(out.Groups)), append(steps, g.Fit.Steps)
		}
		out.Groups = append(out.Groups, c)
	}
	ends := publicGrid(steps, k, PublicStepMonths)
	for i, gi := range curves {
		c := &out.Groups[gi]
		c.Points = publicPoints(steps[i], ends)
		c.MedianFrom, c.MedianTo = publicMedian(c.Points)
	}
	return out
}

// publicGrid returns the ends of the intervals of a public grid: multiples
// of width, consecutive ones merged until each interval holds 0 or at least
// k events of every group; a last interval short of that joins the ones
// before it.
func publicGrid(groups [][]stats.KMStep, k int, width float64) []float64 {
	last := 0.0
	for _, steps := range groups {
		for _, st := range steps {
			if st.Events > 0 {
				last = max(last, st.Time)
			}
		}
	}
	if len(groups) == 0 {
		return nil
	}
	fits := func(counts []int) bool {
		return !slices.ContainsFunc(counts, func(n int) bool { return n > 0 && n < k })
	}
	var ends []float64
	var closed [][]int // events per group of each interval
	counts, next := make([]int, len(groups)), make([]int, len(groups))
	end := math.Max(width, math.Ceil(last/width)*width)
	for until := width; until <= end; until += width {
		for g, steps := range groups {
			for ; next[g] < len(steps) && steps[next[g]].Time <= until; next[g]++ {
				counts[g] += steps[next[g]].Events
			}
		}
		if slices.ContainsFunc(counts, func(n int) bool { return n > 0 }) && fits(counts) {
			ends, closed = append(ends, until), append(closed, counts)
			counts = make([]int, len(groups))
		}
	}
	for !fits(counts) && len(ends) > 0 {
		for g, n := range closed[len(closed)-1] {
			counts[g] += n
		}
		ends, closed = ends[:len(ends)-1], closed[:len(closed)-1]
	}
	if slices.ContainsFunc(counts, func(n int) bool { return n > 0 }) {
		ends = append(ends, end)
	}
	return ends
}

// publicPoints gives one group's estimate at the end of each interval of
// the grid that holds any of its events, with their number.
func publicPoints(steps []stats.KMStep, ends []float64) []PublicPoint {
	var out []PublicPoint
	from, i := 0.0, 0
	for _, until := range ends {
		events := 0
		var last *stats.KMStep
		for ; i < len(steps) && steps[i].Time <= until; i++ {
			if steps[i].Events > 0 {
				events += steps[i].Events
				last = &steps[i]
			}
		}
		if last != nil {
			out = append(out, PublicPoint{From: from, Until: until, Events: events, Survival: last.Survival,
				Lower: last.Lower, Upper: last.Upper})
		}
		from = until
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
