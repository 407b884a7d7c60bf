package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"ownwords"
)

// editorView is the transcript editor of the interview page: the text in
// the textarea and the interview version it was loaded at (sent back with
// the save: gate refuses a stale one), or, after a refused save, the
// caller's own draft and why it was refused, so that no typing is lost.
type editorView struct {
	Version int
	Text    string
	Error   string
	// Open shows the editor unfolded (after a refused save).
	Open bool
	// Coded counts the segments the caller sees: the editor warns that
	// saving moves them.
	Coded int
	// Edits counts the saved edits (the link to their lists).
	Edits int
	// Locked: coding has begun and the caller is not an owner
	// (gate.TranscriptEditable): the page says so instead of the form.
	Locked bool
}

// transcriptInput is the JSON body of a transcript save.
type transcriptInput struct {
	Version    int    `json:"version"`
	Transcript string `json:"transcript"`
}

// saveTranscript saves the transcript typed in the editor (who may, and
// what it does to codings, is gate.EditTranscript's) and sends the browser
// to the list of the segments the edit moved or broke. A refused save
// (someone saved first, or a malformed timestamp) shows the interview page
// again with the caller's text in the editor and the reason.
func (s *Server) saveTranscript(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var in transcriptInput
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "transcript: unreadable JSON body"))
			return
		}
	} else {
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "transcript: unreadable form (larger than the store takes?)"))
			return
		}
		in.Transcript = r.PostForm.Get("transcript")
		in.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	}
	res, err := s.gate.EditTranscript(ctx, accountFrom(ctx).caller(), r.PathValue("id"), in.Version, in.Transcript)
	if err != nil {
		switch code := ownwords.ErrorCode(err); {
		case wantsJSON(r) || (code != ownwords.ECONFLICT && code != ownwords.EINVALID):
			s.fail(w, r, err)
		default:
			s.interviewPage(w, r, statusOf[code], &editorView{Version: in.Version, Text: in.Transcript, Error: ownwords.ErrorMessage(err), Open: true})
		}
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"edit": res})
		return
	}
	http.Redirect(w, r, "/interviews/"+res.InterviewID+"/edits?saved="+res.ID+"#edit-"+res.ID, http.StatusSeeOther)
}

// editsView is the page of a transcript's saved edits.
type editsView struct {
	Interview *ownwords.Interview
	Saved     string // the edit just saved, announced at the top
	Edits     []editRow
}

// editRow is one saved edit with its moved and broken segments.
type editRow struct {
	*ownwords.TranscriptEditResult
	When  string
	Moves []moveRow
}

// moveRow is a segment an edit moved or broke, with its code and its text
// now.
type moveRow struct {
	ownwords.SegmentMove
	Label, Path, Color, Href, Quote string
	// Fixed is set when the segment was saved since (no longer broken).
	Fixed bool
}

// showTranscriptEdits lists the transcript's saved edits, newest first,
// each with the segments (of those the caller sees) it moved or broke, and
// links to fix them.
func (s *Server) showTranscriptEdits(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := accountFrom(ctx).caller()
	edits, err := s.gate.TranscriptEdits(ctx, c, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"edits": edits})
		return
	}
	cod, err := s.gate.Segments(ctx, c, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	iv, cb := cod.Interview, cod.Codebook
	segs := map[string]*ownwords.Segment{}
	for _, seg := range cod.Segments {
		segs[seg.ID] = seg
	}
	v := &editsView{Interview: iv, Saved: r.URL.Query().Get("saved")}
	for _, e := range edits {
		row := editRow{TranscriptEditResult: e, When: e.At.Local().Format(time.DateTime)}
		for _, m := range e.Moves {
			seg := segs[m.SegmentID]
			if seg == nil {
				continue
			}
			mr := moveRow{SegmentMove: m, Href: "/interviews/" + iv.ID + "?segment=" + seg.ID + "#segment-panel", Fixed: m.Broken && !seg.Broken}
			if k := cb.ByID(seg.CodeID); k != nil {
				mr.Label, mr.Path, mr.Color = codeLabel(k), cb.Path(k), codeColor(cb, k)
			}
			mr.Quote, _ = ownwords.Slice(iv.Transcript, seg.Start, seg.End)
			row.Moves = append(row.Moves, mr)
		}
		v.Edits = append(v.Edits, row)
	}
	s.render(w, r, http.StatusOK, "edits", "Edits of "+iv.Title, v)
}
