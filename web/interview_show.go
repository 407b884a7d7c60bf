package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"

	"ownwords"
	"ownwords/gate"
)

// interviewView is the data of the coding view.
type interviewView struct {
	Interview   *ownwords.Interview
	Participant *ownwords.Participant
	Dir         string
	Paragraphs  []paragraph
	LaneWidth   int // of the margin's SVG viewBox
	Segments    []segmentRow
	Codes       []codeItem
	Memos       []memoRow
	Selected    *segmentRow
	// Blind is set when a coder sees only their own codings.
	Blind     bool
	Opened    bool
	Coders    int
	ChooseLyr bool
	// Recordings of the interview, played by the player (the first one
	// loaded).
	Recordings []*ownwords.Recording
	// Editor is the transcript editor.
	Editor *editorView
	// Texts offers the interview's other texts to read beside the
	// transcript (empty when it has none); Other is the one shown.
	Texts []textChoice
	Other *otherColumn
	// stripes and selectedID are the transcript's stripes and the
	// selected segment, which the other column shows projected.
	stripes    []coded
	selectedID string
}

// segmentRow is a visible segment as the list and the panel show it.
type segmentRow struct {
	Seg   *ownwords.Segment
	Label string
	Path  string
	Color string
	Coder string
	Href  string
	Quote string
	// OtherQuote is the passage aligned with Quote in the text shown
	// beside the transcript (side by side), "" when there is none.
	OtherQuote string
	CanEdit    bool
	// TStart and TEnd are the segment's time span in the recording, in
	// seconds ("" when unknown: no time anchors, or an open end), for a
	// media player to seek to (data-t-start).
	TStart, TEnd string
}

// memoRow is a memo on the interview as the list shows it: an anchored
// memo with the text of its span and a link that marks the span.
type memoRow struct {
	*ownwords.Memo
	Quote string
	Href  string
}

// interviewJSON is the JSON form of the coding view (text roles only).
type interviewJSON struct {
	Interview *ownwords.Interview `json:"interview"`
	Segments  []*ownwords.Segment `json:"segments"`
	// Times are the segments' time spans by segment ID.
	Times      map[string]ownwords.TimeSpan `json:"times,omitempty"`
	Recordings []*ownwords.Recording        `json:"recordings"`
	// Texts are the interview's other texts (original, translations).
	Texts []*ownwords.InterviewText `json:"texts,omitempty"`
}

// showInterviewPage renders the coding view: the transcript with the
// stripes of the segments the user may see, the code picker, and the panel
// of the segment chosen with ?segment= (or a search hit marked with
// ?hit=start-end). Every view is audited.
func (s *Server) showInterviewPage(w http.ResponseWriter, r *http.Request) {
	s.interviewPage(w, r, http.StatusOK, nil)
}

// interviewPage renders the coding view with status; draft, when set, is
// the transcript editor as a refused save left it.
func (s *Server) interviewPage(w http.ResponseWriter, r *http.Request, status int, draft *editorView) {
	ctx := r.Context()
	cod, err := s.gate.Segments(ctx, accountFrom(ctx).caller(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	recs, err := s.gate.Recordings(ctx, accountFrom(ctx).caller(), cod.Interview.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	texts, err := s.gate.InterviewTexts(ctx, accountFrom(ctx).caller(), cod.Interview.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, interviewJSON{Interview: cod.Interview, Segments: cod.Segments, Times: cod.Times, Recordings: recs, Texts: texts})
		return
	}
	view, err := s.interviewView(ctx, cod, r.URL.Query().Get("segment"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view.Recordings = recs
	if view.Editor, err = s.editor(ctx, cod, draft); err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	view.sideBySide(texts, q.Get("text"))
	// ?hit=start-end (a search hit in the transcript) or ?text_hit= (in
	// the other text shown) is marked, in both columns, when no segment
	// is selected.
	if view.Selected == nil {
		var hit, textHit span
		hit.start, hit.end, hit.ok = parseHit(q.Get("hit"))
		textHit.start, textHit.end, textHit.ok = parseHit(q.Get("text_hit"))
		view.markHits(hit, textHit)
	}
	markMemos(view.Paragraphs, view.memoMarks())
	s.render(w, r, status, "interview", cod.Interview.Title, view)
}

// editor returns the transcript editor of the coding view cod: draft (a
// refused save) or the stored text at its version, with the counts the
// editor shows.
func (s *Server) editor(ctx context.Context, cod *gate.Coding, draft *editorView) (*editorView, error) {
	ed := draft
	if ed == nil {
		ed = &editorView{Version: cod.Interview.Version, Text: cod.Interview.Transcript}
	}
	ed.Coded = len(cod.Segments)
	edits, err := s.gate.TranscriptEdits(ctx, accountFrom(ctx).caller(), cod.Interview.ID)
	if err != nil {
		return nil, err
	}
	ed.Edits = len(edits)
	may, err := s.gate.TranscriptEditable(ctx, accountFrom(ctx).caller(), cod.Interview.ID)
	if err != nil {
		return nil, err
	}
	ed.Locked = !may
	return ed, nil
}

// interviewView assembles the coding view of cod.
func (s *Server) interviewView(ctx context.Context, cod *gate.Coding, selected string) (*interviewView, error) {
	iv, cb := cod.Interview, cod.Codebook
	p, err := s.participant(ctx, iv.ParticipantID)
	if err != nil {
		return nil, err
	}
	names, err := s.userNames(ctx)
	if err != nil {
		return nil, err
	}
	v := &interviewView{Interview: iv, Participant: p, Dir: direction(iv.Language),
		Codes: codeItems(cb, true), Opened: cod.Opened, ChooseLyr: cod.Consensus, Coders: cod.Coders, Blind: cod.Blind}
	var stripes []coded
	for _, seg := range cod.Segments {
		row := segmentRow{Seg: seg, Coder: names[seg.CoderID], CanEdit: cod.Editable[seg.ID],
			Href: "/interviews/" + iv.ID + "?segment=" + seg.ID + "#segment-panel"}
		if c := cb.ByID(seg.CodeID); c != nil {
			row.Label, row.Path, row.Color = codeLabel(c), cb.Path(c), codeColor(cb, c)
		}
		if sp, ok := cod.Times[seg.ID]; ok {
			row.TStart = seconds(sp.Start)
			if sp.End != nil {
				row.TEnd = seconds(*sp.End)
			}
		}
		v.Segments = append(v.Segments, row)
		stripes = append(stripes, coded{Seg: seg, Color: row.Color, Href: row.Href, TStart: row.TStart,
			Title: row.Label + " — " + row.Coder + " (" + seg.Layer + ")"})
		if seg.ID == selected {
			row.Quote, _ = ownwords.Slice(iv.Transcript, seg.Start, seg.End)
			v.Selected = &row
		}
	}
	if v.Selected == nil {
		selected = ""
	}
	v.stripes, v.selectedID = stripes, selected
	v.Memos = memoRows(cod.Memos, iv)
	var n int
	v.Paragraphs, n = layoutTranscript(iv.Transcript, stripes, selected)
	timeParagraphs(v.Paragraphs, iv.Anchors)
	v.LaneWidth = max(n, 1) * laneWidth
	return v, nil
}

// memoRows lists memos for the "memos" partial; those anchored in iv's
// transcript (iv nil: none) get the text of their span and a link that
// marks it.
func memoRows(memos []*ownwords.Memo, iv *ownwords.Interview) []memoRow {
	out := make([]memoRow, 0, len(memos))
	var rs []rune // the transcript's code points, decoded once for all memos
	for _, m := range memos {
		row := memoRow{Memo: m}
		if a := m.Anchor; iv != nil && m.TargetID == iv.ID && a != nil {
			if rs == nil {
				rs = []rune(iv.Transcript)
			}
			if 0 <= a.Start && a.Start <= a.End && a.End <= len(rs) {
				row.Quote = string(rs[a.Start:a.End])
				row.Href = fmt.Sprintf("/interviews/%s?hit=%d-%d#hit", iv.ID, a.Start, a.End)
			}
		}
		out = append(out, row)
	}
	return out
}

// memoMarks returns the spans of the anchored memos shown, by start.
func (v *interviewView) memoMarks() []memoMark {
	var out []memoMark
	for _, m := range v.Memos {
		if m.Quote != "" {
			out = append(out, memoMark{ID: m.ID, Title: cmp.Or(m.Title, "memo"), Start: m.Anchor.Start, End: m.Anchor.End})
		}
	}
	slices.SortStableFunc(out, func(a, b memoMark) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// userNames maps user IDs to names.
func (s *Server) userNames(ctx context.Context) (map[string]string, error) {
	us, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(us))
	for _, u := range us {
		out[u.ID] = u.Name
	}
	return out, nil
}
