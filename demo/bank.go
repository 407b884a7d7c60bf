package demo

import (
	"fmt"
	"sync"
)

// bank is the wording of transcripts in one language.
type bank struct {
	lang        string
	interviewer string                 // the interviewer's speaker label
	participant string                 // the generic participant label
	passages    map[string][]string    // item path -> passage templates
	questions   map[string][]string    // section -> opening questions
	followUps   []string               // more within a section
	none        map[string][]string    // section -> answers with nothing to code
	lookingBack []string               // questions that invite a second passage
	topics      []fillerTopic          // neutral conversation, in interview order
	discourse   []string               // short neutral sentences
	open        [2][]string            // opening question, replies
	close       [3][]string            // closing question, replies, farewell
	header      func(p *person) string // the transcript's first lines
	words       [2]int                 // bounds of the target length in words
	places      map[string]string      // English place names -> this language's
}

// has reports whether the bank can express item for p.
func (b *bank) has(item string, p *person) bool {
	return len(usable(b.passages[item], p)) > 0
}

// bankFor returns the bank of a transcript language.
func bankFor(lang string) *bank {
	switch lang {
	case "fr":
		return frenchBank()
	case "ar":
		return arabicBank()
	}
	return englishBank()
}

// sectionPassages maps each section to its item templates, by item slug.
var sectionPassages = map[string]map[string][]string{
	"vulnerabilities": vulnerabilityPassages,
	"influences":      influencePassages,
	"motivations":     motivationPassages,
	"roles":           rolePassages,
	"disillusionment": disillusionmentPassages,
	"experienced":     experiencedPassages,
	"witnessed":       witnessedPassages,
	"heard":           heardPassages,
	"committed":       committedPassages,
	"will_to_fight":   willPassages,
}

// interviewSections is the order in which interviews reach the sections.
var interviewSections = []string{
	"vulnerabilities", "influences", "motivations", "roles",
	"experienced", "witnessed", "heard", "committed", "will_to_fight", "disillusionment",
}

var englishBank = sync.OnceValue(func() *bank {
	b := &bank{
		lang: "en", interviewer: "Interviewer", participant: "Participant",
		passages: map[string][]string{}, questions: sectionQuestions, followUps: followUps,
		none: noneAnswers, lookingBack: lookingBack, topics: fillerTopics, discourse: discourse,
		open:   [2][]string{openings, openingReplies},
		close:  [3][]string{closings, closingReplies, farewells},
		header: englishHeader, words: [2]int{2100, 3800},
	}
	for sec, m := range sectionPassages {
		for slug, ts := range m {
			b.passages[sec+"/"+slug] = ts
		}
	}
	return b
})

func englishHeader(p *person) string {
	lang := p.spoken[1]
	how := "Language of interview: English."
	if p.spoken[0] != "en" {
		how = fmt.Sprintf("Language of interview: %s, through an interpreter. English transcript.", lang)
	}
	return fmt.Sprintf("Interview with %s\nDate: %s. Place: %s, %s.\n%s\n\n",
		p.code, p.interview, p.ivPlace, p.ivCountry, how)
}
