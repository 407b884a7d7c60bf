package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/gate"
	"ownwords/sqldb/sqldbtest"
)

func TestPolicyKeepsTextFromAnalystsAndViewers(t *testing.T) {
	// Routes that return transcript text or quotes, or change codings.
	textRoutes := []string{"GET /interviews/{id}", "GET /retrieve", "POST /interviews/{id}/segments",
		"POST /interviews/{id}/transcript", "GET /interviews/{id}/edits",
		"GET /interviews/{id}/texts/{text}/alignment", "POST /interviews/{id}/texts/{text}/alignment",
		"POST /segments/{id}", "POST /segments/{id}/delete", "POST /segments/{id}/consensus"}
	ownerRoutes := []string{"POST /codebook/codes", "POST /codebook/codes/{id}", "POST /codebook/move",
		"POST /codebook/merge", "POST /interviews/{id}/comparison", "POST /segments/{id}/consensus"}
	for _, p := range textRoutes {
		for _, r := range []ownwords.Role{ownwords.RoleAnalyst, ownwords.RoleViewer} {
			if policy[p].allows(r) || policy[p]&anyone != 0 {
				t.Errorf("policy lets %s use %s", r, p)
			}
		}
	}
	for _, p := range ownerRoutes {
		for _, r := range []ownwords.Role{ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer} {
			if policy[p].allows(r) {
				t.Errorf("policy lets %s use the owner's %s", r, p)
			}
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	tests := []struct {
		name, path, who string
		noStore         bool
	}{
		{"LoginPage", "/login", asNobody, true},
		{"Dashboard", "/", asOwner, true},
		{"Transcript", "/interviews/" + f.iv.ID, asCoder, true},
		{"Forbidden", "/interviews/" + f.iv.ID, asAnalyst, true},
		{"StaticAsset", "/static/coding.js", asNobody, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := f.do(http.MethodGet, tt.path, tt.who, nil, nil).Header()
			want := map[string]string{
				"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "no-referrer",
			}
			for k, v := range want {
				if got := h.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if got := h.Get("Cache-Control") == "no-store"; got != tt.noStore {
				t.Errorf("Cache-Control %q, want no-store: %v", h.Get("Cache-Control"), tt.noStore)
			}
		})
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	base := newFixture(t, st, Options{})
	for _, tt := range []struct {
		name   string
		secure bool
		cookie string
	}{{"SecureHostPrefix", true, "__Host-ownwords"}, {"LoopbackHTTP", false, "ownwords"}} {
		t.Run(tt.name, func(t *testing.T) {
			f := base.withOptions(Options{Secure: tt.secure})
			rec := f.do(http.MethodPost, "/login", asNobody, form("name", asCoder, "password", "pw-coder"), nil)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("login: status %d", rec.Code)
			}
			raw := rec.Header().Get("Set-Cookie")
			var c *http.Cookie
			for _, k := range rec.Result().Cookies() {
				if k.Value != "" {
					c = k
				}
			}
			if c == nil {
				t.Fatalf("no session cookie in %q", raw)
			}
			if c.Name != tt.cookie || c.Path != "/" || !c.HttpOnly || c.Secure != tt.secure || c.SameSite != http.SameSiteStrictMode {
				t.Errorf("cookie %q: name %s path %s httponly %v secure %v samesite %v", raw, c.Name, c.Path, c.HttpOnly, c.Secure, c.SameSite)
			}
			if c.Domain != "" {
				t.Errorf("cookie %q has a Domain: a __Host- cookie must not", raw)
			}
			if len(c.Value) < 43 {
				t.Errorf("token %q shorter than 32 random bytes", c.Value)
			}
		})
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	start, end := cpRange(t, transcriptEN, "videos")
	body := `{"code_id": "` + f.code.ID + `", "start": ` + itoa(start) + `, "end": ` + itoa(end) + `, "text_hash": "` + ownwords.HashText("videos") + `"}`
	tests := []struct {
		name   string
		header http.Header
		want   int
	}{
		{"ErrCrossSite", http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"ErrSameSiteOtherOrigin", http.Header{"Sec-Fetch-Site": {"same-site"}}, http.StatusForbidden},
		{"ErrForeignOrigin", http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"SameOrigin", http.Header{"Sec-Fetch-Site": {"same-origin"}}, http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(mustSegments(t, f))
			rec := f.do(http.MethodPost, "/interviews/"+f.iv.ID+"/segments", asCoder, body, tt.header)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if grew := len(mustSegments(t, f)) > before; grew != (tt.want == http.StatusCreated) {
				t.Errorf("segment created: %v", grew)
			}
		})
	}
	t.Run("ErrCrossSiteLogout", func(t *testing.T) {
		rec := f.do(http.MethodPost, "/logout", asCoder, nil, http.Header{"Sec-Fetch-Site": {"cross-site"}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("status %d, want 403", rec.Code)
		}
	})
}

func mustSegments(tb testing.TB, f *fixture) []*ownwords.Segment {
	tb.Helper()
	segs, err := f.store.Segments(context.Background(), ownwords.SegmentFilter{StudyID: f.study.ID})
	must(tb, err)
	return segs
}

// TestLoginThrottle: a burst of bad passwords from one address makes that
// address wait for that name, answered alike for an account and for a name
// that is none (status and message at every step), while the owner logs in
// from another address at once and from the same one after the longest
// wait; a forwarding header does not change the address, an IPv6 address
// counts for its /64, and the audit log gets a few entries per series.
func TestLoginThrottle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		const guesser = "203.0.113.7:40000"
		bad, wait := ownwords.ErrorMessage(gate.ErrBadLogin), ownwords.ErrorMessage(gate.ErrTooManyLogins)
		type step struct {
			from    string
			pw      string
			advance time.Duration
			header  http.Header
			status  int
			message string
		}
		var steps []step
		for range gate.LoginFreeFailures {
			steps = append(steps, step{from: guesser, pw: "wrong", status: http.StatusUnauthorized, message: bad})
		}
		steps = append(steps,
			step{from: guesser, pw: "wrong", status: http.StatusTooManyRequests, message: wait},
			step{from: guesser, pw: "wrong", advance: gate.LoginWait(gate.LoginFreeFailures), status: http.StatusUnauthorized, message: bad},
			step{from: guesser, pw: "pw-owner", status: http.StatusTooManyRequests, message: wait},
			step{from: guesser, pw: "pw-owner", header: http.Header{"X-Forwarded-For": {"198.51.100.9"}, "X-Real-Ip": {"198.51.100.9"}},
				status: http.StatusTooManyRequests, message: wait},
		)
		for range gate.LoginFreeFailures {
			steps = append(steps, step{from: "[2001:db8:1:2::1]:443", pw: "wrong", status: http.StatusUnauthorized, message: bad})
		}
		steps = append(steps, step{from: "[2001:db8:1:2:ffff::9]:443", pw: "pw-owner", status: http.StatusTooManyRequests, message: wait})
		answers := map[string][]string{}
		for _, name := range []string{asOwner, "mallory"} {
			for i, s := range steps {
				f.clock.Advance(s.advance)
				rec := f.loginFrom(s.from, name, s.pw, s.header)
				if rec.Code != s.status || !strings.Contains(rec.Body.String(), s.message) || len(rec.Result().Cookies()) != 0 {
					t.Errorf("%s, step %d from %s: status %d, cookies %v; want %d, %q and no session", name, i+1, s.from, rec.Code, rec.Result().Cookies(), s.status, s.message)
				}
				answers[name] = append(answers[name], fmt.Sprint(rec.Code, strings.Contains(rec.Body.String(), bad), strings.Contains(rec.Body.String(), wait)))
			}
		}
		if !slices.Equal(answers[asOwner], answers["mallory"]) {
			t.Errorf("an account and a name that is none are told apart:\n%v\n%v", answers[asOwner], answers["mallory"])
		}
		if rec := f.loginFrom("198.51.100.9:5000", asOwner, "pw-owner", nil); rec.Code != http.StatusSeeOther {
			t.Errorf("the owner from another address: status %d, want 303", rec.Code)
		}
		f.clock.Advance(gate.LoginBackoffMax)
		if rec := f.loginFrom(guesser, asOwner, "pw-owner", nil); rec.Code != http.StatusSeeOther {
			t.Errorf("the owner from the guesser's address after the longest wait: status %d, want 303", rec.Code)
		}
		acts := f.auditActions()
		// Failures 1, 2, 4 and 5 (the back-off starts) of the IPv4 series, 1, 2, 4, 5 of the IPv6 one.
		if n, m := countOf(acts, "owner login.failure"), countOf(acts, "anonymous login.failure"); n != 8 || m != 8 {
			t.Errorf("failures audited: %d for the account, %d for the other name; want 8 each", n, m)
		}
		must(t, f.store.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
			if strings.Contains(e.Actor+e.Object+e.Detail, "mallory") {
				t.Errorf("the audit log keeps a typed name: %+v", e)
			}
			return true
		}))
	})
}

// loginFrom posts a login form from the network address addr.
func (f *fixture) loginFrom(addr, name, pw string, header http.Header) *httptest.ResponseRecorder {
	f.tb.Helper()
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form("name", name, "password", pw).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func countOf(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

func TestLoginRefusals(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	tests := []struct {
		name, user, pw string
		want           int
	}{
		{"ErrUnknownAccount", "mallory", "x", http.StatusUnauthorized},
		{"ErrWrongPassword", asOwner, "pw-coder", http.StatusUnauthorized},
		{"ErrNoRoleInStudy", asNoRole, "pw-norole", http.StatusForbidden},
		{"ErrEmpty", asOwner, "", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(http.MethodPost, "/login", asNobody, form("name", tt.user, "password", tt.pw), nil)
			if rec.Code != tt.want || len(rec.Result().Cookies()) != 0 {
				t.Errorf("status %d cookies %v, want %d and none", rec.Code, rec.Result().Cookies(), tt.want)
			}
		})
	}
	if !slices.Contains(f.auditActions(), "anonymous login.failure") {
		t.Error("a login for an unknown account is not audited")
	}
}

func TestSessions(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 2 * time.Hour})
	loggedIn := func(c *http.Cookie) bool {
		req := newRequest(http.MethodGet, "/", nil)
		req.AddCookie(c)
		rec := newRecorder()
		f.h.ServeHTTP(rec, req)
		return rec.Code == http.StatusOK
	}
	t.Run("NewTokenAtEveryLogin", func(t *testing.T) {
		a, b := f.login(asCoder, "pw-coder"), f.login(asCoder, "pw-coder")
		if a.Value == b.Value {
			t.Error("two logins share a token")
		}
	})
	t.Run("ErrIdle", func(t *testing.T) {
		c := f.login(asCoder, "pw-coder")
		f.clock.Advance(29 * time.Minute)
		if !loggedIn(c) {
			t.Fatal("session ended before the idle timeout")
		}
		f.clock.Advance(29 * time.Minute)
		if !loggedIn(c) {
			t.Fatal("use did not extend the session")
		}
		f.clock.Advance(31 * time.Minute)
		if loggedIn(c) {
			t.Error("session survived 31 idle minutes")
		}
	})
	t.Run("ErrAbsolute", func(t *testing.T) {
		c := f.login(asCoder, "pw-coder")
		for i := range 5 { // steady use, never idle, for 100 minutes
			f.clock.Advance(20 * time.Minute)
			if !loggedIn(c) {
				t.Fatalf("session ended after %d minutes of use", 20*(i+1))
			}
		}
		f.clock.Advance(20 * time.Minute)
		if loggedIn(c) {
			t.Error("session outlived the absolute timeout of 2 hours")
		}
	})
	t.Run("LogoutRevokes", func(t *testing.T) {
		c := f.login(asCoder, "pw-coder")
		req := newRequest(http.MethodPost, "/logout", nil)
		req.AddCookie(c)
		rec := newRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("logout: status %d", rec.Code)
		}
		if loggedIn(c) {
			t.Error("the cookie still works after logout: the session was not revoked server-side")
		}
		if !slices.Contains(f.auditActions(), "coder logout") {
			t.Error("logout not audited")
		}
	})
}

func TestSafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/interviews/1?segment=2", "/interviews/1?segment=2"},
		{"", "/"}, {"https://evil.example/", "/"}, {"//evil.example/", "/"}, {"/\\evil.example", "/"},
		{"javascript:alert(1)", "/"}, {"/ok\r\nSet-Cookie: x", "/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseLoginForm(t *testing.T) {
	if _, err := parseLoginForm(form("name", " owner ", "password", "p")); err != nil {
		t.Errorf("OK: %v", err)
	}
	for name, v := range map[string]map[string][]string{
		"ErrNoName":       form("password", "p"),
		"ErrNoPassword":   form("name", "owner"),
		"ErrHugePassword": form("name", "owner", "password", strings.Repeat("x", 2000)),
	} {
		if _, err := parseLoginForm(v); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestWorkbenchNeverActsAsKeyHolder: the key holder (gate.KeyHolder)
// administers a study file's accounts because it opened the file with its
// passphrase; the workbench holds no such proof, so none of its code may
// make that caller.
func TestWorkbenchNeverActsAsKeyHolder(t *testing.T) {
	files, err := filepath.Glob("*.go")
	must(t, err)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		must(t, err)
		if strings.Contains(string(src), "KeyHolder(") {
			t.Errorf("%s makes a key-holder caller", name)
		}
	}
	if len(files) < 10 {
		t.Fatalf("found only %d Go files: not the web package's directory", len(files))
	}
}
