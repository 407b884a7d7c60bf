package text

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Anchor ties the code point Offset of a text to Ms milliseconds into its
// recording (ownwords.TimeAnchor).
type Anchor struct {
	Offset int
	Ms     int64
}

// Removed is a span of code points [Start, End) of the original text that
// StripTimestamps took out.
type Removed struct{ Start, End int }

// LineError is a malformed or out-of-order timestamp or cue, at a line
// (counted from 1) of the input.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func lineErrorf(line int, format string, args ...any) error {
	return &LineError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// maxMs bounds a timestamp (100 hours), as ownwords.MaxAnchorMs does.
const maxMs = 100 * 3600 * 1000

// ParseClock parses a timestamp as transcription tools and subtitle files
// write it: [H…:]MM:SS or M:SS, with an optional fraction of a second
// after '.' or ',' (1 to 3 digits: "1:02:03.5" is 3723.5 s). With hours,
// minutes must be below 60; seconds always are. ok is false when s is no
// timestamp at all; err says what is wrong with one that is out of range.
func ParseClock(s string) (ms int64, ok bool, err error) {
	main, frac := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		main, frac = s[:i], s[i+1:]
		if frac == "" || len(frac) > 3 || !allDigits(frac) {
			return 0, false, nil
		}
	}
	parts := strings.Split(main, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false, nil
	}
	var v [3]int64
	for i, p := range parts {
		if p == "" || len(p) > 3 || !allDigits(p) || (i > 0 && len(p) != 2) {
			return 0, false, nil
		}
		v[i], _ = strconv.ParseInt(p, 10, 64)
	}
	var h, m, sec int64
	if len(parts) == 3 {
		h, m, sec = v[0], v[1], v[2]
		if m >= 60 {
			return 0, true, fmt.Errorf("timestamp %q: minutes %d not below 60", s, m)
		}
	} else {
		m, sec = v[0], v[1]
	}
	if sec >= 60 {
		return 0, true, fmt.Errorf("timestamp %q: seconds %d not below 60", s, sec)
	}
	ms = ((h*60+m)*60 + sec) * 1000
	if frac != "" {
		f, _ := strconv.ParseInt(frac+strings.Repeat("0", 3-len(frac)), 10, 64)
		ms += f
	}
	if ms > maxMs {
		return 0, true, fmt.Errorf("timestamp %q: beyond 100 hours", s)
	}
	return ms, true, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// StripTimestamps takes the timestamps that transcription tools write at
// the start of a line out of s and returns the text without them, an
// anchor for each at the offset where its line's text now begins, and the
// spans removed (offsets of s, for moving other offsets with MapOffset).
//
// A timestamp is, after any indentation at the start of a line,
// "[00:12:31]", "(12:31)", "[1:02:03.5]" (any ParseClock time between
// matching brackets or parentheses), or a bare "00:12:31" followed by a
// speaker label ("00:12:31 Interviewer: …"); a bare time before other words
// ("10:15 was when we left") is text. The timestamp and the blanks after it
// are removed; a line that held nothing else is removed whole, and its
// anchor goes to the next line. Times must not decrease down the text, and
// two timestamps need text between them; a bracketed time out of range
// ("[00:75:10]") is an error too, a *LineError naming the line.
func StripTimestamps(s string) (string, []Anchor, []Removed, error) {
	var (
		out     strings.Builder
		anchors []Anchor
		removed []Removed
		cp      int // code points of s read
		outCP   int // code points written
		prevMs  int64
		prevLn  int
	)
	out.Grow(len(s))
	for ln, line := range strings.SplitAfter(s, "\n") {
		if line == "" {
			continue
		}
		lineCP := utf8.RuneCountInString(line)
		n, ms, found, err := leadingTimestamp(line)
		if err != nil {
			return "", nil, nil, lineErrorf(ln+1, "%s", err)
		}
		if !found {
			out.WriteString(line)
			cp += lineCP
			outCP += lineCP
			continue
		}
		if len(anchors) > 0 && ms < prevMs {
			return "", nil, nil, lineErrorf(ln+1, "timestamp %s is before the one on line %d (%s); timestamps must not go back", clock(ms), prevLn, clock(prevMs))
		}
		rest := line[n:]
		cut := utf8.RuneCountInString(line[:n])
		if strings.TrimSpace(rest) == "" {
			cut = lineCP // the line held the timestamp only
			rest = ""
		}
		if len(anchors) > 0 && anchors[len(anchors)-1].Offset == outCP {
			return "", nil, nil, lineErrorf(ln+1, "timestamp %s follows the one on line %d with no text between", clock(ms), prevLn)
		}
		anchors = append(anchors, Anchor{Offset: outCP, Ms: ms})
		removed = append(removed, Removed{Start: cp, End: cp + cut})
		prevMs, prevLn = ms, ln+1
		out.WriteString(rest)
		cp += lineCP
		outCP += lineCP - cut
	}
	return out.String(), anchors, removed, nil
}

// leadingTimestamp finds a timestamp at the start of line (see
// StripTimestamps) and returns the bytes it takes with the blanks after
// it, and its time.
func leadingTimestamp(line string) (n int, ms int64, found bool, err error) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i == len(line) {
		return 0, 0, false, nil
	}
	var end int
	switch open := line[i]; open {
	case '[', '(':
		closer := byte(']')
		if open == '(' {
			closer = ')'
		}
		j := strings.IndexAny(line[i+1:], "])")
		if j < 0 {
			return 0, 0, false, nil
		}
		inner := line[i+1 : i+1+j]
		ms, ok, err := ParseClock(inner)
		if !ok {
			return 0, 0, false, nil
		}
		if err != nil {
			return 0, 0, false, err
		}
		if line[i+1+j] != closer {
			return 0, 0, false, fmt.Errorf("timestamp %q: %c closed by %c", inner, open, line[i+1+j])
		}
		end = i + 1 + j + 1
		return skipBlanks(line, end), ms, true, nil
	default:
		j := i
		for j < len(line) && (line[j] >= '0' && line[j] <= '9' || line[j] == ':' || line[j] == '.' || line[j] == ',') {
			j++
		}
		ms, ok, err := ParseClock(line[i:j])
		if !ok || j == len(line) || (line[j] != ' ' && line[j] != '\t') {
			return 0, 0, false, nil
		}
		k := skipBlanks(line, j)
		if labelLen([]rune(line[k:])) == 0 {
			return 0, 0, false, nil
		}
		if err != nil {
			return 0, 0, false, err
		}
		return k, ms, true, nil
	}
}

func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// clock formats ms as H:MM:SS(.mmm).
func clock(ms int64) string {
	s := fmt.Sprintf("%d:%02d:%02d", ms/3600000, ms/60000%60, ms/1000%60)
	if ms%1000 != 0 {
		s += fmt.Sprintf(".%03d", ms%1000)
	}
	return s
}

// MapOffset moves an offset of the text StripTimestamps read to the text
// it returned: an offset inside a removed span goes to where the span was.
func MapOffset(removed []Removed, off int) int {
	shift := 0
	for _, r := range removed {
		switch {
		case off >= r.End:
			shift += r.End - r.Start
		case off > r.Start:
			return r.Start - shift
		default:
			return off - shift
		}
	}
	return off - shift
}

// A cue of a subtitle file: its start time, speaker (if named) and text.
type cue struct {
	line    int
	ms      int64
	speaker string
	text    string
}

// ParseVTT reads a WebVTT file (the "WEBVTT" header, then blocks; NOTE,
// STYLE and REGION blocks are skipped) into a transcript: see cuesText.
func ParseVTT(s string) (string, []Anchor, error) {
	lines := subtitleLines(s)
	if first := lines[0]; !strings.HasPrefix(first, "WEBVTT") || (len(first) > 6 && first[6] != ' ' && first[6] != '\t') {
		return "", nil, lineErrorf(1, "not a WebVTT file: the first line must be WEBVTT")
	}
	return parseCues(lines, 1, func(block []string) (skip bool, timingLine int) {
		if w := firstWord(block[0]); w == "NOTE" || w == "STYLE" || w == "REGION" {
			return true, 0
		}
		if !strings.Contains(block[0], "-->") {
			return false, 1 // after a cue identifier
		}
		return false, 0
	}, "start --> end")
}

// ParseSRT reads a SubRip file (numbered blocks: index, timing with
// "00:00:01,000 --> 00:00:02,000", text) into a transcript: see cuesText.
func ParseSRT(s string) (string, []Anchor, error) {
	return parseCues(subtitleLines(s), 0, func(block []string) (bool, int) {
		if allDigits(strings.TrimSpace(block[0])) {
			return false, 1
		}
		return false, 0
	}, "00:00:01,000 --> 00:00:02,000")
}

func subtitleLines(s string) []string {
	s = strings.TrimPrefix(s, "\uFEFF")
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

// parseCues reads the blocks (runs of non-blank lines) of lines from
// line from as cues; kind says whether to skip a block and which of its
// lines is the timing line.
func parseCues(lines []string, from int, kind func(block []string) (skip bool, timingLine int), form string) (string, []Anchor, error) {
	var cues []cue
	for i := from; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
		block := lines[start:i]
		skip, t := kind(block)
		if skip {
			continue
		}
		if t >= len(block) || !strings.Contains(block[t], "-->") {
			return "", nil, lineErrorf(start+min(t, len(block)-1)+1, "cue without a timing line (%s)", form)
		}
		c, err := timing(block[t], start+t+1)
		if err != nil {
			return "", nil, err
		}
		c.speaker, c.text = cueText(block[t+1:])
		cues = append(cues, c)
	}
	return cuesText(cues)
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// timing parses a cue's "start --> end [settings]" line.
func timing(line string, ln int) (cue, error) {
	from, to, _ := strings.Cut(line, "-->")
	from = strings.TrimSpace(from)
	to = firstWord(to)
	start, ok, err := ParseClock(from)
	if err == nil && !ok {
		err = fmt.Errorf("cue start %q is not a time", from)
	}
	if err != nil {
		return cue{}, lineErrorf(ln, "%s", err)
	}
	end, ok, err := ParseClock(to)
	if err == nil && !ok {
		err = fmt.Errorf("cue end %q is not a time", to)
	}
	if err != nil {
		return cue{}, lineErrorf(ln, "%s", err)
	}
	if end < start {
		return cue{}, lineErrorf(ln, "cue ends (%s) before it starts (%s)", clock(end), clock(start))
	}
	return cue{line: ln, ms: start}, nil
}

// cueText joins a cue's text lines with spaces, takes the speaker from a
// WebVTT voice tag (<v Name>) or a "Name:" prefix, and drops markup
// (<i>, <c.x>, inline times, SubRip's {\an8}) and decodes the character
// references WebVTT allows.
func cueText(lines []string) (speaker, text string) {
	joined := strings.Join(lines, " ")
	if strings.HasPrefix(joined, "<v") && len(joined) > 2 && (joined[2] == ' ' || joined[2] == '.') {
		if end := strings.IndexByte(joined, '>'); end > 0 {
			tag := joined[2:end]
			if sp := strings.IndexByte(tag, ' '); sp >= 0 {
				speaker = strings.TrimSpace(tag[sp+1:])
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(joined); {
		switch c := joined[i]; {
		case c == '<':
			if end := strings.IndexByte(joined[i:], '>'); end > 0 {
				i += end + 1
				continue
			}
		case c == '{' && i+1 < len(joined) && joined[i+1] == '\\':
			if end := strings.IndexByte(joined[i:], '}'); end > 0 {
				i += end + 1
				continue
			}
		}
		b.WriteByte(joined[i])
		i++
	}
	text = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", "\u00a0", "&lrm;", "\u200e", "&rlm;", "\u200f").Replace(b.String())
	text = strings.Join(strings.FieldsFunc(text, func(r rune) bool { return r != '\u00a0' && unicode.IsSpace(r) }), " ")
	if speaker == "" {
		if n := labelLen([]rune(text)); n > 0 {
			rs := []rune(text)
			speaker = strings.TrimRight(string(rs[:n]), ":：")
			text = strings.TrimSpace(string(rs[n:]))
		}
	}
	speaker = strings.Map(func(r rune) rune {
		if r == ':' || r == '：' || unicode.IsControl(r) {
			return -1
		}
		return r
	}, speaker)
	return strings.TrimSpace(speaker), text
}

// cuesText turns cues into a transcript in the turn format of Turn: a cue
// with a speaker other than the current one starts a line "Speaker: text";
// a cue of the same speaker, or naming none, continues the current line
// after a space. Every cue with text gets an anchor where its text (or
// its line, for a new turn) starts; empty cues are skipped. Cue start
// times must not decrease (a *LineError names the cue's timing line).
func cuesText(cues []cue) (string, []Anchor, error) {
	var (
		b       strings.Builder
		anchors []Anchor
		cp      int
		current string
		prev    *cue
	)
	write := func(s string) {
		b.WriteString(s)
		cp += utf8.RuneCountInString(s)
	}
	for i := range cues {
		c := &cues[i]
		if prev != nil && c.ms < prev.ms {
			return "", nil, lineErrorf(c.line, "cue starts at %s, before the cue on line %d (%s); cues must be in time order", clock(c.ms), prev.line, clock(prev.ms))
		}
		if c.text == "" {
			continue
		}
		prev = c
		switch {
		case len(anchors) == 0 || (c.speaker != "" && c.speaker != current):
			if len(anchors) > 0 {
				write("\n")
			}
			anchors = append(anchors, Anchor{Offset: cp, Ms: c.ms})
			if c.speaker != "" {
				write(c.speaker + ": ")
				current = c.speaker
			}
		default:
			write(" ")
			anchors = append(anchors, Anchor{Offset: cp, Ms: c.ms})
		}
		write(c.text)
	}
	if len(anchors) == 0 {
		return "", nil, lineErrorf(1, "no cue has any text")
	}
	return b.String() + "\n", anchors, nil
}
