package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// slotValues fill the slots that do not depend on the participant.
var slotValues = map[string][]string{
	"relative":   {"my cousin", "my uncle", "my brother-in-law", "my older brother", "my aunt's son"},
	"brother":    {"my brother", "my older brother", "my younger brother", "my eldest brother"},
	"months":     {"two months", "three months", "four months", "six months", "a few weeks"},
	"num":        {"two", "three", "four", "five", "six"},
	"job":        {"on building sites", "in a car wash", "in a bakery", "as a delivery driver", "in a warehouse", "cleaning offices", "at a market stall"},
	"platform":   {"Facebook", "Twitter", "Telegram", "WhatsApp", "YouTube"},
	"friend":     {"a friend from school", "a neighbour", "an old friend", "a boy from my street"},
	"drug":       {"hashish", "pills", "cocaine", "heroin"},
	"place":      {"the main square", "the market", "the square near the mosque", "the clock-tower square"},
	"landmark":   {"central mosque", "old market", "train station", "football ground", "river", "main hospital"},
	"birthorder": {"eldest", "youngest", "second", "third", "middle one"},
	"fjob":       {"taxi driver", "teacher", "builder", "shopkeeper", "civil servant", "factory worker", "tailor", "farmer"},
	"sport":      {"football", "basketball", "volleyball", "table tennis"},
	"subject":    {"mathematics", "history", "geography", "biology", "chemistry", "drawing"},
	"dish":       {"rice with lamb", "stuffed vegetables", "lentil soup", "couscous", "dumplings"},
	"season":     {"summer", "spring", "the holidays", "Ramadan"},
	"nbr":        {"Aleppo", "Homs", "Anbar", "the countryside", "Idlib", "Tunisia", "Dagestan", "Egypt"},
	"turkcity":   {"Gaziantep", "Şanlıurfa", "Antakya", "Kilis", "Reyhanlı"},
}

// expander fills a participant's templates.
type expander struct {
	rng   *rand.Rand
	fixed map[string]string
}

// numberWords name small numbers.
var numberWords = []string{"two", "three", "four", "five", "six", "seven", "eight"}

func newExpander(rng *rand.Rand, p *person) *expander {
	children := 1 + rng.IntN(len(numberWords)-1)
	return &expander{rng: rng, fixed: map[string]string{
		"children": numberWords[children],
		"siblings": numberWords[children-1],
		"spouse":   choose(p.man(), "wife", "husband"),
		"garment":  choose(p.man(), "beard", "headscarf"),
		"home":     p.homeCity,
		"country":  p.country,
		"city":     p.terrCity,
		"year":     strconv.Itoa(p.joined.Year),
		"leftyear": strconv.Itoa(p.left.Year),
	}}
}

// expand fills every {slot} of tpl (a template without its tag) and
// returns the text in NFC. An unknown slot is a defect in the banks, which
// a test guards; it panics.
func (e *expander) expand(tpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			panic(fmt.Sprintf("demo: unclosed slot in %q", tpl))
		}
		b.WriteString(tpl[:i])
		v := e.slot(tpl[i+1 : i+j])
		if sentenceStart(b.String()) {
			v = capitalize(v)
		}
		b.WriteString(v)
		tpl = tpl[i+j+1:]
	}
	return norm.NFC.String(b.String())
}

func (e *expander) slot(name string) string {
	if v, ok := e.fixed[name]; ok {
		return v
	}
	switch name {
	case "city2":
		return pick(e.rng, territoryCities)
	}
	vs, ok := slotValues[name]
	if !ok {
		panic(fmt.Sprintf("demo: unknown slot {%s}", name))
	}
	return pick(e.rng, vs)
}

// sentenceStart reports whether text written so far ends where a sentence
// begins.
func sentenceStart(s string) bool {
	s = strings.TrimRight(s, " ")
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?'
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// splitTag separates a template's leading [tag] from its text.
func splitTag(tpl string) (tag, text string) {
	if strings.HasPrefix(tpl, "[") {
		if i := strings.IndexByte(tpl, ']'); i > 0 {
			return tpl[1:i], tpl[i+1:]
		}
	}
	return "", tpl
}

// matches reports whether a tag admits p. A tag is alternatives separated
// by '|', each a set of letters that must all hold: m man, w woman,
// l local, f foreign, T travelled, P prisoner, R returnee, D defector.
func matches(tag string, p *person) bool {
	if tag == "" {
		return true
	}
	for alt := range strings.SplitSeq(tag, "|") {
		ok := true
		for _, c := range alt {
			ok = ok && letterHolds(c, p)
		}
		if ok {
			return true
		}
	}
	return false
}

func letterHolds(c rune, p *person) bool {
	switch c {
	case 'm':
		return p.man()
	case 'w':
		return !p.man()
	case 'l':
		return p.local()
	case 'f':
		return !p.local()
	case 'T':
		return p.travelled
	case 'P':
		return p.status == "prisoner"
	case 'R':
		return p.status == "returnee"
	case 'D':
		return p.status == "defector"
	}
	panic(fmt.Sprintf("demo: unknown tag letter %q", c))
}

// usable returns the templates of xs that admit p, without their tags.
func usable(xs []string, p *person) []string {
	var out []string
	for _, x := range xs {
		if tag, text := splitTag(x); matches(tag, p) {
			out = append(out, text)
		}
	}
	return out
}
