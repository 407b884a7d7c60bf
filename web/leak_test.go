package web

import (
	"net/http"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestAnalystsAndViewersNeverReceiveText requests every page and JSON view
// as an analyst and a viewer and looks for any piece of transcript text,
// quote, memo, note or code example. The owner's view of the same pages
// must contain them, or the test would prove nothing.
func TestAnalystsAndViewersNeverReceiveText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		var paths []string
		var s Server
		ps := probes(f)
		for _, rt := range s.routes() {
			if method, _, _ := strings.Cut(rt.pattern, " "); method == http.MethodGet {
				paths = append(paths, ps[rt.pattern].Path)
			}
		}
		paths = append(paths,
			"/interviews/"+f.iv.ID+"?segment="+f.seg.ID,
			"/report?plan=reference&section=influences&item=family&group=all",
			"/retrieve?code="+f.code.ID+"&layer=coder",
			"/search?q=videos&a.gender=woman", "/search?q=cousin&inside=influences/family&coder=coder",
			"/search?q=videos&coded="+f.seg.ID, "/search?q=videos)",
			"/quotes?plan=reference&item=influences/family&group=all&audience=public",
			"/quotes?item=influences/any",
		)
		for _, who := range []string{asAnalyst, asViewer} {
			for _, p := range paths {
				for _, h := range []http.Header{nil, jsonHeader} {
					rec := f.do(http.MethodGet, p, who, nil, h)
					body := rec.Body.String()
					for _, m := range textMarkers {
						if strings.Contains(body, m) {
							t.Errorf("%s got %q from GET %s (json %v, status %d)", who, m, p, h != nil, rec.Code)
						}
					}
				}
			}
		}
		owner := map[string][]string{
			"/interviews/" + f.iv.ID + "?segment=" + f.seg.ID: {"TRANSCRIPT-MARKER", "SEGMENT-MEMO-MARKER", "MEMO-MARKER"},
			"/codebook":                   {"EXAMPLE-MARKER"},
			"/participants/" + f.part.ID:  {"NOTE-MARKER", "MEMO-MARKER"},
			"/report/document":            {"My cousin"},
			"/search?q=videos":            {"TRANSCRIPT-MARKER"},
			"/quotes?item=influences/any": {"My cousin"},
		}
		for p, markers := range owner {
			body := f.do(http.MethodGet, p, asOwner, nil, nil).Body.String()
			for _, m := range markers {
				if !strings.Contains(body, m) {
					t.Errorf("the owner's GET %s lacks %q: the leak test would miss it", p, m)
				}
			}
		}
		if rec := f.do(http.MethodGet, "/participants/"+f.part.ID, asAnalyst, nil, nil); rec.Code != http.StatusOK ||
			!strings.Contains(rec.Body.String(), "travelled") || strings.Contains(rec.Body.String(), "ALIAS-") {
			t.Errorf("analyst's participant page: status %d, want events without notes and no identifier attribute", rec.Code)
		}
	})
}

func TestAnalystCannotOpenTranscript(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	for _, tt := range []struct {
		name   string
		header http.Header
		ctype  string
	}{{"HTML", nil, "text/html"}, {"JSON", jsonHeader, "application/json"}} {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(http.MethodGet, "/interviews/"+f.iv.ID, asAnalyst, nil, tt.header)
			if rec.Code != http.StatusForbidden || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.ctype) {
				t.Errorf("status %d, type %s; want 403 %s", rec.Code, rec.Header().Get("Content-Type"), tt.ctype)
			}
			if strings.Contains(rec.Body.String(), "Interviewer") {
				t.Error("transcript text in the refusal")
			}
		})
	}
	rec := f.do(http.MethodGet, "/interviews/"+f.iv.ID, asCoder, nil, jsonHeader)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "TRANSCRIPT-MARKER") {
		t.Errorf("coder's JSON view: status %d, want 200 with the transcript", rec.Code)
	}
}

// TestReportDocumentFollowsExportTiers downloads the team report document
// as the owner (tier full: quotes), as an analyst (tier deidentified by
// default: no quotes, which analysts never get anyway) and as an analyst
// whose study sets the tier none (refused, nothing audited as an export).
func TestReportDocumentFollowsExportTiers(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	ctx := t.Context()
	if rec := f.do(http.MethodGet, "/report/document", asOwner, nil, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "My cousin") {
		t.Fatalf("owner: status %d, quotes %v", rec.Code, strings.Contains(rec.Body.String(), "My cousin"))
	}
	if rec := f.do(http.MethodGet, "/report/document", asAnalyst, nil, nil); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "My cousin") {
		t.Fatalf("analyst at the default tier: status %d", rec.Code)
	}
	study, err := st.Study(ctx, f.study.ID)
	must(t, err)
	study.Settings.ExportTiers = map[ownwords.Role]ownwords.ExportTier{ownwords.RoleAnalyst: ownwords.TierNone}
	must(t, st.UpdateStudy(ctx, study))
	before := len(f.auditActions())
	if rec := f.do(http.MethodGet, "/report/document", asAnalyst, nil, nil); rec.Code != http.StatusForbidden {
		t.Fatalf("analyst at tier none: status %d, want 403", rec.Code)
	}
	for _, a := range f.auditActions()[before:] {
		if strings.HasPrefix(a, "report.") {
			t.Error("a refused download was audited as an export")
		}
	}
}
