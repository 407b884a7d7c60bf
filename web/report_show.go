package web

import (
	"bytes"
	"context"
	"net/http"
	"slices"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
)

// reportPageView is the data of the report page.
type reportPageView struct {
	Plans    []string
	Plan     string
	Audience string
	// Unavailable explains why there is no report (no plan, a bad plan).
	Unavailable string
	Title       string
	SampleSize  int
	K           int
	Tables      []reportTable
	Drill       *drillView
	Notes       []string
}

// audienceOf is the report audience of a role: the team report (exact
// counts) for owners and analysts, the public one for everyone else.
func audienceOf(r ownwords.Role) string {
	if r == ownwords.RoleOwner || r == ownwords.RoleAnalyst {
		return report.AudienceTeam
	}
	return report.AudiencePublic
}

// buildReport runs the chosen plan and builds the report for a's audience,
// with quotes only for roles that may read text and when quotes is true.
func (s *Server) buildReport(ctx context.Context, a *account, plan string, quotes bool) (*report.Report, *analysis.Result, error) {
	return report.ForStudy(ctx, s.store, s.studyID, report.StudyOptions{
		Options:    report.Options{Audience: audienceOf(a.role)},
		Plan:       plan,
		WithQuotes: quotes && a.role.SeesText(),
	})
}

// analysisPlans lists the study's analysis plans, leaving out the
// blind-coding stopgap, and picks the requested one, "reference", or the
// first.
func (s *Server) analysisPlans(ctx context.Context, want string) ([]string, string, error) {
	stored, err := s.store.Plans(ctx, s.studyID)
	if err != nil {
		return nil, "", err
	}
	var names []string
	for _, p := range stored {
		if p.Name != comparisonPlan {
			names = append(names, p.Name)
		}
	}
	switch {
	case len(names) == 0:
		return nil, "", nil
	case slices.Contains(names, want):
		return names, want, nil
	case slices.Contains(names, "reference"):
		return names, "reference", nil
	}
	return names, names[0], nil
}

// analysisPlan picks a plan as analysisPlans does; a study without any
// is ENOTFOUND.
func (s *Server) analysisPlan(ctx context.Context, want string) (string, error) {
	_, plan, err := s.analysisPlans(ctx, want)
	if err == nil && plan == "" {
		err = ownwords.Errorf(ownwords.ENOTFOUND, "the study has no analysis plan yet")
	}
	return plan, err
}

// showReportPage renders the report of a plan for the user's audience,
// with a drill-down from every team figure to its participants (and, for
// owners, its quotes).
func (s *Server) showReportPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	q := r.URL.Query()
	v := reportPageView{Audience: audienceOf(a.role)}
	var err error
	if v.Plans, v.Plan, err = s.analysisPlans(ctx, q.Get("plan")); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Plan == "" {
		v.Unavailable = "the study has no analysis plan yet: import one (ownwords import) or run ownwords demo"
		s.render(w, r, http.StatusOK, "report", "Report", v)
		return
	}
	rep, _, err := s.buildReport(ctx, a, v.Plan, true)
	if code := ownwords.ErrorCode(err); code == ownwords.EINVALID || code == ownwords.ENOTFOUND {
		v.Unavailable = ownwords.ErrorMessage(err)
		s.render(w, r, http.StatusOK, "report", "Report", v)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	team := v.Audience == report.AudienceTeam
	v.Title, v.SampleSize, v.K, v.Notes = rep.Title, rep.SampleSize, rep.K, rep.Notes
	v.Tables = reportTables(rep, v.Plan, team, a.role.SeesText())
	if team && q.Get("item") != "" {
		if v.Drill, err = s.drillDown(ctx, a, v.Plan, q.Get("section"), q.Get("item"), q.Get("group")); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.store.Record(ctx, s.studyID, "report.view", v.Plan, v.Audience); err != nil {
		s.fail(w, r, err)
		return
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
	a := accountFrom(ctx)
	plan, err := s.analysisPlan(ctx, r.URL.Query().Get("plan"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The team document leaves like a `report -o` export would: shaped by
	// the account's export tier (none refuses it). The public one is the
	// same for everyone.
	study, err := s.store.Study(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tier := study.Settings.ExportTierOf(a.role)
	team := audienceOf(a.role) == report.AudienceTeam
	if team && !tier.AtLeast(ownwords.TierDeidentified) {
		s.fail(w, r, ownwords.Errorf(ownwords.EFORBIDDEN, "your export tier in this study is %s: the team report document cannot be downloaded", tier))
		return
	}
	// Quotes are free text, which a de-identified export leaves out.
	rep, _, err := s.buildReport(ctx, a, plan, !team || tier.KeepsFreeText())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	detail := audienceOf(a.role) + " html"
	if team {
		if err := report.ApplyTier(ctx, s.store, s.studyID, rep, tier); err != nil {
			s.fail(w, r, err)
			return
		}
		detail += ", tier " + string(tier)
	}
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, rep); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.Record(ctx, s.studyID, "report.export", plan, detail); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Security-Policy", reportDocumentPolicy)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
