package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"ownwords/analysis"
	"ownwords/stats"
)

// Survival chart geometry.
const (
	kmWidth  = 760
	kmHeight = 360
	kmLeft   = 48
	kmTop    = 28
	kmPlotW  = 440
	kmPlotH  = 260
)

// SurvivalSVG draws the Kaplan–Meier curve of each group with a curve as a
// step line, its 95% pointwise confidence band as a shaded step area and
// censoring times as ticks; the legend gives each group's n and median.
// Suppressed groups (fewer than k) have no curve, only a legend line
// saying so. The log-rank result is printed under the title.
func SurvivalSVG(res *analysis.SurvivalResult) template.HTML { return survivalSVG(res, nil, nil) }

// PublicSurvivalSVG draws the public, coarsened curves of res under
// threshold k (see analysis.SurvivalResult.Public): a step at the end of
// each interval of at least k events, no censoring ticks, and the interval
// that holds each median instead of its month; a legend line says when a
// grouping gave way to one curve of everyone.
func PublicSurvivalSVG(res *analysis.SurvivalResult, k int) template.HTML {
	return publicSurvivalSVG(res, k, nil)
}

// publicSurvivalSVG is PublicSurvivalSVG with the log-rank p adjusted
// for the plan's family of survival comparisons (nil: none).
func publicSurvivalSVG(res *analysis.SurvivalResult, k int, adj *stats.Adjusted) template.HTML {
	pub := res.Public(k)
	coarse := &analysis.SurvivalResult{Spec: pub.Spec, Unit: pub.Unit, LogRank: pub.LogRank, LogRankNote: pub.LogRankNote, GroupsNote: pub.GroupsNote}
	medians := map[string]string{}
	for _, g := range pub.Groups {
		sg := analysis.SurvivalGroup{Name: g.Name, N: g.N, Suppressed: g.Suppressed}
		if g.Events != nil && len(g.Points) > 0 {
			fit := &stats.KMFit{N: g.N, Events: *g.Events}
			for _, p := range g.Points {
				fit.Steps = append(fit.Steps, stats.KMStep{Time: p.Until, Events: p.Events, Survival: p.Survival, Lower: p.Lower, Upper: p.Upper})
			}
			sg.Fit = fit
			// The line ends with the last interval; no subject is drawn.
			sg.Subjects = []stats.Subject{{Time: g.Points[len(g.Points)-1].Until, Event: true}}
			medians[g.Name] = "median not reached"
			if g.MedianFrom != nil {
				medians[g.Name] = fmt.Sprintf("median %g–%g", *g.MedianFrom, *g.MedianTo)
			}
		}
		coarse.Groups = append(coarse.Groups, sg)
	}
	return survivalSVG(coarse, medians, adj)
}

// survivalSVG is SurvivalSVG with the legend's median texts by group name
// (nil: from the fits).
func survivalSVG(res *analysis.SurvivalResult, medians map[string]string, adj *stats.Adjusted) template.HTML {
	maxT := 1.0
	for _, g := range res.Groups {
		for _, s := range g.Subjects {
			maxT = max(maxT, s.Time)
		}
	}
	maxT = math.Ceil(maxT/12) * 12
	x := func(t float64) float64 { return kmLeft + t/maxT*kmPlotW }
	y := func(s float64) float64 { return kmTop + (1-s)*kmPlotH }
	var sb strings.Builder
	title := fmt.Sprintf("Time from %s to %s (Kaplan–Meier)", eventLabel(res.Spec.From), eventLabel(res.Spec.To))
	svgOpen(&sb, kmWidth, kmHeight, title)
	fmt.Fprintf(&sb, `<text x="%d" y="14" font-weight="bold">%s</text>`+"\n", kmLeft, esc(title))
	if res.LogRank != nil {
		fmt.Fprintf(&sb, `<text x="%d" y="%d">log-rank χ² = %.2f, df = %d, p = %s</text>`+"\n", kmLeft+kmPlotW+12, kmTop+8, res.LogRank.ChiSquare, res.LogRank.DF, pText(res.LogRank.P))
	}
	ly := kmTop + 30
	if res.LogRank != nil && adj != nil {
		fmt.Fprintf(&sb, `<text x="%d" y="%d"><title>%s</title>adjusted for %d tests: Holm p = %s, BH p = %s</text>`+"\n",
			kmLeft+kmPlotW+12, kmTop+24, esc(adj.Family), adj.Tests, pText(adj.Holm), pText(adj.BH))
		ly += 16
	}
	for p := 0; p <= 4; p++ {
		yy := y(float64(p) / 4)
		fmt.Fprintf(&sb, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#E5E5E5"/><text x="%d" y="%.1f" text-anchor="end">%.2f</text>`+"\n", kmLeft, yy, kmLeft+kmPlotW, yy, kmLeft-4, yy+4, float64(p)/4)
	}
	for m := 0.0; m <= maxT; m += 12 {
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#E5E5E5"/><text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n", x(m), kmTop, x(m), kmTop+kmPlotH, x(m), kmTop+kmPlotH+14, int(m))
	}
	fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle">months</text>`+"\n", kmLeft+kmPlotW/2, kmTop+kmPlotH+30)
	for i, g := range res.Groups {
		color := groupColors[i%len(groupColors)]
		if g.Fit == nil {
			why := fmt.Sprintf("fewer than %d, not shown", res.Spec.K)
			if !g.Suppressed && g.N > 0 {
				why = fmt.Sprintf("events or censorings 1 to %d, not shown", res.Spec.K-1)
			}
			fmt.Fprintf(&sb, `<text x="%d" y="%d" fill="#666666">%s: %s</text>`+"\n", kmLeft+kmPlotW+12, ly, esc(g.Name), why)
			ly += 16
			continue
		}
		kmCurve(&sb, g, color, x, y)
		med := "median not reached"
		if m, ok := medians[g.Name]; ok {
			med = m
		} else if g.Fit.Median != nil {
			med = fmt.Sprintf("median %.1f", *g.Fit.Median)
		}
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s (n = %d), %s</text>`+"\n", kmLeft+kmPlotW+12, ly-9, color, kmLeft+kmPlotW+26, ly, esc(survivalGroupLabel(g.Name)), g.N, med)
		ly += 16
	}
	if res.GroupsNote != "" {
		fmt.Fprintf(&sb, `<text x="%d" y="%d" fill="#666666">a group has fewer than %d participants, events or</text>`+"\n", kmLeft+kmPlotW+12, ly, res.Spec.K)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" fill="#666666">censored participants: one curve of everyone</text>`+"\n", kmLeft+kmPlotW+12, ly+16)
	}
	fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#000000"/>`+"\n", kmLeft, kmTop, kmPlotW, kmPlotH)
	sb.WriteString("</svg>\n")
	return template.HTML(sb.String())
}

// kmCurve draws one group's band, step line and censoring ticks.
func kmCurve(sb *strings.Builder, g analysis.SurvivalGroup, color string, x, y func(float64) float64) {
	end := 0.0
	for _, s := range g.Subjects {
		end = max(end, s.Time)
	}
	var line, upper, lower strings.Builder
	fmt.Fprintf(&line, "M%.1f,%.1f", x(0), y(1))
	fmt.Fprintf(&upper, "M%.1f,%.1f", x(0), y(1))
	prevLo, prevHi := 1.0, 1.0
	var lows []string
	lows = append(lows, fmt.Sprintf("%.1f,%.1f", x(0), y(1)))
	for _, st := range g.Fit.Steps {
		lo, hi := 0.0, prevHi
		if st.Lower != nil {
			lo, hi = *st.Lower, *st.Upper
		}
		fmt.Fprintf(&line, "H%.1fV%.1f", x(st.Time), y(st.Survival))
		fmt.Fprintf(&upper, "H%.1fV%.1f", x(st.Time), y(hi))
		lows = append(lows, fmt.Sprintf("%.1f,%.1f", x(st.Time), y(prevLo)), fmt.Sprintf("%.1f,%.1f", x(st.Time), y(lo)))
		prevLo, prevHi = lo, hi
	}
	fmt.Fprintf(&line, "H%.1f", x(end))
	fmt.Fprintf(&upper, "H%.1fV%.1f", x(end), y(prevLo))
	for i := len(lows) - 1; i >= 0; i-- {
		fmt.Fprintf(&lower, "L%s", lows[i])
	}
	fmt.Fprintf(sb, `<path d="%s%sZ" fill="%s" fill-opacity="0.15" stroke="none"/>`+"\n", upper.String(), lower.String(), color)
	fmt.Fprintf(sb, `<path d="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", line.String(), color)
	for _, s := range g.Subjects {
		if !s.Event {
			sv := survivalAt(g.Fit.Steps, s.Time)
			fmt.Fprintf(sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", x(s.Time), y(sv)-3, x(s.Time), y(sv)+3, color)
		}
	}
}

// survivalAt is the curve's value at t (steps are right-continuous).
func survivalAt(steps []stats.KMStep, t float64) float64 {
	s := 1.0
	for _, st := range steps {
		if st.Time > t {
			break
		}
		s = st.Survival
	}
	return s
}

// pText formats a p-value: three significant digits, "< 0.001" below.
func pText(p float64) string {
	if p < 0.001 {
		return "< 0.001"
	}
	return fmt.Sprintf("%.3f", p)
}
