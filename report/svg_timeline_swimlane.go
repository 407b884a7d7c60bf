package report

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strings"

	"ownwords"
	"ownwords/analysis"
)

// Swimlane geometry.
const (
	swWidth  = 760
	swLabelW = 130
	swPad    = 12
	swMinM   = -36 // months shown before joining, at most
	swMaxM   = 120 // months shown after joining, at most
)

// swLane is one participant's row: events in months relative to joining.
type swLane struct {
	code, group string
	join        float64 // joining's midpoint, for sorting
	marks       []swMark
}

type swMark struct {
	kind, label string
	lo, hi      float64 // months from joining
}

// SwimlaneSVG draws every participant who joined as one lane, aligned on
// joining (month 0), each event a bar over the months its date may stand
// for, coloured by kind. Lanes are grouped by the SortBy attribute (groups
// in the attribute's value order, lanes by joining date, then code). The
// public audience sees no codes, dates coarsened to years (an event sits in
// the whole year(s) it fell in, counted from the year of joining), lanes by
// group only as swPublic allows and no lanes at all for fewer than k
// participants.
func SwimlaneSVG(tl *analysis.Timelines, opt TimelineOptions) template.HTML {
	lanes := swLanes(tl, opt)
	grouped := opt.SortBy != ""
	var notes []string
	if opt.public() {
		lanes, grouped, notes = swPublic(lanes, opt)
	}
	groups := swGroupSizes(lanes)
	lo, hi := 0.0, 12.0
	for _, l := range lanes {
		for _, m := range l.marks {
			lo, hi = min(lo, m.lo), max(hi, m.hi)
		}
	}
	lo = max(math.Floor(lo/12)*12, swMinM)
	hi = min(math.Ceil(hi/12)*12, swMaxM)
	laneH := 8
	if len(lanes) > 80 {
		laneH = 3
	}
	plotW := float64(swWidth - swLabelW - 2*swPad)
	x := func(m float64) float64 { return swLabelW + swPad + (min(max(m, lo), hi)-lo)/(hi-lo)*plotW }
	kinds := swKinds(lanes)
	top := 8
	var body strings.Builder
	y, prevGroup := top, "\x00"
	for _, l := range lanes {
		if l.group != prevGroup {
			prevGroup = l.group
			y += 4
			label := l.group
			switch {
			case grouped:
				label = fmt.Sprintf("%s = %s (n = %d)", opt.SortBy, orMissing(l.group), groups[l.group])
			case opt.SortBy != "":
				label = "everyone"
			}
			fmt.Fprintf(&body, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", swPad, y+10, esc(label))
			y += 14
		}
		if !opt.public() && laneH >= 8 {
			fmt.Fprintf(&body, `<text x="%d" y="%d" font-size="8">%s</text>`+"\n", swPad+8, y+laneH-1, esc(l.code))
		}
		for _, m := range l.marks {
			x0, x1 := x(m.lo), x(m.hi)
			fmt.Fprintf(&body, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s</title></rect>`+"\n",
				x0, y, max(x1-x0, 1.5), laneH-1, kindColor(m.kind), esc(m.kind+" "+m.label))
		}
		y += laneH
	}
	axisY := y + 6
	var sb strings.Builder
	height := axisY + 40 + kindLegendHeight(kinds, swWidth)
	height += 16 * len(notes)
	svgOpen(&sb, swWidth, height, "Trajectories aligned on joining")
	for m := lo; m <= hi; m += 12 {
		tx := x(m)
		stroke := "#E5E5E5"
		if m == 0 {
			stroke = "#000000"
		}
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`+"\n", tx, top, tx, axisY, stroke)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">%+d</text>`+"\n", tx, axisY+12, int(m/12))
	}
	sb.WriteString(body.String())
	fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">years since joining</text>`+"\n", swLabelW+swPad+plotW/2, axisY+26)
	legendY := axisY + 34
	for _, n := range notes {
		fmt.Fprintf(&sb, `<text x="%d" y="%d">%s</text>`+"\n", swPad, legendY+10, esc(n))
		legendY += 16
	}
	kindLegend(&sb, kinds, swPad, legendY, swWidth)
	sb.WriteString("</svg>\n")
	return template.HTML(sb.String())
}

// swPublic shapes the lanes for the public, by the rule of public curves
// (see PublicSurvival): lanes by group only when the public report (opt.Report)
// prints, unsuppressed, the size of every group they show, and each group
// has exactly that many lanes (so no lane count is one the report hides or
// differs from what it prints, by those who never joined), at least k; else
// one group of everyone, never only the small groups left out (that would
// tell which groups are small). Fewer than k lanes in all show none. It
// returns the lanes, whether they are grouped, and the notes saying so.
func swPublic(lanes []swLane, opt TimelineOptions) ([]swLane, bool, []string) {
	var notes []string
	grouped := opt.SortBy != "" && swGroupsPrinted(lanes, opt)
	if opt.SortBy != "" && !grouped {
		for i := range lanes {
			lanes[i].group = ""
		}
		// In the order of groups, the lanes would still show where
		// each group ends.
		slices.SortStableFunc(lanes, swByJoining)
		notes = append(notes, fmt.Sprintf("Lanes are not grouped by %s: the public report does not show the size of every group.", opt.SortBy))
	}
	if len(lanes) > 0 && len(lanes) < opt.k() {
		lanes = nil
		notes = append(notes, fmt.Sprintf("Fewer than %d participants: no lanes are shown.", opt.k()))
	}
	return lanes, grouped, notes
}

// swGroupsPrinted reports whether every group of lanes (by opt.SortBy) has
// at least k lanes, as many as the public report opt.Report prints,
// unsuppressed, for its value (see Report.printedGroupSizes).
func swGroupsPrinted(lanes []swLane, opt TimelineOptions) bool {
	counts := swGroupSizes(lanes)
	keys := slices.Sorted(maps.Keys(counts))
	names := make([]string, len(keys))
	for i, g := range keys {
		names[i] = cmp.Or(g, analysis.NoValueGroup)
	}
	sizes, ok := opt.Report.printedGroupSizes(opt.SortBy, names, opt.k())
	if !ok {
		return false
	}
	for i, g := range keys {
		if counts[g] < opt.k() || counts[g] != sizes[i] {
			return false
		}
	}
	return true
}

// swGroupSizes counts the lanes of each group.
func swGroupSizes(lanes []swLane) map[string]int {
	groups := map[string]int{}
	for _, l := range lanes {
		groups[l.group]++
	}
	return groups
}

func orMissing(s string) string {
	if s == "" {
		return "missing"
	}
	return s
}

// swLanes builds the lanes of participants with a joined event, sorted.
func swLanes(tl *analysis.Timelines, opt TimelineOptions) []swLane {
	public := opt.public()
	var order []string
	for _, a := range tl.In.Attributes {
		if a.Slug == opt.SortBy {
			order = a.Values
		}
	}
	var lanes []swLane
	for _, p := range tl.Participants {
		join := tl.First(p.ID, ownwords.EventJoined)
		if join == nil {
			continue
		}
		l := swLane{code: p.Code, join: (dayOf(join.Date.Earliest()) + dayOf(join.Date.Latest())) / 2}
		if opt.SortBy != "" {
			l.group = p.Values[opt.SortBy].String()
		}
		for _, s := range tl.Steps(p.ID) {
			l.marks = append(l.marks, swMarkOf(s.Event, join, l.join, public))
		}
		lanes = append(lanes, l)
	}
	rank := func(g string) int {
		if i := slices.Index(order, g); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(lanes, func(a, b swLane) int {
		return cmp.Or(cmp.Compare(rank(a.group), rank(b.group)), cmp.Compare(a.group, b.group), swByJoining(a, b))
	})
	return lanes
}

// swByJoining orders lanes by joining date, then code.
func swByJoining(a, b swLane) int {
	return cmp.Or(cmp.Compare(a.join, b.join), cmp.Compare(a.code, b.code))
}

// swMarkOf places an event relative to joining: in months from the
// midpoint of the joining date, or (public) in whole years from the year of
// joining.
func swMarkOf(e, join *ownwords.Event, joinMid float64, public bool) swMark {
	lo, hi, label := coarse(e.Date, public)
	if public {
		jy := join.Date.Earliest().Year()
		return swMark{kind: e.Kind, label: label, lo: float64(12 * (lo.Year() - jy)), hi: float64(12 * (hi.Year() - jy + 1))}
	}
	return swMark{kind: e.Kind, label: label,
		lo: (dayOf(lo) - joinMid) / analysis.DaysPerMonth, hi: (dayOf(hi) + 1 - joinMid) / analysis.DaysPerMonth}
}

func swKinds(lanes []swLane) []string {
	var evs []*ownwords.Event
	for _, l := range lanes {
		for _, m := range l.marks {
			evs = append(evs, &ownwords.Event{Kind: m.kind})
		}
	}
	return presentKinds(evs)
}
