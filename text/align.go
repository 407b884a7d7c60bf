package text

import (
	"fmt"
	"slices"
	"strings"
)

// Unit is one turn or paragraph of a text: the span [Start, End) in code
// points, trimmed of surrounding whitespace, as Turn and Paragraph return
// it. Speaker is the turn's label without its colon ("Interviewer",
// "المحاور"); it is "" for a paragraph and for text before the first label.
type Unit struct {
	Speaker    string `json:"speaker,omitempty"`
	Start, End int
}

// Units splits s into the units alignment pairs: its speaker turns when
// it has at least one speaker label (turns is true; non-blank text before
// the first label is a unit without speaker), else its non-blank
// paragraphs (lines). A turn runs from its label's line to the next
// label's line, as Turn has it.
func Units(s string) (units []Unit, turns bool) {
	rs := []rune(s)
	var lines [][2]int // non-blank lines, trimmed
	var labels []int   // label length of each line, 0 if none
	for ls := 0; ls < len(rs); {
		le := ls
		for le < len(rs) && !isLineBreak(rs[le]) {
			le++
		}
		// trimSpan gives (-1, -1) for a blank line.
		if st, en := trimSpan(rs, ls, le, -1); st >= 0 {
			lines = append(lines, [2]int{st, en})
			labels = append(labels, labelLen(rs[st:en]))
			if labels[len(labels)-1] > 0 {
				turns = true
			}
		}
		ls = le + 1
	}
	for i, ln := range lines {
		switch {
		case !turns:
			units = append(units, Unit{Start: ln[0], End: ln[1]})
		case labels[i] > 0:
			label := strings.TrimSpace(string(rs[ln[0] : ln[0]+labels[i]-1]))
			units = append(units, Unit{Speaker: label, Start: ln[0], End: ln[1]})
		case len(units) == 0:
			units = append(units, Unit{Start: ln[0], End: ln[1]})
		default:
			units[len(units)-1].End = ln[1]
		}
	}
	return units, turns
}

// Pair is a unit of one text and the unit of the other it translates.
type Pair struct {
	A Unit `json:"a"`
	B Unit `json:"b"`
}

// AlignError is the first place where two texts do not align: Unit is
// the 1-based number of the turn (or paragraph), with what each text has
// there ("" past its end).
type AlignError struct {
	// Turns is false when the texts were compared paragraph by paragraph.
	Turns              bool
	Unit               int
	SpeakerA, SpeakerB string
	ExcerptA, ExcerptB string
	// reason says what differs, naming the texts a and b.
	reason func(a, b string) string
}

func (e *AlignError) Error() string { return e.Between("the first text", "the second") }

// Between is the error with the texts named a and b ("the transcript",
// "the translation (ar)").
func (e *AlignError) Between(a, b string) string {
	what := "paragraph"
	if e.Turns {
		what = "turn"
	}
	return fmt.Sprintf("%s %d: %s (%s: %s; %s: %s)", what, e.Unit, e.reason(a, b),
		a, describe(e.Turns, e.SpeakerA, e.ExcerptA), b, describe(e.Turns, e.SpeakerB, e.ExcerptB))
}

func describe(turns bool, speaker, excerpt string) string {
	switch {
	case excerpt == "" && speaker == "":
		return "nothing"
	case turns && speaker == "":
		return fmt.Sprintf("no speaker, %q", excerpt)
	case turns:
		return fmt.Sprintf("%s, %q", speaker, excerpt)
	}
	return fmt.Sprintf("%q", excerpt)
}

// excerptRunes bounds an excerpt in an AlignError: enough to find the turn.
const excerptRunes = 40

func excerpt(rs []rune, u Unit) string {
	s := []rune(strings.Join(strings.Fields(string(rs[u.Start:u.End])), " "))
	if len(s) > excerptRunes {
		return string(s[:excerptRunes]) + "…"
	}
	return string(s)
}

// Align pairs the turns of a with those of b, an original and its
// translation: both must have speaker turns, or neither (then their
// paragraphs are paired), and as many of them. Speaker labels are in each
// text's language ("Interviewer" and "المحاور"), so they are not compared
// as words: the labels must correspond one to one, the first turn of a
// speaker fixing their label in the other text. The error, an
// *AlignError, names the first unit that differs. Empty texts align with
// no pairs.
func Align(a, b string) ([]Pair, error) {
	ra, rb := []rune(a), []rune(b)
	ua, ta := Units(a)
	ub, tb := Units(b)
	fail := func(i int, reason func(a, b string) string) error {
		e := &AlignError{Turns: ta || tb, Unit: i + 1, reason: reason}
		if i < len(ua) {
			e.SpeakerA, e.ExcerptA = ua[i].Speaker, excerpt(ra, ua[i])
		}
		if i < len(ub) {
			e.SpeakerB, e.ExcerptB = ub[i].Speaker, excerpt(rb, ub[i])
		}
		return e
	}
	if ta != tb {
		return nil, fail(0, func(a, b string) string {
			if tb {
				a, b = b, a
			}
			return a + " has speaker turns and " + b + " none"
		})
	}
	aToB, bToA := map[string]string{}, map[string]string{}
	firstA := map[string]int{}
	pairs := make([]Pair, 0, min(len(ua), len(ub)))
	for i := range min(len(ua), len(ub)) {
		sa, sb := ua[i].Speaker, ub[i].Speaker
		if (sa == "") != (sb == "") {
			return nil, fail(i, func(string, string) string { return "one text has a speaker here and the other none" })
		}
		if got, ok := aToB[sa]; ok && got != sb {
			return nil, fail(i, func(_, b string) string {
				return fmt.Sprintf("speaker %q was %q in %s at turn %d", sa, got, b, firstA[sa])
			})
		}
		if got, ok := bToA[sb]; ok && got != sa {
			return nil, fail(i, func(a, b string) string {
				return fmt.Sprintf("speaker %q of %s was %q in %s", sb, b, got, a)
			})
		}
		if _, ok := aToB[sa]; !ok {
			aToB[sa], bToA[sb], firstA[sa] = sb, sa, i+1
		}
		pairs = append(pairs, Pair{A: ua[i], B: ub[i]})
	}
	if len(ua) != len(ub) {
		what := "paragraphs"
		if ta {
			what = "turns"
		}
		return nil, fail(len(pairs), func(a, b string) string {
			return fmt.Sprintf("%s has %d %s, %s %d", a, len(ua), what, b, len(ub))
		})
	}
	return pairs, nil
}

// AlignedUnit returns the unit of to aligned with the unit of from that
// holds code point at (its index in from: texts that Align accepts have
// as many units, turn i of one being turn i of the other), with that
// index. ok is false when at lies in no unit of from (blank lines between
// units, or past the end) or to has no unit of that index.
func AlignedUnit(from, to []Unit, at int) (u Unit, i int, ok bool) {
	i, found := slices.BinarySearchFunc(from, at, func(u Unit, at int) int {
		switch {
		case u.End <= at:
			return -1
		case u.Start > at:
			return 1
		}
		return 0
	})
	if !found || i >= len(to) {
		return Unit{}, 0, false
	}
	return to[i], i, true
}
