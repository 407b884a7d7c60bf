package report

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"
	"time"

	"ownwords"
	"ownwords/analysis"
)

// Timeline charts are SVG written by hand: every text and attribute value
// passes through esc, and there is no script. The public audience sees no
// participant code, dates coarsened to the year and no curve or bar for
// fewer than k participants.

// TimelineOptions tune the timeline charts.
type TimelineOptions struct {
	// Audience is AudiencePublic (the default when empty) or AudienceTeam.
	Audience string
	// K is the disclosure threshold of the public audience; 0 means
	// ownwords.DefaultDisclosureK.
	K int
	// SortBy is the attribute slug the swimlane chart groups and sorts
	// participants by; "" sorts by participant code.
	SortBy string
	// Report is the public report of the same plan, sample and K, whose
	// printed group sizes decide which public groupings are shown (see
	// PublicSurvival); nil shows every public grouping as one curve of
	// everyone. The team audience ignores it.
	Report *Report
}

func (o TimelineOptions) public() bool { return o.Audience != AudienceTeam }

func (o TimelineOptions) k() int {
	if o.K > 0 {
		return o.K
	}
	return ownwords.DefaultDisclosureK
}

// kindColors colour the reference study's event kinds (Okabe–Ito, then
// darker tones); other kinds are grey.
var kindColors = map[string]string{
	ownwords.EventRadicalised: "#999999", ownwords.EventTravelled: "#56B4E9", ownwords.EventCrossed: "#0072B2",
	ownwords.EventJoined: "#000000", ownwords.EventRoleStarted: "#009E73", ownwords.EventRoleEnded: "#006D4F",
	ownwords.EventFirstDoubts: "#E69F00", ownwords.EventTriedLeave: "#F0E442", ownwords.EventLeft: "#D55E00",
	ownwords.EventCaptured: "#882255", ownwords.EventReturned: "#CC79A7", ownwords.EventInterviewed: "#666666",
}

func kindColor(kind string) string {
	if c, ok := kindColors[kind]; ok {
		return c
	}
	return "#BBBBBB"
}

// esc escapes text for SVG element content and quoted attribute values.
func esc(s string) string { return html.EscapeString(s) }

// svgOpen starts an SVG document of the given size with a title.
func svgOpen(sb *strings.Builder, w, h int, title string) {
	fmt.Fprintf(sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="sans-serif" font-size="11">`+"\n", w, h, w, h, esc(title))
	fmt.Fprintf(sb, "<title>%s</title>\n", esc(title))
}

// kindLegend draws one swatch per kind in a row at y and returns the
// height used.
func kindLegend(sb *strings.Builder, kinds []string, x0, y, width int) int {
	x, rows := x0, 1
	for _, k := range kinds {
		w := 18 + 7*len(k)
		if x+w > width {
			x, y, rows = x0, y+16, rows+1
		}
		fmt.Fprintf(sb, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n", x, y, kindColor(k), x+14, y+9, esc(k))
		x += w
	}
	return rows * 16
}

// presentKinds lists the kinds of events in trajectory order, then others.
func presentKinds(events []*ownwords.Event) []string {
	var kinds []string
	for _, e := range events {
		if !slices.Contains(kinds, e.Kind) {
			kinds = append(kinds, e.Kind)
		}
	}
	rank := func(k string) int {
		if i := slices.Index(analysis.TrajectoryKinds, k); i >= 0 {
			return i
		}
		return len(analysis.TrajectoryKinds)
	}
	slices.SortStableFunc(kinds, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	return kinds
}

// coarse returns the days an event's date may stand for, widened to whole
// years for the public audience, and its label.
func coarse(p ownwords.Period, public bool) (lo, hi time.Time, label string) {
	lo, hi, label = p.Earliest(), p.Latest(), p.String()
	if public {
		lo = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		hi = time.Date(hi.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
		label = fmt.Sprint(lo.Year())
		if hi.Year() != lo.Year() {
			label += fmt.Sprintf("..%d", hi.Year())
		}
	}
	return lo, hi, label
}

// Participant timeline geometry.
const (
	ptWidth = 640
	ptPad   = 16
	ptLaneH = 14
)

// ParticipantTimelineSVG draws one participant's events on a calendar
// axis: an event known to the day is a dot, a coarser date or a range is a
// bar over every day it may stand for, so the picture claims no more than
// the data. Events are stacked one per row in trajectory order. For the
// public audience dates are coarsened to years. It returns "" without
// events.
func ParticipantTimelineSVG(events []*ownwords.Event, opt TimelineOptions) template.HTML {
	if len(events) == 0 {
		return ""
	}
	steps := analysis.Sequence(events)
	public := opt.public()
	first, last := 9999, 0
	for _, s := range steps {
		lo, hi, _ := coarse(s.Event.Date, public)
		first, last = min(first, lo.Year()), max(last, hi.Year())
	}
	start := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC)
	span := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours()
	plotW := ptWidth - 2*ptPad - 110
	x := func(t time.Time) float64 { return float64(ptPad+110) + t.Sub(start).Hours()/span*float64(plotW) }
	var sb strings.Builder
	legendY := 10 + len(steps)*ptLaneH + 30
	svgOpen(&sb, ptWidth, legendY+kindLegendHeight(presentKinds(events), ptWidth)+4, "Timeline of events")
	for y := first; y <= last+1; y++ {
		tx := x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="6" x2="%.1f" y2="%d" stroke="#DDDDDD"/>`+"\n", tx, tx, 10+len(steps)*ptLaneH)
		if y <= last {
			fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n", tx+float64(plotW)/float64(last-first+1)/2, 24+len(steps)*ptLaneH, y)
		}
	}
	for i, s := range steps {
		e := s.Event
		lo, hi, label := coarse(e.Date, public)
		y := 10 + i*ptLaneH
		tip := esc(e.Kind + " " + label)
		if !public && e.Note != "" {
			tip += esc(": " + e.Note)
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d">%s</text>`+"\n", ptPad, y+10, esc(e.Kind))
		if !public && e.Date.To.IsZero() && e.Date.From.Precision() == ownwords.PrecisionDay {
			fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%d" r="4" fill="%s"><title>%s</title></circle>`+"\n", x(lo), y+6, kindColor(e.Kind), tip)
			continue
		}
		x0, x1 := x(lo), x(hi.AddDate(0, 0, 1))
		fmt.Fprintf(&sb, `<rect x="%.1f" y="%d" width="%.1f" height="8" rx="2" fill="%s" fill-opacity="0.8"><title>%s</title></rect>`+"\n", x0, y+2, max(x1-x0, 2), kindColor(e.Kind), tip)
	}
	kindLegend(&sb, presentKinds(events), ptPad, legendY, ptWidth)
	sb.WriteString("</svg>\n")
	return template.HTML(sb.String())
}

// kindLegendHeight is the height kindLegend will use.
func kindLegendHeight(kinds []string, width int) int {
	var sb strings.Builder
	return kindLegend(&sb, kinds, ptPad, 0, width)
}

// dayOf counts days since 1970-01-01 (t is a UTC midnight).
func dayOf(t time.Time) float64 { return float64(t.Unix() / 86400) }
