package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

func TestPolicyCoversEveryRoute(t *testing.T) {
	var s Server
	seen := map[string]bool{}
	for _, rt := range s.routes() {
		if seen[rt.pattern] {
			t.Errorf("route %q registered twice", rt.pattern)
		}
		seen[rt.pattern] = true
		acc, ok := policy[rt.pattern]
		if !ok {
			t.Errorf("route %q has no policy entry: it would be denied to everyone", rt.pattern)
			continue
		}
		if acc == 0 {
			t.Errorf("route %q: policy allows no one", rt.pattern)
		}
		if acc&anyone != 0 && acc != anyone {
			t.Errorf("route %q: a public route lists roles too", rt.pattern)
		}
		if acc&anyone != 0 && strings.HasPrefix(rt.pattern, "POST") && rt.pattern != "POST /login" {
			t.Errorf("route %q: a state change open to anyone", rt.pattern)
		}
	}
	for pattern := range policy {
		if !seen[pattern] {
			t.Errorf("policy entry %q names no route", pattern)
		}
	}
}

func TestGuardDeniesRouteWithoutPolicy(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	called := false
	h := f.srv.guard("GET /unlisted", func(http.ResponseWriter, *http.Request) { called = true })
	for _, who := range []string{asNobody, asOwner} {
		req, _ := http.NewRequest(http.MethodGet, "/unlisted", nil)
		if c := f.cookie(who); c != nil {
			req.AddCookie(c)
		}
		rec := newRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden || called {
			t.Errorf("%s: status %d, handler called %v; want 403 and not called", who, rec.Code, called)
		}
	}
}

// probe is a request that exercises one route: Path uses objects of the
// served study, Other (for object routes) the same objects of another
// study in the same store.
type probe struct {
	Path, Other string
	Body        func(f *fixture) any
	// PathFor, when set, gives Path for one requester: objects that some
	// roles address by a handle of their login.
	PathFor func(f *fixture, who string) string
}

// probes gives every route a request whose effect, if allowed, is harmless
// to the other probes (stale versions, invalid merges) or additive.
func probes(f *fixture) map[string]probe {
	v := func(n int) func(*fixture) any {
		return func(*fixture) any { return form("version", strconv.Itoa(n)) }
	}
	seg := func(f *fixture) any {
		start, end := cpRange(f.tb, transcriptEN, "videos")
		return fmt.Sprintf(`{"code_id": %q, "start": %d, "end": %d, "text_hash": %q}`, f.code.ID, start, end, ownwords.HashText("videos"))
	}
	return map[string]probe{
		"GET /static/{file...}":            {Path: "/static/app.css"},
		"GET /login":                       {Path: "/login"},
		"POST /login":                      {Path: "/login", Body: func(*fixture) any { return form("name", "x") }},
		"POST /logout":                     {Path: "/logout"},
		"GET /{$}":                         {Path: "/"},
		"GET /participants":                {Path: "/participants?a.gender=woman"},
		"GET /participants/{id}":           {Path: "/participants/" + f.part.ID, Other: "/participants/" + f.otherPart.ID, PathFor: firstParticipantPath},
		"GET /interviews":                  {Path: "/interviews"},
		"GET /interviews/{id}":             {Path: "/interviews/" + f.iv.ID, Other: "/interviews/" + f.otherIv.ID},
		"POST /interviews/{id}/segments":   {Path: "/interviews/" + f.iv.ID + "/segments", Other: "/interviews/" + f.otherIv.ID + "/segments", Body: seg},
		"POST /interviews/{id}/comparison": {Path: "/interviews/" + f.ivAR.ID + "/comparison", Other: "/interviews/" + f.otherIv.ID + "/comparison"},
		// A stale version: refused whoever may edit, so the text stays.
		// An interview not coded yet, which a coder may still edit (a
		// coded one is the owner's: gate.EditTranscript).
		"POST /interviews/{id}/transcript": {Path: "/interviews/" + f.ivAR.ID + "/transcript", Other: "/interviews/" + f.otherIv.ID + "/transcript",
			Body: func(*fixture) any { return form("version", "999", "transcript", "probe") }},
		"GET /interviews/{id}/edits": {Path: "/interviews/" + f.iv.ID + "/edits", Other: "/interviews/" + f.otherIv.ID + "/edits"},
		// The alignment of a text of an interview not coded yet, which a
		// coder may still align (a coded one's is the owner's).
		"GET /interviews/{id}/texts/{text}/alignment": {Path: "/interviews/" + f.ivAR.ID + "/texts/" + probeText(f) + "/alignment",
			Other: "/interviews/" + f.otherIv.ID + "/texts/" + probeText(f) + "/alignment"},
		// A stale version: refused whoever may align, so nothing changes.
		"POST /interviews/{id}/texts/{text}/alignment": {Path: "/interviews/" + f.ivAR.ID + "/texts/" + probeText(f) + "/alignment",
			Other: "/interviews/" + f.otherIv.ID + "/texts/" + probeText(f) + "/alignment",
			Body:  func(*fixture) any { return form("version", "999", "basis", "probe", "map", "1:1,2:2") }},
		"GET /interviews/{id}/comparison": {Path: "/interviews/" + f.iv.ID + "/comparison", Other: "/interviews/" + f.otherIv.ID + "/comparison"},
		"POST /interviews/{id}/adjudications": {Path: "/interviews/" + f.iv.ID + "/adjudications", Other: "/interviews/" + f.otherIv.ID + "/adjudications",
			Body: func(f *fixture) any { return form("left", f.seg.ID, "choice", "neither", "note", "probe") }},
		"POST /interviews/{id}/passages": {Path: "/interviews/" + f.iv.ID + "/passages", Other: "/interviews/" + f.otherIv.ID + "/passages",
			Body: func(f *fixture) any { return hitForm(f, "videos", f.code.ID, "") }},
		"POST /interviews/{id}/agreements": {Path: "/interviews/" + f.iv.ID + "/agreements", Other: "/interviews/" + f.otherIv.ID + "/agreements"},
		"GET /reliability":                 {Path: "/reliability"},
		"GET /recordings/{id}":             {Path: "/recordings/" + f.rec.ID, Other: "/recordings/" + f.otherRec.ID},
		"POST /segments/{id}":              {Path: "/segments/" + f.seg.ID, Other: "/segments/" + f.otherSeg.ID, Body: v(99)},
		"POST /segments/{id}/delete":       {Path: "/segments/" + f.seg.ID + "/delete", Other: "/segments/" + f.otherSeg.ID + "/delete", Body: v(99)},
		"POST /segments/{id}/consensus":    {Path: "/segments/" + f.seg.ID + "/consensus", Other: "/segments/" + f.otherSeg.ID + "/consensus"},
		"GET /codebook":                    {Path: "/codebook"},
		"POST /codebook/codes": {Path: "/codebook/codes", Body: func(f *fixture) any {
			return form("slug", "newcode", "parent_id", f.section.ID)
		}},
		"POST /codebook/codes/{id}": {Path: "/codebook/codes/" + f.code2.ID, Other: "/codebook/codes/" + f.otherCode.ID,
			Body: func(*fixture) any { return form("slug", "online", "label", "Online media") }},
		"POST /codebook/move": {Path: "/codebook/move", Body: func(f *fixture) any {
			return form("code_id", f.code2.ID, "parent_id", f.code2.ID)
		}},
		"POST /codebook/merge": {Path: "/codebook/merge", Body: func(f *fixture) any {
			return form("code_id", f.code2.ID, "into", f.code2.ID)
		}},
		"GET /search":          {Path: "/search?q=videos"},
		"POST /search":         {Path: "/search", Body: func(*fixture) any { return form("q", "videos") }},
		"GET /quotes":          {Path: "/quotes?item=influences/family&group=all"},
		"GET /retrieve":        {Path: "/retrieve?code=" + f.code.ID, Other: "/retrieve?code=" + f.otherCode.ID},
		"GET /report":          {Path: "/report"},
		"GET /report/document": {Path: "/report/document"},
		"GET /report/pdf":      {Path: "/report/pdf"},
	}
}

// TestAuthorizationMatrix sends every route's probe as every kind of
// requester, for the served study's objects and another study's: roles the
// policy denies get 403 (no session: 401, or a redirect to the login page
// for pages), roles it allows are never refused, and another study's
// objects are 404 to them.
func TestAuthorizationMatrix(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{PDF: &fakePrinter{}})
		ps := probes(f)
		var s Server
		for _, rt := range s.routes() {
			p, ok := ps[rt.pattern]
			if !ok {
				t.Errorf("route %q has no probe: add one", rt.pattern)
				continue
			}
			method, _, _ := strings.Cut(rt.pattern, " ")
			acc := policy[rt.pattern]
			for _, who := range []string{asOwner, asCoder, asAnalyst, asViewer, asNoRole, asNobody} {
				for _, other := range []bool{false, true} {
					path := p.Path
					if p.PathFor != nil {
						path = p.PathFor(f, who)
					}
					if other {
						if p.Other == "" {
							continue
						}
						path = p.Other
					}
					var body any
					if p.Body != nil {
						body = p.Body(f)
					}
					if rt.pattern == "POST /logout" && who != asNobody {
						continue // logging out would end the shared session; see TestLogoutRevokes
					}
					rec := f.do(method, path, who, body, nil)
					name := fmt.Sprintf("%s %s as %s", method, path, who)
					checkAccess(t, name, acc, who, method, other, rec.Code, rec.Header().Get("Location"))
				}
			}
		}
	})
}

// checkAccess checks one cell of the authorization matrix.
func checkAccess(t *testing.T, name string, acc access, who, method string, other bool, code int, location string) {
	t.Helper()
	allowed := acc&anyone != 0 || acc.allows(ownwords.Role(who))
	switch {
	case acc&anyone != 0:
		if code == http.StatusForbidden || code == http.StatusUnauthorized {
			t.Errorf("%s: public route refused with %d", name, code)
		}
	case who == asNobody && method == http.MethodGet:
		if code != http.StatusSeeOther || !strings.HasPrefix(location, "/login") {
			t.Errorf("%s: status %d to %q, want a redirect to /login", name, code, location)
		}
	case who == asNobody:
		if code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, code)
		}
	case !allowed:
		if code != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, code)
		}
	case other:
		if code != http.StatusNotFound {
			t.Errorf("%s: another study's object gave %d, want 404", name, code)
		}
	default:
		if code == http.StatusForbidden || code == http.StatusUnauthorized || code == http.StatusNotFound || code >= 500 {
			t.Errorf("%s: allowed role got %d", name, code)
		}
	}
}

// probeText returns the ID of the French text of f.ivAR that the
// alignment routes are probed with, stored unaligned the first time.
func probeText(f *fixture) string {
	texts, err := f.store.InterviewTexts(context.Background(), f.ivAR.ID)
	must(f.tb, err)
	for _, x := range texts {
		if x.Language == "fr" && x.Translator == "probe" {
			return x.ID
		}
	}
	x := &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.ivAR.ID, Language: "fr", Role: ownwords.TextTranslation,
		Method: ownwords.MethodTranslation, Translator: "probe", Text: "Q: Comment ?\nR: Mon cousin,\nR: des vidéos.", AllowUnaligned: true}
	must(f.tb, f.store.PutInterviewText(context.Background(), x))
	return x.ID
}
