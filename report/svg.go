package report

import (
	"fmt"
	"slices"
	"strings"

	"ownwords/stats"
)

// Chart geometry, in SVG user units (CSS pixels): the chart fits the text
// width of an A4 or Letter page (about 680 px at 96 dpi).
const (
	chartWidth    = 680
	chartLabelW   = 200 // item labels, right-aligned against the first panel
	chartPanelGap = 24
	chartHeadH    = 40 // panel titles and legends
	chartDotStep  = 10 // vertical distance between the groups of one item
	chartRowGap   = 8
	chartAxisH    = 30
	chartLabelMax = 30 // runes of an item label; the full label is in a <title>
)

// groupColors are the Okabe–Ito colours (distinguishable with colour
// blindness), then greys; groups beyond them reuse the list. The timeline
// charts use them in this order.
var groupColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#882255"}

// comparisonMarkers mark the groups of a comparison by position: Okabe–Ito
// colours far apart in lightness, and shapes filled or hollow, so that a
// chart still reads printed in greyscale.
var comparisonMarkers = []dotMarker{
	{Shape: "circle", Color: "#0072B2"},
	{Shape: "square", Color: "#D55E00", Hollow: true},
	{Shape: "triangle", Color: "#009E73"},
	{Shape: "diamond", Color: "#CC79A7", Hollow: true},
}

// dotPlot is the chart of one section: per comparison of the plan a panel
// in which each item has one dot per compared group at its percent, with
// the 95% Wilson interval as whiskers; items are sorted by their share of
// the whole sample. It holds only geometry and text; the template draws
// it and escapes the text.
type dotPlot struct {
	Title         string
	Width, Height int
	LabelX        int
	Panels        []dotPanel
	Rows          []dotRow
	// Gaps is the note under the chart when a value is not drawn.
	Gaps string
}

type dotPanel struct {
	Title       string
	TitleX      int
	Legend      []dotLegend
	Ticks       []chartTick
	Grid        []int
	Top, Bottom int
}

type dotLegend struct {
	X, Y   int
	D      string
	Marker dotMarker
	Label  string
}

type dotMarker struct {
	Shape, Color string
	Hollow       bool
}

type dotRow struct {
	LabelY    int
	Label     string
	FullLabel string
	Dots      []dot
}

// dot is one group's value of an item. A suppressed or undefined value is
// not drawn (Draw false): Gap shows its mark ("<5" or "—") at the start of
// the panel instead.
type dot struct {
	Group  string
	Draw   bool
	X, Y   int
	Lo, Hi int
	D      string
	Marker dotMarker
	Title  string
	Gap    string
	GapX   int
}

type chartTick struct {
	X, Y  int
	Label string
}

// Comparison is a set of the report's groups compared side by side in the
// charts and top-item tables of each section.
type Comparison struct {
	Label string
	// Groups index Report.Groups.
	Groups []int
}

// sectionChart lays out the dot plot of a section table. It uses the same
// cells as the table, so a suppressed count is never drawn.
func sectionChart(t *Table, groups []Group, comps []Comparison, k int) dotPlot {
	c := dotPlot{Title: t.Title, Width: chartWidth, LabelX: chartLabelW - 8}
	rows := sortedRows(t, groups)
	n := max(len(comps), 1)
	panelW := (chartWidth - chartLabelW - (n-1)*chartPanelGap) / n
	perRow := 1
	for _, cmp := range comps {
		perRow = max(perRow, len(cmp.Groups))
	}
	rowH := perRow*chartDotStep + chartRowGap
	top := chartHeadH
	bottom := top + len(rows)*rowH
	scale := chartScale(t, comps)
	xOf := func(x0 int, p float64) int { return x0 + int(p*float64(panelW-12)/scale+0.5) }
	gaps := false
	for _, r := range rows {
		c.Rows = append(c.Rows, dotRow{Label: truncate(rowLabel(r), chartLabelMax), FullLabel: rowLabel(r)})
	}
	for pi, cmp := range comps {
		x0 := chartLabelW + pi*(panelW+chartPanelGap)
		p := dotPanel{Title: cmp.Label, TitleX: x0, Top: top - 4, Bottom: bottom}
		for gi, g := range cmp.Groups {
			m := comparisonMarkers[gi%len(comparisonMarkers)]
			lx := x0 + (gi%2)*(panelW/2)
			ly := 20 + (gi/2)*12
			p.Legend = append(p.Legend, dotLegend{X: lx + 12, Y: ly + 4, D: markerPath(m.Shape, lx+4, ly), Marker: m, Label: groups[g].Label})
		}
		step := 0.2
		if scale <= 0.5 {
			step = 0.1
		}
		for v := 0.0; v <= scale+1e-9; v += step {
			x := xOf(x0, v)
			p.Grid = append(p.Grid, x)
			p.Ticks = append(p.Ticks, chartTick{X: x, Y: bottom + 14, Label: fmt.Sprintf("%.0f%%", 100*v)})
		}
		for ri, r := range rows {
			y0 := top + ri*rowH + chartRowGap/2 + (perRow-len(cmp.Groups))*chartDotStep/2
			for gi, g := range cmp.Groups {
				cell := r.Cells[g]
				m := comparisonMarkers[gi%len(comparisonMarkers)]
				d := dot{Group: groups[g].Label, Y: y0 + gi*chartDotStep + chartDotStep/2, Marker: m}
				if tenths, ok := cell.Tenths(); ok {
					lo, hi := stats.Wilson(cell.N, cell.Denominator, stats.WilsonZ95)
					d.Draw = true
					d.X, d.Lo, d.Hi = xOf(x0, float64(tenths)/1000), xOf(x0, lo), xOf(x0, hi)
					d.D = markerPath(m.Shape, d.X, d.Y)
					d.Title = fmt.Sprintf("%s: %s (%d of %d; 95%% CI %.1f–%.1f%%)", groups[g].Label, percentText(cell), cell.N, cell.Denominator, 100*lo, 100*hi)
				} else {
					d.Gap, d.GapX = countText(cell, k), x0+2
					gaps = true
				}
				c.Rows[ri].Dots = append(c.Rows[ri].Dots, d)
			}
		}
		c.Panels = append(c.Panels, p)
	}
	for ri := range c.Rows {
		c.Rows[ri].LabelY = top + ri*rowH + rowH/2 + 3
	}
	if gaps {
		c.Gaps = "A value shown as “<" + fmt.Sprint(k) + "” or “—” is suppressed: it is left out of the chart, not drawn as zero."
	}
	c.Height = bottom + chartAxisH
	return c
}

// sortedRows returns the table's rows by their share of the whole sample
// (the group without a filter), highest first; rows whose share is not
// shown follow in codebook order, so that the order gives no hidden count
// away. Without such a group the codebook order is kept.
func sortedRows(t *Table, groups []Group) []Row {
	rows := slices.Clone(t.Rows)
	all := slices.IndexFunc(groups, func(g Group) bool { return len(g.Values) == 0 })
	if all < 0 {
		return rows
	}
	share := func(r Row) int {
		if tenths, ok := r.Cells[all].Tenths(); ok {
			return tenths
		}
		return -1
	}
	slices.SortStableFunc(rows, func(a, b Row) int { return share(b) - share(a) })
	return rows
}

// chartScale is the upper end of the charts' axis: the highest upper
// Wilson bound drawn, rounded up to a tenth or a fifth (at least 20%).
func chartScale(t *Table, comps []Comparison) float64 {
	top := 0.0
	for _, r := range t.Rows {
		for _, cmp := range comps {
			for _, g := range cmp.Groups {
				if c := r.Cells[g]; !c.Suppressed && !c.DenominatorSuppressed && c.Denominator > 0 {
					_, hi := stats.Wilson(c.N, c.Denominator, stats.WilsonZ95)
					top = max(top, hi)
				}
			}
		}
	}
	for _, s := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.8} {
		if top <= s+1e-9 {
			return s
		}
	}
	return 1
}

// markerPath draws a marker of shape centred on (x, y) as SVG path data.
func markerPath(shape string, x, y int) string {
	switch shape {
	case "square":
		return fmt.Sprintf("M%d %dh7v7h-7z", x-3, y-3)
	case "triangle":
		return fmt.Sprintf("M%d %dl4.5 8h-9z", x, y-5)
	case "diamond":
		return fmt.Sprintf("M%d %dl5 5l-5 5l-5-5z", x, y-5)
	}
	return fmt.Sprintf("M%d %da4 4 0 1 0 8 0a4 4 0 1 0-8 0", x-4, y)
}

// defaultComparisons are the comparisons of a plan that names none: for
// the first two attributes that two or more single-attribute groups split
// (gender: men, women; origin: local, foreign), those groups, at most
// MaxComparisonGroups of them. A plan without such groups compares its
// first groups.
func defaultComparisons(groups []Group) []Comparison {
	var order []string
	by := map[string][]int{}
	for i, g := range groups {
		if len(g.Values) != 1 {
			continue
		}
		for k := range g.Values {
			if by[k] == nil {
				order = append(order, k)
			}
			by[k] = append(by[k], i)
		}
	}
	var out []Comparison
	for _, k := range order {
		if len(by[k]) < 2 || len(out) == 2 {
			continue
		}
		out = append(out, newComparison("", by[k][:min(len(by[k]), maxComparisonGroups)], groups))
	}
	if len(out) == 0 && len(groups) > 0 {
		idx := make([]int, min(len(groups), maxComparisonGroups))
		for i := range idx {
			idx[i] = i
		}
		out = append(out, newComparison("", idx, groups))
	}
	return out
}

// maxComparisonGroups is analysis.MaxComparisonGroups.
const maxComparisonGroups = 4

// newComparison titles a comparison: its label, or its groups' labels,
// e.g. "Men and women".
func newComparison(label string, idx []int, groups []Group) Comparison {
	if label == "" {
		var names []string
		for i, g := range idx {
			l := groups[g].Label
			if i > 0 && l == humanize(groups[g].Name) {
				// A label made from a slug is a common noun: "Men and women".
				l = strings.ToLower(l)
			}
			names = append(names, l)
		}
		switch len(names) {
		case 1:
			label = names[0]
		default:
			label = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
		}
	}
	return Comparison{Label: Clean(label), Groups: idx}
}
