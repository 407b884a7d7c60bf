package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
	"ownwords/vault/vaulttest"
)

// principal names the kinds of requester the tests use: the four roles,
// nobody (no session) and a logged-in account without a role here.
const (
	asNobody  = "nobody"
	asNoRole  = "norole"
	asOwner   = "owner"
	asCoder   = "coder"
	asCoder2  = "coder2"
	asAnalyst = "analyst"
	asViewer  = "viewer"
)

// fixture is a store with two studies, the served one (A) and another (B),
// with users, codes, interviews and segments in each.
type fixture struct {
	tb      testing.TB
	store   ownwords.Store
	srv     *Server
	h       http.Handler
	clock   *testClock
	study   *ownwords.Study
	other   *ownwords.Study
	users   map[string]*ownwords.User
	cookies map[string]*http.Cookie

	part, part2, otherPart      *ownwords.Participant
	iv, ivAR, otherIv           *ownwords.Interview
	section, code, code2, dcode *ownwords.Code
	otherCode                   *ownwords.Code
	seg, seg2, cons, otherSeg   *ownwords.Segment
	rec, otherRec               *ownwords.Recording
}

// testClock is an adjustable clock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Test data. Markers let tests find text that must not leak to analysts.
const (
	transcriptEN = "Interviewer: How did it start?\nParticipant: My cousin 😀 sent videos. TRANSCRIPT-MARKER\n\nLater I travelled."
	transcriptAR = "سؤال: كيف بدأ الأمر؟\nجواب: أرسل لي ابن عمي مقاطع فيديو."
	codeExample  = "EXAMPLE-MARKER he showed me videos"
	segmentMemo  = "SEGMENT-MEMO-MARKER"
	eventNote    = "NOTE-MARKER crossed at night"
	memoBody     = "MEMO-MARKER body"
)

// textMarkers must never reach analysts or viewers.
var textMarkers = []string{"TRANSCRIPT-MARKER", "EXAMPLE-MARKER", "SEGMENT-MEMO-MARKER", "NOTE-MARKER", "MEMO-MARKER", "My cousin"}

// mustCheapHash returns a password hash at vault's test cost
// (vaulttest.UseTestCost), so that tests of ten failed logins stay fast.
func mustCheapHash(tb testing.TB, pw string) string {
	tb.Helper()
	vaulttest.UseTestCost(tb)
	hash, err := vault.HashPassword([]byte(pw))
	must(tb, err)
	return hash
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// newFixture fills st and returns a server for study A with Options opts
// (its clock replaced by the fixture's).
func newFixture(tb testing.TB, st ownwords.Store, opts Options) *fixture {
	tb.Helper()
	ctx := context.Background()
	f := &fixture{tb: tb, store: st, clock: &testClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)},
		users: map[string]*ownwords.User{}, cookies: map[string]*http.Cookie{}}
	f.study = sqldbtest.MustStudy(tb, st, "Study A")
	f.other = sqldbtest.MustStudy(tb, st, "Study B")
	for _, u := range []struct {
		name string
		role ownwords.Role
		in   *ownwords.Study
	}{
		{asOwner, ownwords.RoleOwner, f.study}, {asCoder, ownwords.RoleCoder, f.study}, {asCoder2, ownwords.RoleCoder, f.study},
		{asAnalyst, ownwords.RoleAnalyst, f.study}, {asViewer, ownwords.RoleViewer, f.study}, {asNoRole, ownwords.RoleOwner, f.other},
	} {
		user := &ownwords.User{Name: u.name, PasswordHash: mustCheapHash(tb, "pw-"+u.name)}
		must(tb, st.CreateUser(ctx, user))
		must(tb, st.SetRole(ctx, u.in.ID, user.ID, u.role))
		f.users[u.name] = user
	}
	f.fillStudy(ctx)
	f.fillOther(ctx)
	opts.Now = f.clock.Now
	f.srv = NewServer(st, f.study.ID, opts)
	f.h = f.srv.Handler()
	return f
}

// fillStudy creates study A's data.
func (f *fixture) fillStudy(ctx context.Context) {
	tb, st := f.tb, f.store
	for i, a := range []*ownwords.Attribute{
		{Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
		{Slug: "origin", Type: ownwords.AttrCategory},
		{Slug: "status", Type: ownwords.AttrCategory},
		{Slug: "alias", Type: ownwords.AttrText, Tag: ownwords.TagIdentifier},
	} {
		a.StudyID, a.Position = f.study.ID, i
		must(tb, st.CreateAttribute(ctx, a))
	}
	vals := func(g, o, s string) map[string]ownwords.Value {
		return map[string]ownwords.Value{
			"gender": {Type: ownwords.AttrCategory, Str: g}, "origin": {Type: ownwords.AttrCategory, Str: o},
			"status": {Type: ownwords.AttrCategory, Str: s}, "alias": {Type: ownwords.AttrText, Str: "ALIAS-" + g},
		}
	}
	f.part = &ownwords.Participant{StudyID: f.study.ID, Code: "P-0001", Values: vals("woman", "foreign", "returnee")}
	f.part2 = &ownwords.Participant{StudyID: f.study.ID, Code: "P-0002", Values: vals("man", "local", "prisoner")}
	must(tb, st.CreateParticipant(ctx, f.part))
	must(tb, st.CreateParticipant(ctx, f.part2))
	f.iv = &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part.ID, Title: "Interview one", Language: "en", Transcript: transcriptEN}
	f.ivAR = &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID, Title: "مقابلة", Language: "ar", Transcript: transcriptAR}
	must(tb, st.CreateInterview(ctx, f.iv))
	f.rec = f.mustRecording(ctx, f.iv, "interview-one.wav", fakeWAV(64<<10))
	must(tb, st.CreateInterview(ctx, f.ivAR))
	f.section = &ownwords.Code{StudyID: f.study.ID, Slug: "influences", Label: "Influences"}
	must(tb, st.CreateCode(ctx, f.section))
	f.code = &ownwords.Code{StudyID: f.study.ID, ParentID: f.section.ID, Slug: "family", Label: "Family", Example: codeExample, Color: "#aa0000"}
	f.code2 = &ownwords.Code{StudyID: f.study.ID, ParentID: f.section.ID, Slug: "online", Label: "Online media"}
	must(tb, st.CreateCode(ctx, f.code))
	must(tb, st.CreateCode(ctx, f.code2))
	f.dcode = &ownwords.Code{StudyID: f.study.ID, ParentID: f.section.ID, Slug: "any", Label: "Any influence",
		Derived: &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"family", "online"}}}
	must(tb, st.CreateCode(ctx, f.dcode))
	f.seg = f.mustSegment(ctx, f.study.ID, f.iv, f.code.ID, f.users[asCoder].ID, ownwords.LayerCoder, "My cousin")
	f.seg.Memo = segmentMemo
	must(tb, st.UpdateSegment(ctx, f.seg))
	f.seg2 = f.mustSegment(ctx, f.study.ID, f.iv, f.code2.ID, f.users[asCoder2].ID, ownwords.LayerCoder, "sent videos")
	f.cons = f.mustSegment(ctx, f.study.ID, f.iv, f.code.ID, f.users[asOwner].ID, ownwords.LayerConsensus, "My cousin 😀 sent videos")
	must(tb, st.CreateEvent(ctx, &ownwords.Event{StudyID: f.study.ID, ParticipantID: f.part.ID, Kind: ownwords.EventTravelled,
		Date: mustPeriod(tb, "2014-06"), Note: eventNote}))
	must(tb, st.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: f.iv.ID, Title: "First read", Body: memoBody}))
	must(tb, st.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoParticipant, TargetID: f.part.ID, Body: memoBody}))
	plan := `{"name": "reference", "groups": [{"name": "all", "filter": {}}, {"name": "women", "filter": {"gender": "woman"}}],
		"sections": ["influences"], "attributes": ["gender"], "quotes_per_item": 1}`
	must(tb, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(plan)}))
}

// fillOther creates study B's data: one of everything, for 404 checks.
func (f *fixture) fillOther(ctx context.Context) {
	tb, st := f.tb, f.store
	f.otherPart = &ownwords.Participant{StudyID: f.other.ID, Code: "Q-0001"}
	must(tb, st.CreateParticipant(ctx, f.otherPart))
	f.otherIv = &ownwords.Interview{StudyID: f.other.ID, ParticipantID: f.otherPart.ID, Title: "Other interview", Transcript: "Other study text OTHER-MARKER."}
	must(tb, st.CreateInterview(ctx, f.otherIv))
	f.otherCode = &ownwords.Code{StudyID: f.other.ID, Slug: "othercode"}
	must(tb, st.CreateCode(ctx, f.otherCode))
	f.otherSeg = f.mustSegment(ctx, f.other.ID, f.otherIv, f.otherCode.ID, f.users[asNoRole].ID, ownwords.LayerCoder, "Other study")
	f.otherRec = f.mustRecording(ctx, f.otherIv, "other.wav", fakeWAV(1<<10))
}

// fakeWAV returns n bytes that begin like a WAV file, each of the rest
// telling its offset (byte i is i*7 mod 251), so a range can be checked.
func fakeWAV(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7 % 251)
	}
	copy(b, "RIFF\x00\x00\x00\x00WAVEfmt ")
	return b
}

// mustRecording stores data as a recording of iv.
func (f *fixture) mustRecording(ctx context.Context, iv *ownwords.Interview, name string, data []byte) *ownwords.Recording {
	f.tb.Helper()
	rec := &ownwords.Recording{StudyID: iv.StudyID, InterviewID: iv.ID, Name: name, MediaType: "audio/wav", Size: int64(len(data))}
	must(f.tb, f.store.PutRecording(ctx, rec, bytes.NewReader(data)))
	return rec
}

// mustSegment codes the first occurrence of quote in iv.
func (f *fixture) mustSegment(ctx context.Context, studyID string, iv *ownwords.Interview, codeID, coderID, layer, quote string) *ownwords.Segment {
	f.tb.Helper()
	start, end := cpRange(f.tb, iv.Transcript, quote)
	seg := &ownwords.Segment{StudyID: studyID, InterviewID: iv.ID, CodeID: codeID, CoderID: coderID, Layer: layer,
		Start: start, End: end, TextHash: ownwords.HashText(quote)}
	must(f.tb, f.store.CreateSegment(ctx, seg))
	return seg
}

// cpRange returns the code-point range of the first occurrence of quote.
func cpRange(tb testing.TB, text, quote string) (int, int) {
	tb.Helper()
	i := strings.Index(text, quote)
	if i < 0 {
		tb.Fatalf("%q not in transcript", quote)
	}
	start := len([]rune(text[:i]))
	return start, start + len([]rune(quote))
}

func mustPeriod(tb testing.TB, s string) ownwords.Period {
	tb.Helper()
	p, err := ownwords.ParsePeriod(s)
	must(tb, err)
	return p
}

// cookie logs who in (once) and returns their session cookie; nobody has
// none, and norole gets a session made directly in the store (the login
// form refuses accounts without a role in the study).
func (f *fixture) cookie(who string) *http.Cookie {
	f.tb.Helper()
	if who == asNobody {
		return nil
	}
	if c := f.cookies[who]; c != nil {
		return c
	}
	var c *http.Cookie
	if who == asNoRole {
		token, hash, err := newToken()
		must(f.tb, err)
		now := f.clock.Now()
		must(f.tb, f.store.CreateSession(context.Background(), &ownwords.Session{TokenHash: hash, UserID: f.users[who].ID,
			CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}))
		c = f.srv.sessionCookie(token)
	} else {
		c = f.login(who, "pw-"+who)
		if c == nil {
			f.tb.Fatalf("login as %s failed", who)
		}
	}
	f.cookies[who] = c
	return c
}

// login posts the login form and returns the new session cookie, or nil.
func (f *fixture) login(name, pw string) *http.Cookie {
	f.tb.Helper()
	rec := f.do(http.MethodPost, "/login", asNobody, form("name", name, "password", pw), nil)
	for _, c := range rec.Result().Cookies() {
		if c.Name == f.srv.cookieName() && c.Value != "" {
			return c
		}
	}
	return nil
}

// form builds a url-encoded body from name, value pairs.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// do sends a request as who. body is url.Values (a form), a string (JSON)
// or nil.
func (f *fixture) do(method, target, who string, body any, header http.Header) *httptest.ResponseRecorder {
	f.tb.Helper()
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case url.Values:
		r, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case string:
		r, ctype = strings.NewReader(b), "application/json"
	}
	req := httptest.NewRequest(method, target, r)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if c := f.cookie(who); c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// auditActions returns the actions of the audit log with their actors, as
// "actor action".
func (f *fixture) auditActions() []string {
	var out []string
	must(f.tb, f.store.AuditEntries(context.Background(), func(e *ownwords.AuditEntry) bool {
		out = append(out, e.Actor+" "+e.Action)
		return true
	}))
	return out
}

// jsonHeader asks for JSON.
var jsonHeader = http.Header{"Accept": {"application/json"}}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func newRequest(method, target string, body io.Reader) *http.Request {
	return httptest.NewRequest(method, target, body)
}

func itoa(n int) string { return fmt.Sprint(n) }

// withOptions returns a fixture on the same store and data whose server
// has other options (the fixture's clock stays).
func (f *fixture) withOptions(opts Options) *fixture {
	g := *f
	opts.Now = f.clock.Now
	g.srv = NewServer(f.store, f.study.ID, opts)
	g.h = g.srv.Handler()
	g.cookies = map[string]*http.Cookie{}
	return &g
}

// search posts the search form terms as who, as the page's form does,
// and follows the redirect to the kept search (/search?s=TOKEN) with
// extra added to its address (page, coded…); a JSON client (header) gets
// the answer to the post itself, extra in its form. The redirect must
// carry no search term.
func (f *fixture) search(who string, terms, extra url.Values, header http.Header) *httptest.ResponseRecorder {
	f.tb.Helper()
	body := url.Values{}
	for k, vs := range terms {
		body[k] = vs
	}
	if wantsJSON(&http.Request{Header: header}) {
		for k, vs := range extra {
			body[k] = vs
		}
	}
	rec := f.do(http.MethodPost, "/search", who, body, header)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther {
		return rec
	}
	u, err := url.Parse(loc)
	must(f.tb, err)
	if u.Path != "/search" || len(u.Query()) != 1 || u.Query().Get("s") == "" {
		f.tb.Fatalf("search redirects to %q, want /search?s=TOKEN only", loc)
	}
	if len(extra) > 0 {
		loc += "&" + extra.Encode()
	}
	return f.do(http.MethodGet, loc, who, nil, header)
}

// get requests target as who. A search address with search terms (the
// tests' shorthand for a search, "/search?q=videos&coded=…") is sent as
// the search form instead (see search): its terms posted, the rest added
// to the kept search's address.
func (f *fixture) get(target, who string, header http.Header) *httptest.ResponseRecorder {
	f.tb.Helper()
	u, err := url.Parse(target)
	must(f.tb, err)
	if q := u.Query(); u.Path == "/search" && hasSearchTerms(q) {
		terms, extra := url.Values{}, url.Values{}
		for k, vs := range q {
			if hasSearchTerms(url.Values{k: nil}) {
				terms[k] = vs
			} else {
				extra[k] = vs
			}
		}
		return f.search(who, terms, extra, header)
	}
	return f.do(http.MethodGet, target, who, nil, header)
}

// searchToken posts a search for query as who and returns the token of
// the kept search.
func (f *fixture) searchToken(who, query string) string {
	f.tb.Helper()
	rec := f.do(http.MethodPost, "/search", who, form("q", query), nil)
	u, err := url.Parse(rec.Header().Get("Location"))
	must(f.tb, err)
	if rec.Code != http.StatusSeeOther || u.Query().Get("s") == "" {
		f.tb.Fatalf("search for %q: status %d to %q", query, rec.Code, u)
	}
	return u.Query().Get("s")
}
