package web

import (
	"bytes"
	"context"
	"net/http"

	"ownwords"
	"ownwords/gate"
	"ownwords/report"
)

// reportPageView is the data of the report page.
type reportPageView struct {
	Plans    []string
	Plan     string
	Audience string
	// Unavailable explains why there is no report (no plan, a bad plan).
	Unavailable string
	// NoPDF says why the report cannot be downloaded as PDF ("" when it
	// can).
	NoPDF      string
	Title      string
	SampleSize int
	K          int
	Tables     []reportTable
	Drill      *drillView
	Notes      []string
}

// showReportPage renders the report of a plan for the user's audience,
// with a drill-down from every team figure to its participants (and, for
// owners, its quotes).
func (s *Server) showReportPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	c := a.caller()
	q := r.URL.Query()
	v := reportPageView{Audience: c.Audience(), NoPDF: s.pdfReason()}
	rep, err := s.gate.Report(ctx, c, gate.ReportRequest{Plan: q.Get("plan"), Audience: q.Get("audience"), Via: gate.ViaPage})
	if wantsJSON(r) {
		// The same report as `ownwords report --format json`, or a
		// figure's drill-down as the gate gives it.
		if err == nil && q.Get("item") != "" {
			var d *gate.Drill
			if d, err = s.gate.Drill(ctx, c, rep.Plan, q.Get("section"), q.Get("item"), q.Get("group")); err == nil {
				writeJSON(w, http.StatusOK, d)
				return
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		report.WriteJSON(w, rep.Report)
		return
	}
	if code := ownwords.ErrorCode(err); code == ownwords.EINVALID || code == ownwords.ENOTFOUND || code == ownwords.EFORBIDDEN {
		// No plan, a plan to choose, a bad plan, or one the tier refuses:
		// the page says so and offers the plans.
		v.Plans, v.Plan, _ = s.gate.Plans(ctx, q.Get("plan"))
		v.Unavailable = ownwords.ErrorMessage(err)
		s.render(w, r, http.StatusOK, "report", "Report", v)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Plans, v.Plan, v.Audience = rep.Plans, rep.Plan, rep.Audience
	v.Title, v.SampleSize, v.K, v.Notes = rep.Title, rep.SampleSize, rep.K, rep.Notes
	v.Tables = reportTables(rep.Report, v.Plan, rep.Drill, rep.QuoteBank)
	if rep.Drill && q.Get("item") != "" {
		if v.Drill, err = s.drillDown(ctx, a, v.Plan, q.Get("section"), q.Get("item"), q.Get("group")); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "report", "Report", v)
}

// drillDown asks the application layer for a figure's drill-down.
func (s *Server) drillDown(ctx context.Context, a *account, plan, section, item, group string) (*drillView, error) {
	d, err := s.gate.Drill(ctx, a.caller(), plan, section, item, group)
	if err != nil {
		return nil, err
	}
	return drillOf(d), nil
}

// reportDocumentPolicy is the CSP of the standalone report document: it
// carries its own inline CSS and SVG charts and no script at all.
const reportDocumentPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

// showReportDocument serves the report as one self-contained HTML document
// (the same as `ownwords report --format html`), audited as an export.
func (s *Server) showReportDocument(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	rep, err := s.gate.Report(ctx, accountFrom(ctx).caller(), gate.ReportRequest{Plan: q.Get("plan"), Audience: q.Get("audience"), Format: "html"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, rep.Report); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Security-Policy", reportDocumentPolicy)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
