package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/gate"
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
			f.participantPath(asAnalyst, f.part), "/participants/"+f.part.ID,
		)
		for _, who := range []string{asAnalyst, asViewer} {
			for _, p := range paths {
				for _, h := range []http.Header{nil, jsonHeader} {
					rec := f.get(p, who, h)
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
			body := f.get(p, asOwner, nil).Body.String()
			for _, m := range markers {
				if !strings.Contains(body, m) {
					t.Errorf("the owner's GET %s lacks %q: the leak test would miss it", p, m)
				}
			}
		}
		if rec := f.do(http.MethodGet, f.participantPath(asAnalyst, f.part), asAnalyst, nil, nil); rec.Code != http.StatusOK ||
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

// participantPath returns the page of p as who reaches it from the
// participants list (a handle of their login for analysts), or the page
// by ID when the list refuses who. p must be the only participant of its
// gender.
func (f *fixture) participantPath(who string, p *ownwords.Participant) string {
	f.tb.Helper()
	return f.participantPathWith(f.cookie(who), p)
}

// firstParticipantPath is the page of the fixture's first participant
// for who.
func firstParticipantPath(f *fixture, who string) string { return f.participantPath(who, f.part) }

// participantPathWith is participantPath for the session of cookie.
func (f *fixture) participantPathWith(cookie *http.Cookie, p *ownwords.Participant) string {
	f.tb.Helper()
	if path := f.participantWhere(cookie, "gender", p.Values["gender"].Str); path != "" {
		return path
	}
	return "/participants/" + p.ID
}

// participantWhere returns the page the participants list of cookie's
// session links for the only participant whose attribute slug is value,
// or "" when the session may not list participants.
func (f *fixture) participantWhere(cookie *http.Cookie, slug, value string) string {
	f.tb.Helper()
	rec := f.doWith(cookie, "/participants?"+url.Values{filterPrefix + slug: {value}}.Encode(), jsonHeader)
	if rec.Code != http.StatusOK {
		return ""
	}
	var list gate.ParticipantList
	must(f.tb, json.Unmarshal(rec.Body.Bytes(), &list))
	if len(list.Rows) != 1 {
		f.tb.Fatalf("%d participants with %s = %s", len(list.Rows), slug, value)
	}
	return "/participants/" + list.Rows[0].Ref
}

// doWith sends a GET with the session cookie (nil for none).
func (f *fixture) doWith(cookie *http.Cookie, target string, header http.Header) *httptest.ResponseRecorder {
	f.tb.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, vs := range header {
		req.Header[k] = vs
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// TestAnalystWorkbenchIsDeidentified requests the participant pages, the
// interviews list, the dashboard and a drill-down as an analyst and as the
// owner, as pages and as JSON: the analyst gets no participant code or
// stable ID, no identifier or text attribute, no interview title and no
// date finer than the year, and a drill-down with a count and no list;
// the owner gets them all, or the test would prove nothing.
func TestAnalystWorkbenchIsDeidentified(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		ctx := t.Context()
		must(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "story", Type: ownwords.AttrText, Position: 9}))
		must(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "born", Type: ownwords.AttrDate, Position: 10}))
		f.part.Values["story"] = ownwords.Value{Type: ownwords.AttrText, Str: "STORY-MARKER"}
		f.part.Values["born"] = ownwords.Value{Type: ownwords.AttrDate, Date: ownwords.Date{Year: 1990, Month: 5, Day: 17}}
		must(t, st.UpdateParticipant(ctx, f.part))
		iv, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		iv.Date = ownwords.Date{Year: 2017, Month: 3, Day: 12}
		must(t, st.UpdateInterview(ctx, iv))

		drill := "/report?plan=reference&section=influences&item=family&group=all"
		codes := []string{"P-0001", "P-0002", "Interview one", "مقابلة", "ALIAS-", "STORY-MARKER", "1990-05", "2017-03", "2014-06"}
		ids := []string{f.part.ID, f.part2.ID, f.iv.ID, f.ivAR.ID}
		tests := []struct {
			path    string
			owner   []string // the owner's page must carry these
			analyst []string // the analyst's must carry these
			noIDs   bool     // nor the stable IDs (the dashboard's activity log names objects by ID)
		}{
			{"/participants", []string{"P-0001", "ALIAS-", "STORY-MARKER", "1990-05-17"}, []string{"X-", "1990"}, true},
			{f.participantPath(asAnalyst, f.part), nil, []string{"X-", "1990", "2014", "travelled", "2017"}, true},
			{"/participants/" + f.part.ID, []string{"P-0001", "ALIAS-", "STORY-MARKER", "2014-06", "Interview one", "2017-03-12"}, nil, true},
			{"/interviews", []string{"P-0001", "Interview one", "2017-03-12"}, []string{"X-", "2017"}, true},
			{"/", []string{"P-0001", "Interview one"}, []string{"X-", "2017"}, false},
			{drill, []string{"P-0001", "/participants/" + f.part.ID}, []string{"Fewer than 5 participants"}, true},
		}
		for _, tt := range tests {
			hidden := codes
			if tt.noIDs {
				hidden = append(slices.Clone(codes), ids...)
			}
			for _, h := range []http.Header{nil, jsonHeader} {
				// Pages without a JSON view answer with the page.
				t.Run(fmt.Sprintf("%s json=%v", tt.path, h != nil), func(t *testing.T) {
					owner, analyst := tt.owner, tt.analyst
					if tt.path == drill && h != nil {
						// The drill-down's JSON is the gate's answer.
						owner, analyst = []string{"P-0001"}, []string{`"suppressed":true`}
					}
					if owner != nil {
						checkPage(t, f.do(http.MethodGet, tt.path, asOwner, nil, h), http.StatusOK, owner, nil)
					}
					if analyst != nil {
						checkPage(t, f.do(http.MethodGet, tt.path, asAnalyst, nil, h), http.StatusOK, analyst, hidden)
					}
				})
			}
		}
		body := f.do(http.MethodGet, drill, asAnalyst, nil, nil).Body.String()
		if strings.Contains(body, `href="/participants/`) || strings.Contains(body, `id="drill-participants"`) {
			t.Error("the analyst's drill-down lists participants")
		}
	})
}

// TestAnalystPseudonymsChangeWithEachLogin logs the analyst in twice: the
// two sessions name the same participant differently, and one session's
// page of a participant is not found in the other.
func TestAnalystPseudonymsChangeWithEachLogin(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		one, two := f.login(asAnalyst, "pw-analyst"), f.login(asAnalyst, "pw-analyst")
		if one == nil || two == nil {
			t.Fatal("login failed")
		}
		p1, p2 := f.participantPathWith(one, f.part), f.participantPathWith(two, f.part)
		if p1 == p2 || p1 != f.participantPathWith(one, f.part) {
			t.Errorf("pages %s and %s: want one per login, stable within it", p1, p2)
		}
		name := func(cookie *http.Cookie, path string) string {
			var page gate.ParticipantPage
			rec := f.doWith(cookie, path, jsonHeader)
			must(t, json.Unmarshal(rec.Body.Bytes(), &page))
			return page.Name
		}
		if a, b := name(one, p1), name(two, p2); a == b || !strings.HasPrefix(a, "X-") {
			t.Errorf("pseudonyms %q and %q: want two different ones", a, b)
		}
		for _, tt := range []struct {
			cookie *http.Cookie
			path   string
		}{{two, p1}, {one, p2}, {one, "/participants/" + f.part.ID}} {
			if rec := f.doWith(tt.cookie, tt.path, nil); rec.Code != http.StatusNotFound {
				t.Errorf("GET %s in the other session: status %d, want 404", tt.path, rec.Code)
			}
		}
	})
}
