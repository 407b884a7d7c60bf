package web

import (
	"net/http"
	"time"

	"ownwords"
	"ownwords/gate"
	"ownwords/internal/chromium"
	"ownwords/report"
)

// pdfWait is how long a request for a PDF waits for the browser, busy
// printing another, before it is refused (ECONFLICT, 409).
const pdfWait = 30 * time.Second

// pdfUnavailable is the reason a server without a PDF printer gives.
const pdfUnavailable = "this server prints no PDF"

// pdfReason says why the workbench offers no PDF ("" when it does).
func (s *Server) pdfReason() string {
	if s.opts.PDF != nil {
		return ""
	}
	if s.opts.PDFUnavailable != "" {
		return s.opts.PDFUnavailable
	}
	return pdfUnavailable
}

// showReportPDF serves the report document (showReportDocument) printed
// as PDF by the server's Chromium: the same use case, audited as a
// download, for the same members. Without a printer it answers 501 with
// the reason, before anything is built or audited; one PDF is printed at
// a time, since each print starts a browser.
func (s *Server) showReportPDF(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	if reason := s.pdfReason(); reason != "" {
		s.fail(w, r, ownwords.Errorf(ownwords.ENOTIMPLEMENTED, "PDF unavailable: %s", reason))
		return
	}
	paper := q.Get("paper")
	if paper == "" {
		paper = chromium.DefaultPaper
	}
	if err := chromium.CheckPaper(paper); err != nil {
		s.fail(w, r, err)
		return
	}
	// A request waits for the browser at most printWait: members asking
	// for PDFs faster than they print get a refusal, not a queue that
	// holds every other member's PDF behind theirs.
	wait := time.NewTimer(s.printWait)
	defer wait.Stop()
	select {
	case s.printing <- struct{}{}:
		defer func() { <-s.printing }()
	case <-wait.C:
		s.fail(w, r, ownwords.Errorf(ownwords.ECONFLICT, "the server is printing another PDF: try again in a moment"))
		return
	case <-ctx.Done():
		return
	}
	rep, err := s.gate.Report(ctx, accountFrom(ctx).caller(), gate.ReportRequest{Plan: q.Get("plan"), Audience: q.Get("audience"), Format: "pdf"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := report.PDF(ctx, rep.Report, s.opts.PDF, paper)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="report-`+rep.Audience+`.pdf"`)
	w.Write(doc)
}
