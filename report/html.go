package report

import (
	"bytes"
	"embed"
	"html/template"
	"io"
)

//go:embed templates/report.html.tmpl
var templateFS embed.FS

// htmlTemplate is the report page: html/template escapes every string of
// the report for its context, and the page has no script.
var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"describe":  groupDescription,
	"count":     countText,
	"rank":      rankText,
	"mentioned": func(entries []RankEntry) []RankEntry { kept, _ := mentioned(entries); return kept },
	"closing":   func(entries []RankEntry) string { _, c := mentioned(entries); return c },
	"lift":      liftText,
	"mode":      modeText,
	"tests":     statsText,
	"add":       func(a, b int) int { return a + b },
	"sub":       func(a, b int) int { return a - b },
	"cellOf":    func(cells []Cell, i, k int) htmlCell { return newHTMLCell(cells[i], k, false) },
	"tableOf":   newHTMLTable,
}).ParseFS(templateFS, "templates/report.html.tmpl"))

// WriteHTML writes the report as one self-contained HTML page: inline CSS,
// SVG bar charts comparing the groups for each section, no script and no
// outside resource. A team report carries a confidential banner.
func WriteHTML(w io.Writer, rep *Report) error {
	view := htmlView{R: rep, Team: rep.Audience == AudienceTeam, Pairs: namedPairs(rep), PairsNote: pairsNote,
		Reliability: newHTMLReliability(rep.Reliability)}
	for _, s := range rep.Sections {
		view.Sections = append(view.Sections, htmlSection{S: s, Chart: sectionChart(s.Table, rep.Groups, rep.K)})
	}
	if rep.Timeline != nil {
		var buf bytes.Buffer
		if err := WriteTimelineHTML(&buf, rep.Timeline); err != nil {
			return err
		}
		// The charts are built by this package from escaped SVG.
		view.Timeline = template.HTML(buf.String())
	}
	return htmlTemplate.Execute(w, view)
}

type htmlView struct {
	R         *Report
	Team      bool
	Sections  []htmlSection
	Pairs     []Cooccurrence
	PairsNote string
	Timeline  template.HTML
	// Reliability is the formatted reliability section (nil for none).
	Reliability *htmlReliability
}

type htmlSection struct {
	S     Section
	Chart chart
}

// htmlTable is a table with its cells already formatted.
type htmlTable struct {
	T       *Table
	Rows    []htmlRow
	Derived string
}

type htmlRow struct {
	Label   string
	Derived bool
	Cells   []htmlCell
}

type htmlCell struct {
	C    Cell
	Text string
}

func newHTMLTable(t *Table, k int) htmlTable {
	ht := htmlTable{T: t}
	for _, r := range t.Rows {
		row := htmlRow{Label: rowLabel(r), Derived: r.Derived}
		for _, c := range r.Cells {
			row.Cells = append(row.Cells, newHTMLCell(c, k, t.Kind == KindDistinct))
		}
		ht.Rows = append(ht.Rows, row)
	}
	if hasDerived(t) {
		ht.Derived = derivedNote
	}
	return ht
}

func newHTMLCell(c Cell, k int, countOnly bool) htmlCell {
	if countOnly {
		return htmlCell{C: c, Text: countText(c, k)}
	}
	return htmlCell{C: c, Text: cellText(c, k)}
}
