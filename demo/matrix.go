package demo

import (
	"fmt"
	"slices"
)

// inTerritory reports whether the person lived under the group: locals and
// foreigners who travelled.
func (p *person) inTerritory() bool { return p.local() || p.travelled }

// assignMatrix decides which items each participant endorses: for the
// sample exactly the per-cell counts of targets.go, drawn at random within
// each cell; for the extras, draws at the same rates.
func (g *gen) assignMatrix() {
	members := make([][]*person, nCells)
	for _, p := range g.ps {
		p.items = map[string]bool{}
		if p.sample {
			members[p.cell] = append(members[p.cell], p)
		}
	}
	for c := range nCells {
		if len(members[c]) != cellSize[c] {
			panic(fmt.Sprintf("demo: cell %d holds %d participants, want %d", c, len(members[c]), cellSize[c]))
		}
		g.assignCell(c, members[c])
	}
	for _, p := range g.ps {
		if !p.sample {
			g.assignExtra(p)
		}
	}
}

func (g *gen) assignCell(c cell, ms []*person) {
	online := g.cover(c, shuffled(g.rng, ms), onlineCover)
	only := shuffled(g.rng, online)[:onlineOnly[c]]
	var rest []*person
	for _, p := range ms {
		if !slices.Contains(only, p) {
			rest = append(rest, p)
		}
	}
	offline := cover{support: counts{}}
	offline.support[c] = len(rest)
	for _, t := range offlineInfluences {
		offline.items = append(offline.items, t.item)
		offline.n = append(offline.n, t.n)
	}
	g.cover(c, shuffled(g.rng, rest), offline)

	mot := cover{support: cellSize}
	for _, t := range motivations {
		mot.items = append(mot.items, t.item)
		mot.n = append(mot.n, t.n)
	}
	g.cover(c, shuffled(g.rng, ms), mot)
	g.cover(c, shuffled(g.rng, eligible(ms, "roles/fighter")), fighterCover)
	for _, t := range targets {
		g.assign(c, ms, t)
	}
}

// eligible returns the members who can endorse item.
func eligible(ms []*person, item string) []*person {
	if !territorial(item) {
		return ms
	}
	var out []*person
	for _, p := range ms {
		if p.inTerritory() {
			out = append(out, p)
		}
	}
	return out
}

// cover gives cv's items to the first cv.support[c] members of pool so that
// each of them holds at least one: first one item each (the item with the
// most left to give), then the rest of each item's count at random among
// the support. It returns the support.
func (g *gen) cover(c cell, pool []*person, cv cover) []*person {
	size := cv.support[c]
	if size > len(pool) {
		panic(fmt.Sprintf("demo: cover %v: support %d > pool %d", cv.items, size, len(pool)))
	}
	support := pool[:size]
	left := make([]int, len(cv.items))
	total := 0
	for i, n := range cv.n {
		left[i] = n[c]
		total += n[c]
		if n[c] > size {
			panic(fmt.Sprintf("demo: cover %s: %d > support %d", cv.items[i], n[c], size))
		}
	}
	if total < size {
		panic(fmt.Sprintf("demo: cover %v: counts %d < support %d", cv.items, total, size))
	}
	order := g.rng.Perm(len(cv.items))
	for _, p := range support {
		best := -1
		for _, i := range order {
			if left[i] > 0 && (best < 0 || left[i] > left[best]) {
				best = i
			}
		}
		p.items[cv.items[best]] = true
		left[best]--
	}
	for i, item := range cv.items {
		for _, p := range shuffled(g.rng, support) {
			if left[i] == 0 {
				break
			}
			if !p.items[item] {
				p.items[item] = true
				left[i]--
			}
		}
	}
	return support
}

// assign gives t.item to exactly t.n[c] members of the cell.
func (g *gen) assign(c cell, ms []*person, t target) {
	n := t.n[c]
	if n == 0 {
		return
	}
	pool := shuffled(g.rng, eligible(ms, t.item))
	var chosen []*person
	if t.joint != "" {
		var with, without []*person
		for _, p := range pool {
			if p.items[t.joint] {
				with = append(with, p)
			} else {
				without = append(without, p)
			}
		}
		k := t.jointN[c]
		if k > len(with) || n-k > len(without) {
			panic(fmt.Sprintf("demo: %s: cannot overlap %d with %s", t.item, k, t.joint))
		}
		chosen = append(with[:k:k], without[:n-k]...)
	} else {
		slices.SortStableFunc(pool, func(a, b *person) int { return prefers(b, t.prefer) - prefers(a, t.prefer) })
		if n > len(pool) {
			panic(fmt.Sprintf("demo: %s: %d wanted, %d eligible", t.item, n, len(pool)))
		}
		chosen = pool[:n]
	}
	for _, p := range chosen {
		p.items[t.item] = true
	}
}

// prefers is 1 if p holds any of the preferred items, else 0.
func prefers(p *person, prefer []string) int {
	for _, it := range prefer {
		if it == "@home" && !p.inTerritory() || p.items[it] {
			return 1
		}
	}
	return 0
}

// assignExtra draws an extra participant's items at the rates of their
// cell, keeping only items their transcript language can express.
func (g *gen) assignExtra(p *person) {
	draw := func(item string, n counts) {
		if g.rng.IntN(cellSize[p.cell]) < n[p.cell] && bankFor(p.lang).has(item, p) {
			p.items[item] = true
		}
	}
	for i, item := range onlineCover.items {
		draw(item, onlineCover.n[i])
	}
	for i, item := range fighterCover.items {
		draw(item, fighterCover.n[i])
	}
	for _, ts := range [][]target{offlineInfluences, motivations, targets} {
		for _, t := range ts {
			draw(t.item, t.n)
		}
	}
}
