package web

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestTranscriptEditor saves an edit of a coded transcript through the
// form: the page offers the editor to the text roles only, a save sends to
// the list of moved and broken codings (the editing coder's own only, the
// owner's all), which stays linked from the interview page; a stale save is
// refused with the caller's text kept in the editor; an analyst cannot
// save.
func TestTranscriptEditor(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		ivPath := "/interviews/" + f.iv.ID
		page := f.get(ivPath, asCoder, nil).Body.String()
		if strings.Contains(page, `id="transcript-editor"`) || !strings.Contains(page, `id="editor-locked"`) {
			t.Error("the coder's page of a coded interview offers the editor, or does not say why not")
		}
		page = f.get(ivPath, asOwner, nil).Body.String()
		if !strings.Contains(page, `id="transcript-editor" data-transcript-editor`) || !strings.Contains(page, `name="version" value="1"`) {
			t.Fatal("the owner's interview page has no transcript editor at version 1")
		}
		if strings.Contains(page, `id="edits-link"`) {
			t.Error("an edits link before any edit")
		}
		// A word typed in the first turn, with a timestamp: every coding
		// of the second turn moves.
		text := strings.ReplaceAll(strings.Replace(transcriptEN, "Interviewer:", "[00:00:03] Interviewer: So,", 1), "\n", "\r\n")
		rec := f.do("POST", ivPath+"/transcript", asAnalyst, form("version", "1", "transcript", text), nil)
		if rec.Code != http.StatusForbidden {
			t.Errorf("analyst save: %d, want 403", rec.Code)
		}
		// Coding has begun: a coder may not change the text any more.
		rec = f.do("POST", ivPath+"/transcript", asCoder, form("version", "1", "transcript", text), nil)
		if rec.Code != http.StatusForbidden {
			t.Errorf("coder's save of a coded transcript: %d, want 403", rec.Code)
		}
		rec = f.do("POST", ivPath+"/transcript", asOwner, form("version", "1", "transcript", text), nil)
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), ivPath+"/edits?saved=") {
			t.Fatalf("save: %d to %q, want 303 to the edits page", rec.Code, rec.Header().Get("Location"))
		}
		iv, err := st.Interview(t.Context(), f.iv.ID)
		must(t, err)
		if iv.Transcript != strings.Replace(transcriptEN, "Interviewer:", "Interviewer: So,", 1) || len(iv.Anchors) != 1 || iv.Anchors[0].Ms != 3000 {
			t.Fatalf("saved %q with anchors %v", iv.Transcript, iv.Anchors)
		}
		if !strings.Contains(f.get(rec.Header().Get("Location"), asOwner, nil).Body.String(), `id="saved-notice"`) {
			t.Error("the owner's edits page after the save has no notice")
		}
		list := f.get(ivPath+"/edits", asCoder, nil).Body.String()
		if !strings.Contains(list, `data-segment="`+f.seg.ID+`"`) || strings.Contains(list, f.seg2.ID) || strings.Contains(list, "<bdi>"+asOwner+"</bdi>") || !strings.Contains(list, "another member") {
			t.Errorf("coder's edits page lacks their moved coding or shows another coder's:\n%s", list)
		}
		if !strings.Contains(list, ">moved<") || !strings.Contains(list, "My cousin") {
			t.Error("coder's edits page does not say the coding moved, with its text")
		}
		owner := f.get(ivPath+"/edits", asOwner, nil).Body.String()
		for _, s := range []*ownwords.Segment{f.seg, f.seg2, f.cons} {
			if !strings.Contains(owner, `data-segment="`+s.ID+`"`) {
				t.Errorf("owner's edits page lacks segment %s", s.ID)
			}
		}
		if !strings.Contains(f.get(ivPath, asCoder, nil).Body.String(), `id="edits-link"`) {
			t.Error("the interview page does not link the saved edits")
		}

		// A stale save: refused, the draft kept, nothing overwritten.
		draft := "DRAFT-MARKER " + transcriptEN
		rec = f.do("POST", ivPath+"/transcript", asOwner, form("version", "1", "transcript", draft), nil)
		body := html.UnescapeString(rec.Body.String())
		if rec.Code != http.StatusConflict || !strings.Contains(body, "DRAFT-MARKER") || !strings.Contains(body, "saved by someone else") || !strings.Contains(body, `id="editor-panel" class="editor" open`) {
			t.Errorf("stale save: %d, want 409 with the draft and the reason in an open editor", rec.Code)
		}
		if again, _ := st.Interview(t.Context(), f.iv.ID); again.Version != iv.Version || strings.Contains(again.Transcript, "DRAFT-MARKER") {
			t.Error("a stale save changed the transcript")
		}

		// The JSON form: a stale save is a 409 with the reason; a current
		// one answers the edit with its moves.
		rec = f.do("POST", ivPath+"/transcript", asOwner, `{"version":1,"transcript":"x"}`, jsonHeader)
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), `"code":"conflict"`) {
			t.Errorf("stale JSON save: %d %s", rec.Code, rec.Body)
		}

		// Breaking: the owner edits inside the consensus passage.
		broken := strings.Replace(iv.Transcript, "😀 sent", "😀 had sent", 1)
		rec = f.do("POST", ivPath+"/transcript", asOwner, form("version", itoa(iv.Version), "transcript", broken), nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("owner save: %d %s", rec.Code, rec.Body)
		}
		list = f.get(rec.Header().Get("Location"), asOwner, nil).Body.String()
		if !strings.Contains(list, `class="move broken" data-segment="`+f.cons.ID+`"`) {
			t.Errorf("the consensus coding is not listed broken:\n%s", list)
		}
		if p := f.get(ivPath+"?segment="+f.cons.ID, asOwner, nil).Body.String(); !strings.Contains(p, `id="segment-broken"`) {
			t.Error("the broken segment's panel does not say so")
		}
	})
}

// TestCodeByTimeSpan codes the passage spoken in a marked time span: the
// segment's range comes from the time anchors (whole turns, blanks
// trimmed), its hash from the stored text; without anchors, or with both
// a range and a span, the request is refused.
func TestCodeByTimeSpan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		ivPath := "/interviews/" + f.iv.ID
		body := `{"code_id":"` + f.code2.ID + `","t_start":6,"t_end":7.5}`
		rec := f.do("POST", ivPath+"/segments", asCoder, body, nil)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "no time anchors") {
			t.Errorf("without anchors: %d %s", rec.Code, rec.Body)
		}
		iv := f.mustAnchorTurns(t, 2000, 5250, 31000)
		second := len([]rune("Interviewer: How did it start?\n"))
		rec = f.do("POST", ivPath+"/segments", asCoder, body, nil)
		if rec.Code != http.StatusCreated {
			t.Fatalf("code by time: %d %s", rec.Code, rec.Body)
		}
		segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{InterviewID: f.iv.ID, CoderID: f.users[asCoder].ID, CodeIDs: []string{f.code2.ID}})
		must(t, err)
		if len(segs) != 1 {
			t.Fatalf("%d segments of the coder with code2", len(segs))
		}
		want := "Participant: My cousin 😀 sent videos. TRANSCRIPT-MARKER"
		if got, _ := ownwords.Slice(iv.Transcript, segs[0].Start, segs[0].End); got != want || segs[0].Start != second {
			t.Errorf("coded %d..%d %q, want the participant's turn %q", segs[0].Start, segs[0].End, got, want)
		}
		for _, bad := range []string{
			`{"code_id":"` + f.code2.ID + `","t_start":7,"t_end":6}`,
			`{"code_id":"` + f.code2.ID + `","t_start":6}`,
			`{"code_id":"` + f.code2.ID + `","t_start":6,"t_end":7,"start":0,"end":3}`,
		} {
			if rec := f.do("POST", ivPath+"/segments", asCoder, bad, nil); rec.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, rec.Code)
			}
		}
		if rec := f.do("POST", ivPath+"/segments", asAnalyst, body, nil); rec.Code != http.StatusForbidden {
			t.Errorf("analyst: %d, want 403", rec.Code)
		}
	})
}
