package demo

import (
	"slices"
	"strings"

	"ownwords"
)

// share is a value and its share of a quota.
type share struct {
	value string
	frac  float64
}

// deriveAttributes sets the attributes that follow from the matrix (online-
// only recruitment, education, marital status) and those with published
// shares (ses mode, religious background, knew_destination).
func (g *gen) deriveAttributes() {
	var poor, rest []*person
	for _, p := range g.ps {
		p.onlineOnly = holdsAny(p, onlineCover.items) && !holdsAny(p, itemsOf(offlineInfluences))
		p.education = g.education(p)
		p.marital = g.marital(p)
		switch {
		case !p.sample:
			p.ses = pick(g.rng, []string{"poor", "working", "middle", "middle", "upper-middle"})
		case p.items["vulnerabilities/poverty"]:
			poor = append(poor, p)
		default:
			rest = append(rest, p)
		}
	}
	// The sample's ses is allotted by quota, so "middle" is the strict mode
	// whatever the seed: poverty 78 -> poor 31, working 47; the other 142 ->
	// middle 88, working 19, upper-middle 26, wealthy 9.
	g.quota(poor, []share{{"working", 0.6}, {"poor", 0.4}}, func(p *person, v string) { p.ses = v })
	g.quota(rest, []share{{"middle", 0.6}, {"working", 0.14}, {"upper-middle", 0.19}, {"wealthy", 0.07}},
		func(p *person, v string) { p.ses = v })
	g.religions()
	g.knewDestination()
}

// quota gives each value floor(frac*n) of the shuffled people and the
// remainder to the first value.
func (g *gen) quota(ps []*person, shares []share, set func(*person, string)) {
	ps = shuffled(g.rng, ps)
	i := 0
	for _, s := range shares[1:] {
		for range int(s.frac * float64(len(ps))) {
			set(ps[i], s.value)
			i++
		}
	}
	for ; i < len(ps); i++ {
		set(ps[i], shares[0].value)
	}
}

func holdsAny(p *person, items []string) bool {
	return slices.ContainsFunc(items, func(it string) bool { return p.items[it] })
}

func itemsOf(ts []target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.item)
	}
	return out
}

func (g *gen) draw(shares []share) string {
	x := g.rng.Float64()
	for _, s := range shares {
		if x < s.frac {
			return s.value
		}
		x -= s.frac
	}
	return shares[len(shares)-1].value
}

// education follows the role for engineers, doctors and mechanics.
func (g *gen) education(p *person) string {
	switch {
	case p.items["roles/engineer"]:
		return choose(g.rng.IntN(5) == 0, "postgraduate", "university")
	case p.items["roles/medical"]:
		return choose(p.man(), "university", "vocational")
	case p.items["roles/mechanic"]:
		return "vocational"
	case p.local():
		return g.draw([]share{{"none", .1}, {"primary", .25}, {"secondary", .35}, {"vocational", .15}, {"university", .13}, {"postgraduate", .02}})
	}
	return g.draw([]share{{"primary", .05}, {"secondary", .45}, {"vocational", .2}, {"university", .25}, {"postgraduate", .05}})
}

// marital is the status at joining: those who went with or for a spouse
// were married.
func (g *gen) marital(p *person) string {
	if p.items["influences/spouse"] || (!p.man() && p.items["motivations/family_ties"]) {
		return "married"
	}
	if p.man() {
		return g.draw([]share{{"single", .6}, {"married", .33}, {"divorced", .07}})
	}
	return g.draw([]share{{"single", .45}, {"married", .4}, {"divorced", .1}, {"widowed", .05}})
}

// isConvertEthnicity reports ethnicities whose members in this study were
// raised outside Islam.
func isConvertEthnicity(e string) bool {
	return strings.HasPrefix(e, "White ") || e == "Afro-Caribbean" || e == "Russian" || e == "Indo-Trinidadian"
}

// religions: converts were raised outside Islam; a fifth of the Western
// European-born Muslims (at least two in the sample) call themselves
// reverts; some Central Asians and Tatars were raised without religion;
// everyone else was raised Sunni, except one Shia-raised Azerbaijani.
func (g *gen) religions() {
	var heritage [2][]*person // sample, extras
	shia := false
	for _, p := range g.ps {
		switch {
		case isConvertEthnicity(p.ethnicity):
			p.religion = "convert"
		case p.ethnicity == "Azerbaijani" && !shia:
			p.religion, shia = "raised_shia", true
		case (p.ethnicity == "Kazakh" || p.ethnicity == "Kyrgyz" || p.ethnicity == "Tatar") && g.rng.IntN(5) < 2:
			p.religion = "other"
		default:
			p.religion = "raised_sunni"
			if p.region == "Western Europe" {
				heritage[choose(p.sample, 0, 1)] = append(heritage[choose(p.sample, 0, 1)], p)
			}
		}
	}
	for _, hs := range heritage {
		n := max(len(hs)/5, min(2, len(hs)))
		for _, p := range shuffled(g.rng, hs)[:n] {
			p.religion = "revert"
		}
	}
}

// knewDestination: travellers knew where they were going, except exactly
// three women in the sample (mostly those whose husband took them) and a
// few men.
func (g *gen) knewDestination() {
	var women, men []*person
	for _, p := range g.ps {
		if !p.travelled {
			continue
		}
		p.knewDest = 1
		switch {
		case !p.sample:
			if g.rng.IntN(10) == 0 {
				p.knewDest = -1
			}
		case p.man():
			men = append(men, p)
		default:
			women = append(women, p)
		}
	}
	women = shuffled(g.rng, women)
	slices.SortStableFunc(women, func(a, b *person) int {
		return prefers(b, []string{"influences/spouse"}) - prefers(a, []string{"influences/spouse"})
	})
	for _, p := range women[:3] {
		p.knewDest = -1
	}
	for _, p := range shuffled(g.rng, men)[:5] {
		p.knewDest = -1
	}
}

// values returns the participant's attribute values; knew_destination is
// absent (missing) for those who did not travel.
func (p *person) values() map[string]ownwords.Value {
	cat := func(s string) ownwords.Value { return ownwords.Value{Type: ownwords.AttrCategory, Str: s} }
	boolean := func(b bool) ownwords.Value { return ownwords.Value{Type: ownwords.AttrBoolean, Bool: b} }
	date := func(d ownwords.Date) ownwords.Value { return ownwords.Value{Type: ownwords.AttrDate, Date: d} }
	v := map[string]ownwords.Value{
		"gender": cat(p.gender()), "origin": cat(p.origin()), "status": cat(p.status),
		"country": cat(p.country), "ethnicity": cat(p.ethnicity), "region": cat(p.region),
		"interview_country": cat(p.ivCountry), "interview_date": date(p.interview),
		"birth_year": {Type: ownwords.AttrInteger, Int: int64(p.birthYear)},
		"education":  cat(p.education), "ses": cat(p.ses),
		"marital_status_at_joining": cat(p.marital), "religious_background": cat(p.religion),
		"travelled": boolean(p.travelled), "joined_date": date(p.joined), "left_date": date(p.left),
		"online_only_recruitment": boolean(p.onlineOnly),
	}
	if p.knewDest != 0 {
		v["knew_destination"] = boolean(p.knewDest > 0)
	}
	return v
}
