package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"ownwords"
	"ownwords/quotes"
	"ownwords/sqldb/sqldbtest"
)

// TestQuotesPage: the quote bank of a figure gives owners the team view
// (participant codes, offsets, a link into the transcript) and a preview of
// the public selection; coders the team view without interviews still in
// blind coding; every view is audited.
func TestQuotesPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		const passage = "My cousin 😀 sent videos"
		start, end := cpRange(t, transcriptEN, passage)
		bank := "/quotes?plan=reference&item=influences/family&group=all"
		for _, tt := range []struct {
			name, who, path string
			status          int
			want, notWant   []string
		}{
			{"OwnerTeam", asOwner, bank, http.StatusOK,
				[]string{"Quotes behind <bdi>Family</bdi> <small>influences/family</small>", passage, "P-0001, a", `href="` + hitHref(f.iv.ID, start, end) + `"`, "Interview one, code points",
					`id="public-preview"`, "Audience: <strong>team</strong>"}, []string{"blind coding"}},
			{"OwnerWholeSample", asOwner, "/quotes?item=influences/family", http.StatusOK, []string{passage}, nil},
			{"OwnerPublicPreview", asOwner, bank + "&audience=public", http.StatusOK,
				[]string{"Audience: <strong>public</strong>", `id="preview-label"`, "1 participant(s) withheld: fewer than k participants", `id="team-view"`},
				[]string{passage, "P-0001", "Interview one"}},
			{"CoderBlind", asCoder, bank, http.StatusOK, []string{"Passages of 2 interview(s) of the study still in blind coding"},
				[]string{passage, "P-0001", "public-preview"}},
			{"CoderRefusedPublicPreview", asCoder, bank + "&audience=public", http.StatusForbidden, nil, []string{passage}},
			{"ErrUnknownAudience", asOwner, bank + "&audience=press", http.StatusBadRequest, []string{"want team or public"}, nil},
			{"DerivedItem", asOwner, "/quotes?item=influences/any&group=all", http.StatusOK, []string{passage}, nil},
			{"ErrItemRequired", asOwner, "/quotes", http.StatusBadRequest, []string{"which figure"}, nil},
			{"ErrItemMalformed", asOwner, "/quotes?item=family", http.StatusBadRequest, []string{"want section/slug"}, nil},
			{"ErrNoSuchFigure", asOwner, "/quotes?item=influences/nope&group=all", http.StatusNotFound, nil, nil},
			{"ErrNoSuchGroup", asOwner, "/quotes?item=influences/family&group=nobody", http.StatusNotFound, nil, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				checkPage(t, f.do(http.MethodGet, tt.path, tt.who, nil, nil), tt.status, tt.want, tt.notWant)
			})
		}
		t.Run("CoderSeesQuotesOnceOpened", func(t *testing.T) {
			must(t, st.OpenComparison(t.Context(), f.iv.ID))
			rec := f.do(http.MethodGet, bank, asCoder, nil, jsonHeader)
			var b quotes.Bank
			must(t, json.Unmarshal(rec.Body.Bytes(), &b))
			if rec.Code != http.StatusOK || len(b.Quotes) != 1 || b.Quotes[0].Text != passage || b.Quotes[0].Start != start {
				t.Errorf("coder's JSON quote bank after opening: %d %s", rec.Code, rec.Body)
			}
		})
		var audited []string
		must(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
			if strings.HasPrefix(e.Action, "quotes.") {
				audited = append(audited, e.Actor+" "+e.Action+" "+e.Object+" "+e.Detail)
			}
			return true
		}))
		for _, want := range []string{"owner quotes.team influences/family all", "owner quotes.public influences/family all", "coder quotes.team influences/family all"} {
			if !strings.Contains(strings.Join(audited, "\n"), want) {
				t.Errorf("audit log lacks %q: %q", want, audited)
			}
		}
	})
}

// TestReportLinksQuoteBank: the report links figures to their quote bank
// for roles that may read quotes, and never for analysts or viewers. With
// the family cell at k the coders' public report shows it (suppressed
// cells link nowhere).
func TestReportLinksQuoteBank(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	if body := f.do(http.MethodGet, "/report", asCoder, nil, nil).Body.String(); strings.Contains(body, "/quotes?") {
		t.Error("a suppressed public cell links to its quotes")
	}
	// At k = 2, the least a study may set, a second participant coded with
	// family lifts that cell above the threshold.
	f.mustSegment(t.Context(), f.study.ID, f.ivAR, f.code.ID, f.users[asOwner].ID, ownwords.LayerConsensus, "مقاطع فيديو")
	study := *f.study
	study.Settings.DisclosureK = 2
	must(t, st.UpdateStudy(t.Context(), &study))
	drill := "/report?plan=reference&section=influences&item=family&group=all"
	for _, tt := range []struct {
		who, path string
		want      string
		links     bool
	}{
		{asCoder, "/report", `href="/quotes?`, true},
		{asOwner, drill, `href="/quotes?group=all&amp;item=influences%2Ffamily&amp;plan=reference" id="quote-bank-link"`, true},
		{asOwner, drill, "<h2>Behind Family in all</h2>", true},
		{asOwner, "/report", `href="/quotes?`, false}, // owners' cells drill down; the bank is one click on
		{asAnalyst, drill, `/quotes?`, false},
		{asViewer, "/report", `/quotes?`, false},
	} {
		body := f.do(http.MethodGet, tt.path, tt.who, nil, nil).Body.String()
		if got := strings.Contains(body, tt.want); got != tt.links {
			t.Errorf("%s GET %s: has %q = %v, want %v", tt.who, tt.path, tt.want, got, tt.links)
		}
	}
}

// TestQuotesPageOriginal: a quote of an interview held in Arabic shows
// the original's aligned passage beside it, right to left in its own
// block (lang="ar" dir="rtl"), the quote itself left to right.
func TestQuotesPageOriginal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		must(t, st.PutInterviewText(t.Context(), &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.iv.ID,
			Language: "ar", Role: ownwords.TextOriginal, Text: transcriptAR}))
		checkPage(t, f.do(http.MethodGet, "/quotes?item=influences/family", asOwner, nil, nil), http.StatusOK, []string{
			`<blockquote class="pre" dir="ltr" lang="en">My cousin 😀 sent videos</blockquote>`,
			`<p class="meta">original, ar:</p>`,
			`<blockquote class="pre beside" lang="ar" dir="rtl">أرسل لي ابن عمي مقاطع فيديو.</blockquote>`}, nil)
	})
}
