package report

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"ownwords/analysis"
)

// Histogram geometry.
const (
	histWidth = 640
	histLeft  = 48
	histTop   = 30
	histPlotH = 180
)

// YearHistogramSVG draws, per calendar year, how many participants joined
// (first bar) and how many left or were captured (second bar), from
// Timelines.ByYear counts. The public audience gets no bar for a count of
// 1..k-1, only the mark "<k". Events whose date spans several years are
// counted in a note, not a bar.
func YearHistogramSVG(joined, left analysis.YearCounts, opt TimelineOptions) template.HTML {
	var years []int
	for _, yc := range []analysis.YearCounts{joined, left} {
		for _, y := range yc.Years {
			if !slices.Contains(years, y) {
				years = append(years, y)
			}
		}
	}
	slices.Sort(years)
	series := []struct {
		name  string
		yc    analysis.YearCounts
		color string
	}{{"joined", joined, groupColors[0]}, {"left or captured", left, groupColors[5]}}
	top := 1
	for _, s := range series {
		for _, n := range s.yc.Counts {
			top = max(top, n)
		}
	}
	slot := 80
	if len(years) > 0 {
		slot = min(80, (histWidth-histLeft-20)/len(years))
	}
	var sb strings.Builder
	title := "Joining and leaving by year"
	svgOpen(&sb, histWidth, histTop+histPlotH+60, title)
	fmt.Fprintf(&sb, `<text x="%d" y="14" font-weight="bold">%s</text>`+"\n", histLeft, esc(title))
	base := histTop + histPlotH
	fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000000"/>`+"\n", histLeft, base, histLeft+slot*len(years), base)
	for i, y := range years {
		x0 := histLeft + i*slot
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle">%d</text>`+"\n", x0+slot/2, base+14, y)
		for j, s := range series {
			n := countIn(s.yc, y)
			bw := slot/2 - 6
			bx := x0 + 4 + j*(bw+4)
			text := fmt.Sprint(n)
			if opt.public() && n > 0 && n < opt.k() {
				text = fmt.Sprintf("<%d", opt.k())
			} else if n > 0 {
				h := n * histPlotH / top
				fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s</title></rect>`+"\n", bx, base-h, bw, h, s.color, esc(fmt.Sprintf("%s %d: %d", s.name, y, n)))
			}
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" font-size="9">%s</text>`+"\n", bx+bw/2, textY(base, n, top, text), esc(text))
		}
	}
	ly := base + 32
	for j, s := range series {
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n", histLeft+j*160, ly, s.color, histLeft+j*160+14, ly+9, esc(s.name))
	}
	if u := joined.Unknown + left.Unknown; u > 0 && !(opt.public() && u < opt.k()) {
		fmt.Fprintf(&sb, `<text x="%d" y="%d">%d date(s) spanning several years not shown.</text>`+"\n", histLeft+340, ly+9, u)
	}
	sb.WriteString("</svg>\n")
	return template.HTML(sb.String())
}

func countIn(yc analysis.YearCounts, year int) int {
	if i := slices.Index(yc.Years, year); i >= 0 {
		return yc.Counts[i]
	}
	return 0
}

// textY places a bar's label above it; a suppressed bar has no height.
func textY(base, n, top int, text string) int {
	if strings.HasPrefix(text, "<") {
		return base - 3
	}
	return base - n*histPlotH/top - 3
}
