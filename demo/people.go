package demo

import (
	"fmt"
	"math/rand/v2"

	"ownwords"
)

// gen holds the state of one generation run.
type gen struct {
	rng *rand.Rand
	ps  []*person
	// pending are the interviews that get another text (texts.go).
	pending []pendingText
}

// person is a participant while the study is generated.
type person struct {
	code      string
	cell      cell
	sample    bool
	country   string
	ethnicity string
	region    string
	status    string
	travelled bool
	knewDest  int8 // 1 knew, -1 did not, 0 missing (non-travellers)
	lang      string
	spoken    [2]string // interview language: BCP 47 tag and English name
	ivCountry string
	ivPlace   string
	homeCity  string
	terrCity  string

	joinedM, leftM int // months since 2013-01
	joined, left   ownwords.Date
	interview      ownwords.Date
	birthYear      int

	education, ses, marital, religion string
	onlineOnly                        bool

	items map[string]bool // endorsed codable items, by path
}

func (p *person) man() bool   { return p.cell.man() }
func (p *person) local() bool { return p.cell.local() }

func (p *person) gender() string {
	if p.man() {
		return "man"
	}
	return "woman"
}

func (p *person) origin() string {
	if p.local() {
		return "local"
	}
	return "foreign"
}

// nonTravellers is how many foreign men in the sample acted for the group
// at home without travelling.
const nonTravellers = 3

// people creates the 239 participants with their strata, citizenship,
// status and place of interview.
func (g *gen) people() {
	for _, r := range roster {
		for range r.n {
			g.ps = append(g.ps, &person{cell: r.cell, country: r.country, ethnicity: r.ethnicity, sample: true, lang: "en"})
		}
	}
	for _, e := range extraCells {
		lang := e.lang
		if lang == "" {
			lang = "en"
		}
		g.ps = append(g.ps, &person{cell: e.cell, country: e.country, ethnicity: e.ethnic, lang: lang})
	}
	if len(g.ps) != Interviewed {
		panic(fmt.Sprintf("demo: roster holds %d participants, want %d", len(g.ps), Interviewed))
	}
	codes := g.rng.Perm(Interviewed)
	for i, p := range g.ps {
		p.code = fmt.Sprintf("P-%04d", codes[i]+1)
		p.region = regionOf[p.country]
		p.travelled = !p.local()
		p.homeCity = pick(g.rng, citiesOf[p.country])
		p.terrCity = p.homeCity
		if !p.local() {
			p.terrCity = pick(g.rng, territoryCities)
		}
		p.spoken = spokenLanguage[p.country]
		if p.lang != "en" {
			p.spoken = map[string][2]string{"fr": {"fr", "French"}, "ar": {"ar", "Arabic"}}[p.lang]
		}
	}
	g.pickNonTravellers()
	for _, p := range g.ps {
		g.placeOfInterview(p)
	}
}

// pickNonTravellers marks a few foreign men from Europe as members who
// acted at home: they never travelled and were tried at home.
func (g *gen) pickNonTravellers() {
	var cand []*person
	for _, p := range g.ps {
		if p.sample && p.cell == cellFM && (p.region == "Western Europe" || p.region == "Balkans") {
			cand = append(cand, p)
		}
	}
	g.rng.Shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
	for _, p := range cand[:nonTravellers] {
		p.travelled = false
		p.status = "prisoner"
	}
}

// returnable reports whether the person's home is a country where the
// study interviewed returnees (Western Europe, the Balkans, Central Asia).
func (p *person) returnable() bool {
	switch p.region {
	case "Western Europe", "Balkans", "Central Asia":
		return true
	}
	return false
}

// placeOfInterview sets status (if not set) and the place of interview:
// defectors in southern Turkey, prisoners where they are held, returnees
// and non-travellers at home.
func (g *gen) placeOfInterview(p *person) {
	if p.status == "" {
		x := g.rng.Float64()
		switch {
		case p.local():
			p.status = choose(x < 0.58, "prisoner", "defector")
		case p.returnable():
			p.status = choose(x < 0.45, "returnee", choose(x < 0.8, "prisoner", "defector"))
		default:
			p.status = choose(x < 0.6, "prisoner", "defector")
		}
	}
	switch {
	case !p.travelled && !p.local():
		p.ivCountry, p.ivPlace = p.country, p.homeCity
	case p.status == "defector":
		p.ivCountry, p.ivPlace = "Turkey", pick(g.rng, turkeyPlaces)
	case p.status == "returnee":
		p.ivCountry, p.ivPlace = p.country, pick(g.rng, citiesOf[p.country])
	case p.country == "Iraq" || (!p.local() && g.rng.IntN(10) < 3):
		p.ivCountry, p.ivPlace = "Iraq", pick(g.rng, iraqPlaces)
	default:
		p.ivCountry, p.ivPlace = "Syria", pick(g.rng, syriaPlaces)
	}
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func choose[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}

// shuffled returns a shuffled copy of xs.
func shuffled[T any](rng *rand.Rand, xs []T) []T {
	out := append([]T(nil), xs...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
