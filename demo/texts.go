package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"

	"ownwords"
)

// Other texts of the demo's interviews (ownwords.InterviewText), so that
// side-by-side reading and cross-language search show something on the
// first run: every Arabic and French transcript gets an English
// translation, and a few English transcripts of interviews held in Arabic
// through an interpreter get their Arabic original. Each retells its
// transcript turn by turn (retell): same turns, same speakers, each piece
// drawn from the other language's bank for the same item, topic or kind
// of turn, so that a coded passage faces a passage of the same item. The
// banks are not sentence-for-sentence translations of one another, so
// the correspondence is by item and topic, not word for word. Nothing is
// drawn from the study's random stream: each text has a stream of its
// own, and the rest of the study is the same with or without them.

// Speaker labels and names of the demo's interpreters and translators
// (invented).
const (
	// interpreterLabel speaks the participant's answers in the English
	// translation of an interview held through an interpreter.
	interpreterLabel = "Interpreter"
	// interpreterLabelAr puts the interviewer's questions in Arabic in the
	// original of an English transcript.
	interpreterLabelAr = "المترجم"
	demoInterpreter    = "Interpreter 1 (demo)"
	demoTranslator     = "Translator 2 (demo)"
)

// withOriginals is how many English transcripts of interviews held in
// Arabic get their Arabic original.
const withOriginals = 3

// pendingText is an interview whose other text the study gets once
// consents are known (participants who withdrew get none: their texts
// would be destroyed with their transcripts).
type pendingText struct {
	p           *person
	t           transcript
	interviewID string
}

// texts gives the pending interviews their other texts, in interview
// order.
func (s *Study) texts(seed uint64, pending []pendingText) {
	withdrawn := s.Withdrawals()
	originals := 0
	for _, pt := range pending {
		if _, ok := withdrawn[pt.p.code]; ok {
			continue
		}
		rng := rand.New(rand.NewPCG(seed, textStream(pt.interviewID)))
		t := &ownwords.InterviewText{InterviewID: pt.interviewID, Date: pt.p.interview}
		switch {
		case pt.p.lang == "ar":
			// Held in Arabic through an interpreter, who gave the
			// participant's answers in English.
			t.Language, t.Role, t.Method, t.Translator = "en", ownwords.TextTranslation, ownwords.MethodInterpreter, demoInterpreter
			t.Text = retell(rng, pt.p, pt.t, englishBank(), englishTranslationHeader(pt.p, true), "Interviewer", interpreterLabel)
		case pt.p.lang == "fr":
			t.Language, t.Role, t.Method, t.Translator = "en", ownwords.TextTranslation, ownwords.MethodTranslation, demoTranslator
			t.Text = retell(rng, pt.p, pt.t, englishBank(), englishTranslationHeader(pt.p, false), "Interviewer", choose(pt.t.label == pt.p.code, pt.p.code, "Participant"))
		case originals < withOriginals && retellable(pt.p, pt.t, arabicBank()):
			// The English transcript is the interpreter's: the original
			// has the interpreter's Arabic questions and the
			// participant's answers.
			originals++
			t.Language, t.Role = "ar", ownwords.TextOriginal
			b := arabicBank()
			t.Text = retell(rng, pt.p, pt.t, b, b.header(pt.p), interpreterLabelAr, choose(pt.t.label == pt.p.code, pt.p.code, b.participant))
		default:
			continue
		}
		s.Texts = append(s.Texts, t)
	}
}

// wantsText tells whether the interview of p gets another text: it is in
// Arabic or French, or in English through an Arabic interpreter.
func wantsText(p *person) bool {
	return p.lang == "ar" || p.lang == "fr" || (p.lang == "en" && p.spoken[0] == "ar")
}

// textStream is the random stream of the other text of an interview.
func textStream(interviewID string) uint64 {
	h := fnv.New64a()
	h.Write([]byte("interview text " + interviewID))
	return h.Sum64()
}

// englishTranslationHeader mirrors the header of an Arabic transcript
// (three lines, the last two labelled) or of a French one (the third
// line unlabelled: "Langue de l'entretien :" is too long for a label).
func englishTranslationHeader(p *person, interpreted bool) string {
	if interpreted {
		return fmt.Sprintf("Interview with %s\nDate: %s. Place: %s, %s.\nLanguage of interview: %s, through an interpreter. English translation.\n\n",
			p.code, p.interview, p.ivPlace, p.ivCountry, p.spoken[1])
	}
	return fmt.Sprintf("Interview with %s\nDate: %s. Place: %s, %s.\nThe interview was held in %s; English translation.\n\n",
		p.code, p.interview, p.ivPlace, p.ivCountry, p.spoken[1])
}

// retellable tells whether bank b expresses every item t codes, so that a
// text retold in it faces each coded passage with one of the same item.
func retellable(p *person, t transcript, b *bank) bool {
	for _, c := range t.coded {
		if !b.has(c.item, p) {
			return false
		}
	}
	return true
}

// retell renders t's turns again in bank b under header, with asker and
// label as the speakers: each piece drawn, with rng, from b's pool of the
// same key (the item's passages, the topic's sentences or questions, the
// section's question, a follow-up …), without repeating a sentence while
// the pool lasts; a pool b lacks (a topic only English has) gives one of
// b's short neutral sentences, or a follow-up question.
func retell(rng *rand.Rand, p *person, t transcript, b *bank, header, asker, label string) string {
	e := newExpander(rng, p)
	for _, slot := range []string{"home", "city"} {
		e.fixed[slot] = translated(b.places, e.fixed[slot])
	}
	type drawn struct{ key, text string }
	used := map[drawn]bool{}
	pools := map[string][]string{}
	var fresh []string
	draw := func(pc piece, asking bool) string {
		key := pc.from + "\x00" + pc.name
		pool, ok := pools[key]
		if !ok {
			pool = poolOf(b, p, pc.from, pc.name)
			pools[key] = pool
		}
		if len(pool) == 0 {
			pool = choose(asking, b.followUps, b.discourse)
		}
		fresh = fresh[:0]
		for _, s := range pool {
			if !used[drawn{key, s}] {
				fresh = append(fresh, s)
			}
		}
		from := fresh
		if len(from) == 0 {
			from = pool // every sentence said: they repeat
		}
		s := pick(rng, from)
		used[drawn{key, s}] = true
		return e.expand(s)
	}
	var sb strings.Builder
	sb.WriteString(header)
	for _, blk := range t.blocks {
		for _, tu := range blk.turns {
			sb.WriteString(choose(tu.asker, asker, label) + ": ")
			for i, pc := range tu.pieces {
				if i > 0 {
					sb.WriteString(" ")
				}
				sb.WriteString(draw(pc, tu.asker))
			}
			sb.WriteString("\n\n")
		}
	}
	return strings.TrimRight(sb.String(), "\n") + "\n"
}

// poolOf returns b's templates usable for p of the pool a piece was
// drawn from (see writer): from is "item" (name is the item's path), "~"
// (a topic's sentences), "?" (its questions), "§" (a section's opening
// question), "none" (a section's answer with nothing to code), or a kind
// of turn; nil if b has none.
func poolOf(b *bank, p *person, from, name string) []string {
	var topic *fillerTopic
	for i := range b.topics {
		if b.topics[i].name == name && matches(b.topics[i].tags, p) {
			topic = &b.topics[i]
		}
	}
	switch from {
	case "item":
		return usable(b.passages[name], p)
	case "~", "?":
		if topic == nil {
			return nil
		}
		if from == "?" {
			return usable(topic.questions, p)
		}
		return topic.sentencesFor(p)
	case "§":
		return b.questions[name]
	case "none":
		return b.none[name]
	case "open0", "open1":
		return b.open[from[4]-'0']
	case "close0", "close1", "close2":
		return b.close[from[5]-'0']
	case "followup":
		return b.followUps
	case "lookback":
		return b.lookingBack
	case "discourse":
		return b.discourse
	}
	return nil
}
