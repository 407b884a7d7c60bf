package report

import "strconv"

// Chart geometry, in SVG user units (pixels at 100%).
const (
	chartWidth    = 720
	chartLabelW   = 230 // item labels, right-aligned against the axis
	chartBarArea  = 380 // 100%
	chartBarH     = 11
	chartRowGap   = 10
	chartLegendH  = 18
	chartAxisH    = 24
	chartLabelMax = 34 // runes of an item label; the full label is in a <title>
)

// groupColors are the Okabe–Ito colours (distinguishable with colour
// blindness), then greys; groups beyond them reuse the list.
var groupColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#882255"}

// chart is a horizontal grouped bar chart of one section: per item one
// bar per group, its length the item's percent in the group. It holds only
// geometry and text; the template draws it and escapes the text.
type chart struct {
	Title         string
	Width, Height int
	Legend        []chartLegend
	Rows          []chartRow
	Ticks         []chartTick
	AxisX         int
	AxisTop       int
	AxisBottom    int
}

type chartLegend struct {
	X, Y  int
	Color string
	Label string
}

type chartRow struct {
	Y, LabelY int
	Label     string
	FullLabel string
	Bars      []chartBar
}

// chartBar is one group's bar; a suppressed cell gets no bar (Draw false),
// only its mark ("<5" or "—") as text.
type chartBar struct {
	Draw         bool
	X, Y, W, H   int
	Color        string
	Text         string
	TextX, TextY int
	Group        string
}

type chartTick struct {
	X, Y  int
	Label string
}

// sectionChart lays out the chart of a section table. It uses the same
// cells as the table, so a suppressed count is never drawn.
func sectionChart(t *Table, groups []Group, k int) chart {
	c := chart{Title: t.Title, Width: chartWidth, AxisX: chartLabelW}
	for i, g := range groups {
		c.Legend = append(c.Legend, chartLegend{X: chartLabelW + (i%4)*120, Y: 4 + (i/4)*chartLegendH, Color: groupColors[i%len(groupColors)], Label: g.Name})
	}
	y := 8 + ((len(groups)+3)/4)*chartLegendH
	c.AxisTop = y - 4
	for _, r := range t.Rows {
		row := chartRow{Y: y, Label: truncate(rowLabel(r), chartLabelMax), FullLabel: rowLabel(r)}
		for gi, cell := range r.Cells {
			bar := chartBar{X: chartLabelW, Y: y + gi*chartBarH, H: chartBarH - 2, Color: groupColors[gi%len(groupColors)], Group: groups[gi].Name}
			if tenths, ok := cell.Tenths(); ok {
				if tenths > 0 {
					bar.Draw, bar.W = true, max(tenths*chartBarArea/1000, 1)
				}
				bar.Text = percentText(cell)
			} else {
				bar.Text = countText(cell, k)
			}
			bar.TextX, bar.TextY = bar.X+bar.W+4, bar.Y+chartBarH-3
			row.Bars = append(row.Bars, bar)
		}
		row.LabelY = y + (len(r.Cells)*chartBarH)/2 + 4
		c.Rows = append(c.Rows, row)
		y += len(r.Cells)*chartBarH + chartRowGap
	}
	c.AxisBottom = y
	for p := 0; p <= 100; p += 25 {
		c.Ticks = append(c.Ticks, chartTick{X: chartLabelW + p*chartBarArea/100, Y: y + 14, Label: strconv.Itoa(p) + "%"})
	}
	c.Height = y + chartAxisH
	return c
}
