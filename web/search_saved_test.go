package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/gate"
	"ownwords/sqldb/sqldbtest"
)

// TestOldSearchAddressNeitherRunsNorEchoes: an address with search terms
// (an old bookmark of the GET form) shows the empty form with a note, for
// every role; the name is not searched (no audit entry), not shown, not
// carried on to the login page, and a JSON client is told to post.
func TestOldSearchAddressNeitherRunsNorEchoes(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	const name = "Zarqawiyya"
	old := "/search?" + url.Values{"q": {name}, "a.gender": {"woman"}, "inside": {"influences/family"}, "language": {"en"}}.Encode()
	for _, who := range []string{asOwner, asCoder, asAnalyst, asViewer} {
		t.Run(who, func(t *testing.T) {
			rec := f.do(http.MethodGet, old, who, nil, nil)
			checkPage(t, rec, http.StatusOK, []string{noteOldAddress, `id="search-q" value=""`}, []string{name, "hits in", "selected>"})
			rec = f.do(http.MethodGet, old, who, nil, jsonHeader)
			if rec.Code != http.StatusBadRequest || strings.Contains(rec.Body.String(), name) {
				t.Errorf("JSON: %d %s, want 400 without the name", rec.Code, rec.Body)
			}
		})
	}
	rec := f.do(http.MethodGet, old, asNobody, nil, nil)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != "/login?next=%2Fsearch" {
		t.Errorf("without a session: %d to %q, want the login page returning to /search", rec.Code, loc)
	}
	for _, e := range f.auditActions() {
		if strings.HasSuffix(e, " search") {
			t.Errorf("an old address was searched: %q", e)
		}
	}
}

// TestSearchKeptPerLogin: a posted search is kept behind a token of the
// login that posted it; another login's token, a forgotten or an unknown
// one shows the empty form with a note.
func TestSearchKeptPerLogin(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	token := f.searchToken(asOwner, "videos")
	mine := "/search?s=" + token
	checkPage(t, f.do(http.MethodGet, mine, asOwner, nil, nil), http.StatusOK, []string{"<mark>videos</mark>", `value="videos"`}, []string{noteExpired})
	for _, tt := range []struct{ name, who, path string }{
		{"OtherAccount", asCoder, mine},
		{"UnknownToken", asOwner, "/search?s=nope"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkPage(t, f.do(http.MethodGet, tt.path, tt.who, nil, nil), http.StatusOK, []string{noteExpired}, []string{"videos", "hits in"})
			if rec := f.do(http.MethodGet, tt.path, tt.who, nil, jsonHeader); rec.Code != http.StatusBadRequest {
				t.Errorf("JSON: %d, want 400", rec.Code)
			}
		})
	}
	t.Run("NewLoginOfSameAccount", func(t *testing.T) {
		g := f.withOptions(Options{}) // the same server's searches, a new login
		g.srv, g.h = f.srv, f.h
		checkPage(t, g.do(http.MethodGet, mine, asOwner, nil, nil), http.StatusOK, []string{noteExpired}, []string{"videos"})
	})
	t.Run("ForgottenAtLogout", func(t *testing.T) {
		g := f.withOptions(Options{})
		g.srv, g.h = f.srv, f.h
		tok := g.searchToken(asCoder, "videos")
		cookie := g.cookie(asCoder)
		if rec := g.do(http.MethodPost, "/logout", asCoder, nil, nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("logout: %d", rec.Code)
		}
		if _, ok := g.srv.searches.load(hashToken(cookie.Value), tok, g.clock.Now()); ok {
			t.Error("the search outlived its session's logout")
		}
	})
}

// TestSearchAddressesCarryNoTerms searches as every role and checks that
// no address of the page (links, form targets, the return address of
// "code this passage") carries a word of the query or a filter's value.
func TestSearchAddressesCarryNoTerms(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	addresses := regexp.MustCompile(`(?:href|action|formaction|name="back" value)="[^"]*"`)
	for _, who := range []string{asOwner, asCoder, asAnalyst, asViewer} {
		t.Run(who, func(t *testing.T) {
			terms := url.Values{"q": {"cousin OR videos"}}
			if who != asViewer {
				terms.Set("by", "gender") // viewers are offered no breakdown
			}
			if who == asOwner || who == asCoder {
				terms.Set("a.gender", "woman") // analysts and viewers may not filter by attributes
			}
			rec := f.search(who, terms, nil, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			for _, a := range addresses.FindAllString(rec.Body.String(), -1) {
				for _, term := range []string{"cousin", "videos", "woman", "q=", "by="} {
					if strings.Contains(a, term) {
						t.Errorf("address %s carries %q", a, term)
					}
				}
			}
		})
	}
}

// TestSearchPages: more matching interviews than a page lists are paged
// by &page=N beside the token; the JSON client posts page=N.
func TestSearchPages(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	for i := range searchInterviews + 5 {
		must(t, st.CreateInterview(t.Context(), &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID,
			Title: fmt.Sprintf("Paged %02d", i), Language: "en", Transcript: "They spoke of hunger."}))
	}
	token := f.searchToken(asCoder, "hunger")
	first := f.do(http.MethodGet, "/search?s="+token, asCoder, nil, nil).Body.String()
	next := `href="/search?s=` + token + `&amp;page=2"`
	for _, w := range []string{fmt.Sprintf("hits in %d interviews; interviews 1–%d are listed", searchInterviews+5, searchInterviews), next} {
		if !strings.Contains(first, w) {
			t.Errorf("page 1 lacks %q", w)
		}
	}
	if strings.Count(first, `<article class="hits" id="hits-`) != searchInterviews {
		t.Errorf("page 1 lists %d interviews", strings.Count(first, `<article class="hits" id="hits-`))
	}
	second := f.do(http.MethodGet, "/search?s="+token+"&page=2", asCoder, nil, nil).Body.String()
	for _, w := range []string{fmt.Sprintf("interviews %d–%d are listed", searchInterviews+1, searchInterviews+5),
		`href="/search?s=` + token + `"`, `name="back" value="page=2&amp;s=` + token + `"`, "<mark>hunger</mark>"} {
		if !strings.Contains(second, w) {
			t.Errorf("page 2 lacks %q", w)
		}
	}
	if strings.Count(second, `<article class="hits" id="hits-`) != 5 || strings.Contains(second, `id="search-next"`) {
		t.Errorf("page 2 lists %d interviews", strings.Count(second, `<article class="hits" id="hits-`))
	}
	rec := f.search(asCoder, url.Values{"q": {"hunger"}}, url.Values{"page": {"2"}}, jsonHeader)
	if rec.Code != http.StatusOK || strings.Count(rec.Body.String(), `"interview_id"`) != 5 || !strings.Contains(rec.Body.String(), `"match":"hunger"`) {
		t.Errorf("JSON page 2: %d %s", rec.Code, rec.Body)
	}
}

// TestSavedSearchesBounds: searches expire after searchKeptFor, a login
// keeps at most searchesPerSession (the oldest goes), all logins together
// at most searchesKept.
func TestSavedSearchesBounds(t *testing.T) {
	k := newSavedSearches()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	save := func(session string, at time.Time) string {
		tok, err := k.save(session, searchForm{Query: session}, at)
		must(t, err)
		return tok
	}
	first := save("a", now)
	if s, ok := k.load("a", first, now.Add(searchKeptFor-time.Second)); !ok || s.form.Query != "a" {
		t.Error("a search is gone before it expires")
	}
	if _, ok := k.load("b", first, now); ok {
		t.Error("another session loaded the search")
	}
	if _, ok := k.load("a", first, now.Add(searchKeptFor)); ok {
		t.Error("an expired search loads")
	}
	var toks []string
	for i := range searchesPerSession + 1 {
		toks = append(toks, save("a", now.Add(time.Duration(i)*time.Second)))
	}
	if _, ok := k.load("a", toks[0], now.Add(time.Minute)); ok || len(k.bySession["a"]) != searchesPerSession {
		t.Errorf("session a keeps %d searches and its oldest: want %d without it", len(k.bySession["a"]), searchesPerSession)
	}
	if _, ok := k.load("a", toks[searchesPerSession], now.Add(time.Minute)); !ok {
		t.Error("the newest search is gone")
	}
	for i := range searchesKept {
		save(fmt.Sprint("s", i), now.Add(time.Minute))
	}
	if k.total != searchesKept || len(k.bySession["a"]) != 0 {
		t.Errorf("%d searches kept (session a %d), want %d and a's, the oldest, gone", k.total, len(k.bySession["a"]), searchesKept)
	}
	save("late", now.Add(searchKeptFor+time.Minute))
	if k.total != 1 {
		t.Errorf("%d searches kept after the others expired, want 1", k.total)
	}
	k.forget("late")
	if k.total != 0 || len(k.bySession) != 0 {
		t.Errorf("forget left %d searches", k.total)
	}
}

// TestCountsKeptForReload: reloading a kept search that gave counts (an
// analyst's) shows the same counts without searching again, so without
// spending the budget of count searches (no `search` audit entry); a new
// post searches again. Hits (a coder's) are searched again on every load.
func TestCountsKeptForReload(t *testing.T) {
	f := newCountsFixture(t)
	searches := func(who string) int {
		n := 0
		for _, e := range f.auditActions() {
			if e == who+" search" {
				n++
			}
		}
		return n
	}
	counts := regexp.MustCompile(`About <strong>\d+</strong> participants`)
	for _, tt := range []struct {
		who      string
		want     string // what the page shows
		wantJSON string // what JSON shows
		kept     bool
	}{
		{asAnalyst, "", `"participants":`, true},
		{asCoder, "<mark>videos</mark>", `"match":"videos"`, false},
	} {
		t.Run(tt.who, func(t *testing.T) {
			at := "/search?s=" + f.searchToken(tt.who, "videos")
			first := f.do(http.MethodGet, at, tt.who, nil, nil).Body.String()
			if tt.kept && !counts.MatchString(first) || !strings.Contains(first, tt.want) {
				t.Fatalf("first load lacks the answer:\n%s", first)
			}
			before := searches(tt.who)
			again := f.do(http.MethodGet, at, tt.who, nil, nil).Body.String()
			if tt.kept && counts.FindString(again) != counts.FindString(first) || !strings.Contains(again, tt.want) {
				t.Errorf("reload shows %q, first load %q", counts.FindString(again), counts.FindString(first))
			}
			rec := f.do(http.MethodGet, at, tt.who, nil, jsonHeader)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), tt.wantJSON) {
				t.Errorf("JSON reload: %d %s", rec.Code, rec.Body)
			}
			if got, want := searches(tt.who)-before, map[bool]int{true: 0, false: 2}[tt.kept]; got != want {
				t.Errorf("two reloads searched %d times, want %d", got, want)
			}
			f.do(http.MethodGet, "/search?s="+f.searchToken(tt.who, "videos"), tt.who, nil, nil)
			if got, want := searches(tt.who)-before, map[bool]int{true: 1, false: 3}[tt.kept]; got != want {
				t.Errorf("a new post: %d searches since, want %d", got, want)
			}
		})
	}
}

// TestSavedSearchKeepsCountsOnly: counts are kept with their search for
// the page and role they answered, as long as the search (not past its expiry, not
// for another session, not after it is forgotten); hits never.
func TestSavedSearchKeepsCountsOnly(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	k := newSavedSearches()
	tok, err := k.save("a", searchForm{Query: "q"}, now)
	must(t, err)
	n := 3
	counts := &gate.SearchOutcome{Counts: &ownwords.SearchCounts{Participants: &n}}
	hits := &gate.SearchOutcome{Result: &ownwords.SearchResult{}}
	const role, other = ownwords.Role("r1"), ownwords.Role("r2")
	k.keepCounts("b", tok, 1, role, counts, now)
	if s, _ := k.load("a", tok, now); s.countsAt(1, role) != nil {
		t.Error("another session's counts were kept")
	}
	k.keepCounts("a", tok, 1, role, hits, now)
	if s, _ := k.load("a", tok, now); s.countsAt(1, role) != nil {
		t.Error("hits were kept")
	}
	k.keepCounts("a", tok, 1, role, counts, now)
	s, _ := k.load("a", tok, now.Add(searchKeptFor-time.Second))
	if s.countsAt(1, role) != counts || s.countsAt(2, role) != nil || s.countsAt(1, other) != nil {
		t.Error("the counts are not kept for their page and role only")
	}
	if _, ok := k.load("a", tok, now.Add(searchKeptFor)); ok {
		t.Error("the counts outlived their search")
	}
	k.forget("a")
	if s, ok := k.load("a", tok, now); ok || s.counts != nil {
		t.Error("the counts outlived their session")
	}
}
