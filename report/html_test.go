package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"strings"
	"testing"
)

// checkPage parses a rendered page as strict XML (the template writes
// XHTML-compatible markup) and fails on any script, event handler or
// javascript: URL.
func checkPage(tb testing.TB, page []byte) {
	tb.Helper()
	if bytes.Contains(bytes.ToLower(page), []byte("<script")) {
		tb.Fatal("page holds <script")
	}
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			tb.Fatalf("page is not well-formed: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if strings.EqualFold(el.Name.Local, "script") {
			tb.Fatal("page holds a script element")
		}
		for _, a := range el.Attr {
			if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || strings.Contains(strings.ToLower(a.Value), "javascript:") {
				tb.Fatalf("page holds active attribute %s=%q on <%s>", a.Name.Local, a.Value, el.Name.Local)
			}
		}
	}
}

func TestWriteHTML(t *testing.T) {
	for _, audience := range []string{AudienceTeam, AudiencePublic} {
		t.Run(audience, func(t *testing.T) {
			rep := mustBuild(t, audience)
			var buf bytes.Buffer
			if err := WriteHTML(&buf, rep); err != nil {
				t.Fatal(err)
			}
			checkPage(t, buf.Bytes())
			page := buf.String()
			banner := strings.Contains(page, "CONFIDENTIAL — team audience")
			if banner != (audience == AudienceTeam) {
				t.Errorf("confidential banner shown = %v for the %s audience", banner, audience)
			}
			if !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
				t.Error("hostile label not shown escaped")
			}
			for _, bad := range []string{"\u202E", "\x1b", "<b>", "<link", "<img", "http://evil.example\""} {
				if strings.Contains(page, bad) {
					t.Errorf("page holds %q", bad)
				}
			}
		})
	}
}

// TestChartDrawsTheTableNumbers checks each section's dot plot against its
// table: per comparison at most four groups, a dot for every shown percent
// (inside its Wilson whiskers), no dot for a suppressed cell but its mark,
// and items in descending order of the whole sample's share.
func TestChartDrawsTheTableNumbers(t *testing.T) {
	for _, audience := range []string{AudienceTeam, AudiencePublic} {
		t.Run(audience, func(t *testing.T) {
			rep := mustBuild(t, audience)
			if len(rep.Comparisons) == 0 {
				t.Fatal("no comparison")
			}
			drawn, gaps := 0, 0
			for _, s := range rep.Sections {
				c := sectionChart(s.Table, rep.Groups, rep.Comparisons, rep.K)
				rows := sortedRows(s.Table, rep.Groups)
				if len(c.Rows) != len(s.Table.Rows) || len(c.Panels) != len(rep.Comparisons) {
					t.Fatalf("%s: %d rows and %d panels, want %d and %d", s.Slug, len(c.Rows), len(c.Panels), len(s.Table.Rows), len(rep.Comparisons))
				}
				prev := 1001
				for ri, row := range rows {
					if c.Rows[ri].FullLabel != rowLabel(row) {
						t.Errorf("%s row %d: label %q, want %q", s.Slug, ri, c.Rows[ri].FullLabel, rowLabel(row))
					}
					if tenths, ok := row.Cells[0].Tenths(); ok {
						if tenths > prev {
							t.Errorf("%s: %s (%d) sorted after a smaller share (%d)", s.Slug, row.Key, tenths, prev)
						}
						prev = tenths
					}
					i := 0
					for _, cmp := range rep.Comparisons {
						if len(cmp.Groups) > maxComparisonGroups {
							t.Fatalf("comparison %q has %d groups", cmp.Label, len(cmp.Groups))
						}
						for _, g := range cmp.Groups {
							cell, d := row.Cells[g], c.Rows[ri].Dots[i]
							i++
							_, ok := cell.Tenths()
							switch {
							case cell.Suppressed && (d.Draw || d.Gap != countText(cell, rep.K)):
								t.Errorf("%s/%s %s: suppressed cell drawn as %+v", s.Slug, row.Key, rep.Groups[g].Name, d)
							case ok && (!d.Draw || d.Lo > d.X || d.X > d.Hi):
								t.Errorf("%s/%s %s: dot %+v does not show %s within its interval", s.Slug, row.Key, rep.Groups[g].Name, d, percentText(cell))
							case d.Draw:
								drawn++
							default:
								gaps++
							}
						}
					}
				}
			}
			if drawn == 0 || (audience == AudiencePublic) != (gaps > 0) {
				t.Fatalf("%d dots drawn, %d gaps", drawn, gaps)
			}
			// The page draws exactly those dots, plus one legend marker per
			// compared group per chart.
			var buf bytes.Buffer
			if err := WriteHTML(&buf, rep); err != nil {
				t.Fatal(err)
			}
			legend := 0
			for _, cmp := range rep.Comparisons {
				legend += len(cmp.Groups)
			}
			want := drawn + len(rep.Sections)*legend
			if got := strings.Count(buf.String(), "<path "); got != want {
				t.Errorf("page has %d markers, want %d dots and legend markers", got, want)
			}
		})
	}
}

// TestTopTablesAndQuotes checks the page's per-section parts: the top-item
// tables list at most topItems ranked items per compared group, never a
// suppressed one, in rank order; every passage is quoted once, at most
// one per item.
func TestTopTablesAndQuotes(t *testing.T) {
	for _, audience := range []string{AudienceTeam, AudiencePublic} {
		t.Run(audience, func(t *testing.T) {
			rep := mustBuild(t, audience)
			// A passage quoted under two items is shown once.
			s := &rep.Sections[0]
			dup := s.Quotes[0]
			dup.Item, dup.Label = "other", "Other"
			s.Quotes = append(s.Quotes, dup)
			for _, s := range rep.Sections {
				for _, top := range topTables(s, rep) {
					if len(top.Groups) > maxComparisonGroups || len(top.Rows) > topItems {
						t.Fatalf("%s: top table of %d groups, %d rows", s.Slug, len(top.Groups), len(top.Rows))
					}
					for col := range top.Groups {
						if len(top.Rows) == 0 || (top.Rows[0][col].Label == "" && top.Rows[0][col].Note == "") {
							t.Errorf("%s: top table column %s is empty", s.Slug, top.Groups[col])
						}
					}
					for _, row := range top.Rows {
						for _, cell := range row {
							if cell.Label != "" && (cell.Rank == "—" || strings.HasPrefix(cell.Value, "<") || cell.Value == "—") {
								t.Errorf("%s: top table shows an unranked or suppressed item %+v", s.Slug, cell)
							}
						}
					}
				}
			}
			var buf bytes.Buffer
			if err := WriteHTML(&buf, rep); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			quoted := 0
			seen := map[string]bool{}
			for _, s := range rep.Sections {
				for _, q := range s.Quotes {
					text := template.HTMLEscapeString(q.Text)
					if seen[text] {
						continue
					}
					seen[text] = true
					if n := strings.Count(page, "“"+text+"”"); n > 1 {
						t.Errorf("passage %q quoted %d times", q.Text, n)
					} else if n == 1 {
						quoted++
					}
				}
			}
			if quoted == 0 {
				t.Fatal("no quote shown")
			}
			if strings.Count(page, "<blockquote>") != quoted {
				t.Errorf("%d blockquotes, %d passages", strings.Count(page, "<blockquote>"), quoted)
			}
		})
	}
}
