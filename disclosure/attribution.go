package disclosure

import (
	"math/bits"
	"strings"

	"ownwords"
)

// Role says where an attribute's word goes in an attribution.
type Role int

const (
	// Adjective words go before the noun: "a foreign woman".
	Adjective Role = iota
	// Noun words replace "participant": "a woman". At most one attribute
	// may be a noun.
	Noun
	// Apposition words follow after a comma: "a woman, returnee".
	Apposition
)

// Wording says how one attribute appears in quote attributions.
type Wording struct {
	// Attribute is the attribute slug.
	Attribute string
	Role      Role
	// Words maps canonical values (Value.String()) to their word; a value
	// without a word is never named.
	Words map[string]string
}

// maxWordings bounds the attributes of an attribution: every subset of
// them is counted over the sample.
const maxWordings = 8

// Attributor describes quoted participants coarsely enough that at least k
// participants of the sample fit each description.
type Attributor struct {
	k      int
	words  []Wording
	counts []map[string]int // per subset of words (bit i = words[i]): description key → participants
	sample []map[string]string
}

// NewAttributor returns an Attributor for threshold k over the sample (one
// map of attribute slug to canonical value per participant of the analysis
// sample). The order of words is their priority: attributes listed first
// are the last dropped. EINVALID for k < 1, more than 8 wordings, a
// repeated attribute, more than one Noun, or an empty word.
func NewAttributor(k int, words []Wording, sample []map[string]string) (*Attributor, error) {
	if err := checkWordings(k, words); err != nil {
		return nil, err
	}
	a := &Attributor{k: k, words: words, counts: make([]map[string]int, 1<<len(words)), sample: sample}
	for mask := range a.counts {
		a.counts[mask] = map[string]int{}
	}
	for _, values := range sample {
		have := a.nameable(values)
		for mask := range a.counts {
			if mask&have == mask {
				a.counts[mask][a.key(values, mask)]++
			}
		}
	}
	return a, nil
}

func checkWordings(k int, words []Wording) error {
	if err := checkK(k); err != nil {
		return err
	}
	if len(words) > maxWordings {
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: %d attributes for attributions, at most %d", len(words), maxWordings)
	}
	seen, nouns := map[string]bool{}, 0
	for _, w := range words {
		if seen[w.Attribute] {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: attribute %q worded twice", w.Attribute)
		}
		seen[w.Attribute] = true
		if w.Role == Noun {
			nouns++
		}
		if w.Role != Adjective && w.Role != Noun && w.Role != Apposition {
			return ownwords.Errorf(ownwords.EINVALID, "disclosure: attribute %q has unknown role %d", w.Attribute, w.Role)
		}
		for v, word := range w.Words {
			if strings.TrimSpace(word) == "" {
				return ownwords.Errorf(ownwords.EINVALID, "disclosure: attribute %q: value %q has an empty word", w.Attribute, v)
			}
		}
	}
	if nouns > 1 {
		return ownwords.Errorf(ownwords.EINVALID, "disclosure: %d attributes are nouns, at most one may be", nouns)
	}
	return nil
}

// Attribution returns a coarse description of the participant with the
// given attribute values (slug to canonical value), such as "a foreign
// woman, returnee": the description that names the most attributes (ties
// broken by priority) among those shared by at least k participants of the
// sample, and "a participant" when none is.
func (a *Attributor) Attribution(values map[string]string) string {
	return a.render(values, a.best(values))
}

// best returns the subset of words Attribution names for values.
func (a *Attributor) best(values map[string]string) int {
	have := a.nameable(values)
	best := 0
	for mask := range a.counts {
		if mask&have != mask || a.counts[mask][a.key(values, mask)] < a.k {
			continue
		}
		if better(mask, best, len(a.words)) {
			best = mask
		}
	}
	return best
}

// AttributionWith returns Attribution(values) followed by ", " and extra
// (such as the year of the interview quoted: "a foreign woman, 2017") when
// at least k participants of the sample fit both the description and
// extra, and the description alone otherwise: extra is the word of lowest
// priority, dropped first, under the same threshold as the others. fits
// says for each participant of the sample (in the order NewAttributor took
// them) whether extra is true of them; a participant may fit several
// extras (interviewed in two years).
func (a *Attributor) AttributionWith(values map[string]string, extra string, fits []bool) string {
	mask := a.best(values)
	desc := a.render(values, mask)
	if extra == "" || len(fits) != len(a.sample) {
		return desc
	}
	want, n := a.key(values, mask), 0
	for i, other := range a.sample {
		if fits[i] && a.nameable(other)&mask == mask && a.key(other, mask) == want {
			n++
		}
	}
	if n < a.k {
		return desc
	}
	return desc + ", " + extra
}

// better reports whether description x (a subset of words) beats y: more
// attributes, then the higher-priority ones.
func better(x, y, n int) bool {
	if cx, cy := bits.OnesCount(uint(x)), bits.OnesCount(uint(y)); cx != cy {
		return cx > cy
	}
	for i := range n { // the first attribute where they differ decides
		if bx, by := x>>i&1, y>>i&1; bx != by {
			return bx == 1
		}
	}
	return false
}

// nameable returns the subset of words that have a word for values.
func (a *Attributor) nameable(values map[string]string) int {
	mask := 0
	for i, w := range a.words {
		v, ok := values[w.Attribute]
		if _, named := w.Words[v]; ok && named {
			mask |= 1 << i
		}
	}
	return mask
}

func (a *Attributor) key(values map[string]string, mask int) string {
	var b strings.Builder
	for i, w := range a.words {
		if mask>>i&1 == 1 {
			b.WriteString(values[w.Attribute])
		}
		b.WriteByte(0)
	}
	return b.String()
}

func (a *Attributor) render(values map[string]string, mask int) string {
	var adjs, apps []string
	noun := "participant"
	for i, w := range a.words {
		if mask>>i&1 == 0 {
			continue
		}
		word := w.Words[values[w.Attribute]]
		switch w.Role {
		case Adjective:
			adjs = append(adjs, word)
		case Noun:
			noun = word
		case Apposition:
			apps = append(apps, word)
		}
	}
	phrase := strings.Join(append(adjs, noun), " ")
	return strings.Join(append([]string{article(phrase) + " " + phrase}, apps...), ", ")
}

// article returns "a" or "an" for an English phrase: "an" before a vowel
// letter, except the few common words that start with a "yu" or "w" sound.
func article(phrase string) string {
	p := strings.ToLower(phrase)
	for _, pre := range []string{"eu", "uni", "use", "usu", "ure", "one", "once"} {
		if strings.HasPrefix(p, pre) {
			return "a"
		}
	}
	if p != "" && strings.ContainsRune("aeiou", rune(p[0])) {
		return "an"
	}
	return "a"
}

// ParticipantValues returns p's attribute values in canonical text form,
// as NewAttributor and Attribution take them; missing values are left out.
func ParticipantValues(p *ownwords.Participant) map[string]string {
	out := make(map[string]string, len(p.Values))
	for slug, v := range p.Values {
		if !v.Missing {
			out[slug] = v.String()
		}
	}
	return out
}
