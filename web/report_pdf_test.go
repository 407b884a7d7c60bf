package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"ownwords"
	"ownwords/internal/browsertest"
	"ownwords/internal/chromium"
	"ownwords/sqldb/sqldbtest"
)

// fakePrinter stands in for Chromium: it keeps the documents it is given
// and returns a token PDF.
type fakePrinter struct {
	docs, headers, papers []string
}

func (p *fakePrinter) PrintPDF(_ context.Context, doc []byte, paper, header string) ([]byte, error) {
	p.docs, p.headers, p.papers = append(p.docs, string(doc)), append(p.headers, header), append(p.papers, paper)
	return []byte("%PDF-1.4 fake"), nil
}

// reportAudits returns the report.* audit entries as "actor action".
func reportAudits(f *fixture) []string {
	var out []string
	for _, a := range f.auditActions() {
		if strings.Contains(a, " report.") {
			out = append(out, a)
		}
	}
	return out
}

// TestReportPDF downloads the report as PDF through the same use case as
// the report document: the owner's team report with its quotes, the
// analyst's without, the viewer's public one, each audited as a download;
// an analyst at tier none and a bad paper are refused, with nothing
// printed or audited.
func TestReportPDF(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	var p fakePrinter
	f := newFixture(t, st, Options{PDF: &p})
	tests := []struct {
		who, path, header string
		quotes            bool
		paper             string
	}{
		{asOwner, "/report/pdf", "CONFIDENTIAL — team audience", true, "a4"},
		{asAnalyst, "/report/pdf?paper=letter", "CONFIDENTIAL — team audience", false, "letter"},
		{asViewer, "/report/pdf", "Public — counts", false, "a4"},
		{asOwner, "/report/pdf?audience=public", "Public — counts", false, "a4"},
	}
	for i, tt := range tests {
		before := len(reportAudits(f))
		rec := f.do(http.MethodGet, tt.path, tt.who, nil, nil)
		if rec.Code != http.StatusOK || rec.Body.String() != "%PDF-1.4 fake" {
			t.Fatalf("%s %s: status %d, %q", tt.who, tt.path, rec.Code, rec.Body.String())
		}
		h := rec.Header()
		if h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: headers %v", tt.who, tt.path, h)
		}
		if len(p.docs) != i+1 {
			t.Fatalf("%d prints after %d downloads", len(p.docs), i+1)
		}
		if got := strings.Contains(p.docs[i], "My cousin"); got != tt.quotes {
			t.Errorf("%s %s: quotes printed = %v", tt.who, tt.path, got)
		}
		if !strings.HasPrefix(p.headers[i], tt.header) || p.papers[i] != tt.paper {
			t.Errorf("%s %s: header %q, paper %q", tt.who, tt.path, p.headers[i], p.papers[i])
		}
		audience := strings.ToLower(strings.Fields(tt.header)[0])
		if audience == "confidential" {
			audience = "team"
		}
		if got := reportAudits(f)[before:]; len(got) != 1 || !strings.HasSuffix(got[0], "report."+audience) {
			t.Errorf("%s %s: audited %v, want one report.%s", tt.who, tt.path, got, audience)
		}
	}

	study, err := st.Study(t.Context(), f.study.ID)
	must(t, err)
	study.Settings.ExportTiers = map[ownwords.Role]ownwords.ExportTier{ownwords.RoleAnalyst: ownwords.TierNone}
	must(t, st.UpdateStudy(t.Context(), study))
	before, prints := len(reportAudits(f)), len(p.docs)
	for _, tt := range []struct {
		who, path string
		status    int
	}{
		{asAnalyst, "/report/pdf", http.StatusForbidden},
		{asOwner, "/report/pdf?paper=legal", http.StatusBadRequest},
		{asViewer, "/report/pdf?audience=team", http.StatusForbidden},
	} {
		if rec := f.do(http.MethodGet, tt.path, tt.who, nil, nil); rec.Code != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.who, tt.path, rec.Code, tt.status)
		}
	}
	if got := reportAudits(f)[before:]; len(got) > 0 || len(p.docs) != prints {
		t.Errorf("refused downloads printed %d and audited %v", len(p.docs)-prints, got)
	}
}

// TestReportPDFUnavailable: a server without Chromium says so on the
// report page and answers a request for the PDF with 501 and the reason,
// auditing nothing.
func TestReportPDFUnavailable(t *testing.T) {
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{PDFUnavailable: chromium.Missing}, chromium.Missing},
		{Options{}, pdfUnavailable},
	} {
		st, _ := sqldbtest.OpenSQLite(t)
		f := newFixture(t, st, tt.opts)
		page := f.do(http.MethodGet, "/report", asOwner, nil, nil).Body.String()
		if !strings.Contains(page, "PDF unavailable: "+htmlEscape(tt.want)) || strings.Contains(page, `href="/report/pdf`) {
			t.Errorf("the report page does not say the PDF is unavailable (%q)", tt.want)
		}
		before := len(reportAudits(f))
		rec := f.do(http.MethodGet, "/report/pdf", asOwner, nil, jsonHeader)
		if rec.Code != http.StatusNotImplemented || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("status %d, %s", rec.Code, rec.Body.String())
		}
		if got := reportAudits(f)[before:]; len(got) > 0 {
			t.Errorf("an unavailable PDF was audited: %v", got)
		}
	}
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{PDF: &fakePrinter{}})
	if page := f.do(http.MethodGet, "/report", asOwner, nil, nil).Body.String(); !strings.Contains(page, `<a href="/report/pdf?plan=`) {
		t.Error("the report page offers no PDF")
	}
}

// htmlEscape escapes s as html/template does in text.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestReportPDFChromium prints the owner's report with the real browser
// through the workbench: a PDF whose pages render, holding the report's
// quotes and its audience on every page.
func TestReportPDFChromium(t *testing.T) {
	browsertest.Chromium(t)
	p, err := chromium.Find()
	must(t, err)
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{PDF: p})
	rec := f.do(http.MethodGet, "/report/pdf", asOwner, nil, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	got := browsertest.ReadPDF(t, rec.Body.Bytes(), "web-report-pdf")
	if !strings.Contains(got.Text, "My cousin") {
		t.Error("the PDF lacks the owner's quote")
	}
	if n := strings.Count(got.Text, "CONFIDENTIAL — team audience"); n < got.Pages {
		t.Errorf("the audience is on %d of %d pages", n, got.Pages)
	}
}
