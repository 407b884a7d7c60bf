package report

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"ownwords/internal/browsertest"
	"ownwords/internal/chromium"
)

// recordingPrinter keeps what it was asked to print.
type recordingPrinter struct {
	doc           []byte
	paper, header string
	err           error
}

func (p *recordingPrinter) PrintPDF(_ context.Context, doc []byte, paper, header string) ([]byte, error) {
	p.doc, p.paper, p.header = doc, paper, header
	if p.err != nil {
		return nil, p.err
	}
	return []byte("%PDF-1.4 printed"), nil
}

// TestPDF checks that the PDF is the HTML report, printed with a header
// naming the audience, on the paper asked for, and that a printer's
// failure is returned.
func TestPDF(t *testing.T) {
	tests := []struct {
		audience, paper string
		header          string
	}{
		{AudienceTeam, "a4", "CONFIDENTIAL — team audience"},
		{AudiencePublic, "letter", "Public — counts from 1 to"},
	}
	for _, tt := range tests {
		t.Run(tt.audience, func(t *testing.T) {
			rep := mustBuild(t, tt.audience)
			var p recordingPrinter
			out, err := PDF(t.Context(), rep, &p, tt.paper)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != "%PDF-1.4 printed" {
				t.Errorf("PDF returned %q, not the printer's output", out)
			}
			var html bytes.Buffer
			if err := WriteHTML(&html, rep); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(p.doc, html.Bytes()) {
				t.Error("the printed document is not the HTML report")
			}
			if p.paper != tt.paper {
				t.Errorf("paper %q, want %q", p.paper, tt.paper)
			}
			if !strings.HasPrefix(p.header, tt.header) || !strings.HasSuffix(p.header, rep.Title) {
				t.Errorf("header %q, want it to start with %q and end with the title %q", p.header, tt.header, rep.Title)
			}
		})
	}
	t.Run("failure", func(t *testing.T) {
		boom := errors.New("boom")
		if _, err := PDF(t.Context(), mustBuild(t, AudiencePublic), &recordingPrinter{err: boom}, "a4"); !errors.Is(err, boom) {
			t.Errorf("err = %v, want the printer's", err)
		}
	})
}

// TestPrintCSS checks that the report carries print rules that keep
// charts, quotes and table rows whole and scale charts to the page.
func TestPrintCSS(t *testing.T) {
	var html bytes.Buffer
	if err := WriteHTML(&html, mustBuild(t, AudienceTeam)); err != nil {
		t.Fatal(err)
	}
	page := html.String()
	_, print, ok := strings.Cut(page, "@media print {")
	if !ok {
		t.Fatal("no @media print rules")
	}
	print, _, _ = strings.Cut(print, "</style>")
	for _, rule := range []string{"figure, blockquote, tr", "break-inside: avoid", "svg { max-width: 100%; max-height: 9in", "break-after: avoid"} {
		if !strings.Contains(print, rule) {
			t.Errorf("print rules lack %q", rule)
		}
	}
}

// rtlQuote is an Arabic passage (right to left, with Latin inside) that a
// printed report must keep as text.
const rtlQuote = "قالوا لنا إن الدولة ستحمينا، لكن ISIS لم تفعل شيئا"

// TestPDFPrinted prints the fixture's team report, with an Arabic quote
// added, with the real browser: pages that are not blank, the chart's and
// table's labels, the hostile label as text, and every Arabic word of the
// quote in the PDF's text.
func TestPDFPrinted(t *testing.T) {
	browsertest.Chromium(t)
	p, err := chromium.Find()
	if err != nil {
		t.Fatal(err)
	}
	rep := mustBuild(t, AudienceTeam)
	s := &rep.Sections[0]
	// First, so that it is the item's quote: the page shows one per item.
	s.Quotes = append([]Quote{{Item: s.Table.Rows[0].Key, Label: s.Table.Rows[0].Label, Text: rtlQuote, Attribution: "P-03"}}, s.Quotes...)
	pdf, err := PDF(t.Context(), rep, p, "a4")
	if err != nil {
		t.Fatal(err)
	}
	got := browsertest.ReadPDF(t, pdf, "report-fixture-team")
	// Words, not the line: the text extractor sets directional marks
	// around punctuation and the Latin run.
	words := regexp.MustCompile(`\p{Arabic}{2,}|ISIS`).FindAllString(rtlQuote, -1)
	if len(words) != 10 {
		t.Fatalf("the quote has %d words: %q", len(words), words)
	}
	for _, want := range append(words, rep.Title, "CONFIDENTIAL — team audience", s.Table.Rows[0].Label, `<script>alert("x")</script>`) {
		if !strings.Contains(got.Text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
}
