package web

import "net/http"

// route is one registered pattern and its handler.
type route struct {
	pattern string
	handler http.HandlerFunc
}

// routes lists every route of the workbench, in one place. Who may use each
// is in policy.go; a route missing there is denied to everyone.
func (s *Server) routes() []route {
	return []route{
		{"GET /static/{file...}", s.serveStatic},
		{"GET /login", s.showLoginPage},
		{"POST /login", s.submitLogin},
		{"POST /logout", s.submitLogout},

		{"GET /{$}", s.showDashboardPage},
		{"GET /participants", s.listParticipantsPage},
		{"GET /participants/{id}", s.showParticipantPage},
		{"GET /interviews", s.listInterviewsPage},
		{"GET /interviews/{id}", s.showInterviewPage},
		{"POST /interviews/{id}/segments", s.createSegment},
		{"POST /interviews/{id}/transcript", s.saveTranscript},
		{"GET /interviews/{id}/edits", s.showTranscriptEdits},
		{"GET /interviews/{id}/texts/{text}/alignment", s.showAlignmentPage},
		{"POST /interviews/{id}/texts/{text}/alignment", s.saveAlignment},
		{"POST /interviews/{id}/passages", s.codeSearchHit},
		{"POST /interviews/{id}/comparison", s.openComparison},
		{"GET /interviews/{id}/comparison", s.showComparisonPage},
		{"POST /interviews/{id}/adjudications", s.adjudicatePassage},
		{"POST /interviews/{id}/agreements", s.acceptAgreements},
		{"GET /recordings/{id}", s.playRecording},
		{"POST /segments/{id}", s.updateSegment},
		{"POST /segments/{id}/delete", s.deleteSegment},
		{"POST /segments/{id}/consensus", s.adoptSegment},

		{"GET /codebook", s.showCodebookPage},
		{"POST /codebook/codes", s.createCode},
		{"POST /codebook/codes/{id}", s.updateCode},
		{"POST /codebook/move", s.moveCode},
		{"POST /codebook/merge", s.mergeCodes},

		{"GET /search", s.showSearchPage},
		{"POST /search", s.submitSearch},
		{"GET /retrieve", s.showRetrievePage},
		{"GET /quotes", s.showQuotesPage},
		{"GET /reliability", s.showReliabilityPage},
		{"GET /report", s.showReportPage},
		{"GET /report/document", s.showReportDocument},
		{"GET /report/pdf", s.showReportPDF},
	}
}
