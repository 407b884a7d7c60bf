package analysis

import (
	"cmp"
	"slices"
	"strconv"

	"ownwords"
	"ownwords/stats"
)

// DefaultCensorKinds end the follow-up of a participant who never has the
// To event: in the reference study, leaving or capture.
var DefaultCensorKinds = []string{ownwords.EventLeft, ownwords.EventCaptured}

// ByFromYear as SurvivalSpec.By groups participants by the calendar year of
// their From event (a slug cannot start with '@', so no attribute clashes).
const ByFromYear = "@year"

// SurvivalSpec says what a survival analysis measures and for whom.
type SurvivalSpec struct {
	// From and To are event kinds: time runs from a participant's first
	// From event to their first To event.
	From string `json:"from"`
	To   string `json:"to"`
	// CensorAt lists the kinds that end the follow-up of a participant
	// without a To event: the first of them in trajectory order is the
	// censoring time. Empty means DefaultCensorKinds.
	CensorAt []string `json:"censor_at"`
	// By is an attribute slug whose values form the groups (a date
	// attribute groups by year), ByFromYear, or "" for one group, "all".
	By string `json:"by,omitempty"`
	// K is the disclosure threshold. Above 1 (the public audience), the
	// groups are shown only if every one has at least K participants and 0
	// or at least K events and censored participants, else one curve of
	// everyone (see SurvivalResult.publicGroups); 0 or 1 shows every group
	// as it is (the team audience).
	K int `json:"k,omitempty"`
}

// SurvivalResult is a Kaplan–Meier analysis by group, in months.
type SurvivalResult struct {
	Spec SurvivalSpec `json:"spec"`
	// Unit of every time: months of DaysPerMonth days. A participant's time
	// is the midpoint of their span (see SpanBetween).
	Unit   string          `json:"unit"`
	Groups []SurvivalGroup `json:"groups"`
	// LogRank compares the groups with curves; nil with fewer than two, or
	// when the test is undefined (LogRankNote says why).
	LogRank     *stats.LogRankResult `json:"log_rank"`
	LogRankNote string               `json:"log_rank_note,omitempty"`
	// Excluded counts participants with a From event left out, by reason.
	Excluded map[string]int `json:"excluded"`
	// GroupsNote says why a public grouping (K > 1) gave way to one curve
	// of everyone.
	GroupsNote string `json:"groups_note,omitempty"`
}

// SurvivalGroup is one group's curve. Suppressed groups (fewer than K
// participants) carry neither N nor a curve.
type SurvivalGroup struct {
	Name       string       `json:"name"`
	N          int          `json:"n"`
	Suppressed bool         `json:"suppressed,omitempty"`
	Fit        *stats.KMFit `json:"fit"`
	// Subjects are the group's times, kept for charts and tests.
	Subjects []stats.Subject `json:"-"`
}

// Exclusion reasons of SurvivalResult.Excluded.
const (
	ExcludedReversed  = "to event before from event"
	ExcludedNoEnd     = "neither a to nor a censoring event"
	ExcludedCensor    = "censoring event before from event"
	ExcludedNoGroupBy = "no value of the grouping attribute"
)

// Survival estimates, per group, the Kaplan–Meier curve of the time from
// each participant's first From event to their first To event, censored at
// the first CensorAt event for those without one, and compares the groups
// with the log-rank test. Errors are EINVALID: unknown attribute, no kinds.
func (t *Timelines) Survival(spec SurvivalSpec) (*SurvivalResult, error) {
	if !ownwords.ValidSlug(spec.From) || !ownwords.ValidSlug(spec.To) {
		return nil, invalid("analysis: survival needs from and to event kinds (slugs)")
	}
	if len(spec.CensorAt) == 0 {
		spec.CensorAt = DefaultCensorKinds
	}
	groupOf, order, err := t.grouping(spec.By)
	if err != nil {
		return nil, err
	}
	res := &SurvivalResult{Spec: spec, Unit: "months", Excluded: map[string]int{}}
	subjects := map[string][]stats.Subject{}
	for i, p := range t.Participants {
		from := t.first(i, spec.From)
		if from == nil {
			continue
		}
		s, reason := t.subject(i, from, spec)
		if reason == "" {
			g, ok := groupOf(p, from.Event)
			switch {
			case !ok && spec.K > 1 && spec.By != "":
				// Left out, they would be the difference between
				// the overall curve and the groups.
				subjects[NoValueGroup] = append(subjects[NoValueGroup], s)
			case !ok:
				reason = ExcludedNoGroupBy
			default:
				subjects[g] = append(subjects[g], s)
			}
		}
		if reason != "" {
			res.Excluded[reason]++
		}
	}
	if spec.K > 1 && spec.By != "" {
		if err := res.publicGroups(subjects, order(subjects), spec.K); err != nil {
			return nil, err
		}
		return res, nil
	}
	var shown [][]stats.Subject
	for _, name := range order(subjects) {
		g := SurvivalGroup{Name: name, N: len(subjects[name])}
		if spec.K > 1 && g.N < spec.K {
			res.Groups = append(res.Groups, SurvivalGroup{Name: name, Suppressed: true})
			continue
		}
		fit, err := stats.KaplanMeier(subjects[name], stats.ConfLog)
		if err != nil {
			return nil, err
		}
		g.Fit, g.Subjects = &fit, subjects[name]
		res.Groups = append(res.Groups, g)
		shown = append(shown, g.Subjects)
	}
	res.logRank(shown)
	return res, nil
}

// logRank fills the test over the groups with curves.
func (res *SurvivalResult) logRank(groups [][]stats.Subject) {
	if len(groups) < 2 {
		res.LogRankNote = "fewer than two groups with a curve"
		return
	}
	lr, err := stats.LogRank(groups)
	if err != nil {
		res.LogRankNote = ownwords.ErrorMessage(err)
		return
	}
	res.LogRank = &lr
}

// subject is one participant's time and status, or the reason they are
// left out.
func (t *Timelines) subject(i int, from *Step, spec SurvivalSpec) (stats.Subject, string) {
	if to := t.first(i, spec.To); to != nil {
		span, ok := spanDays(from.lo, from.hi, to.lo, to.hi)
		if !ok {
			return stats.Subject{}, ExcludedReversed
		}
		return stats.Subject{Time: span.Months(), Event: true}, ""
	}
	for _, st := range t.seq[i] {
		if !slices.Contains(spec.CensorAt, st.Event.Kind) {
			continue
		}
		span, ok := spanDays(from.lo, from.hi, st.lo, st.hi)
		if !ok {
			return stats.Subject{}, ExcludedCensor
		}
		return stats.Subject{Time: span.Months()}, ""
	}
	return stats.Subject{}, ExcludedNoEnd
}

// grouping returns a participant's group name and the order of the groups.
func (t *Timelines) grouping(by string) (func(*ownwords.Participant, *ownwords.Event) (string, bool), func(map[string][]stats.Subject) []string, error) {
	sorted := func(m map[string][]stats.Subject) []string {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		slices.Sort(names)
		return names
	}
	switch by {
	case "":
		return func(*ownwords.Participant, *ownwords.Event) (string, bool) { return "all", true }, sorted, nil
	case ByFromYear:
		return func(_ *ownwords.Participant, e *ownwords.Event) (string, bool) {
			y := e.Date.From.Year
			return strconv.Itoa(y), e.Date.To.IsZero() || e.Date.To.Year == y
		}, sorted, nil
	}
	i := slices.IndexFunc(t.In.Attributes, func(a *ownwords.Attribute) bool { return a.Slug == by })
	if i < 0 {
		return nil, nil, invalid("analysis: no attribute %q to group by; use an attribute slug or %s", by, ByFromYear)
	}
	a := t.In.Attributes[i]
	if a.Type == ownwords.AttrText || a.Type == ownwords.AttrNumber {
		return nil, nil, invalid("analysis: cannot group by %s, a %s attribute; use a category, boolean, integer or date", by, a.Type)
	}
	groupOf := func(p *ownwords.Participant, _ *ownwords.Event) (string, bool) {
		v := valueOf(p, by)
		if v.Missing {
			return "", false
		}
		if a.Type == ownwords.AttrDate {
			return strconv.Itoa(v.Date.Year), true
		}
		return v.String(), true
	}
	order := func(m map[string][]stats.Subject) []string {
		names := sorted(m)
		if a.Type == ownwords.AttrInteger {
			slices.SortFunc(names, func(x, y string) int {
				i, _ := strconv.ParseInt(x, 10, 64)
				j, _ := strconv.ParseInt(y, 10, 64)
				return cmp.Compare(i, j)
			})
		}
		rank := func(s string) int {
			if i := slices.Index(a.Values, s); i >= 0 {
				return i
			}
			return len(a.Values)
		}
		slices.SortStableFunc(names, func(x, y string) int { return cmp.Compare(rank(x), rank(y)) })
		return names
	}
	return groupOf, order, nil
}
