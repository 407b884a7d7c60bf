package report

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/disclosure"
)

// This file is the one quote pipeline of ownwords: the report (every
// format), the quote bank (`ownwords quotes`, the workbench's quote and
// retrieval pages) and quote publication (`quotes publish`) select passages
// with SelectQuotes and attribute them with an Attribution.

// MaxQuoteRunes bounds every quote, counting the mark of a cut: an output
// illustrates, it does not reproduce transcripts.
const MaxQuoteRunes = 600

// Attribution describes participants coarsely, in the study's wording
// (ownwords.StudySettings.AttributionWording), so that at least k
// participants of the analysis sample fit each description: "a foreign
// woman, returnee", or "a participant" when no word is safe.
type Attribution struct {
	at     *disclosure.Attributor
	words  []disclosure.Wording
	sample []map[string]string
	ids    []string // the sample's participant IDs, in sample's order
}

// NewAttribution returns the attribution over res's analysis sample under
// threshold res.DisclosureK with the wording given (nil: DefaultAttribution
// for the category attributes the sample has). A value is named by the
// wording's word for it, else by its own text; values no participant of the
// sample has are never named. EINVALID for a wording package disclosure
// refuses.
func NewAttribution(res *analysis.Result, wording []ownwords.AttributionWord) (*Attribution, error) {
	a := &Attribution{}
	for _, p := range res.Sample() {
		a.sample = append(a.sample, disclosure.ParticipantValues(p))
		a.ids = append(a.ids, p.ID)
	}
	if wording == nil {
		wording = sampleWording(res.Sample())
	}
	for _, w := range wording {
		dw := disclosure.Wording{Attribute: w.Attribute, Role: disclosureRole(w.Role), Words: map[string]string{}}
		for _, values := range a.sample {
			if v := values[w.Attribute]; strings.TrimSpace(v) != "" {
				dw.Words[v] = cmp.Or(w.Words[v], v)
			}
		}
		if len(dw.Words) > 0 {
			a.words = append(a.words, dw)
		}
	}
	var err error
	a.at, err = disclosure.NewAttributor(res.DisclosureK, a.words, a.sample)
	return a, err
}

// StudyAttribution is NewAttribution with the wording of the study in:
// its own, or the default for the attributes it has.
func StudyAttribution(in *analysis.Input, res *analysis.Result) (*Attribution, error) {
	wording, err := in.Study.Settings.AttributionWording(in.Attributes)
	if err != nil {
		return nil, err
	}
	return NewAttribution(res, wording)
}

// Of describes p, cleaned for any output (Clean).
func (a *Attribution) Of(p *ownwords.Participant) string {
	return Clean(a.at.Attribution(disclosure.ParticipantValues(p)))
}

// OfInYear describes p as Of does, followed by year ("a foreign woman,
// 2017") when at least k participants of the sample fit that description
// and were interviewed in year (years: participant ID → the years of their
// interviews); the year is dropped first, under the same threshold as the
// attributes (disclosure.Attributor.AttributionWith). year 0 (unknown)
// adds nothing.
func (a *Attribution) OfInYear(p *ownwords.Participant, year int, years map[string]map[int]bool) string {
	if year == 0 {
		return a.Of(p)
	}
	fits := make([]bool, len(a.ids))
	for i, id := range a.ids {
		fits[i] = years[id][year]
	}
	return Clean(a.at.AttributionWith(disclosure.ParticipantValues(p), strconv.Itoa(year), fits))
}

// Wordings are the attributes the attribution may name, by priority, with
// the word of every value of the sample.
func (a *Attribution) Wordings() []disclosure.Wording { return a.words }

// Sample is the attribute values of the analysis sample, one map per
// participant, that the attribution counts.
func (a *Attribution) Sample() []map[string]string { return a.sample }

// sampleWording is DefaultAttribution limited to the attributes that are
// categories in the sample: what a report built without the study's
// settings (Build alone) names.
func sampleWording(sample []*ownwords.Participant) []ownwords.AttributionWord {
	var out []ownwords.AttributionWord
	for _, w := range ownwords.DefaultAttribution {
		for _, p := range sample {
			if v, ok := p.Values[w.Attribute]; ok && v.Type == ownwords.AttrCategory {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

func disclosureRole(r ownwords.AttributionRole) disclosure.Role {
	switch r {
	case ownwords.AttributionNoun:
		return disclosure.Noun
	case ownwords.AttributionApposition:
		return disclosure.Apposition
	}
	return disclosure.Adjective
}

// QuoteRule says for whom a selection of quotes is made.
type QuoteRule struct {
	// Public applies the disclosure rules: no quote at all when fewer than
	// K participants stand behind the figure, none naming a term of
	// Redactions, no participant code.
	Public     bool
	K          int
	Redactions []string
	// Limit bounds the quotes taken; 0 takes one of every participant.
	Limit int
	// Aligned, when not nil, gives each quote the aligned passage of its
	// interview's other text (Quoted.Beside); a public selection then
	// scans both for the redaction list.
	Aligned AlignedSource
}

// Quoted is a passage an output quotes.
type Quoted struct {
	analysis.Evidence
	// Text is the passage, cleaned (Clean) and cut to MaxQuoteRunes.
	Text string
	// Attribution describes the speaker: the Attribution's words, with the
	// participant code in front for the team ("P-0042, a woman").
	Attribution string
	// Beside is the aligned passage of the interview's other text
	// (QuoteRule.Aligned), cleaned and cut like Text; nil when none.
	Beside *AlignedPassage
}

// SelectQuotes is the one quote selection of every output. From the
// evidence of a figure (analysis.Result.Evidence, in sample order) it
// takes the first passage of each participant that may be quoted, up to
// rule.Limit, cleaned and cut to MaxQuoteRunes, with the attribution
// attribute gives (nil: "a participant"); never a participant whose
// consent refuses quotes (Participant.Consent, attached by analysis.Load),
// for any audience, and an error for evidence without consent attached. A public selection takes
// nothing when fewer than rule.K participants stand behind the evidence,
// and never a passage naming a term of the redaction list (looked for in
// the whole passage, before the cut, and in the aligned passage of the
// interview's other text when rule.Aligned gives one: an original naming a
// term refuses its translation's quote as the translation would, and an
// original in a script the redaction list has no term in is left out of a
// public quote, since no scan could find a name there); the
// participant's next passage may then be quoted instead. withheld counts the participants behind the
// evidence left unquoted by those rules. Errors are text's.
func SelectQuotes(ev []analysis.Evidence, text QuoteSource, attribute func(*ownwords.Participant) string, rule QuoteRule) (quotes []Quoted, withheld int, err error) {
	behind := participants(ev)
	if rule.Public && behind < rule.K {
		return nil, behind, nil
	}
	quoted, refused := map[string]bool{}, map[string]bool{}
	for _, e := range ev {
		id := e.Participant.ID
		if quoted[id] || (rule.Limit > 0 && len(quotes) == rule.Limit) {
			continue
		}
		if e.Participant.Consent == nil {
			// Fail closed: evidence that did not come through analysis.Load
			// has no consent attached, and quoting it could quote someone
			// who refused. A caller that bypasses Load is a defect.
			return nil, 0, fmt.Errorf("report: quotes: participant %s has no consent attached (evidence must come from analysis.Load)", e.Participant.Code)
		}
		if !e.Participant.Consent.AllowsQuotes() {
			continue // never quoted; counted as everyone else (see analysis.Load)
		}
		passage, err := text(e.Segment)
		if err != nil {
			return nil, 0, err
		}
		var beside *AlignedPassage
		if rule.Aligned != nil {
			if beside, err = rule.Aligned(e.Segment); err != nil {
				return nil, 0, err
			}
		}
		if rule.Public && (len(disclosure.Scan(passage, rule.Redactions)) > 0 ||
			beside != nil && len(disclosure.Scan(beside.Text, rule.Redactions)) > 0) {
			refused[id] = true
			continue
		}
		s := quoteText(passage)
		if s == "" {
			continue
		}
		if rule.Public && beside != nil && !disclosure.Covers(rule.Redactions, beside.Text) {
			// The list has no term in the script of the other text (an
			// Arabic original, Latin names only): the scan could not have
			// found a name there, so the public gets the quote without it.
			beside = nil
		}
		if beside != nil {
			b := *beside
			b.Role, b.Language, b.Text = Clean(b.Role), Clean(b.Language), quoteText(b.Text)
			if beside = &b; b.Text == "" {
				beside = nil
			}
		}
		who := "a participant"
		if attribute != nil {
			who = Clean(attribute(e.Participant))
		}
		if !rule.Public {
			who = Clean(e.Participant.Code) + ", " + who
		}
		quoted[id] = true
		quotes = append(quotes, Quoted{Evidence: e, Text: s, Attribution: who, Beside: beside})
	}
	for id := range refused {
		if !quoted[id] {
			withheld++
		}
	}
	return quotes, withheld, nil
}

// quoteText is a passage as every output quotes it: cleaned (Clean) and
// cut to MaxQuoteRunes.
func quoteText(passage string) string {
	s := Clean(passage)
	if len([]rune(s)) > MaxQuoteRunes {
		s = truncate(s, MaxQuoteRunes-1) // and the mark of the cut
	}
	return s
}

// quotes picks up to the plan's quotes_per_item quotes for every coded
// item of every section (SelectQuotes: one per participant, in sample
// order; a public report quotes no item endorsed by 1..k-1 participants of
// the sample and no passage naming a term of the redaction list).
func (b *builder) quotes(rep *Report) error {
	per := b.res.Plan.QuotesPerItem
	if b.opt.Quotes == nil || per == 0 {
		return nil
	}
	attribute := b.opt.Attribution
	if attribute == nil {
		attr, err := NewAttribution(b.res, nil)
		if err != nil {
			return err
		}
		attribute = attr.Of
	}
	rule := QuoteRule{Public: b.public, K: b.opt.K, Redactions: b.res.Redactions, Limit: per, Aligned: b.opt.Aligned}
	for si, s := range b.res.Sections {
		for _, it := range s.Items {
			if it.Derived {
				continue // its passages are its parts'
			}
			qs, _, err := SelectQuotes(b.res.Evidence(s.Slug, it.Slug, ""), b.opt.Quotes, attribute, rule)
			if err != nil {
				return fmt.Errorf("report: quote for %s/%s: %w", s.Slug, it.Slug, err)
			}
			for _, q := range qs {
				rq := Quote{Item: Clean(it.Slug), Label: Clean(cmp.Or(it.Label, it.Slug)), Text: q.Text, Attribution: q.Attribution, Beside: q.Beside}
				if q.Beside != nil {
					rq.Language = Clean(q.Beside.QuoteLanguage)
				}
				rep.Sections[si].Quotes = append(rep.Sections[si].Quotes, rq)
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
