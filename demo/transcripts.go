package demo

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// codedSpan is a passage that expresses an item, in code points.
type codedSpan struct {
	item       string
	start, end int
}

// span is a range of code points.
type span struct{ start, end int }

// transcript is a rendered interview transcript with the places of its
// coded passages, of its neutral participant sentences (where a coder may
// stray) and of its planted phrases.
type transcript struct {
	text string
	// blocks, header and the speaker labels are what the transcript was
	// rendered from: the other texts of the interview (texts.go) retell
	// them turn by turn.
	blocks               []block
	header, asker, label string
	coded                []codedSpan
	fillers              []span
	planted              []Passage
}

// piece is a stretch of one turn: its text, the item it expresses (""
// for neutral speech), and the pool of the bank it was drawn from: the
// kind of pool (from) and the topic, section or item it is of (see
// poolOf).
type piece struct{ text, item, from, name string }

type turn struct {
	asker  bool
	pieces []piece
}

// block is a stretch of the interview; padding adds turns on its topic.
type block struct {
	turns []turn
	topic *fillerTopic
}

// writer composes one participant's interview.
type writer struct {
	g     *gen
	p     *person
	b     *bank
	e     *expander
	pools map[string][]string
	used  map[string]bool // templates already used, by item + text
	words int

	lastFollowUp string
}

// interviewPlan is the order of an interview: filler topics by name and
// sections (prefixed "§").
var interviewPlan = []string{
	"childhood", "family", "school", "§vulnerabilities", "hometown", "freetime", "faith", "§influences", "§motivations",
	"travel", "arrival", "§roles", "daily", "§experienced", "§witnessed", "§heard", "§committed",
	"§will_to_fight", "§disillusionment", "leaving", "now",
}

// writeTranscript composes the interview of p in its transcript language.
func (g *gen) writeTranscript(p *person, interviewID string) transcript {
	b := bankFor(p.lang)
	w := &writer{g: g, p: p, b: b, e: newExpander(g.rng, p), pools: map[string][]string{}, used: map[string]bool{}}
	for _, slot := range []string{"home", "city"} {
		w.e.fixed[slot] = translated(b.places, w.e.fixed[slot])
	}
	header := b.header(p)
	w.words = len(strings.Fields(header))
	blocks := []block{{turns: []turn{w.ask("open0", "", pick(g.rng, b.open[0])), w.say(w.text("open1", "", pick(g.rng, b.open[1])))}}}
	for _, step := range interviewPlan {
		if sec, ok := strings.CutPrefix(step, "§"); ok {
			if blk, ok := w.section(sec); ok {
				blocks = append(blocks, blk)
			}
		} else if t := w.topic(step); t != nil {
			blocks = append(blocks, block{turns: w.fillerExchange(t), topic: t})
		}
	}
	blocks = append(blocks, w.lookBack(), block{turns: []turn{
		w.ask("close0", "", pick(g.rng, b.close[0])), w.say(w.text("close1", "", pick(g.rng, b.close[1]))), w.ask("close2", "", pick(g.rng, b.close[2])),
	}})
	w.pad(blocks, b.words[0]+g.rng.IntN(b.words[1]-b.words[0]))
	label := choose(g.rng.IntN(2) == 0, p.code, b.participant)
	t := render(header, blocks, b.interviewer, label, p.code, interviewID)
	t.blocks, t.header, t.asker, t.label = blocks, header, b.interviewer, label
	return t
}

func (w *writer) count(s string) { w.words += len(strings.Fields(s)) }

func (w *writer) ask(from, name, q string) turn {
	q = w.e.expand(q)
	w.count(q)
	w.words++ // the speaker label
	return turn{asker: true, pieces: []piece{{text: q, from: from, name: name}}}
}

func (w *writer) say(ps ...piece) turn {
	w.words++
	return turn{pieces: ps}
}

// text is a neutral piece of the participant's speech from pool from of
// name.
func (w *writer) text(from, name, tpl string) piece {
	s := w.e.expand(tpl)
	w.count(s)
	return piece{text: s, from: from, name: name}
}

// passage is a piece expressing item, with a template not yet used.
func (w *writer) passage(item string) (piece, bool) {
	var fresh []string
	for _, t := range usable(w.b.passages[item], w.p) {
		if !w.used[item+t] {
			fresh = append(fresh, t)
		}
	}
	if len(fresh) == 0 {
		return piece{}, false
	}
	t := pick(w.g.rng, fresh)
	w.used[item+t] = true
	s := w.e.expand(t)
	w.count(s)
	return piece{text: s, item: item, from: "item", name: item}, true
}

// topic returns the named filler topic if it applies to the participant.
func (w *writer) topic(name string) *fillerTopic {
	for i := range w.b.topics {
		if t := &w.b.topics[i]; t.name == name && matches(t.tags, w.p) {
			return t
		}
	}
	return nil
}

// fillerExchange is a question on topic t and a neutral answer of two to
// four of the topic's sentences, none said before in the interview while
// the topic lasts (see pad).
func (w *writer) fillerExchange(t *fillerTopic) []turn {
	qs := w.pools["?"+t.name]
	if len(qs) == 0 {
		qs = shuffled(w.g.rng, usable(t.questions, w.p))
	}
	q := w.ask("?", t.name, qs[0])
	w.pools["?"+t.name] = qs[1:]
	pool := w.pool(t)
	if len(pool) < 2 {
		pool = shuffled(w.g.rng, t.sentencesFor(w.p))
	}
	k := min(2+w.g.rng.IntN(3), len(pool))
	var ps []piece
	for _, s := range pool[:k] {
		ps = append(ps, w.text("~", t.name, s))
	}
	w.pools[t.name] = pool[k:]
	if w.g.rng.IntN(4) == 0 {
		ps = append(ps, w.text("discourse", "", pick(w.g.rng, w.b.discourse)))
	}
	return []turn{q, w.say(ps...)}
}

// pool returns the topic's sentences not yet said.
func (w *writer) pool(t *fillerTopic) []string {
	pool, ok := w.pools[t.name]
	if !ok {
		pool = shuffled(w.g.rng, t.sentencesFor(w.p))
		w.pools[t.name] = pool
	}
	return pool
}

// section is the part of the interview on one section: a question, then
// one passage per endorsed item, sometimes two in one answer. A section with
// nothing to code is sometimes asked and answered neutrally.
func (w *writer) section(sec string) (block, bool) {
	var items []string
	for _, it := range itemPaths() {
		if sectionOf(it) == sec && w.p.items[it] {
			items = append(items, it)
		}
	}
	items = shuffled(w.g.rng, items)
	q := w.ask("§", sec, pick(w.g.rng, w.b.questions[sec]))
	if len(items) == 0 {
		nones := w.b.none[sec]
		if len(nones) == 0 || (!w.p.inTerritory() && sec != "heard") || w.g.rng.IntN(5) < 2 {
			return block{}, false
		}
		return block{turns: []turn{q, w.say(w.text("none", sec, pick(w.g.rng, nones)))}}, true
	}
	turns := []turn{q}
	var answer []piece
	if w.g.rng.IntN(5) == 0 {
		answer = append(answer, w.text("discourse", "", pick(w.g.rng, w.b.discourse)))
	}
	for i, it := range items {
		ps, ok := w.passage(it)
		if !ok {
			panic("demo: no passage for " + it + " in " + w.b.lang)
		}
		if i > 0 && w.g.rng.IntN(10) >= 3 {
			turns = append(turns, w.say(answer...), w.ask("followup", "", w.followUp()))
			answer = nil
		}
		answer = append(answer, ps)
	}
	return block{turns: append(turns, w.say(answer...))}, true
}

// followUp returns a follow-up question, never the one asked last.
func (w *writer) followUp() string {
	for {
		if q := pick(w.g.rng, w.b.followUps); q != w.lastFollowUp || len(w.b.followUps) == 1 {
			w.lastFollowUp = q
			return q
		}
	}
}

// lookBack returns to up to two endorsed items with a second passage.
func (w *writer) lookBack() block {
	var blk block
	want := w.g.rng.IntN(3)
	for _, it := range shuffled(w.g.rng, itemPaths()) {
		if len(blk.turns) >= 2*want {
			break
		}
		if !w.p.items[it] {
			continue
		}
		if ps, ok := w.passage(it); ok {
			blk.turns = append(blk.turns, w.ask("lookback", "", pick(w.g.rng, w.b.lookingBack)), w.say(ps))
		}
	}
	return blk
}

// pad adds neutral exchanges to topical blocks until the interview
// reaches target words, choosing topics by how much they have left to say;
// only when every topic is spent do sentences repeat.
func (w *writer) pad(blocks []block, target int) {
	for w.words < target {
		var idx []int
		var weights []float64
		for i, b := range blocks {
			if b.topic != nil {
				idx = append(idx, i)
				weights = append(weights, float64(min(len(w.pool(b.topic))/2, 8)))
			}
		}
		if len(idx) == 0 {
			return
		}
		if slices.Max(weights) == 0 {
			weights = nil
		}
		i := idx[w.g.rng.IntN(len(idx))]
		if weights != nil {
			i = idx[w.g.weighted(weights)]
		}
		blocks[i].turns = append(blocks[i].turns, w.fillerExchange(blocks[i].topic)...)
	}
}

// render writes the transcript, recording offsets in code points.
func render(header string, blocks []block, asker, label, code, interviewID string) transcript {
	var (
		sb strings.Builder
		t  transcript
		n  int
	)
	write := func(s string) int {
		start := n
		sb.WriteString(s)
		n += utf8.RuneCountInString(s)
		t.planted = append(t.planted, findPlanted(s, start, code, interviewID)...)
		return start
	}
	write(header)
	for _, b := range blocks {
		for _, tu := range b.turns {
			write(choose(tu.asker, asker, label) + ": ")
			for i, pc := range tu.pieces {
				if i > 0 {
					write(" ")
				}
				start := write(pc.text)
				switch {
				case pc.item != "":
					t.coded = append(t.coded, codedSpan{item: pc.item, start: start, end: n})
				case !tu.asker:
					t.fillers = append(t.fillers, span{start, n})
				}
			}
			write("\n\n")
		}
	}
	t.text = strings.TrimRight(sb.String(), "\n") + "\n"
	return t
}

// findPlanted returns the planted phrases in s, a piece written at code
// point offset base: whole words, any case.
func findPlanted(s string, base int, code, interviewID string) []Passage {
	var out []Passage
	ls := strings.ToLower(s)
	for _, ph := range PlantedPhrases {
		lp := strings.ToLower(ph)
		if !strings.Contains(ls, lp) {
			continue
		}
		// strings.ToLower maps rune to rune, so rune indexes of the lowered
		// text are those of the original.
		orig, lower, pr := []rune(s), []rune(ls), []rune(lp)
		for i := 0; i+len(pr) <= len(lower); i++ {
			if slices.Equal(lower[i:i+len(pr)], pr) && wordEdge(lower, i-1) && wordEdge(lower, i+len(pr)) {
				out = append(out, Passage{Interview: interviewID, Participant: code,
					Start: base + i, End: base + i + len(pr), Text: string(orig[i : i+len(pr)])})
			}
		}
	}
	slices.SortFunc(out, func(a, b Passage) int { return a.Start - b.Start })
	return out
}

// wordEdge reports whether position i of rs is outside any word.
func wordEdge(rs []rune, i int) bool {
	return i < 0 || i >= len(rs) || !unicode.IsLetter(rs[i]) && !unicode.IsDigit(rs[i])
}
