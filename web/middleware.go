package web

import (
	"net/http"
	"net/url"
	"strings"

	"ownwords"
)

// contentSecurityPolicy allows only the workbench's own script, style,
// recordings and images (plus data: images for inline SVG icons); no inline script, no
// framing, no form posts elsewhere.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// maxFormBytes bounds a request body: the largest legitimate one is a memo,
// but for a transcript saved from the editor (maxTranscriptFormBytes).
const maxFormBytes = 1 << 20

// maxTranscriptFormBytes bounds the body of a transcript save: the largest
// transcript the store takes, URL-encoded (a code point of up to 3 bytes
// as %XX%XX%XX is at most 3 times its bytes), and the form's other fields.
const maxTranscriptFormBytes = 3*ownwords.MaxTranscriptBytes + maxFormBytes

// securityHeaders sets the headers every response carries. Everything but
// the static assets is a data page and must not be cached.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		limit := int64(maxFormBytes)
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/interviews/") && strings.HasSuffix(r.URL.Path, "/transcript") {
			limit = maxTranscriptFormBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// guard applies the policy of pattern: anyone, or a session whose role the
// policy allows. Without a session, pages redirect to the login form and
// other requests get 401. The account and its name (the audit actor) go
// into the request's context.
func (s *Server) guard(pattern string, h http.HandlerFunc) http.Handler {
	acc, ok := policy[pattern]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ok {
			s.log.Error("route without policy entry: denied", "pattern", pattern)
			s.fail(w, r, ownwords.Errorf(ownwords.EFORBIDDEN, "access denied"))
			return
		}
		if acc&anyone != 0 {
			h(w, r)
			return
		}
		a, err := s.authenticate(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if a == nil {
			if r.Method == http.MethodGet && !wantsJSON(r) {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(loginNext(r.URL)), http.StatusSeeOther)
				return
			}
			s.fail(w, r, ownwords.Errorf(ownwords.EUNAUTHORIZED, "log in first"))
			return
		}
		ctx := ownwords.WithActor(r.Context(), a.user.Name)
		r = r.WithContext(withAccount(ctx, a))
		if !acc.allows(a.role) {
			s.fail(w, r, ownwords.Errorf(ownwords.EFORBIDDEN, "your role may not open this page"))
			return
		}
		h(w, r)
	})
}

// loginNext is the address a page sends the login form on to. A search
// address carries no search terms on (an old bookmark's would land in the
// login page's address and form): they are dropped, as the search page
// itself ignores them.
func loginNext(u *url.URL) string {
	if u.Path == "/search" && hasSearchTerms(u.Query()) {
		return "/search"
	}
	return u.RequestURI()
}

// wantsJSON reports whether the client asked for JSON rather than a page.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json") ||
		strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")
}
