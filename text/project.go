package text

import "unicode"

// Projection maps spans between two aligned texts, a and b (an
// interview's transcript and another text of it, as Align pairs them): a
// passage coded in either is shown, and stored, at the aligned span of the
// other. It is turn-level: a span inside turn i of one text maps to the
// whole content of turn i of the other, without its speaker label. It is
// finer where sentence alignment is certain: when the two turns hold as
// many sentences (Sentence's rules, line by line), sentence k maps to
// sentence k. A span over several turns maps from the start of the first
// to the end of the last. A Projection is read-only and safe for
// concurrent use.
type Projection struct {
	a, b side
}

// side is one text of a Projection: for each aligned unit, its content
// (the unit without its speaker label) and the sentences of that content.
type side struct {
	units []content
}

// content is a unit's text after its speaker label: the span [Start, End)
// and its sentences, each trimmed of whitespace. Start == End for a turn
// that is only a label.
type content struct {
	Start, End int
	sentences  [][2]int
}

// NewProjection aligns a and b (Align) and prepares the mapping between
// them; the error is Align's *AlignError when they do not align.
func NewProjection(a, b string) (*Projection, error) { return NewProjectionMap(a, b, "") }

// NewProjectionMap prepares the mapping between a and b aligned by hand as
// unitMap says (a UnitMap's text form), or by Align when unitMap is "".
// A group of several units maps as one: a span in it maps to the content
// of the whole group of the other text, sentence by sentence when both
// groups hold as many sentences. The error is Align's *AlignError, or the
// map's when it does not parse (ParseUnitMap) or no longer fits the texts.
func NewProjectionMap(a, b, unitMap string) (*Projection, error) {
	ga, gb, err := groups(a, b, unitMap)
	if err != nil {
		return nil, err
	}
	ra, rb := []rune(a), []rune(b)
	p := &Projection{}
	for i := range ga {
		p.a.units = append(p.a.units, groupContent(ra, ga[i]))
		p.b.units = append(p.b.units, groupContent(rb, gb[i]))
	}
	return p, nil
}

// groupContent is the content of a group of consecutive units: from the
// first one's content to the last one's end, with the sentences of each
// (speaker labels inside the group are not words of it).
func groupContent(rs []rune, g []Unit) content {
	c := contentOf(rs, g[0])
	for _, u := range g[1:] {
		next := contentOf(rs, u)
		if c.Start == c.End {
			c.Start = next.Start
		}
		if next.Start < next.End {
			c.End = next.End
		}
		c.sentences = append(c.sentences, next.sentences...)
	}
	return c
}

// contentOf returns u's content in rs: after the speaker label's colon,
// trimmed, and split into sentences.
func contentOf(rs []rune, u Unit) content {
	start := u.Start
	if u.Speaker != "" {
		start += labelLen(rs[u.Start:u.End])
	}
	for start < u.End && unicode.IsSpace(rs[start]) {
		start++
	}
	c := content{Start: start, End: u.End}
	// Sentences never cross a line: split each line of the content.
	for ls := start; ls < u.End; {
		le := ls
		for le < u.End && !isLineBreak(rs[le]) {
			le++
		}
		if st, en := trimSpan(rs, ls, le, -1); st >= 0 {
			for i := st; i < en; {
				j := sentenceEnd(rs, i, en)
				s, e := trimSpan(rs, i, j, -1)
				if s >= 0 {
					c.sentences = append(c.sentences, [2]int{s, e})
				}
				for j < en && unicode.IsSpace(rs[j]) {
					j++
				}
				i = j
			}
		}
		ls = le + 1
	}
	return c
}

// AToB maps the span [start, end) of a to b. ok is false when the span
// holds no content of a (empty, only speaker labels or the blank between
// turns, or outside the text).
func (p *Projection) AToB(start, end int) (int, int, bool) { return project(p.a, p.b, start, end) }

// BToA maps the span [start, end) of b to a, as AToB does the other way.
func (p *Projection) BToA(start, end int) (int, int, bool) { return project(p.b, p.a, start, end) }

// Units returns the number of aligned units (turns or paragraphs).
func (p *Projection) Units() int { return len(p.a.units) }

// UnitStarts returns where each aligned unit begins in a and in b (its
// content, after the speaker label), for a view that keeps the two texts
// level turn by turn.
func (p *Projection) UnitStarts() (a, b []int) {
	for i := range p.a.units {
		a = append(a, p.a.units[i].Start)
		b = append(b, p.b.units[i].Start)
	}
	return a, b
}

func project(from, to side, start, end int) (int, int, bool) {
	if start >= end {
		return 0, 0, false
	}
	first, last := -1, -1
	for i, u := range from.units {
		if u.Start == u.End || u.End <= start || u.Start >= end {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	if first < 0 {
		return 0, 0, false
	}
	// The target turns may be only labels (an interpreter's silence):
	// the span runs over those of them that hold words.
	tf, tl := first, last
	for tf <= last && to.units[tf].Start == to.units[tf].End {
		tf++
	}
	for tl >= tf && to.units[tl].Start == to.units[tl].End {
		tl--
	}
	if tf > tl {
		return 0, 0, false
	}
	fu, lu := from.units[first], from.units[last]
	ts, te := to.units[tf].Start, to.units[tl].End
	if k, ok := sentenceIndex(fu, max(start, fu.Start), true); ok && tf == first && len(to.units[tf].sentences) == len(fu.sentences) {
		ts = to.units[tf].sentences[k][0]
	}
	if k, ok := sentenceIndex(lu, min(end, lu.End), false); ok && tl == last && len(to.units[tl].sentences) == len(lu.sentences) {
		te = to.units[tl].sentences[k][1]
	}
	if ts >= te {
		// Only the blank between two sentences was selected.
		return 0, 0, false
	}
	return ts, te, true
}

// sentenceIndex returns the sentence of u where a span starting at at
// (opening is true) begins, the first that ends after it, or where a span
// ending at at ends, the last that starts before it: a blank between two
// sentences counts as neither.
func sentenceIndex(u content, at int, opening bool) (int, bool) {
	ss := u.sentences
	if len(ss) == 0 {
		return 0, false
	}
	if opening {
		k := 0
		for k+1 < len(ss) && ss[k][1] <= at {
			k++
		}
		return k, true
	}
	k := 0
	for k+1 < len(ss) && ss[k+1][0] < at {
		k++
	}
	return k, true
}
