package web

import (
	"net/http"
	"net/url"
	"strconv"

	"ownwords"
	"ownwords/text"
)

// The alignment page (issue 18): a text of an interview that does not
// align with the transcript turn by turn is paired with it by hand. The
// page lists the units (turns or paragraphs) of both texts in two
// columns, a row per group; align.js joins a unit with the next one of
// its column into one group, or splits a group after a unit, and keeps
// the rows level (group k of the transcript beside group k of the text).
// When both columns have as many groups the map (text.UnitMap's text
// form) can be saved: gate.AlignText stores it, and the side by side view
// projects codings through it. Without JavaScript the page shows the
// units as they stand, and nothing can be changed.

// alignView is the alignment page.
type alignView struct {
	Interview *ownwords.Interview
	Text      *ownwords.InterviewText
	Label     string
	Dir       string // the transcript's direction
	TextDir   string
	Rows      []alignRow
	Map       string
	Basis     string
	Error     string
	// Unaligned: the text waits to be aligned (no map to start from).
	Unaligned bool
}

// alignRow is one group of the starting map: its units in each text.
type alignRow struct {
	A, B []alignUnit
}

// alignUnit is a unit as the page lists it: its 0-based index in its
// text, 1-based number, speaker and words.
type alignUnit struct {
	Index, Number int
	Speaker       string
	Words         string
}

// unitsOf lists the units us of s.
func unitsOf(s string, us []text.Unit) []alignUnit {
	rs := []rune(s)
	out := make([]alignUnit, len(us))
	for i, u := range us {
		out[i] = alignUnit{Index: i, Number: i + 1, Speaker: u.Speaker, Words: string(rs[u.Start:u.End])}
	}
	return out
}

// alignRows groups a and b as unitMap pairs them: each unit alone, side
// by side as far as they go, when unitMap is "" or does not fit.
func alignRows(a, b []alignUnit, unitMap string) []alignRow {
	if m, err := text.ParseUnitMap(unitMap); err == nil && m.Fits(len(a), len(b)) == nil {
		rows := make([]alignRow, len(m))
		for i, l := range m {
			rows[i] = alignRow{A: a[l.A[0]:l.A[1]], B: b[l.B[0]:l.B[1]]}
		}
		return rows
	}
	rows := make([]alignRow, max(len(a), len(b)))
	for i := range rows {
		if i < len(a) {
			rows[i].A = a[i : i+1]
		}
		if i < len(b) {
			rows[i].B = b[i : i+1]
		}
	}
	return rows
}

// showAlignmentPage shows the alignment page of a text.
func (s *Server) showAlignmentPage(w http.ResponseWriter, r *http.Request) {
	s.alignmentPage(w, r, http.StatusOK, "", "")
}

// alignmentPage renders the page; after a refused save, with the caller's
// map and why it was refused.
func (s *Server) alignmentPage(w http.ResponseWriter, r *http.Request, status int, draft, reason string) {
	ctx := r.Context()
	a, err := s.gate.TextAlignment(ctx, accountFrom(ctx).caller(), r.PathValue("id"), r.PathValue("text"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m := a.Map
	if draft != "" {
		m = draft
	}
	v := &alignView{Interview: a.Interview, Text: a.Text, Label: textLabel(a.Text), Dir: direction(a.Interview.Language),
		TextDir: direction(a.Text.Language), Map: m, Basis: a.Basis, Error: reason, Unaligned: a.Text.Unaligned}
	v.Rows = alignRows(unitsOf(a.Interview.Transcript, a.TranscriptUnits), unitsOf(a.Text.Text, a.TextUnits), m)
	s.render(w, r, status, "align", "Align "+v.Label+" of "+a.Interview.Title, v)
}

// saveAlignment stores the map the page sends (gate.AlignText) and shows
// the interview side by side with the text; a refused map (it pairs the
// units badly, or either text changed since) shows the page again with
// the reason.
func (s *Server) saveAlignment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "alignment: unreadable form"))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	m := r.PostForm.Get("map")
	ivID, textID := r.PathValue("id"), r.PathValue("text")
	err := s.gate.AlignText(ctx, accountFrom(ctx).caller(), ivID, textID, version, r.PostForm.Get("basis"), m)
	if err != nil {
		switch code := ownwords.ErrorCode(err); code {
		case ownwords.EINVALID, ownwords.ECONFLICT:
			draft := m
			if code == ownwords.ECONFLICT {
				draft = "" // start again from what is stored
			}
			s.alignmentPage(w, r, statusOf[code], draft, ownwords.ErrorMessage(err))
		default:
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/interviews/"+url.PathEscape(ivID)+"?text="+url.QueryEscape(textID)+"&aligned=1", http.StatusSeeOther)
}
