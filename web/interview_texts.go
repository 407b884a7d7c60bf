package web

import (
	"cmp"
	"errors"
	"net/url"
	"slices"

	"ownwords"
	"ownwords/text"
)

// Side by side (issue 18): an interview with other texts (its original, or
// translations of its transcript) is read and coded in two columns, the
// transcript and one other text, level turn by turn. Codings stay on the
// transcript: a stripe in the other column is the segment projected to the
// aligned span (text.Projection), and a passage selected there is sent
// with the text's ID and its own offsets; the server projects it
// (gate.NewSegment.TextID).

// textNone, as ?text=, shows the transcript alone.
const textNone = "none"

// column is one text's paragraphs as the "paragraphs" partial lays them
// out.
type column struct {
	Paragraphs []paragraph
	LaneWidth  int
	// HitID is the element ID of the paragraph where a marked hit
	// begins (paragraph.Anchor): "hit" in the transcript, "other-hit" in
	// the other text.
	HitID string
}

// MainColumn is the transcript's column.
func (v *interviewView) MainColumn() column {
	return column{Paragraphs: v.Paragraphs, LaneWidth: v.LaneWidth, HitID: "hit"}
}

// otherColumn is the other text shown beside the transcript.
type otherColumn struct {
	column
	Text  *ownwords.InterviewText
	Label string
	Dir   string
	// Misaligned says why the text cannot be read turn by turn with the
	// transcript (codings are then neither shown nor made in it): it was
	// stored unaligned (import --unaligned), or an edit undid its
	// alignment by hand; the page links to the alignment page.
	Misaligned string
	// proj maps spans between the transcript and the text (nil when
	// Misaligned).
	proj *text.Projection
}

// textChoice is an entry of the selector of the other text.
type textChoice struct {
	Label, Href string
	Chosen      bool
}

// textLabel names an other text for the selector and its column's head.
func textLabel(t *ownwords.InterviewText) string {
	s := t.Language + " " + t.Role
	if t.Method != "" {
		s += " (" + t.Method + ")"
	}
	if t.Translator != "" {
		s += ", " + t.Translator
	}
	return s
}

// TextParam is the ?text= of the page as shown: the other text's ID, or
// textNone for the transcript alone; "" for an interview without other
// texts. The segment panel's forms send it back (textParam), so that a
// save comes back to the same view.
func (v *interviewView) TextParam() string {
	switch {
	case v.Other != nil:
		return v.Other.Text.ID
	case len(v.Texts) > 0:
		return textNone
	}
	return ""
}

// sideBySide sets up the view with texts, the interview's other texts as
// gate.InterviewTexts gives them: the selector, and the column of the one
// chosen with ?text= (the first when none is named; "none" for the
// transcript alone), with the stripes of the segments shown on the
// transcript projected to it.
func (v *interviewView) sideBySide(texts []*ownwords.InterviewText, chosen string) {
	if len(texts) == 0 {
		return
	}
	if chosen == "" {
		chosen = texts[0].ID
	}
	base := "/interviews/" + v.Interview.ID + "?text="
	for _, t := range texts {
		v.Texts = append(v.Texts, textChoice{Label: textLabel(t), Href: base + url.QueryEscape(t.ID), Chosen: t.ID == chosen})
		if t.ID == chosen {
			v.Other = &otherColumn{column: column{HitID: "other-hit"}, Text: t, Label: textLabel(t), Dir: direction(t.Language)}
		}
	}
	v.Texts = append(v.Texts, textChoice{Label: "the transcript alone", Href: base + textNone, Chosen: v.Other == nil})
	if v.Other == nil {
		return
	}
	p, err := text.NewProjectionMap(v.Interview.Transcript, v.Other.Text.Text, v.Other.Text.Alignment)
	if err != nil {
		v.Other.Misaligned = err.Error()
		if ae := (*text.AlignError)(nil); errors.As(err, &ae) {
			v.Other.Misaligned = ae.Between("the transcript", "this text")
		}
		v.Other.Paragraphs, _ = layoutTranscript(v.Other.Text.Text, nil, "")
		v.Other.LaneWidth = laneWidth
		return
	}
	v.Other.proj = p
	var shown []coded
	for _, c := range v.stripes {
		if start, end, ok := p.AToB(c.Seg.Start, c.Seg.End); ok {
			seg := *c.Seg
			seg.Start, seg.End = start, end
			c.Seg = &seg
			shown = append(shown, c)
		}
	}
	slices.SortStableFunc(shown, func(a, b coded) int {
		return cmp.Or(cmp.Compare(a.Seg.Start, b.Seg.Start), cmp.Compare(a.Seg.End, b.Seg.End))
	})
	var n int
	v.Other.Paragraphs, n = layoutTranscript(v.Other.Text.Text, shown, v.selectedID)
	v.Other.LaneWidth = max(n, 1) * laneWidth
	if sel := v.Selected; sel != nil {
		if start, end, ok := p.AToB(sel.Seg.Start, sel.Seg.End); ok {
			sel.OtherQuote, _ = ownwords.Slice(v.Other.Text.Text, start, end)
		}
	}
	a, b := p.UnitStarts()
	numberUnits(v.Paragraphs, a)
	numberUnits(v.Other.Paragraphs, b)
	timeOther(v.Other.Paragraphs, p, v.Interview.Anchors)
}

// timeOther gives the paragraphs of the other text the times of the
// recording (issue 18: time anchors attach to both texts): each paragraph
// that holds words begins when the passage of the transcript aligned with
// it (p.BToA) begins, as timeParagraphs times the transcript's; the page
// emits data-t-start, so a click on it seeks the player as a click on a
// turn of the transcript does. Without anchors it does nothing.
func timeOther(ps []paragraph, p *text.Projection, anchors []ownwords.TimeAnchor) {
	if len(anchors) == 0 {
		return
	}
	for i := range ps {
		if start, end, ok := p.BToA(ps[i].Start, ps[i].End); ok {
			if sp, ok := ownwords.SpanOf(anchors, start, end); ok {
				ps[i].TStart = seconds(sp.Start)
			}
		}
	}
}

// markHits marks a search hit side by side: hit, a passage of the
// transcript (?hit=), and the passage of the other text aligned with it;
// or textHit, a passage of the other text shown (?text_hit=), and the
// passage of the transcript aligned with it. Each column anchors its mark
// (#hit, #other-hit: the page opens there, sidebyside.js scrolls both
// columns to them). ok false means none of that kind. Run before the
// memos are marked (markHit lays the pieces out anew).
func (v *interviewView) markHits(hit, textHit span) {
	var p *text.Projection
	if v.Other != nil {
		p = v.Other.proj
	}
	if hit.ok {
		markHit(v.Paragraphs, hit.start, hit.end)
		if p != nil {
			if s, e, ok := p.AToB(hit.start, hit.end); ok {
				markHit(v.Other.Paragraphs, s, e)
			}
		}
	}
	if textHit.ok && v.Other != nil {
		markHit(v.Other.Paragraphs, textHit.start, textHit.end)
		if p != nil && !hit.ok {
			if s, e, ok := p.BToA(textHit.start, textHit.end); ok {
				markHit(v.Paragraphs, s, e)
			}
		}
	}
}

// span is a passage read from an address (parseHit).
type span struct {
	start, end int
	ok         bool
}

// numberUnits marks the paragraphs where the aligned units begin (starts,
// code points, ascending) with their 1-based numbers.
func numberUnits(ps []paragraph, starts []int) {
	i := 0
	for u, at := range starts {
		for i < len(ps) && ps[i].End < at {
			i++
		}
		if i < len(ps) && ps[i].Unit == 0 {
			ps[i].Unit = u + 1
		}
	}
}
