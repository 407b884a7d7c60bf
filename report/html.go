package report

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"strings"
)

//go:embed templates/report.html.tmpl
var templateFS embed.FS

// htmlTemplate is the report page: html/template escapes every string of
// the report for its context, and the page has no script.
var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"describe": groupDescription,
	"count":    countText,
	"lift":     liftText,
	"mode":     modeText,
	"tests":    statsText,
	"add":      func(a, b int) int { return a + b },
	"sub":      func(a, b int) int { return a - b },
	"tableOf":  newHTMLTable,
	"split":    splitTable,
	"audience": audienceLabel,
	"pct":      percentText,
	"trimPct":  func(s string) string { return strings.TrimSuffix(s, "%") },
}).ParseFS(templateFS, "templates/report.html.tmpl"))

// WriteHTML writes the report as one self-contained HTML page laid out for
// reading and printing on A4 or Letter: a title page with the sample and
// the disclosure statement, a contents list, per codebook section the top
// items of the compared groups, a dot plot comparing them and one quote
// per item (each passage once in the report), then the other analyses and
// an appendix with the full tables, split to fit the page. Inline CSS, SVG
// charts, no script and no outside resource. A team report carries a
// confidential banner.
func WriteHTML(w io.Writer, rep *Report) error {
	view := htmlView{R: rep, Team: rep.Audience == AudienceTeam, Pairs: namedPairs(rep), PairsNote: pairsNote,
		Reliability: newHTMLReliability(rep.Reliability)}
	used := map[string]bool{}
	for _, s := range rep.Sections {
		hs := htmlSection{S: s, Chart: sectionChart(s.Table, rep.Groups, rep.Comparisons, rep.K), Quotes: onePerItem(s.Quotes, used)}
		hs.Top = topTables(s, rep)
		view.Sections = append(view.Sections, hs)
	}
	if rep.Timeline != nil {
		var buf bytes.Buffer
		if err := WriteTimelineHTML(&buf, rep.Timeline); err != nil {
			return err
		}
		// The charts are built by this package from escaped SVG.
		view.Timeline = template.HTML(buf.String())
	}
	view.Modes = splitModes(rep)
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
	Modes       []htmlModes
}

type htmlSection struct {
	S      Section
	Chart  dotPlot
	Top    []htmlTop
	Quotes []Quote
}

// audienceLabel is the audience as the running header names it.
func audienceLabel(rep *Report) string {
	if rep.Audience == AudienceTeam {
		return "Confidential — team"
	}
	return "Public"
}

// onePerItem returns the first quote of each item whose passage the report
// has not shown yet (used records the passages shown): each passage
// appears once, the plan's first choice per item where it can.
func onePerItem(quotes []Quote, used map[string]bool) []Quote {
	var out []Quote
	done := map[string]bool{}
	for _, q := range quotes {
		key := strings.Join(strings.Fields(q.Text), " ")
		if done[q.Item] || used[key] {
			continue
		}
		done[q.Item], used[key] = true, true
		out = append(out, q)
	}
	return out
}

// topNone fills the column of a group with no item to rank: none was
// mentioned, or every count is suppressed.
const topNone = "no item to rank"

// topItems is how many items a top-item table lists per group.
const topItems = 5

// htmlTop is a short table of a section's top items in the groups of one
// or more comparisons, as the reference paper ranks them.
type htmlTop struct {
	Groups []string
	Rows   [][]htmlTopCell
}

type htmlTopCell struct {
	Rank, Label, Value string
	// Note stands in the first row of a group with no item to list.
	Note string
}

// topTables lays out the top items of a section per compared group, at
// most four groups to a table.
func topTables(s Section, rep *Report) []htmlTop {
	var out []htmlTop
	var cur *htmlTop
	for _, c := range rep.Comparisons {
		if cur == nil || len(cur.Groups)+len(c.Groups) > maxComparisonGroups {
			out = append(out, htmlTop{})
			cur = &out[len(out)-1]
		}
		for _, g := range c.Groups {
			cur.Groups = append(cur.Groups, rep.Groups[g].Label)
			var entries []RankEntry
			for _, r := range s.Rankings {
				if r.Group == rep.Groups[g].Name {
					entries = r.Entries
				}
			}
			col := len(cur.Groups) - 1
			n := 0
			for _, e := range entries {
				if e.Rank == 0 || e.N.N == 0 || n == topItems {
					continue
				}
				for len(cur.Rows) <= n {
					cur.Rows = append(cur.Rows, nil)
				}
				for len(cur.Rows[n]) < col {
					cur.Rows[n] = append(cur.Rows[n], htmlTopCell{})
				}
				cur.Rows[n] = append(cur.Rows[n], htmlTopCell{Rank: rankText(e), Label: e.Label, Value: cmpOr(percentText(e.N), countText(e.N, rep.K))})
				n++
			}
			if n == 0 {
				if len(cur.Rows) == 0 {
					cur.Rows = append(cur.Rows, nil)
				}
				for len(cur.Rows[0]) < col {
					cur.Rows[0] = append(cur.Rows[0], htmlTopCell{})
				}
				cur.Rows[0] = append(cur.Rows[0], htmlTopCell{Note: topNone})
			}
		}
	}
	for i := range out {
		for r := range out[i].Rows {
			for len(out[i].Rows[r]) < len(out[i].Groups) {
				out[i].Rows[r] = append(out[i].Rows[r], htmlTopCell{})
			}
		}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// chunkGroups is how many groups a printed table shows side by side, each
// as a count and a percent column: more would not fit the page.
const chunkGroups = 7

// chunks splits n columns into parts of at most chunkGroups, as even as
// they can be.
func chunks(n int) [][2]int {
	if n == 0 {
		return nil
	}
	parts := (n + chunkGroups - 1) / chunkGroups
	var out [][2]int
	start := 0
	for i := range parts {
		size := n / parts
		if i < n%parts {
			size++
		}
		out = append(out, [2]int{start, start + size})
		start += size
	}
	return out
}

// htmlTable is a table, or a part of one, with its cells already formatted.
type htmlTable struct {
	T       *Table
	Columns []Column
	Rows    []htmlRow
	Derived string
	// Percent says whether the cells have a percent column.
	Percent bool
}

type htmlRow struct {
	Label   string
	Derived bool
	Cells   []htmlCell
}

type htmlCell struct {
	C        Cell
	N, Pct   string
	Text     string
	Suppress bool
}

// splitTable returns t as parts of at most chunkGroups columns each, so
// that each part fits the page's width.
func splitTable(t *Table, k int) []htmlTable {
	var out []htmlTable
	for _, c := range chunks(len(t.Columns)) {
		out = append(out, tablePart(t, k, c[0], c[1]))
	}
	if len(out) > 0 && hasDerived(t) {
		out[len(out)-1].Derived = derivedNote
	}
	return out
}

// newHTMLTable returns the whole of t.
func newHTMLTable(t *Table, k int) htmlTable {
	ht := tablePart(t, k, 0, len(t.Columns))
	if hasDerived(t) {
		ht.Derived = derivedNote
	}
	return ht
}

func tablePart(t *Table, k, from, to int) htmlTable {
	ht := htmlTable{T: t, Columns: t.Columns[from:to], Percent: t.Kind != KindDistinct}
	for _, r := range t.Rows {
		row := htmlRow{Label: rowLabel(r), Derived: r.Derived}
		for _, c := range r.Cells[from:to] {
			row.Cells = append(row.Cells, newHTMLCell(c, k))
		}
		ht.Rows = append(ht.Rows, row)
	}
	return ht
}

func newHTMLCell(c Cell, k int) htmlCell {
	return htmlCell{C: c, N: countText(c, k), Pct: percentText(c), Text: cellText(c, k), Suppress: c.Suppressed}
}

// htmlModes is a part of the modes table: attributes by at most
// chunkGroups groups.
type htmlModes struct {
	Groups []string
	Rows   []htmlModeRow
}

type htmlModeRow struct {
	Label string
	Modes []string
}

func splitModes(rep *Report) []htmlModes {
	if len(rep.Modes) == 0 {
		return nil
	}
	var out []htmlModes
	for _, c := range chunks(len(rep.Groups)) {
		var m htmlModes
		for _, g := range rep.Groups[c[0]:c[1]] {
			m.Groups = append(m.Groups, g.Label)
		}
		for _, row := range rep.Modes {
			r := htmlModeRow{Label: row.Label}
			for _, mode := range row.Modes[c[0]:c[1]] {
				r.Modes = append(r.Modes, modeText(mode, rep.K))
			}
			m.Rows = append(m.Rows, r)
		}
		out = append(out, m)
	}
	return out
}
