package ownwords

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TimeAnchor ties a code point offset of a transcript to a time of its
// recording: the turn (or cue) starting at Offset is spoken from Ms
// milliseconds into the recording. Anchors come from WebVTT and SubRip
// files and from the timestamps transcription tools write at turn starts;
// the timestamp text itself is removed from the transcript (so search,
// quotes and KWIC lines hold the words only) and kept here.
type TimeAnchor struct {
	Offset int   `json:"offset"`
	Ms     int64 `json:"ms"`
}

// Seconds returns the anchor's time in seconds.
func (a TimeAnchor) Seconds() float64 { return float64(a.Ms) / 1000 }

// MaxAnchorMs bounds an anchor's time (100 hours): longer is a typo.
const MaxAnchorMs = 100 * 3600 * 1000

// CheckAnchors reports anchors that may not be stored with a transcript of
// n code points: offsets outside [0, n], times outside [0, MaxAnchorMs],
// or anchors not strictly increasing in offset and non-decreasing in time
// (a recording runs one way: an anchor earlier in the text is earlier in
// the recording).
func CheckAnchors(anchors []TimeAnchor, n int) error {
	for i, a := range anchors {
		switch {
		case a.Offset < 0 || a.Offset > n:
			return Errorf(EINVALID, "time anchor %d: offset %d outside the transcript (0..%d)", i+1, a.Offset, n)
		case a.Ms < 0 || a.Ms > MaxAnchorMs:
			return Errorf(EINVALID, "time anchor %d: time %d ms outside 0..100 h", i+1, a.Ms)
		case i > 0 && a.Offset <= anchors[i-1].Offset:
			return Errorf(EINVALID, "time anchor %d: offset %d not after the previous anchor's %d", i+1, a.Offset, anchors[i-1].Offset)
		case i > 0 && a.Ms < anchors[i-1].Ms:
			return Errorf(EINVALID, "time anchor %d: time %s before the previous anchor's %s", i+1, FormatMs(a.Ms), FormatMs(anchors[i-1].Ms))
		}
	}
	return nil
}

// FormatMs formats a time as H:MM:SS.mmm.
func FormatMs(ms int64) string {
	h, m, s, r := ms/3600000, ms/60000%60, ms/1000%60, ms%1000
	b := []byte{}
	b = appendInt(b, h, 1)
	b = append(b, ':')
	b = appendInt(b, m, 2)
	b = append(b, ':')
	b = appendInt(b, s, 2)
	b = append(b, '.')
	b = appendInt(b, r, 3)
	return string(b)
}

func appendInt(b []byte, v int64, width int) []byte {
	var d [20]byte
	i := len(d)
	for v > 0 || i == len(d) {
		i--
		d[i] = byte('0' + v%10)
		v /= 10
	}
	for len(d)-i < width {
		i--
		d[i] = '0'
	}
	return append(b, d[i:]...)
}

// TimeSpan is the time of a passage of a recording, in seconds. End is nil
// when the passage runs to the end of the recording (no anchor after it).
type TimeSpan struct {
	Start float64  `json:"t_start"`
	End   *float64 `json:"t_end,omitempty"`
}

// SpanOf returns the time span of the code points [start, end) of a
// transcript with the given anchors (sorted, see CheckAnchors), and false
// when there are no anchors.
//
// It takes the enclosing anchors and does not interpolate: Start is the
// time of the last anchor at or before start (0 when the passage begins
// before the first anchor), End the time of the first anchor at or after
// end. Speech runs at no steady rate within a turn, so an interpolated time
// can land after the passage has begun; the enclosing turn always holds
// it, and a player seeking to Start never misses its first word.
func SpanOf(anchors []TimeAnchor, start, end int) (TimeSpan, bool) {
	if len(anchors) == 0 {
		return TimeSpan{}, false
	}
	var sp TimeSpan
	i := sort.Search(len(anchors), func(i int) bool { return anchors[i].Offset > start })
	if i > 0 {
		sp.Start = anchors[i-1].Seconds()
	}
	j := sort.Search(len(anchors), func(i int) bool { return anchors[i].Offset >= end })
	if j < len(anchors) {
		e := anchors[j].Seconds()
		sp.End = &e
	}
	return sp, true
}

// maxReanchorCells bounds the table of the line diff Reanchor computes
// (edited lines of the old text × of the new); beyond it only the lines of
// the common beginning and end keep their anchors.
const maxReanchorCells = 4 << 20

// Reanchor moves a transcript's anchors across an edit from old to new by a
// diff of their lines: an anchor on a line found unchanged in the new text
// (longest common subsequence of lines) moves with that line, to the same
// column. Where lines were changed and the new text has as many changed
// lines in their place, each is taken for the edit of the old line at its
// place: an anchor at its start (a turn start, where transcripts put
// timestamps) stays at the line's start, one inside it moves to where the
// words after it (up to 16 code points, within the line) are found again
// in the new line. Any other anchor is dropped (its words were rewritten
// or deleted): a time is never guessed. The result is strictly increasing
// in offset, as CheckAnchors wants.
func Reanchor(anchors []TimeAnchor, old, new string) []TimeAnchor {
	if old == new || len(anchors) == 0 {
		return anchors
	}
	ol, nl := splitLines(old), splitLines(new)
	newLine := mapLines(ol, nl)
	out := make([]TimeAnchor, 0, len(anchors))
	li := 0
	for _, a := range anchors {
		for li+1 < len(ol) && ol[li+1].start <= a.Offset {
			li++
		}
		to := -1
		if li < len(ol) {
			col := a.Offset - ol[li].start
			switch j := newLine[li]; {
			case j < 0:
			case ol[li].text == nl[j].text || col == 0:
				to = nl[j].start + min(col, nl[j].runes)
			default:
				rs := []rune(ol[li].text)
				ctx := string(rs[col:min(col+16, len(rs))])
				if i := strings.Index(nl[j].text, ctx); i >= 0 && strings.TrimSpace(ctx) != "" {
					to = nl[j].start + utf8.RuneCountInString(nl[j].text[:i])
				}
			}
		} else if a.Offset == len([]rune(old)) { // an anchor at the very end
			to = len([]rune(new))
		}
		if to < 0 || (len(out) > 0 && to <= out[len(out)-1].Offset) {
			continue
		}
		out = append(out, TimeAnchor{Offset: to, Ms: a.Ms})
	}
	return out
}

// line is a line of a text with its newline, and where it starts in code
// points.
type line struct {
	text         string
	start, runes int
}

func splitLines(s string) []line {
	var out []line
	cp := 0
	for _, l := range strings.SplitAfter(s, "\n") {
		if l == "" {
			continue
		}
		n := utf8.RuneCountInString(l)
		out = append(out, line{l, cp, n})
		cp += n
	}
	return out
}

// mapLines returns for each old line the new line it became, -1 for none:
// the lines of the longest common subsequence, and the changed lines
// between two of them paired in order when both sides have as many.
func mapLines(ol, nl []line) []int {
	m := make([]int, len(ol))
	for i := range m {
		m[i] = -1
	}
	p := 0
	for p < len(ol) && p < len(nl) && ol[p].text == nl[p].text {
		m[p] = p
		p++
	}
	oe, ne := len(ol), len(nl)
	for oe > p && ne > p && ol[oe-1].text == nl[ne-1].text {
		oe--
		ne--
		m[oe] = ne
	}
	a, b := ol[p:oe], nl[p:ne]
	if len(a)*len(b) > maxReanchorCells {
		return m
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i].text == b[j].text {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j, gi, gj := 0, 0, 0, 0 // gi, gj: where the current run of changes began
	pair := func(i, j int) {
		if i-gi == j-gj {
			for k := 0; k < i-gi; k++ {
				m[p+gi+k] = p + gj + k
			}
		}
	}
	for i < len(a) && j < len(b) {
		switch {
		case a[i].text == b[j].text:
			pair(i, j)
			m[p+i] = p + j
			i, j = i+1, j+1
			gi, gj = i, j
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	pair(len(a), len(b))
	return m
}

// SecondsToMs rounds seconds to milliseconds.
func SecondsToMs(s float64) int64 { return int64(math.Round(s * 1000)) }

// TimeAnchorService reads the time anchors of transcripts. Anchors are
// written with their interview (Interview.Anchors on CreateInterview and
// UpdateInterview).
type TimeAnchorService interface {
	// TimeAnchors returns the anchors of the given interviews by interview
	// ID (interviews without anchors are absent), each list in offset
	// order.
	TimeAnchors(ctx context.Context, interviewIDs []string) (map[string][]TimeAnchor, error)
}

// RangeOfTimes returns the passage of a transcript (with the given anchors,
// sorted, see CheckAnchors) spoken from `from` to `to` seconds into its
// recording, as a coder marks it while listening: from the start of the
// turn being spoken at `from` (the last anchor at or before it; the text's
// start when none) to the start of the first turn that begins at `to` or
// later (the text's end when none), without the blanks at either end. It
// is the reverse of SpanOf, at the resolution of the anchors: a time is
// never interpolated inside a turn. EINVALID when the transcript has no
// anchors, the times are out of order or negative, or the passage holds
// only blanks.
func RangeOfTimes(anchors []TimeAnchor, transcript string, from, to float64) (start, end int, err error) {
	switch {
	case len(anchors) == 0:
		return 0, 0, Errorf(EINVALID, "the transcript has no time anchors: select the passage in the text instead")
	case math.IsNaN(from) || math.IsNaN(to) || from < 0 || to <= from:
		return 0, 0, Errorf(EINVALID, "time span %.3f–%.3f s: the end must come after the start, both 0 or more", from, to)
	}
	fromMs, toMs := SecondsToMs(from), SecondsToMs(to)
	if i := sort.Search(len(anchors), func(i int) bool { return anchors[i].Ms > fromMs }); i > 0 {
		start = anchors[i-1].Offset
	}
	rs := []rune(transcript)
	end = len(rs)
	if j := sort.Search(len(anchors), func(i int) bool { return anchors[i].Ms >= toMs && anchors[i].Offset > start }); j < len(anchors) {
		end = anchors[j].Offset
	}
	for start < end && unicode.IsSpace(rs[start]) {
		start++
	}
	for end > start && unicode.IsSpace(rs[end-1]) {
		end--
	}
	if start >= end {
		return 0, 0, Errorf(EINVALID, "nothing is said from %s to %s in the transcript", FormatMs(fromMs), FormatMs(toMs))
	}
	return start, end, nil
}
