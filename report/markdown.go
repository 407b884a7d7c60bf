package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the report as CommonMark with GitHub tables. Study
// text is escaped so that it cannot start a heading, a link, an autolink
// or raw HTML, or break a table.
func WriteMarkdown(w io.Writer, rep *Report) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	e := mdEscape
	p("> **%s**\n\n# %s\n\n", e(rep.Confidentiality), e(rep.Title))
	p("Study: %s · Plan: %s · Audience: %s · Analysis sample: %d participants\n", e(rep.Study), e(rep.Plan), e(rep.Audience), rep.SampleSize)

	p("\n## Groups\n\n| group | description | participants |\n|---|---|---:|\n")
	for i, g := range rep.Groups {
		p("| %s | %s | %s |\n", e(cmp.Or(g.Label, g.Name)), e(groupDescription(g)), cellText(rep.Sample.Rows[0].Cells[i], rep.K))
	}
	for _, s := range rep.Sections {
		p("\n## %s\n\n", e(s.Title))
		mdTable(bw, s.Table, rep.K)
		if len(s.Rankings) > 0 {
			p("\n**Rankings**\n\n")
			for _, r := range s.Rankings {
				p("- %s: %s\n", e(rep.GroupLabel(r.Group)), strings.Join(rankingParts(r, rep.K, e), "; "))
			}
		}
		for _, q := range s.Quotes {
			p("\n> “%s”  \n", e(q.Text))
			if b := q.Beside; b != nil {
				// The other text on its own line: a right-to-left
				// original is not mixed into the translation's line.
				p("> %s, %s:  \n> “%s”  \n", e(b.Role), e(b.Language), e(b.Text))
			}
			p("> — %s, on %s\n", e(q.Attribution), e(q.Label))
		}
	}
	if len(rep.Attributes) > 0 {
		p("\n## Participants\n")
		for _, t := range rep.Attributes {
			p("\n### %s\n\n", e(t.Title))
			mdTable(bw, t, rep.K)
		}
	}
	if len(rep.Distinct.Rows) > 0 {
		p("\n### Distinct values\n\n")
		mdTable(bw, rep.Distinct, rep.K)
	}
	if len(rep.Modes) > 0 {
		p("\n### Most frequent value (strict mode)\n\n| attribute |")
		for _, g := range rep.Groups {
			p(" %s |", e(cmp.Or(g.Label, g.Name)))
		}
		p("\n|---|%s\n", strings.Repeat("---|", len(rep.Groups)))
		for _, m := range rep.Modes {
			p("| %s |", e(m.Label))
			for _, mode := range m.Modes {
				p(" %s |", e(modeText(mode, rep.K)))
			}
			p("\n")
		}
	}
	mdCooccurrence(bw, rep)
	for _, x := range rep.Crosstabs {
		p("\n## Crosstab: %s\n\n", e(x.Table.Title))
		mdTable(bw, x.Table, rep.K)
		p("\n%s\n", e(statsText(x)))
	}
	mdReliability(bw, rep.Reliability)
	p("\n---\n\n")
	for _, n := range rep.Notes {
		p("%s\n\n", e(n))
	}
	return bw.Flush()
}

// mdTable writes a GitHub table: a label column, then one per column.
func mdTable(w io.Writer, t *Table, k int) {
	fmt.Fprint(w, "| |")
	for _, c := range t.Columns {
		fmt.Fprintf(w, " %s |", mdEscape(c.Label))
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---:|", len(t.Columns)))
	for _, r := range t.Rows {
		fmt.Fprintf(w, "| %s |", mdEscape(rowLabel(r)))
		for _, c := range r.Cells {
			text := cellText(c, k)
			if t.Kind == KindDistinct {
				text = countText(c, k)
			}
			fmt.Fprintf(w, " %s |", text)
		}
		fmt.Fprintln(w)
	}
	if hasDerived(t) {
		fmt.Fprintf(w, "\n%s\n", mdEscape(derivedNote))
	}
}

func mdCooccurrence(w io.Writer, rep *Report) {
	pairs := namedPairs(rep)
	if len(pairs) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## Co-occurrence\n\n%s\n\n| group | a | b | n_ab | n_a | n_b | n | lift |\n|---|---|---|---:|---:|---:|---:|---:|\n", mdEscape(pairsNote))
	for _, c := range pairs {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(rep.GroupLabel(c.Group)), mdEscape(c.ALabel), mdEscape(c.BLabel),
			countText(c.NAB, rep.K), countText(c.NA, rep.K), countText(c.NB, rep.K), countText(c.N, rep.K), liftText(c.Lift))
	}
}

// mdSpecial holds the ASCII punctuation that can mean something in
// CommonMark or GitHub Markdown inline text (emphasis, code, links,
// autolinks, tables, headings and lists at a line start); each is
// backslash-escaped, which CommonMark allows for any ASCII punctuation.
const mdSpecial = "\\`*_{}[]()#+-.!|~:@=$"

// mdEscape escapes text for inline Markdown: &, < and > become entities (no
// raw HTML), other special punctuation is backslash-escaped. Build has
// already turned line breaks into spaces.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r < 0x80 && strings.ContainsRune(mdSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
