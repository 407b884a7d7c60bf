package web

import (
	"fmt"
	"net/url"

	"ownwords/gate"
	"ownwords/report"
)

// reportTable is a report table as the report page shows it.
type reportTable struct {
	Title   string
	Columns []string
	Rows    []reportRow
	// Tests summarises a crosstab's tests, effect sizes and adjusted
	// p-values as the report's text does ("" for other tables).
	Tests string
}

// reportRow is one table row: an item with its cells per group.
type reportRow struct {
	Label string
	Cells []reportCell
}

// reportCell is one figure, linked to its drill-down when the audience may
// drill.
type reportCell struct {
	Text string
	Href string
	// Bar is the percent as a bar length (0..100, at least 1 when shown).
	Bar int
}

// cellText formats a report cell: "n/d (p%)", "<k" or "—" when suppressed.
func cellText(c report.Cell, k int) string {
	if c.Suppressed {
		if c.Below {
			return fmt.Sprintf("<%d", k)
		}
		return "—"
	}
	if t, ok := c.Tenths(); ok {
		return fmt.Sprintf("%d/%d (%d.%d%%)", c.N, c.Denominator, t/10, t%10)
	}
	if c.DenominatorSuppressed {
		return fmt.Sprint(c.N)
	}
	return fmt.Sprintf("%d/%d", c.N, c.Denominator)
}

// reportTables turns the report's count tables (sample, sections,
// attributes) into page tables. With drill set, every shown non-zero
// figure links to its drill-down, named in the report's terms (the table
// ID as section, the row key as item, the column key as group); else,
// with quotes set, every shown non-zero item figure links to its quote
// bank.
func reportTables(rep *report.Report, plan string, drill, quotes bool) []reportTable {
	tables := []*report.Table{rep.Sample}
	for _, s := range rep.Sections {
		tables = append(tables, s.Table)
	}
	tables = append(tables, rep.Attributes...)
	crosstabs := len(tables)
	for _, x := range rep.Crosstabs {
		tables = append(tables, x.Table)
	}
	var out []reportTable
	for ti, tb := range tables {
		if tb == nil {
			continue
		}
		t := reportTable{Title: tb.Title}
		if ti >= crosstabs {
			// A crosstab: its figures are not drill-down sections.
			x := rep.Crosstabs[ti-crosstabs]
			t.Title = "Crosstab: " + tb.Title
			t.Tests = report.TestsText(x.Stats, x.Adjusted, x.AdjustedWithheld)
		}
		linked := ti < crosstabs
		for _, c := range tb.Columns {
			t.Columns = append(t.Columns, c.Label)
		}
		for _, r := range tb.Rows {
			row := reportRow{Label: r.Label}
			for i, c := range r.Cells {
				cell := reportCell{Text: cellText(c, rep.K)}
				if tenths, ok := c.Tenths(); ok {
					cell.Bar = max(tenths/10, 1)
				}
				shown := linked && !c.Suppressed && c.N > 0 && i < len(tb.Columns)
				switch {
				case shown && drill:
					q := url.Values{"plan": {plan}, "section": {tb.ID}, "item": {r.Key}, "group": {tb.Columns[i].Key}}
					cell.Href = "/report?" + q.Encode() + "#drill"
				case shown && quotes && tb.Kind == report.KindItems:
					cell.Href = quoteBankHref(plan, tb.ID, r.Key, tb.Columns[i].Key)
				}
				row.Cells = append(row.Cells, cell)
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}

// quoteBankHref links the figure (section, item, group) of plan to its
// quote bank.
func quoteBankHref(plan, section, item, group string) string {
	return "/quotes?" + url.Values{"plan": {plan}, "item": {section + "/" + item}, "group": {group}}.Encode()
}

// drillView is the drill-down of one figure as the application layer
// gives it: for the owner its participants and the way to its quotes (the
// coded passages of any layer, and the quote bank of consensus passages
// behind the figure); for analysts the count alone, withheld below k.
type drillView struct {
	*gate.Drill
	Figure     string
	QuotesHref string
	BankHref   string
}

// drillOf turns a drill-down into the page's view, with its links.
func drillOf(d *gate.Drill) *drillView {
	v := &drillView{Drill: d, Figure: d.Label + " in " + d.Group}
	if q := d.Quotes; q != nil {
		if q.CodeID != "" {
			qs := url.Values{"code": {q.CodeID}}
			for slug, val := range q.Filter {
				qs.Set(filterPrefix+slug, val)
			}
			v.QuotesHref = "/retrieve?" + qs.Encode()
		}
		if q.Bank {
			v.BankHref = quoteBankHref(d.Plan, d.Section, d.Item, d.Group)
		}
	}
	return v
}
