package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"ownwords/sqldb/sqldbtest"
)

// TestReportLinksKeepTheAudience checks that the report page's document
// and PDF links ask for the audience the page shows: an owner reading the
// team report downloads the team report, not the public one, and a viewer
// gets links to the public one.
func TestReportLinksKeepTheAudience(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{PDF: &fakePrinter{}})
	link := regexp.MustCompile(`href="(/report/(?:document|pdf)\?[^"]*)"`)
	for _, tc := range []struct {
		who, audience string
	}{
		{asOwner, "team"},
		{asViewer, "public"},
	} {
		t.Run(tc.audience, func(t *testing.T) {
			page := f.do(http.MethodGet, "/report", tc.who, nil, nil).Body.String()
			if !strings.Contains(page, "Audience: <strong>"+tc.audience+"</strong>") {
				t.Fatalf("the page does not show the %s audience", tc.audience)
			}
			links := link.FindAllStringSubmatch(page, -1)
			if len(links) != 2 {
				t.Fatalf("%d report links, want the document and the PDF", len(links))
			}
			for _, l := range links {
				href := html.UnescapeString(l[1])
				if !strings.Contains(href, "audience="+tc.audience) {
					t.Errorf("%s does not ask for the %s audience", href, tc.audience)
				}
				before := len(reportAudits(f))
				if rec := f.do(http.MethodGet, href, tc.who, nil, nil); rec.Code != http.StatusOK {
					t.Fatalf("%s: status %d: %s", href, rec.Code, rec.Body.String())
				}
				got := reportAudits(f)[before:]
				if len(got) != 1 || !strings.Contains(got[0], "report."+tc.audience) {
					t.Errorf("%s audited %v, want one report.%s", href, got, tc.audience)
				}
			}
		})
	}
}
