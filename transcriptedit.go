package ownwords

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// TextEdit is one change of a transcript edit: the code points
// [OldStart, OldEnd) of the old text became [NewStart, NewEnd) of the new
// (an insertion when OldStart == OldEnd, a deletion when NewStart ==
// NewEnd).
type TextEdit struct {
	OldStart, OldEnd, NewStart, NewEnd int
}

// DiffText returns the changes that turn old into new, in text order and
// disjoint. Lines are matched first (the longest common subsequence of
// whole lines, as Reanchor does: a transcript is edited turn by turn), and
// each run of changed lines is narrowed to the code points that differ
// (its common beginning and end taken off). Two corrections in distant
// turns are two changes, so a coding between them only moves; beyond
// maxReanchorCells the lines between the common beginning and end of the
// whole texts are one change.
func DiffText(old, new string) []TextEdit {
	if old == new {
		return nil
	}
	ol, nl := splitLines(old), splitLines(new)
	m := mapLines(ol, nl)
	oldLen, newLen := utf8.RuneCountInString(old), utf8.RuneCountInString(new)
	startOf := func(ls []line, i, total int) int {
		if i < len(ls) {
			return ls[i].start
		}
		return total
	}
	var out []TextEdit
	po, pn := 0, 0 // the first line of each text after the last kept pair
	for i := 0; i <= len(ol); i++ {
		j := len(nl)
		if i < len(ol) {
			// Only lines kept unchanged delimit the changes: mapLines also
			// pairs changed lines, which are inside one.
			if m[i] < 0 || ol[i].text != nl[m[i]].text {
				continue
			}
			j = m[i]
		}
		if i > po || j > pn {
			if e, ok := narrow(joinLines(ol[po:i]), joinLines(nl[pn:j]), startOf(ol, po, oldLen), startOf(nl, pn, newLen)); ok {
				out = append(out, e)
			}
		}
		po, pn = i+1, j+1
	}
	return out
}

func joinLines(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text)
	}
	return b.String()
}

// narrow returns the change from a to b (starting at code points os and
// ns of their texts) without their common beginning and end; false when
// they are equal.
func narrow(a, b string, os, ns int) (TextEdit, bool) {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	s := 0
	for s < len(ra)-p && s < len(rb)-p && ra[len(ra)-1-s] == rb[len(rb)-1-s] {
		s++
	}
	if p == len(ra) && p == len(rb) {
		return TextEdit{}, false
	}
	return TextEdit{OldStart: os + p, OldEnd: os + len(ra) - s, NewStart: ns + p, NewEnd: ns + len(rb) - s}, true
}

// touches reports whether e changes text of the passage [start, end): it
// replaces or deletes code points of it, or inserts strictly inside it
// (text typed just before or after a passage is not the passage's).
func (e TextEdit) touches(start, end int) bool {
	if e.OldStart == e.OldEnd {
		return start < e.OldStart && e.OldStart < end
	}
	return e.OldStart < end && e.OldEnd > start
}

// mapOffset moves an offset of the old text through edits to the new
// text. A change inserted exactly at off goes before it unless isEnd (an
// end offset keeps text typed right after a passage out of it); an
// offset inside replaced text goes to the start of the replacement, or,
// when isEnd, to its end, so that a passage whose text changed covers all
// that replaced it.
func mapOffset(edits []TextEdit, off int, isEnd bool) int {
	shift := 0
	for _, e := range edits {
		switch {
		case e.OldStart < off && off < e.OldEnd:
			if isEnd {
				return e.NewEnd
			}
			return e.NewStart
		case e.OldEnd < off || (e.OldEnd == off && (e.OldStart < off || !isEnd)):
			shift = e.NewEnd - e.OldEnd
		default:
			return off + shift
		}
	}
	return off + shift
}

// MoveRange moves the passage [start, end) of an old text through edits
// (DiffText) to the new text. broken is set when an edit changed the
// passage's own text: then the range returned covers what replaced it,
// and is empty (start == end) when its text was deleted whole.
func MoveRange(edits []TextEdit, start, end int) (newStart, newEnd int, broken bool) {
	for _, e := range edits {
		if e.touches(start, end) {
			broken = true
			break
		}
	}
	return mapOffset(edits, start, false), mapOffset(edits, end, true), broken
}

// MoveAnchors moves time anchors through edits (DiffText). An anchor marks
// where a turn starts: text typed at it is the turn's new beginning, so an
// anchor where a change starts stays at the start of what replaced it;
// one inside replaced or deleted text is dropped (its words are gone, and
// a time is never guessed), and of two that land on one offset (a turn
// deleted whole) the later is kept. The result is strictly increasing in offset.
func MoveAnchors(edits []TextEdit, anchors []TimeAnchor) []TimeAnchor {
	if len(edits) == 0 {
		return anchors
	}
	out := make([]TimeAnchor, 0, len(anchors))
	for _, a := range anchors {
		to, drop := -1, false
		for _, e := range edits {
			if e.OldStart == a.Offset {
				to = e.NewStart
				break
			}
			if e.OldStart < a.Offset && a.Offset < e.OldEnd {
				drop = true
				break
			}
		}
		if drop {
			continue
		}
		if to < 0 {
			to = mapOffset(edits, a.Offset, false)
		}
		if n := len(out); n > 0 && to <= out[n-1].Offset {
			// Two turn starts on one offset: the text between them was
			// deleted, and the later turn's start is what is left there.
			out[n-1] = TimeAnchor{Offset: out[n-1].Offset, Ms: a.Ms}
			continue
		}
		out = append(out, TimeAnchor{Offset: to, Ms: a.Ms})
	}
	return out
}

// MergeAnchors returns the anchors kept from before an edit (MoveAnchors)
// together with the anchors typed in the edit (timestamps written at turn
// starts), which win: a kept anchor at a typed one's offset, or whose time
// would make the times go back against the typed ones around it, is
// dropped. Both lists are in offset order.
func MergeAnchors(kept, typed []TimeAnchor) []TimeAnchor {
	if len(typed) == 0 {
		return kept
	}
	out := make([]TimeAnchor, 0, len(kept)+len(typed))
	j := 0
	for _, t := range typed {
		for ; j < len(kept) && kept[j].Offset < t.Offset; j++ {
			k := kept[j]
			if k.Ms <= t.Ms && (len(out) == 0 || k.Ms >= out[len(out)-1].Ms) {
				out = append(out, k)
			}
		}
		for j < len(kept) && kept[j].Offset == t.Offset {
			j++
		}
		out = append(out, t)
	}
	for ; j < len(kept); j++ {
		if k := kept[j]; k.Ms >= out[len(out)-1].Ms {
			out = append(out, k)
		}
	}
	return out
}

// SegmentMove is what a transcript edit did to one segment: moved to new
// offsets with its text unchanged, or broken (its text changed or was
// deleted; the range then covers what replaced it, and is empty when
// nothing did). A broken segment stays broken until its coder or the
// owner saves it again (UpdateSegment), having checked its range.
type SegmentMove struct {
	SegmentID string `json:"segment_id"`
	OldStart  int    `json:"old_start"`
	OldEnd    int    `json:"old_end"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Broken    bool   `json:"broken,omitempty"`
}

// TranscriptEdit is a transcript changed in the workbench editor.
type TranscriptEdit struct {
	StudyID     string `json:"study_id"`
	InterviewID string `json:"interview_id"`
	// Version is the interview's version the editor loaded: a save
	// against any other is refused (ECONFLICT), never merged.
	Version int `json:"version"`
	// Transcript is the new text (NFC, timestamps taken out).
	Transcript string `json:"-"`
	// Typed are time anchors typed in the edit (timestamps at turn
	// starts), on offsets of Transcript; MergeAnchors adds them to the
	// stored anchors moved through the edit.
	Typed []TimeAnchor `json:"-"`
}

// TranscriptEditResult is a saved transcript edit: the segments it moved
// or broke (unchanged segments are not listed), kept with the interview
// so that the list stays reachable after the save.
type TranscriptEditResult struct {
	ID          string `json:"id"`
	InterviewID string `json:"interview_id"`
	// Version is the interview's version the edit made.
	Version int       `json:"version"`
	Actor   string    `json:"actor"`
	At      time.Time `json:"at"`
	// Changes counts the changed places of the text (DiffText).
	Changes int           `json:"changes"`
	Moves   []SegmentMove `json:"segments"`
	// Anchors counts the time anchors after the edit.
	Anchors int `json:"anchors"`
}

// Broken counts the segments the edit broke.
func (r *TranscriptEditResult) Broken() int {
	n := 0
	for _, m := range r.Moves {
		if m.Broken {
			n++
		}
	}
	return n
}

// TranscriptEditService changes transcripts that may already be coded.
type TranscriptEditService interface {
	// EditTranscript saves a new transcript at ed.Version in one
	// transaction: the segments and anchored memos move through the edit
	// (DiffText, MoveRange), those whose text changed are marked broken,
	// the time anchors move (MoveAnchors, MergeAnchors), the search index
	// is rebuilt, the result is kept and audited. ECONFLICT when someone
	// saved the interview or one of its segments first; ENOTFOUND;
	// EINVALID.
	EditTranscript(ctx context.Context, ed *TranscriptEdit) (*TranscriptEditResult, error)
	// TranscriptEdits lists an interview's saved edits, newest first.
	TranscriptEdits(ctx context.Context, interviewID string) ([]*TranscriptEditResult, error)
}

// ActionTranscriptEdit is the audit action of a saved transcript edit; its
// detail counts the segments moved and broken.
const ActionTranscriptEdit = "interview.transcript_edit"
