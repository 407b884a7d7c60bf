package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// translationEN is the English translation of transcriptAR, turn by turn.
const translationEN = "Q: How did it start?\nA: My cousin sent me videos."

// mustTranslation gives the Arabic interview its English translation and
// codes "ابن عمي" in it as the coder (family): the stripe the other column
// shows projected.
func (f *fixture) mustTranslation(t testing.TB) (*ownwords.InterviewText, *ownwords.Segment) {
	t.Helper()
	tr := &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.ivAR.ID, Language: "en", Role: ownwords.TextTranslation,
		Method: ownwords.MethodInterpreter, Translator: "Interpreter", Text: translationEN}
	must(t, f.store.PutInterviewText(t.Context(), tr))
	seg := f.mustSegment(t.Context(), f.study.ID, f.ivAR, f.code.ID, f.users[asCoder].ID, ownwords.LayerCoder, "ابن عمي")
	return tr, seg
}

// TestSideBySide: an interview with a translation is read in two columns,
// each with its language and direction, level turn by turn; a coding of
// the transcript shows in both (blind coding applied to both), the
// selected one marked in both; a passage selected in the translation is
// coded once, on the transcript at the aligned turn; the transcript alone
// is one choice away; and who may not read the transcript reads neither.
func TestSideBySide(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		tr, seg := f.mustTranslation(t)
		page := func(f *fixture) string { return "/interviews/" + f.ivAR.ID }
		stripe := `data-segment="` + seg.ID + `"`
		run(t, f, []scenario{
			{name: "TwoColumns", who: asCoder, method: "GET", path: page, status: 200,
				contains: []string{`id="side-by-side"`, `id="transcript" class="transcript text-column" dir="rtl" lang="ar"`,
					`id="other-text" class="transcript text-column" dir="ltr" lang="en" data-text="` + tr.ID + `"`,
					`data-unit="1"`, `data-unit="2"`, "My cousin sent me videos.", "en translation (interpreter), Interpreter",
					"/static/sidebyside.js", "?text=none"},
				audit: []string{"coder transcript.view"}},
			{name: "SelectedInBoth", who: asCoder, method: "GET", path: func(f *fixture) string { return page(f) + "?segment=" + seg.ID }, status: 200,
				contains: []string{"<mark>ابن عمي</mark>", "<mark>My cousin sent me videos.</mark>",
					`<blockquote class="pre" id="other-quote" dir="ltr" lang="en">My cousin sent me videos.</blockquote>`}},
			// A search hit in the translation (its link, textHitHref)
			// is marked there, and the aligned passage of the transcript
			// is marked; a hit in the transcript is marked in both too.
			// Each column anchors its mark (sidebyside.js scrolls both).
			{name: "TextHitInBoth", who: asCoder2, method: "GET", path: func(f *fixture) string {
				start, end := cpRange(t, translationEN, "videos")
				return strings.TrimSuffix(textHitHref(f.ivAR.ID, tr.ID, start, end), "#hit")
			}, status: 200,
				contains: []string{`<p class="para" id="hit" data-start="21"`, "<mark>أرسل لي ابن عمي مقاطع فيديو.</mark>",
					`<p class="para" id="other-hit"`, "My cousin sent me <mark>videos</mark>."}},
			{name: "HitInBoth", who: asCoder2, method: "GET", path: func(f *fixture) string {
				start, end := cpRange(t, transcriptAR, "مقاطع")
				return page(f) + fmt.Sprintf("?hit=%d-%d", start, end)
			}, status: 200,
				contains: []string{`<p class="para" id="hit"`, "ابن عمي <mark>مقاطع</mark> فيديو.", `<p class="para" id="other-hit"`, "<mark>My cousin sent me videos.</mark>"}},
			{name: "BlindInBoth", who: asCoder2, method: "GET", path: page, status: 200,
				contains: []string{`id="other-text"`}, excludes: []string{stripe}},
			{name: "TranscriptAlone", who: asCoder, method: "GET", path: func(f *fixture) string { return page(f) + "?text=none" }, status: 200,
				contains: []string{`id="text-choice"`, stripe}, excludes: []string{`id="other-text"`, "My cousin sent me videos."}},
			{name: "JSONHasTexts", who: asCoder, method: "GET", path: page, header: jsonHeader, status: 200,
				contains: []string{`"texts":[`, `"language":"en"`}},
			{name: "ErrAnalyst", who: asAnalyst, method: "GET", path: page, status: 403, excludes: []string{"My cousin sent me videos."}},
			{name: "ErrViewerJSON", who: asViewer, method: "GET", path: page, header: jsonHeader, status: 403, excludes: []string{"My cousin"}},
			{name: "CodeInTranslation", who: asCoder2, method: "POST", path: func(f *fixture) string { return page(f) + "/segments" }, header: jsonHeader,
				body: func(f *fixture) any { return otherSegJSON(f, f.code2.ID, tr.ID, "sent me") }, status: 201,
				audit: []string{"coder2 segment.create"}},
			// A resize may select the new passage in the translation
			// (the segment panel's "use the selected text"): its hash is
			// checked against the translation, the segment moves to the
			// aligned turn of the transcript; blind coding and the
			// segment's owner rule as for any change.
			{name: "ErrResizeInTranslationNoHash", who: asCoder, method: "POST", path: func(f *fixture) string { return "/segments/" + seg.ID }, header: jsonHeader,
				body: func(f *fixture) any {
					return fmt.Sprintf(`{"version": %d, "start": 0, "end": 1, "text_id": %q}`, seg.Version, tr.ID)
				}, status: 400, contains: []string{"does not match the stored en text"}},
			{name: "ErrResizeInTranslationBlind", who: asCoder2, method: "POST", path: func(f *fixture) string { return "/segments/" + seg.ID },
				body: func(f *fixture) any { return resizeForm(f, seg, tr.ID, "How did it start") }, status: 404},
			{name: "ErrResizeInTranslationAnalyst", who: asAnalyst, method: "POST", path: func(f *fixture) string { return "/segments/" + seg.ID },
				body: func(f *fixture) any { return resizeForm(f, seg, tr.ID, "How did it start") }, status: 403},
			{name: "ResizeInTranslation", who: asCoder, method: "POST", path: func(f *fixture) string { return "/segments/" + seg.ID },
				body: func(f *fixture) any { return resizeForm(f, seg, tr.ID, "How did it start") }, status: 303,
				audit: []string{"coder segment.update"}},
		})
		// One segment, on the Arabic transcript, at the aligned turn.
		segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.ivAR.ID, CoderID: f.users[asCoder2].ID})
		must(t, err)
		if len(segs) != 1 {
			t.Fatalf("coder2's segments on the Arabic interview: %+v", segs)
		}
		if got, _ := ownwords.Slice(transcriptAR, segs[0].Start, segs[0].End); got != "أرسل لي ابن عمي مقاطع فيديو." {
			t.Errorf("coded in the translation, stored on the transcript as %q", got)
		}
		if moved, err := st.Segment(t.Context(), seg.ID); err != nil {
			t.Error(err)
		} else if got, _ := ownwords.Slice(transcriptAR, moved.Start, moved.End); got != "كيف بدأ الأمر؟" {
			t.Errorf("resized in the translation, stored on the transcript as %q", got)
		}
		// Both columns show its stripe.
		body := f.do(http.MethodGet, "/interviews/"+f.ivAR.ID, asCoder2, nil, nil).Body.String()
		if n := strings.Count(body, `data-segment="`+segs[0].ID+`"`); n != 3 { // two stripes and the list
			t.Errorf("coder2's coding shows %d times, want its stripe in both columns and its list entry", n)
		}
	})
}

// otherSegJSON is the body the coding script sends for quote selected in
// the other text textID (translationEN).
func otherSegJSON(f *fixture, codeID, textID, quote string) string {
	start, end := cpRange(f.tb, translationEN, quote)
	return fmt.Sprintf(`{"code_id": %q, "start": %d, "end": %d, "text_hash": %q, "text_id": %q}`,
		codeID, start, end, ownwords.HashText(quote), textID)
}

// TestSideBySideView: which text the column shows (?text=), the stripes
// projected to it, and a text that no longer aligns shown without them.
func TestSideBySideView(t *testing.T) {
	iv := &ownwords.Interview{ID: "iv", Transcript: transcriptAR}
	aligned := &ownwords.InterviewText{ID: "en", Language: "en", Role: ownwords.TextTranslation, Text: translationEN}
	broken := &ownwords.InterviewText{ID: "fr", Language: "fr", Role: ownwords.TextTranslation, Text: "Q: Comment ?\nR: Mon cousin.\nQ: Et ?"}
	byHand := &ownwords.InterviewText{ID: "fr-hand", Language: "fr", Role: ownwords.TextTranslation, Translator: "B",
		Text: "Q: Comment ?\nR: Mon cousin.\nQ: Et ?", Alignment: "1:1,2:2-3"}
	start, end := cpRange(t, transcriptAR, "ابن عمي")
	seg := &ownwords.Segment{ID: "s1", Start: start, End: end}
	tests := []struct {
		name, chosen string
		other        string // the ID of the text shown, "" for none
		stripes      int    // in the other column
		misaligned   bool
	}{
		{name: "first by default", chosen: "", other: "en", stripes: 1},
		{name: "named", chosen: "fr", other: "fr", misaligned: true},
		// The group of two turns is two paragraphs: a stripe beside each.
		{name: "aligned by hand", chosen: "fr-hand", other: "fr-hand", stripes: 2},
		{name: "transcript alone", chosen: textNone},
		{name: "unknown ID", chosen: "nope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := &interviewView{Interview: iv, stripes: []coded{{Seg: seg, Color: "#000"}}}
			v.Paragraphs, _ = layoutTranscript(iv.Transcript, v.stripes, "")
			v.sideBySide([]*ownwords.InterviewText{aligned, broken, byHand}, tc.chosen)
			if len(v.Texts) != 4 {
				t.Fatalf("choices %+v", v.Texts)
			}
			if tc.other == "" {
				if v.Other != nil {
					t.Fatalf("shows %s", v.Other.Text.ID)
				}
				return
			}
			if v.Other == nil || v.Other.Text.ID != tc.other || (v.Other.Misaligned != "") != tc.misaligned {
				t.Fatalf("other column %+v", v.Other)
			}
			n := 0
			for _, p := range v.Other.Paragraphs {
				n += len(p.Stripes)
			}
			if n != tc.stripes {
				t.Errorf("%d stripes in the other column, want %d", n, tc.stripes)
			}
			if tc.misaligned && !strings.Contains(v.Other.Misaligned, "this text") {
				t.Errorf("misaligned: %q", v.Other.Misaligned)
			}
		})
	}
}

// TestSideBySideDirections: each column takes its own text's direction: an
// English transcript beside its Arabic original reads right to left in the
// original's column only.
func TestSideBySideDirections(t *testing.T) {
	tests := []struct{ transcriptLang, otherLang, wantMain, wantOther string }{
		{"en", "ar", "ltr", "rtl"},
		{"ar", "en", "rtl", "ltr"},
		{"fa", "ur", "rtl", "rtl"},
		{"en", "he-IL", "ltr", "rtl"},
		{"", "fr", "auto", "ltr"},
	}
	for _, tc := range tests {
		iv := &ownwords.Interview{ID: "iv", Language: tc.transcriptLang, Transcript: translationEN}
		v := &interviewView{Interview: iv, Dir: direction(iv.Language)}
		v.sideBySide([]*ownwords.InterviewText{{ID: "o", Language: tc.otherLang, Role: ownwords.TextOriginal, Text: transcriptAR}}, "")
		if v.Dir != tc.wantMain || v.Other == nil || v.Other.Dir != tc.wantOther || v.Other.Misaligned != "" {
			t.Errorf("%s beside %s: %s and %+v, want %s and %s", tc.transcriptLang, tc.otherLang, v.Dir, v.Other, tc.wantMain, tc.wantOther)
		}
	}
}

// TestSideBySideTimes: the time anchors of the transcript attach to the
// other text too (issue 18): each paragraph of the other column carries
// the time at which the aligned passage of the transcript begins
// (data-t-start, which the player seeks to on a click), a blank one
// none; without anchors the other column is not timed.
func TestSideBySideTimes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		// A blank line between the original's turns.
		original := strings.Replace(transcriptAR, "\n", "\n\n", 1)
		must(t, st.PutInterviewText(t.Context(), &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.iv.ID,
			Language: "ar", Role: ownwords.TextOriginal, Text: original}))
		other := func() string {
			t.Helper()
			body := f.get("/interviews/"+f.iv.ID, asCoder, nil).Body.String()
			i := strings.Index(body, `id="other-text"`)
			if i < 0 {
				t.Fatal("no other column")
			}
			col, _, _ := strings.Cut(body[i:], `<aside class="side">`)
			return col
		}
		if col := other(); strings.Contains(col, "data-t-start") {
			t.Error("the other column is timed without anchors")
		}
		f.mustAnchorTurns(t, 2000, 5250, 31000)
		col := other()
		for _, want := range []string{
			`data-start="0" data-end="20" data-t-start="2" data-unit="1">سؤال: كيف بدأ الأمر؟`,
			`data-t-start="5.25" data-unit="2">جواب: أرسل لي`,
		} {
			if !strings.Contains(col, want) {
				t.Errorf("the other column lacks %s", want)
			}
		}
		if n := len(regexp.MustCompile(`<p class="para"[^>]* data-t-start=`).FindAllString(col, -1)); n != 2 {
			t.Errorf("%d timed paragraphs in the other column, want 2 (its blank line untimed):\n%s", n, col)
		}
	})
}

// resizeForm is the segment panel's form resizing seg to quote of the
// other text textID (translationEN), as "use the selected text" fills it.
func resizeForm(f *fixture, seg *ownwords.Segment, textID, quote string) url.Values {
	start, end := cpRange(f.tb, translationEN, quote)
	return form("version", strconv.Itoa(seg.Version), "start", strconv.Itoa(start), "end", strconv.Itoa(end),
		"text_hash", ownwords.HashText(quote), "text_id", textID)
}

// TestSegmentPanelKeepsText: the segment panel's forms (save, remove,
// adopt) send back the text the page showed beside the transcript, and
// their redirect comes back to it, side by side or alone; a value that is
// not an ID is dropped. An interview without other texts sends none.
func TestSegmentPanelKeepsText(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	tr, seg := f.mustTranslation(t)
	panel := func(query string) string {
		return f.do(http.MethodGet, "/interviews/"+f.ivAR.ID+"?segment="+seg.ID+query, asCoder, nil, nil).Body.String()
	}
	for _, c := range []struct{ query, want string }{{"", tr.ID}, {"&text=" + tr.ID, tr.ID}, {"&text=none", "none"}} {
		if n := strings.Count(panel(c.query), `<input type="hidden" name="text" value="`+c.want+`">`); n != 2 { // save, remove (a coder adopts nothing)
			t.Errorf("panel of ?segment…%s: %d forms send text=%s, want 2", c.query, n, c.want)
		}
	}
	other := f.mustSegment(t.Context(), f.study.ID, f.iv, f.code.ID, f.users[asCoder].ID, ownwords.LayerCoder, "Later I travelled")
	if body := f.do(http.MethodGet, "/interviews/"+f.iv.ID+"?segment="+other.ID, asCoder, nil, nil).Body.String(); strings.Contains(body, `name="text"`) {
		t.Error("an interview without other texts sends a text back")
	}
	for _, c := range []struct {
		name, text, want string
	}{
		{"Translation", tr.ID, "/interviews/" + f.ivAR.ID + "?segment=" + seg.ID + "&text=" + tr.ID + "#segment-panel"},
		{"Alone", "none", "/interviews/" + f.ivAR.ID + "?segment=" + seg.ID + "&text=none#segment-panel"},
		{"NotAnID", `x"><script>`, "/interviews/" + f.ivAR.ID + "?segment=" + seg.ID + "#segment-panel"},
		{"None", "", "/interviews/" + f.ivAR.ID + "?segment=" + seg.ID + "#segment-panel"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cur, err := st.Segment(t.Context(), seg.ID)
			must(t, err)
			rec := f.do(http.MethodPost, "/segments/"+seg.ID, asCoder, form("version", strconv.Itoa(cur.Version), "memo", c.name, "text", c.text), nil)
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != c.want {
				t.Errorf("save: %d to %q, want 303 to %q", rec.Code, rec.Header().Get("Location"), c.want)
			}
		})
	}
	cur, err := st.Segment(t.Context(), seg.ID)
	must(t, err)
	rec := f.do(http.MethodPost, "/segments/"+seg.ID+"/delete", asCoder, form("version", strconv.Itoa(cur.Version), "text", tr.ID), nil)
	if want := "/interviews/" + f.ivAR.ID + "?text=" + tr.ID; rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
		t.Errorf("remove: %d to %q, want 303 to %q", rec.Code, rec.Header().Get("Location"), want)
	}
}
