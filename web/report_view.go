package web

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
)

// reportTable is a report table as the report page shows it.
type reportTable struct {
	Title   string
	Columns []string
	Rows    []reportRow
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
	var out []reportTable
	for _, tb := range tables {
		if tb == nil {
			continue
		}
		t := reportTable{Title: tb.Title}
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
				shown := !c.Suppressed && c.N > 0 && i < len(tb.Columns)
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

// drillView is the drill-down of one figure: its participants and, for
// roles that may read text, the way to its quotes (the coded passages of
// any layer, and the quote bank of consensus passages behind the figure).
type drillView struct {
	Figure       string
	Participants []participantRow
	QuotesHref   string
	BankHref     string
}

// figureLabel names the figure (section, item) for people: a code's label,
// "attribute = value" for an attribute's figure, else section/item.
func figureLabel(res *analysis.Result, cb *ownwords.Codebook, section, item string) string {
	if c := cb.ByPath(section + "/" + item); c != nil {
		return codeLabel(c)
	}
	if slug, ok := strings.CutPrefix(section, "attributes."); ok {
		label := slug
		if i := slices.IndexFunc(res.Attributes, func(a analysis.AttributeInfo) bool { return a.Slug == slug }); i >= 0 && res.Attributes[i].Label != "" {
			label = res.Attributes[i].Label
		}
		return label + " = " + cmp.Or(item, "missing")
	}
	return section + "/" + item
}

// drill builds the drill-down of (section, item, group) of res.
func drill(res *analysis.Result, cb *ownwords.Codebook, ps []*ownwords.Participant, section, item, group string, quotes bool) *drillView {
	ids, _ := res.Provenance(section, item, group)
	if ids == nil {
		return nil
	}
	v := &drillView{Figure: figureLabel(res, cb, section, item) + " in " + group}
	byID := make(map[string]*ownwords.Participant, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	for _, id := range ids {
		if p := byID[id]; p != nil {
			v.Participants = append(v.Participants, participantRow{ID: p.ID, Code: p.Code})
		}
	}
	c := cb.ByPath(section + "/" + item)
	if quotes && c != nil && c.Derived == nil {
		q := url.Values{"code": {c.ID}}
		gi := slices.IndexFunc(res.Plan.Groups, func(g analysis.Group) bool { return g.Name == group })
		if gi >= 0 {
			for slug, val := range res.Plan.Groups[gi].Filter {
				q.Set(filterPrefix+slug, val)
			}
		}
		v.QuotesHref = "/retrieve?" + q.Encode()
	}
	return v
}
