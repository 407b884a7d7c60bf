package demo

import (
	"ownwords"
)

// Months are counted from January 2013 (month 0), the start of the window
// in which participants joined.
const (
	firstLeftMonth   = 24 // 2015-01: the codebook's left_date starts in 2015
	firstInterview   = 25 // 2015-02
	lastSampleMonth  = 79 // 2019-08: the sample was interviewed before the extras
	firstExtraMonth  = 80 // 2019-09
	lastExtraMonth   = 83 // 2019-12
	maxTimelineTries = 1000
)

// departureWeights weights the earliest month of leaving (from 2015-01) by
// year, 2015-2018: few left while the caliphate held its ground in 2015;
// departures rose from 2016 as territory and food were lost. Foreigners
// left earlier (many fled or were sent home in 2016); locals mostly as
// their own towns fell, in 2017-2018, so they stayed longer.
func departureWeights(p *person) []float64 {
	perYear := []float64{1.2, 3, 2, 0.3}
	if p.local() {
		perYear = []float64{0.2, 1.2, 3.5, 2}
	}
	w := make([]float64, 48)
	for m := range w {
		w[m] = perYear[m/12]
	}
	return w
}

func monthDate(m int) ownwords.Date { return ownwords.Date{Year: 2013 + m/12, Month: m%12 + 1} }

// joinWeights weights each month of joining (0..47) for one kind of
// participant: foreigners came from 2013 and peaked in 2014-2015; Iraqis
// joined after their towns fell in June 2014; Syrians from mid-2013.
func joinWeights(p *person) []float64 {
	w := make([]float64, 48)
	for m := range w {
		y := 2013 + m/12
		switch {
		case !p.local():
			w[m] = map[int]float64{2013: 1, 2014: 3, 2015: 2.5, 2016: 0.6}[y]
			if m > 41 {
				w[m] = 0
			}
		case p.country == "Iraq":
			w[m] = map[int]float64{2014: 4, 2015: 2, 2016: 1}[y]
			if m < 17 {
				w[m] = 0
			}
		default:
			w[m] = map[int]float64{2013: 0.5, 2014: 3, 2015: 2.5, 2016: 1}[y]
			if m < 5 {
				w[m] = 0
			}
		}
	}
	return w
}

func (g *gen) weighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	r := g.rng.Float64() * total
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}

// timelines draws joining, leaving and interview dates. Locals join later
// and stay longer than foreigners; departures rise from 2016; the sample is
// interviewed before the extras, on distinct days, so that "the first 220
// by interview date" is exactly the sample whatever the seed.
func (g *gen) timelines() {
	used := map[int]bool{}
	for _, p := range g.ps {
		g.timeline(p)
		for try := 0; ; try++ {
			day := 1 + g.rng.IntN(28)
			if key := monthIndex(p.interview)*32 + day; !used[key] {
				used[key] = true
				p.interview.Day = day
				break
			}
			if try > 1000 {
				panic("demo: no free interview day for " + p.code)
			}
		}
		p.joined = monthDate(p.joinedM)
		if p.joinedM/12 < p.leftM/12 && g.rng.IntN(10) == 0 {
			p.joined = ownwords.Date{Year: p.joined.Year}
		}
		p.left = monthDate(p.leftM)
		age := 18 + g.rng.IntN(12)
		if g.rng.IntN(3) == 0 {
			age += g.rng.IntN(16)
		}
		p.birthYear = p.joined.Year - age
	}
}

func monthIndex(d ownwords.Date) int { return (d.Year-2013)*12 + d.Month - 1 }

func (g *gen) timeline(p *person) {
	for range maxTimelineTries {
		p.joinedM = g.weighted(joinWeights(p))
		stay := 5 + g.rng.IntN(22)
		if p.local() {
			stay = 10 + g.rng.IntN(30)
		}
		p.leftM = max(p.joinedM+stay, firstLeftMonth+g.weighted(departureWeights(p)))
		var gap int
		switch p.status {
		case "defector":
			gap = 1 + g.rng.IntN(8)
		case "returnee":
			gap = 3 + g.rng.IntN(24)
		default:
			gap = 2 + g.rng.IntN(20)
		}
		iv := p.leftM + gap
		if p.sample {
			if iv >= firstInterview && iv <= lastSampleMonth {
				p.interview = monthDate(iv)
				return
			}
			continue
		}
		if p.leftM < lastExtraMonth {
			lo := max(p.leftM+1, firstExtraMonth)
			p.interview = monthDate(lo + g.rng.IntN(lastExtraMonth-lo+1))
			return
		}
	}
	panic("demo: no timeline fits for " + p.code)
}
