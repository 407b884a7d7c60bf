package web

import (
	"net/http"

	"ownwords"
)

// recentActivity is how many audit entries the dashboard shows.
const recentActivity = 20

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
	if accountFrom(ctx).role == ownwords.RoleViewer {
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
	if v.Activity, err = s.activity(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", "Dashboard", v)
}

// activity returns the study's latest audit entries, newest first.
func (s *Server) activity(r *http.Request) ([]*ownwords.AuditEntry, error) {
	ring := make([]*ownwords.AuditEntry, 0, recentActivity)
	c := accountFrom(r.Context()).caller()
	err := s.store.AuditEntries(r.Context(), func(e *ownwords.AuditEntry) bool {
		if e.StudyID == s.studyID && c.SeesActivity(e) {
			if len(ring) == recentActivity {
				ring = ring[1:]
			}
			ring = append(ring, e)
		}
		return true
	})
	for i, j := 0, len(ring)-1; i < j; i, j = i+1, j-1 {
		ring[i], ring[j] = ring[j], ring[i]
	}
	return ring, err
}
