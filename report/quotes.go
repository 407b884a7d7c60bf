package report

import (
	"cmp"
	"fmt"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/disclosure"
)

// publicWordings are the attributes a public quote may name, by priority:
// origin and gender are dropped last.
var publicWordings = []disclosure.Wording{
	{Attribute: "origin", Role: disclosure.Adjective, Words: map[string]string{"local": "local", "foreign": "foreign"}},
	{Attribute: "gender", Role: disclosure.Noun, Words: map[string]string{"man": "man", "woman": "woman"}},
	{Attribute: "status", Role: disclosure.Apposition, Words: map[string]string{"defector": "defector", "returnee": "returnee", "prisoner": "prisoner"}},
}

// newAttributor counts the public wordings over the analysis sample.
func newAttributor(res *analysis.Result, k int) (*disclosure.Attributor, error) {
	sample := make([]map[string]string, 0, res.SampleSize)
	for _, p := range res.Sample() {
		sample = append(sample, disclosure.ParticipantValues(p))
	}
	return disclosure.NewAttributor(k, publicWordings, sample)
}

// maxQuoteRunes bounds a quote: a report illustrates, it does not publish
// transcripts.
const maxQuoteRunes = 600

// quotes picks up to the plan's quotes_per_item quotes for every coded
// item of every section: the first passage of each endorsing participant,
// in sample order, one per participant. A public report quotes no item
// endorsed by 1..k-1 participants of the sample: a few people's words
// under a rare code could single them out.
func (b *builder) quotes(rep *Report) error {
	per := b.res.Plan.QuotesPerItem
	if b.opt.Quotes == nil || per == 0 {
		return nil
	}
	if b.public && b.opt.Attribution == nil {
		var err error
		if b.attributor, err = newAttributor(b.res, b.opt.K); err != nil {
			return err
		}
	}
	for si, s := range b.res.Sections {
		for _, it := range s.Items {
			if it.Derived {
				continue // its passages are its parts'
			}
			ev := b.res.Evidence(s.Slug, it.Slug, "")
			if b.public {
				if n := participants(ev); n < b.opt.K {
					continue
				}
			}
			seen := map[string]bool{}
			taken := 0
			for _, e := range ev {
				if taken == per {
					break
				}
				if seen[e.Participant.ID] {
					continue
				}
				seen[e.Participant.ID] = true
				text, err := b.opt.Quotes(e.Segment)
				if err != nil {
					return fmt.Errorf("report: quote for %s/%s: %w", s.Slug, it.Slug, err)
				}
				if text = truncate(Clean(text), maxQuoteRunes); text == "" {
					continue
				}
				if b.public && len(disclosure.Scan(text, b.res.Redactions)) > 0 {
					continue // names a person, place or date on the redaction list
				}
				rep.Sections[si].Quotes = append(rep.Sections[si].Quotes, Quote{
					Item: Clean(it.Slug), Label: Clean(cmp.Or(it.Label, it.Slug)),
					Text: text, Attribution: b.attribute(e.Participant),
				})
				taken++
			}
		}
	}
	return nil
}

// participants counts the distinct participants of some evidence.
func participants(ev []analysis.Evidence) int {
	seen := map[string]bool{}
	for _, e := range ev {
		seen[e.Participant.ID] = true
	}
	return len(seen)
}

// attribute describes a quoted participant: the Attribution option, or in
// a public report the k-safe attribution of package disclosure (words that
// fewer than k sample participants share are dropped), or for the team
// coarse attributes and the pseudonym.
func (b *builder) attribute(p *ownwords.Participant) string {
	var s string
	switch {
	case b.opt.Attribution != nil:
		s = b.opt.Attribution(p)
	case b.public:
		s = b.attributor.Attribution(disclosure.ParticipantValues(p))
	default:
		s = coarseAttribution(p)
	}
	s = Clean(s)
	if !b.public {
		s = Clean(p.Code) + ", " + s
	}
	return s
}

// coarseAttribution describes p by origin, gender and status only, e.g.
// "a foreign woman, returnee" or "a participant".
func coarseAttribution(p *ownwords.Participant) string {
	val := func(slug string) string {
		if v, ok := p.Values[slug]; ok && !v.Missing {
			return Clean(v.String())
		}
		return ""
	}
	who := cmp.Or(val("gender"), "participant")
	if o := val("origin"); o != "" {
		who = o + " " + who
	}
	article := "a "
	if strings.ContainsRune("aeiouAEIOU", []rune(who)[0]) {
		article = "an "
	}
	if st := val("status"); st != "" {
		return article + who + ", " + st
	}
	return article + who
}
