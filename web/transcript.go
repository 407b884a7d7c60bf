package web

import (
	"slices"
	"strconv"
	"strings"

	"ownwords"
)

// Stripe geometry, in the units of each paragraph's SVG viewBox: a lane is
// laneWidth wide, a paragraph is paraHeight tall (the SVG stretches to the
// paragraph's real height), and a stripe is never shorter than minStripe
// so that a one-word coding stays clickable.
const (
	laneWidth  = 8
	stripeW    = 6
	paraHeight = 1000
	minStripe  = 300
)

// paragraph is one line of a transcript (split at "\n") with the stripes of
// the segments that touch it. Start and End count code points; the "\n"
// after a paragraph is at End.
type paragraph struct {
	Start, End int
	Pieces     []piece
	Stripes    []stripe
	// Anchor marks the paragraph where a marked search hit begins.
	Anchor bool
	// TStart is when the paragraph begins in the recording, in seconds
	// ("" when the transcript has no time anchors): see timeParagraphs.
	TStart string
	// Unit is the 1-based number of the aligned turn (or paragraph)
	// whose words begin in this paragraph, when the interview is read
	// side by side with another text (0 otherwise): the page keeps the
	// two columns level turn by turn (data-unit).
	Unit int
}

// piece is a run of a paragraph's text; Marked runs belong to the segment
// being looked at; Memo names the anchored memo (memoMark.ID) a run lies
// in, MemoStart is set on the run where that memo's span begins (the page
// draws its marker there, with CSS: no text is added to the paragraph,
// whose text the coding script counts).
type piece struct {
	Text      string
	Marked    bool
	Memo      string
	MemoTitle string
	MemoStart bool
}

// memoMark is an anchored memo as the transcript shows it.
type memoMark struct {
	ID, Title  string
	Start, End int
}

// markMemos splits the pieces of ps at the spans of the anchored memos
// (code points of the transcript, sorted by start as memoMarks returns
// them) and names, on each run inside one, the memo (the earliest-starting
// when spans overlap); a run where any memo begins has MemoStart.
func markMemos(ps []paragraph, memos []memoMark) {
	if len(memos) == 0 {
		return
	}
	// A sweep: the memos whose span meets a paragraph are found without
	// looking at every memo for every run (an interview may hold
	// thousands of anchored memos, one per comment of its document).
	var active []memoMark
	next := 0
	for i := range ps {
		p := &ps[i]
		for next < len(memos) && memos[next].Start < p.End {
			active = append(active, memos[next])
			next++
		}
		active = slices.DeleteFunc(active, func(m memoMark) bool { return m.End <= p.Start })
		var out []piece
		cp := p.Start
		for _, pc := range p.Pieces {
			r := []rune(pc.Text)
			if len(r) == 0 {
				out = append(out, pc)
				continue
			}
			cuts := []int{0, len(r)}
			for _, m := range active {
				for _, at := range []int{m.Start - cp, m.End - cp} {
					if at > 0 && at < len(r) {
						cuts = append(cuts, at)
					}
				}
			}
			slices.Sort(cuts)
			cuts = slices.Compact(cuts)
			for j := 0; j+1 < len(cuts); j++ {
				run := piece{Text: string(r[cuts[j]:cuts[j+1]]), Marked: pc.Marked}
				at := cp + cuts[j]
				for _, m := range active {
					if m.Start <= at && at < m.End && run.Memo == "" {
						run.Memo, run.MemoTitle = m.ID, m.Title
					}
					run.MemoStart = run.MemoStart || m.Start == at
				}
				out = append(out, run)
			}
			cp += len(r)
		}
		p.Pieces = out
	}
}

// stripe is one segment's bar in a paragraph's margin.
type stripe struct {
	SegmentID  string
	TStart     string // the segment's start in the recording, seconds
	Href       string
	Color      string
	Title      string
	X, Y, W, H int
	Selected   bool
}

// coded is a segment with what its stripe shows.
type coded struct {
	Seg    *ownwords.Segment
	Color  string
	Title  string
	Href   string
	TStart string
}

// lanes assigns each segment (sorted by start, then end) the lowest lane
// free at its start, so overlapping segments get separate lanes. It
// returns the lane of each and the number of lanes.
func lanes(segs []*ownwords.Segment) ([]int, int) {
	out := make([]int, len(segs))
	var ends []int // per lane, the end of its last segment
	for i, s := range segs {
		lane := slices.IndexFunc(ends, func(end int) bool { return end <= s.Start })
		if lane < 0 {
			lane = len(ends)
			ends = append(ends, 0)
		}
		ends[lane] = s.End
		out[i] = lane
	}
	return out, len(ends)
}

// layoutTranscript splits text into paragraphs with the stripes of segs
// (sorted by start, then end) and marks the text of the selected segment.
func layoutTranscript(text string, segs []coded, selected string) ([]paragraph, int) {
	raw := make([]*ownwords.Segment, len(segs))
	for i, c := range segs {
		raw[i] = c.Seg
	}
	laneOf, nLanes := lanes(raw)
	var sel *ownwords.Segment
	for _, c := range segs {
		if c.Seg.ID == selected {
			sel = c.Seg
		}
	}
	var out []paragraph
	cp := 0
	for line := range strings.SplitSeq(text, "\n") {
		n := len([]rune(line))
		p := paragraph{Start: cp, End: cp + n}
		p.Pieces = markPieces(line, cp, sel)
		span := n + 1 // the paragraph owns its trailing newline
		for i, c := range segs {
			if c.Seg.Start >= p.Start+span || c.Seg.End <= p.Start {
				continue
			}
			y0 := clamp((c.Seg.Start-p.Start)*paraHeight/span, 0, paraHeight)
			y1 := clamp((c.Seg.End-p.Start)*paraHeight/span, 0, paraHeight)
			if y1-y0 < minStripe {
				y1 = min(y0+minStripe, paraHeight)
				y0 = y1 - minStripe
			}
			p.Stripes = append(p.Stripes, stripe{SegmentID: c.Seg.ID, TStart: c.TStart, Href: c.Href, Color: c.Color, Title: c.Title,
				X: laneOf[i] * laneWidth, Y: y0, W: stripeW, H: y1 - y0, Selected: c.Seg.ID == selected})
		}
		out = append(out, p)
		cp += n + 1
	}
	return out, nLanes
}

// markPieces splits a paragraph starting at code point start into the runs
// inside and outside the selected segment.
func markPieces(line string, start int, sel *ownwords.Segment) []piece {
	if sel == nil || line == "" {
		return []piece{{Text: line}}
	}
	r := []rune(line)
	a := clamp(sel.Start-start, 0, len(r))
	b := clamp(sel.End-start, 0, len(r))
	var out []piece
	for _, p := range []piece{{Text: string(r[:a])}, {Text: string(r[a:b]), Marked: true}, {Text: string(r[b:])}} {
		if p.Text != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseHit reads a hit range "start-end" (code points) as search links
// give it; ok is false for anything else.
func parseHit(s string) (start, end int, ok bool) {
	a, b, found := strings.Cut(s, "-")
	start, errA := strconv.Atoi(a)
	end, errB := strconv.Atoi(b)
	if !found || errA != nil || errB != nil || start < 0 || end <= start {
		return 0, 0, false
	}
	return start, end, true
}

// markHit marks the text [start, end) in paragraphs laid out without a
// selected segment, and anchors the paragraph where it begins.
func markHit(ps []paragraph, start, end int) {
	hit := &ownwords.Segment{Start: start, End: end}
	anchored := false
	for i := range ps {
		p := &ps[i]
		if start >= p.End || end <= p.Start {
			continue
		}
		var line strings.Builder
		for _, pc := range p.Pieces {
			line.WriteString(pc.Text)
		}
		p.Pieces = markPieces(line.String(), p.Start, hit)
		if !anchored {
			p.Anchor, anchored = true, true
		}
	}
}

// timeParagraphs gives each paragraph the time it begins at in the
// recording (ownwords.SpanOf of its first code point: the time of the last
// anchor at or before it), which the page emits as data-t-start for a
// media player to seek to. Without anchors it does nothing.
func timeParagraphs(ps []paragraph, anchors []ownwords.TimeAnchor) {
	if len(anchors) == 0 {
		return
	}
	for i := range ps {
		if sp, ok := ownwords.SpanOf(anchors, ps[i].Start, ps[i].End); ok {
			ps[i].TStart = seconds(sp.Start)
		}
	}
}

// seconds formats a time in seconds as data-t-start and data-t-end carry
// it: a decimal number, milliseconds at most ("64.5").
func seconds(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) }

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// rtlLanguages are the interview languages written right to left.
var rtlLanguages = []string{"ar", "fa", "ur", "he", "ps", "ckb", "yi", "dv", "sd", "ug"}

// direction returns the HTML dir of a transcript in language lang (BCP 47):
// "rtl" for right-to-left languages, "auto" (let the text decide) when the
// language is unknown, "ltr" otherwise.
func direction(lang string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	switch {
	case primary == "":
		return "auto"
	case slices.Contains(rtlLanguages, primary):
		return "rtl"
	}
	return "ltr"
}
