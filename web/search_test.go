package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/gate"
	"ownwords/sqldb/sqldbtest"
)

// hitForm is the "code this passage" form for the first occurrence of
// word in the English transcript, returning to the kept search token.
func hitForm(f *fixture, word, codeID, token string) url.Values {
	start, end := cpRange(f.tb, transcriptEN, word)
	return form("code_id", codeID, "hit", fmt.Sprintf("%d:%d:%s", start, end, ownwords.HashText(word)),
		"extent", extentSentence, "back", url.Values{"s": {token}}.Encode())
}

// noFragment drops the #fragment of a URL, which browsers never send.
func noFragment(u string) string {
	u, _, _ = strings.Cut(u, "#")
	return u
}

// checkPage checks a response's status and that its body holds every
// string of want and none of notWant.
func checkPage(t *testing.T, rec *httptest.ResponseRecorder, status int, want, notWant []string) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != status {
		t.Errorf("status %d, want %d", rec.Code, status)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(body, w) {
			t.Errorf("page has %q", w)
		}
	}
}

// TestSearchPage runs the search page for every role: owners and coders get
// marked keyword-in-context lines with links and the coding button,
// analysts and viewers only totals (withheld below k) without titles,
// participants or text, and a malformed query shows the parser's message.
func TestSearchPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		videos, _ := cpRange(t, transcriptEN, "videos")
		hidden := []string{"Interview one", "P-0001", "TRANSCRIPT-MARKER", "<mark>", f.iv.ID, "Code this passage"}
		for _, tt := range []struct {
			name, who, path string
			status          int
			want, notWant   []string
		}{
			{"OwnerSeesMarkedHits", asOwner, "/search?q=videos", http.StatusOK,
				[]string{"<mark>videos</mark>. TRANSCRIPT-MARKER", "Interview one", "P-0001", `href="` + hitHref(f.iv.ID, videos, videos+6) + `"`,
					`formaction="/interviews/` + f.iv.ID + `/passages"`, `id="` + hitAnchor(f.iv.ID, videos) + `"`, "Code this passage"}, nil},
			{"CoderSeesMarkedHits", asCoder, "/search?q=videos", http.StatusOK, []string{"<mark>videos</mark>", "Interview one"}, nil},
			{"ArabicHitRightToLeft", asCoder, "/search?q=" + url.QueryEscape("فيديو"), http.StatusOK,
				[]string{`dir="rtl"`, "<mark>فيديو</mark>", "P-0002"}, []string{"Interview one"}},
			{"AnalystGetsWithheldCounts", asAnalyst, "/search?q=videos", http.StatusOK, []string{"the count is withheld", `id="search-inside"`}, hidden},
			{"ViewerGetsWithheldCounts", asViewer, "/search?q=videos", http.StatusOK, []string{"the count is withheld"}, append(hidden, `id="search-inside"`, "ALIAS-")},
			{"MalformedQueryShowsPosition", asOwner, "/search?q=videos)", http.StatusBadRequest,
				[]string{`id="search-problem"`, "query: unexpected &#39;)&#39; at 7", `value="videos)"`}, []string{"<mark>"}},
			{"MalformedQueryForAnalyst", asAnalyst, "/search?q=" + url.QueryEscape(`"videos`), http.StatusBadRequest,
				[]string{"missing closing &#39;&#34;&#39; for the phrase at 1"}, hidden},
			{"EmptyFormSearchesNothing", asOwner, "/search", http.StatusOK, []string{`id="search-q"`}, []string{"hits in", `id="search-problem"`}},
			{"NoHits", asOwner, "/search?q=zebra", http.StatusOK, []string{"0 hits in 0 interviews"}, []string{"<mark>"}},
			{"AttributeFilterKeepsGroup", asOwner, "/search?q=videos&a.gender=man", http.StatusOK, []string{"0 hits"}, []string{"<mark>"}},
			{"LanguageFilter", asOwner, "/search?q=videos&language=ar", http.StatusOK, []string{"0 hits"}, []string{"<mark>"}},
			{"UnknownAttributeRefused", asOwner, "/search?q=videos&a.nope=x", http.StatusBadRequest, []string{"filter a.nope"}, nil},
			{"TextAttributeNotFilterable", asAnalyst, "/search?q=videos&a.alias=x", http.StatusBadRequest, []string{"filter a.alias"}, nil},
			{"ViewerMayNotFilterByCode", asViewer, "/search?q=videos&inside=influences/family", http.StatusForbidden, nil, hidden},
			{"UnknownCoder", asOwner, "/search?q=videos&inside=influences/family&coder=nobody", http.StatusBadRequest, []string{"not an owner or coder"}, nil},
			{"UnknownCode", asOwner, "/search?q=videos&inside=influences/nope", http.StatusNotFound, []string{"not found in this study"}, nil},
			{"InsideOwnLayer", asCoder, "/search?q=cousin&inside=influences/family&coder=coder", http.StatusOK,
				[]string{"<mark>cousin</mark>", `<option value="influences/family" class="depth-1" selected>`}, nil},
			{"OutsideConsensus", asOwner, "/search?q=cousin&outside=influences/family", http.StatusOK, []string{"0 hits"}, []string{"<mark>"}},
			// coder2's coding of "sent videos" is hidden from coder while the
			// interview is blind: filtering by it must not reveal it, and
			// the page names every blind interview of the study (2), not
			// those the query would have matched (1).
			{"BlindCoderLayerLeftOut", asCoder, "/search?q=videos&inside=influences/online&coder=coder2", http.StatusOK,
				[]string{"0 hits", "Not searched: 2 interview(s) of the study still in blind coding"}, []string{"<mark>"}},
			{"BlindConsensusLeftOut", asCoder, "/search?q=videos&inside=influences/family", http.StatusOK,
				[]string{"0 hits", "Not searched: 2 interview(s)"}, []string{"<mark>"}},
			{"BlindNoticeWhateverTheQuery", asCoder, "/search?q=zebra&inside=influences/family", http.StatusOK,
				[]string{"0 hits", "Not searched: 2 interview(s)"}, nil},
			{"OwnLayerNotBlind", asCoder, "/search?q=videos&inside=influences/family&coder=coder", http.StatusOK,
				[]string{"0 hits"}, []string{"blind coding"}},
			{"OwnerSeesOtherLayers", asOwner, "/search?q=videos&inside=influences/online&coder=coder2", http.StatusOK,
				[]string{"<mark>videos</mark>"}, []string{"blind coding"}},
			{"OtherStudyInvisible", asOwner, "/search?q=" + url.QueryEscape("OTHER-MARKER"), http.StatusOK, []string{"0 hits"}, []string{"Other interview"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				checkPage(t, f.get(tt.path, tt.who, nil), tt.status, tt.want, tt.notWant)
			})
		}
		t.Run("CodersCanSeeOtherLayersOnceOpened", func(t *testing.T) {
			must(t, st.OpenComparison(t.Context(), f.iv.ID))
			body := f.get("/search?q=videos&inside=influences/online&coder=coder2", asCoder, nil).Body.String()
			if !strings.Contains(body, "<mark>videos</mark>") || !strings.Contains(body, "Not searched: 1 interview(s)") {
				t.Error("after comparison opened, the coder still does not see the hit inside coder2's coding, or the other blind interview is not named")
			}
		})
	})
}

// newCountsFixture is the fixture at k = 2 (the least a study may set),
// with a second participant's interview making every count of "videos" 2:
// the totals of roles without text are shown.
func newCountsFixture(t *testing.T) *fixture {
	t.Helper()
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	must(t, st.CreateInterview(t.Context(), &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID,
		Title: "Interview three", Language: "en", Transcript: "They shared videos at night."}))
	study := *f.study
	study.Settings.DisclosureK = 2
	must(t, st.UpdateStudy(t.Context(), &study))
	return f
}

// TestSearchCountsAboveK: at k = 2 (the least a study may set), with a
// second participant's interview making every count 2, the totals of roles
// without text are shown, approximate (the gate perturbs them); JSON gives
// the same counts object as `ownwords search`.
func TestSearchCountsAboveK(t *testing.T) {
	f := newCountsFixture(t)
	body := f.get("/search?q=videos", asAnalyst, nil).Body.String()
	// The counts are perturbed (gate): shown as approximate, not exact.
	if !regexp.MustCompile(`About <strong>\d+</strong> participants`).MatchString(body) {
		t.Errorf("analyst's counts missing:\n%s", body)
	}
	rec := f.get("/search?q=videos", asViewer, jsonHeader)
	var c ownwords.SearchCounts
	must(t, json.Unmarshal(rec.Body.Bytes(), &c))
	if rec.Code != http.StatusOK || c.Participants == nil || *c.Participants < 2 || !c.Approximate || c.Withheld || strings.Contains(rec.Body.String(), "interview_id") {
		t.Errorf("viewer's JSON: %d %s", rec.Code, rec.Body)
	}
	rec = f.get("/search?q=videos", asCoder, jsonHeader)
	var res ownwords.SearchResult
	must(t, json.Unmarshal(rec.Body.Bytes(), &res))
	if res.TotalHits != 2 || len(res.Interviews) != 2 || res.Interviews[0].Hits[0].Match != "videos" {
		t.Errorf("coder's JSON: %s", rec.Body)
	}
	if rec := f.get("/search", asCoder, jsonHeader); rec.Code != http.StatusBadRequest {
		t.Errorf("JSON without a query: %d, want 400", rec.Code)
	}
	if rec := f.get("/search?q=a+OR", asCoder, jsonHeader); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "query:") {
		t.Errorf("JSON malformed query: %d %s", rec.Code, rec.Body)
	}
}

// TestSearchPerRole: the form offers each role what the application
// layer accepts from it (gate.SearchChoices), and a search answers it as
// the gate decides: exact breakdowns for owners and coders, breakdowns
// and totals approximate (perturbed by the gate) for analysts and
// viewers, withheld as a whole when a group is below k, and
// no NOT, language, attribute or outside filter for them.
func TestSearchPerRole(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	ctx := t.Context()
	must(t, st.CreateInterview(ctx, &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID,
		Title: "Interview three", Language: "en", Transcript: "They shared videos at night."}))
	for i, g := range []string{"woman", "man"} {
		p := &ownwords.Participant{StudyID: f.study.ID, Code: fmt.Sprintf("P-01%02d", i), Values: map[string]ownwords.Value{
			"gender": {Type: ownwords.AttrCategory, Str: g}, "status": {Type: ownwords.AttrCategory, Str: "returnee"}}}
		must(t, st.CreateParticipant(ctx, p))
		must(t, st.CreateInterview(ctx, &ownwords.Interview{StudyID: f.study.ID, ParticipantID: p.ID,
			Title: "Interview " + p.Code, Language: "en", Transcript: "Then the videos came."}))
	}
	study := *f.study
	study.Settings.DisclosureK = 2
	must(t, st.UpdateStudy(ctx, &study))

	textControls := []string{`id="search-language"`, `id="search-outside"`, `name="a.gender"`, "<code>a NOT b</code>"}
	byGender := url.Values{"q": {"videos"}, "by": {"gender"}}
	exact := []string{`<caption>Participants by gender</caption>`, "<bdi>woman</bdi></th><td>2</td>", "<bdi>man</bdi></th><td>2</td>", "<mark>videos</mark>"}
	rounded := []string{"About <strong>", "</strong> participants", "participants (about)", "Counts are approximate",
		"<bdi>woman</bdi></th><td>", "<bdi>man</bdi></th><td>"}
	withheld := []string{"Participants by status", "the breakdown is withheld"}
	for _, tt := range []struct {
		who                string
		form, notForm      []string
		byGender, byStatus []string
		// refused are searches the gate refuses the role (403) and
		// invalid those the form does not offer it (400).
		refused, invalid []url.Values
	}{
		{who: asOwner, form: append([]string{`id="search-inside"`, `id="search-by"`}, textControls...),
			byGender: exact, byStatus: []string{"<bdi>returnee</bdi></th><td>3</td>", "<bdi>prisoner</bdi></th><td>1</td>"}},
		{who: asCoder, form: append([]string{`id="search-inside"`, `id="search-by"`}, textControls...), byGender: exact},
		{who: asAnalyst, form: []string{`id="search-inside"`, `id="search-by"`, `<option value="gender">gender</option>`, "take no <code>NOT</code>"},
			notForm: textControls, byGender: rounded, byStatus: withheld,
			refused: []url.Values{{"q": {"videos NOT cousin"}}, {"q": {"videos"}, "language": {"en"}}, {"q": {"videos"}, "outside": {"influences/family"}}},
			invalid: []url.Values{{"q": {"videos"}, "a.gender": {"woman"}}, {"q": {"videos"}, "by": {"alias"}}}},
		{who: asViewer, notForm: append([]string{`id="search-inside"`, `id="search-by"`}, textControls...),
			// Viewers, whose view of the study is the public report's, are
			// offered no breakdown.
			refused: []url.Values{{"q": {"videos NOT cousin"}}, {"q": {"videos"}, "inside": {"influences/family"}},
				{"q": {"videos"}, "by": {"status"}}, byGender}},
	} {
		t.Run(tt.who, func(t *testing.T) {
			checkPage(t, f.get("/search", tt.who, nil), http.StatusOK, tt.form, tt.notForm)
			notText := []string{"<mark>", "P-0001", "Interview one"}
			if slices.Contains(tt.byGender, "<mark>videos</mark>") {
				notText = []string{"Counts are approximate", "(about)"}
			}
			if tt.byGender == nil {
				checkPage(t, f.search(tt.who, url.Values{"q": {"videos"}}, nil, nil), http.StatusOK, []string{"About <strong>", "Counts are approximate"}, append(notText, "search-breakdown"))
			} else {
				checkPage(t, f.search(tt.who, byGender, nil, nil), http.StatusOK, tt.byGender, notText)
			}
			if tt.byStatus != nil {
				checkPage(t, f.search(tt.who, url.Values{"q": {"videos"}, "by": {"status"}}, nil, nil), http.StatusOK, tt.byStatus, nil)
			}
			for _, q := range tt.refused {
				checkPage(t, f.search(tt.who, q, nil, nil), http.StatusForbidden, []string{`id="search-problem"`}, append([]string{"hits in", "About <strong>"}, notText...))
			}
			for _, q := range tt.invalid {
				checkPage(t, f.search(tt.who, q, nil, nil), http.StatusBadRequest, []string{`id="search-problem"`}, []string{"hits in", "About <strong>"})
			}
			if tt.byGender == nil {
				return
			}
			rec := f.search(tt.who, byGender, nil, jsonHeader)
			var out struct {
				By *ownwords.SearchBreakdown
			}
			must(t, json.Unmarshal(rec.Body.Bytes(), &out))
			if rec.Code != http.StatusOK || out.By == nil || len(out.By.Groups) != 2 || out.By.Groups[0].Participants < 2 ||
				out.By.Approximate == slices.Contains(tt.byGender, "<mark>videos</mark>") {
				t.Errorf("JSON breakdown: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

// TestSearchAudited: every search is in the audit log, text or counts, its
// query in the detail and never in the object the dashboard lists.
func TestSearchAudited(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	f.get("/search?q=videos", asCoder, nil)
	f.get("/search?q=videos", asAnalyst, nil)
	f.get("/search?q=videos)", asOwner, nil) // malformed: nothing searched
	f.get("/search", asOwner, nil)           // the empty form
	var got []string
	must(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Action == "search" {
			got = append(got, e.Actor+" "+e.Object+" "+e.Detail)
		}
		return true
	}))
	want := []string{"coder text ", "analyst counts "}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("search audit entries %q, want %q", got, want)
	}
	dash := f.do(http.MethodGet, "/", asOwner, nil, nil).Body.String()
	if strings.Contains(dash, "videos") {
		t.Error("the dashboard's activity shows a search query")
	}
}

// TestCodeSearchHit codes search hits from the search page.
func TestCodeSearchHit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		videos, _ := cpRange(t, transcriptEN, "videos")
		sentence := "Participant: My cousin 😀 sent videos."
		coded := func(who, codeID string) []*ownwords.Segment {
			segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.iv.ID,
				CoderID: f.users[who].ID, CodeIDs: []string{codeID}, Layer: ownwords.LayerCoder})
			must(t, err)
			return segs
		}
		path := "/interviews/" + f.iv.ID + "/passages"
		token := f.searchToken(asCoder, "videos")

		// A search term posted in back must not reach the redirect.
		first := hitForm(f, "videos", f.code2.ID, token)
		first.Set("back", url.Values{"s": {token}, "q": {"videos"}}.Encode())
		rec := f.do(http.MethodPost, path, asCoder, first, nil)
		loc := rec.Header().Get("Location")
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/search?") || !strings.HasSuffix(loc, "#"+hitAnchor(f.iv.ID, videos)) ||
			strings.Contains(loc, "videos") {
			t.Fatalf("code a hit: %d to %q", rec.Code, loc)
		}
		segs := coded(asCoder, f.code2.ID)
		start, end := cpRange(t, transcriptEN, sentence)
		if len(segs) != 1 || segs[0].Start != start || segs[0].End != end || segs[0].TextHash != ownwords.HashText(sentence) {
			t.Fatalf("segments %+v, want one on the sentence %d..%d", segs, start, end)
		}
		u, err := url.Parse(loc)
		must(t, err)
		if q := u.Query(); q.Get("s") != token || q.Has("q") || q.Get("coded") != segs[0].ID || q.Get("code") != f.code2.ID || q.Get("already") != "" {
			t.Errorf("redirect query %v", q)
		}
		page := f.do(http.MethodGet, noFragment(loc), asCoder, nil, nil).Body.String()
		for _, w := range []string{`id="coded"`, "Coded as <bdi>Online media</bdi> <small>influences/online</small>", sentence, `?segment=` + segs[0].ID,
			`<option value="` + f.code2.ID + `" selected>`} {
			if !strings.Contains(page, w) {
				t.Errorf("search page after coding lacks %q", w)
			}
		}
		if page := f.do(http.MethodGet, noFragment(loc), asCoder2, nil, nil).Body.String(); strings.Contains(page, `id="coded"`) ||
			strings.Contains(page, "<mark>") || !strings.Contains(page, noteExpired) {
			t.Error("coder2 opened coder's kept search, or saw coder's segment confirmed")
		}
		other := "/search?" + url.Values{"s": {f.searchToken(asCoder2, "videos")}, "coded": {segs[0].ID}}.Encode()
		if page := f.do(http.MethodGet, other, asCoder2, nil, nil).Body.String(); strings.Contains(page, `id="coded"`) || !strings.Contains(page, "<mark>") {
			t.Error("another coder's segment confirmed on coder2's own search")
		}

		rec = f.do(http.MethodPost, path, asCoder, hitForm(f, "videos", f.code2.ID, token), nil)
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.Contains(loc, "already=1") || len(coded(asCoder, f.code2.ID)) != 1 {
			t.Errorf("coding the same passage again: %d to %q, %d segments", rec.Code, loc, len(coded(asCoder, f.code2.ID)))
		}
		if page := f.do(http.MethodGet, noFragment(rec.Header().Get("Location")), asCoder, nil, nil).Body.String(); !strings.Contains(page, "Already coded") {
			t.Error("no 'already coded' notice")
		}

		match := hitForm(f, "cousin", f.code2.ID, token)
		match.Set("extent", extentMatch)
		rec = f.do(http.MethodPost, path, asOwner, match, jsonHeader)
		var out struct{ Segment ownwords.Segment }
		must(t, json.Unmarshal(rec.Body.Bytes(), &out))
		cs, ce := cpRange(t, transcriptEN, "cousin")
		if rec.Code != http.StatusCreated || out.Segment.Start != cs || out.Segment.End != ce || out.Segment.Layer != ownwords.LayerCoder ||
			out.Segment.CoderID != f.users[asOwner].ID {
			t.Errorf("owner codes the match only (JSON): %d %s", rec.Code, rec.Body)
		}

		stale := hitForm(f, "videos", f.code.ID, token)
		stale.Set("hit", fmt.Sprintf("%d:%d:%s", videos, videos+6, ownwords.HashText("VIDEOS")))
		derived := hitForm(f, "videos", f.dcode.ID, token)
		otherStudy := hitForm(f, "videos", f.otherCode.ID, token)
		evil := hitForm(f, "Later", f.code.ID, token)
		evil.Set("back", "q=x&next=//evil.example/")
		for _, tt := range []struct {
			name   string
			body   url.Values
			status int
		}{
			{"ErrTranscriptChanged", stale, http.StatusConflict},
			{"ErrDerivedCode", derived, http.StatusBadRequest},
			{"ErrOtherStudyCode", otherStudy, http.StatusNotFound},
			{"ErrNoCode", form("hit", "1:2:"+strings.Repeat("a", 64)), http.StatusBadRequest},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if rec := f.do(http.MethodPost, path, asCoder, tt.body, nil); rec.Code != tt.status {
					t.Errorf("status %d, want %d", rec.Code, tt.status)
				}
			})
		}
		t.Run("RedirectStaysOnSearch", func(t *testing.T) {
			rec := f.do(http.MethodPost, path, asCoder, evil, nil)
			if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/search?") {
				t.Errorf("status %d to %q", rec.Code, loc)
			}
		})
	})
}

func TestParseHitForm(t *testing.T) {
	hash := ownwords.HashText("x")
	for _, tt := range []struct {
		name    string
		form    url.Values
		want    hitInput
		wantErr string
	}{
		{"OK", form("code_id", "c", "hit", "3:9:"+hash, "back", "s=T&page=2"),
			hitInput{CodeID: "c", Start: 3, End: 9, TextHash: hash, Extent: extentSentence, Back: url.Values{"s": {"T"}, "page": {"2"}}}, ""},
		{"OKExpandedInterviewKept", form("code_id", "c", "hit", "3:9:"+hash, "back", "s=T&page=2&all=iv-1&q=a"),
			hitInput{CodeID: "c", Start: 3, End: 9, TextHash: hash, Extent: extentSentence, Back: url.Values{"s": {"T"}, "page": {"2"}, "all": {"iv-1"}}}, ""},
		{"OKSearchTermsDropped", form("code_id", "c", "hit", "3:9:"+hash, "back", "s=T&q=a+b&a.gender=woman"),
			hitInput{CodeID: "c", Start: 3, End: 9, TextHash: hash, Extent: extentSentence, Back: url.Values{"s": {"T"}}}, ""},
		{"OKParagraph", form("code_id", "c", "hit", "0:1:"+strings.ToUpper(hash), "extent", "paragraph"),
			hitInput{CodeID: "c", Start: 0, End: 1, TextHash: hash, Extent: extentParagraph, Back: url.Values{}}, ""},
		{"ErrCodeRequired", form("hit", "3:9:"+hash), hitInput{}, "choose a code"},
		{"ErrExtent", form("code_id", "c", "hit", "3:9:"+hash, "extent", "page"), hitInput{}, "extent"},
		{"ErrHitParts", form("code_id", "c", "hit", "3:9"), hitInput{}, "want start:end:sha256"},
		{"ErrHitEmpty", form("code_id", "c", "hit", "9:9:"+hash), hitInput{}, "want start:end:sha256"},
		{"ErrHitNegative", form("code_id", "c", "hit", "-1:9:"+hash), hitInput{}, "want start:end:sha256"},
		{"ErrHitNumber", form("code_id", "c", "hit", "a:9:"+hash), hitInput{}, "want start:end:sha256"},
		{"ErrHash", form("code_id", "c", "hit", "3:9:abc"), hitInput{}, "want start:end:sha256"},
		{"ErrBack", form("code_id", "c", "hit", "3:9:"+hash, "back", "q=%zz"), hitInput{}, "back"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseHitForm(tt.form)
			if tt.wantErr != "" {
				if err == nil || ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(ownwords.ErrorMessage(err), tt.wantErr) {
					t.Errorf("error %v, want EINVALID with %q", err, tt.wantErr)
				}
				return
			}
			must(t, err)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestWiden(t *testing.T) {
	const s = "Q: Why?\nA: I went. Then I left them. \"Why?\" they asked.\nThey let me go."
	at := func(sub string) (int, int) { return cpRange(t, s, sub) }
	for _, tt := range []struct {
		name, hit, extent, want string
	}{
		{"Match", "left", extentMatch, "left"},
		{"Sentence", "left", extentSentence, "Then I left them."},
		{"SentenceAtLineStart", "I went", extentSentence, "A: I went."},
		{"SentenceAcrossSentences", "went. Then", extentSentence, "A: I went. Then I left them."},
		{"Paragraph", "left", extentParagraph, "A: I went. Then I left them. \"Why?\" they asked."},
		{"Turn", "left", extentTurn, "A: I went. Then I left them. \"Why?\" they asked.\nThey let me go."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hs, he := at(tt.hit)
			start, end := widen(s, hs, he, tt.extent)
			if got, _ := ownwords.Slice(s, start, end); got != tt.want {
				t.Errorf("widen(%q, %s) = %q, want %q", tt.hit, tt.extent, got, tt.want)
			}
		})
	}
}

func TestParseSearchForm(t *testing.T) {
	attrs := []gate.FilterChoice{{Slug: "gender", Choices: []string{"man", "woman"}}, {Slug: "returnee", Choices: []string{"true", "false"}}}
	many := url.Values{"q": {"x"}}
	for i := range maxCodeFilters + 1 {
		many.Add("outside", fmt.Sprintf("s/c%d", i))
	}
	for _, tt := range []struct {
		name    string
		q       url.Values
		want    searchForm
		wantErr string
	}{
		{"OK", url.Values{"q": {" hunger OR food "}, "language": {"ar"}, "a.gender": {"woman"}, "inside": {"s/a", "s/a", " "},
			"outside": {"s/b"}, "coder": {"coder-a"}},
			searchForm{Query: "hunger OR food", Language: "ar", Attrs: groupFilter{"gender": "woman"}, Inside: []string{"s/a"},
				Outside: []string{"s/b"}, Coder: "coder-a"}, ""},
		{"OKEmpty", url.Values{}, searchForm{Attrs: groupFilter{}}, ""},
		{"ErrUnknownAttribute", url.Values{"a.origin": {"x"}}, searchForm{}, "filter a.origin"},
		{"ErrTooManyCodes", many, searchForm{}, "outside: at most"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSearchForm(tt.q, attrs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(ownwords.ErrorMessage(err), tt.wantErr) {
					t.Errorf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			must(t, err)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestInterviewMarksSearchHit: a search link opens the interview with the
// hit marked and anchored.
func TestInterviewMarksSearchHit(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	start, end := cpRange(t, transcriptEN, "videos")
	body := f.do(http.MethodGet, noFragment(hitHref(f.iv.ID, start, end)), asCoder, nil, nil).Body.String()
	if !strings.Contains(body, `id="hit"`) || !strings.Contains(body, "<mark>videos</mark>") {
		t.Error("the hit is not marked")
	}
	for _, bad := range []string{"x", "9-3", "-1-4", "3"} {
		body := f.do(http.MethodGet, "/interviews/"+f.iv.ID+"?hit="+bad, asCoder, nil, nil).Body.String()
		if strings.Contains(body, `id="hit"`) {
			t.Errorf("?hit=%s marked something", bad)
		}
	}
	body = f.do(http.MethodGet, "/interviews/"+f.iv.ID+"?segment="+f.seg.ID+"&hit=0-5", asCoder, nil, nil).Body.String()
	if strings.Contains(body, `id="hit"`) || !strings.Contains(body, "<mark>My cousin</mark>") {
		t.Error("a selected segment should win over ?hit=")
	}
}

// TestNavFollowsPolicy: the menu offers Search and Reliability, and the
// interview page its comparison, exactly to the roles the policy allows.
func TestNavFollowsPolicy(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	for _, tt := range []struct {
		who                 string
		search, reliability bool
	}{{asOwner, true, true}, {asCoder, true, true}, {asAnalyst, true, true}, {asViewer, true, false}} {
		body := f.do(http.MethodGet, "/report", tt.who, nil, nil).Body.String()
		if got := strings.Contains(body, `<a href="/search">`); got != tt.search {
			t.Errorf("%s: search link %v, want %v", tt.who, got, tt.search)
		}
		if got := strings.Contains(body, `<a href="/reliability">`); got != tt.reliability {
			t.Errorf("%s: reliability link %v, want %v", tt.who, got, tt.reliability)
		}
	}
	link := `href="/interviews/` + f.iv.ID + `/comparison"`
	if body := f.do(http.MethodGet, "/interviews/"+f.iv.ID, asOwner, nil, nil).Body.String(); !strings.Contains(body, link) {
		t.Error("the owner's interview page does not link its comparison")
	}
	if body := f.do(http.MethodGet, "/interviews/"+f.iv.ID, asCoder, nil, nil).Body.String(); strings.Contains(body, link) {
		t.Error("a coder's interview page links the comparison, which they may not open")
	}
}

// TestSearchPageOtherTexts: the English interview has an Arabic original
// (transcriptAR's words, aligned turn by turn): an Arabic word lands on
// the pair, the hit in the original right to left and named, the
// transcript's turn beside it left to right, without the coding button
// (codings anchor on the transcript) but linking to that turn; a hit in
// the transcript shows the original's turn.
func TestSearchPageOtherTexts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		must(t, st.PutInterviewText(t.Context(), &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.iv.ID,
			Language: "ar", Role: ownwords.TextOriginal, Text: transcriptAR}))
		texts, err := st.InterviewTexts(t.Context(), f.iv.ID)
		must(t, err)
		start, end := cpRange(t, transcriptAR, "مقاطع")
		body := f.get("/search?q="+url.QueryEscape("مقاطع"), asOwner, nil)
		checkPage(t, body, http.StatusOK, []string{
			`<span class="meta hit-in">in the original, ar:</span> <a class="kwic" lang="ar" dir="rtl" href="` +
				html.EscapeString(textHitHref(f.iv.ID, texts[0].ID, start, end)) + `"`,
			`<span class="meta">transcript, en:</span> <bdi lang="en" dir="ltr">Participant: My cousin`,
			"2 hits in 2 interviews"}, nil)
		// One coding button: the hit in مقابلة's transcript.
		if n := strings.Count(body.Body.String(), "Code this passage"); n != 1 {
			t.Errorf("%d coding buttons, want 1 (the transcript's hit)", n)
		}
		checkPage(t, f.get("/search?q=videos", asOwner, nil), http.StatusOK, []string{
			`<span class="meta">original, ar:</span> <bdi lang="ar" dir="rtl">جواب: أرسل لي ابن عمي مقاطع فيديو.</bdi>`, "Code this passage"}, []string{"hit-in"})
	})
}
