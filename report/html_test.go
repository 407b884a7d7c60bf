package report

import (
	"bytes"
	"encoding/xml"
	"errors"
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

func TestChartDrawsTheTableNumbers(t *testing.T) {
	rep := mustBuild(t, AudiencePublic)
	drawn := 0
	for _, s := range rep.Sections {
		c := sectionChart(s.Table, rep.Groups, rep.K)
		for ri, row := range s.Table.Rows {
			for gi, cell := range row.Cells {
				bar := c.Rows[ri].Bars[gi]
				tenths, ok := cell.Tenths()
				switch {
				case cell.Suppressed && (bar.Draw || bar.Text != countText(cell, rep.K)):
					t.Errorf("%s/%s %s: suppressed cell drawn as %+v", s.Slug, row.Key, rep.Groups[gi].Name, bar)
				case ok && tenths > 0 && (!bar.Draw || bar.W != max(tenths*chartBarArea/1000, 1) || bar.Text != percentText(cell)):
					t.Errorf("%s/%s %s: bar %+v does not show %s", s.Slug, row.Key, rep.Groups[gi].Name, bar, percentText(cell))
				case bar.Draw:
					drawn++
				}
			}
		}
	}
	if drawn == 0 {
		t.Fatal("no bar drawn at all")
	}
	// The page draws exactly those bars (plus one legend square per group per chart).
	var buf bytes.Buffer
	if err := WriteHTML(&buf, rep); err != nil {
		t.Fatal(err)
	}
	want := drawn + len(rep.Sections)*len(rep.Groups)
	if got := strings.Count(buf.String(), "<rect "); got != want {
		t.Errorf("page has %d rects, want %d bars and legend squares", got, want)
	}
}
