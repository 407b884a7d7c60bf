package web

import (
	"net/http"
	"ownwords/gate"

	"ownwords"
)

// recentActivity is how many audit entries the dashboard shows.
const recentActivity = 20

// dashboardActions are the audit entries the dashboard shows: changes to
// the study and what left it. Reads (views, searches, logins) are left out:
// they would crowd out the work, and who read what is for the audit log.
var dashboardActions = []string{
	"study.update", "study.settings", "attribute.create", "attribute.update", "plan.save", "plan.delete", "role.set",
	"participant.create", "participant.update", "participant.delete", "event.create", "event.delete",
	"interview.create", "interview.update", "interview.delete", "interview.purge", "retention.run",
	"code.create", "code.update", "code.deprecate", "code.move", "code.merge",
	"segment.create", "segment.update", "segment.delete", "memo.create", "memo.update", "memo.delete",
	"search.save", "search.update", "search.suggest", "suggestion.accept", "suggestion.reject",
	"interview.comparison_open", gate.ActionDecide, gate.ActionAgreements,
	ownwords.ActionPublishRequested, ownwords.ActionPublishApproved, "quotes.published", "report.export", "study.export",
}

// dashboardView is the data of the dashboard.
type dashboardView struct {
	Participants, Interviews int
	Coded, WithConsensus     int
	Coders                   []coderProgress
	// Progress shows the first interviews; the interviews page has all.
	Progress []interviewProgress
	More     bool
	Activity []*ownwords.AuditEntry
}

// dashboardInterviews bounds the per-interview table of the dashboard.
const dashboardInterviews = 50

// showDashboardPage renders the study's sample, coding progress per coder
// and recent activity: counts and audit metadata only, never text. Viewers,
// who may see only public reports, are sent to the report.
func (s *Server) showDashboardPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !policy["GET /interviews"].allows(accountFrom(ctx).role) {
		// The dashboard is the interviews' progress: who may not list
		// them (viewers) gets the report.
		http.Redirect(w, r, "/report", http.StatusSeeOther)
		return
	}
	names, err := s.userNames(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	participants, coders, rows, err := s.studyProgress(ctx, names)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := dashboardView{Participants: participants, Interviews: len(rows), Coders: coders,
		Progress: rows[:min(len(rows), dashboardInterviews)], More: len(rows) > dashboardInterviews}
	for _, row := range rows {
		if row.CoderSegments > 0 {
			v.Coded++
		}
		if row.ConsensusSegments > 0 {
			v.WithConsensus++
		}
	}
	if v.Activity, err = s.gate.Activity(ctx, accountFrom(ctx).caller(), dashboardActions, recentActivity); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", "Dashboard", v)
}
