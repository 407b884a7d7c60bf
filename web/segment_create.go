package web

import (
	"net/http"
	"strings"

	"ownwords"
	"ownwords/gate"
)

// createSegment applies a code to a passage. The client sends the range in
// code points and the SHA-256 of the text it selected; the store re-checks
// both against the stored transcript. Side by side, the range and hash may
// be those of a passage of another text (text_id): the segment is coded on
// the transcript at the aligned span. Who may write which layer, and which
// codes apply, is the application layer's (gate.CreateSegment).
func (s *Server) createSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, err := parseSegmentInput(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ns := gate.NewSegment{InterviewID: r.PathValue("id"), CodeID: in.CodeID, Layer: in.Layer}
	switch {
	case in.CodeID != "" && in.TStart != nil:
		ns.Time = &gate.TimeRange{From: *in.TStart, To: *in.TEnd}
	case in.Start == nil || in.TextHash == "" || in.CodeID == "":
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "segment: code_id, and start, end and text_hash (or t_start and t_end) required"))
		return
	default:
		ns.Start, ns.End, ns.TextHash, ns.TextID = *in.Start, *in.End, in.TextHash, in.TextID
	}
	if in.Memo != nil {
		ns.Memo = *in.Memo
	}
	seg, err := s.gate.CreateSegment(ctx, accountFrom(ctx).caller(), ns)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.segmentSaved(w, r, http.StatusCreated, seg)
}

// segmentSaved answers a successful segment write: the segment as JSON
// (offsets and hash, never text) for the script, or a redirect to its panel.
func (s *Server) segmentSaved(w http.ResponseWriter, r *http.Request, status int, seg *ownwords.Segment) {
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"segment": seg})
		return
	}
	http.Redirect(w, r, "/interviews/"+seg.InterviewID+"?segment="+seg.ID+textParam(r, "&")+"#segment-panel", http.StatusSeeOther)
}

// textParam returns the other text the interview page showed beside the
// transcript when the segment panel's form was posted (its "text" field:
// a text's ID, or textNone), as "text=…" after sep, so that the page
// comes back side by side with the same text; "" when none was sent or
// the value is not an ID.
func textParam(r *http.Request, sep string) string {
	t := r.PostFormValue("text")
	if t == "" || len(t) > 64 || strings.Trim(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
		return ""
	}
	return sep + "text=" + t
}
