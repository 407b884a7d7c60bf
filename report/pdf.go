package report

import (
	"bytes"
	"context"
)

// PDFPrinter prints a self-contained HTML document as PDF on paper ("a4"
// or "letter") with header on top of every page (internal/chromium's
// Printer). report does not print itself: the browser is an outside
// program, with one package of its own.
type PDFPrinter interface {
	PrintPDF(ctx context.Context, doc []byte, paper, header string) ([]byte, error)
}

// PDF prints the HTML report (WriteHTML: charts, right-to-left quotes,
// print CSS) as PDF with p, its confidentiality line and title (which
// name the audience) on top of every page. The HTML stays in memory.
func PDF(ctx context.Context, rep *Report, p PDFPrinter, paper string) ([]byte, error) {
	var doc bytes.Buffer
	if err := WriteHTML(&doc, rep); err != nil {
		return nil, err
	}
	return p.PrintPDF(ctx, doc.Bytes(), paper, PDFHeader(rep))
}

// PDFHeader is the running header of a printed report: its
// confidentiality line, which names the audience, and its title.
func PDFHeader(rep *Report) string {
	return rep.Confidentiality + " · " + rep.Title
}
