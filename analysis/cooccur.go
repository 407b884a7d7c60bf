package analysis

import "strings"

// pairs lists the co-occurrence pairs: the plan's own, then every pair of
// coded items within each section, each unordered pair once. Derived items
// are paired only when the plan names them: paired with their own parts
// they would co-occur by construction.
func pairs(named []Pair, secs []Section) []Pair {
	seen := map[[2]string]bool{}
	var out []Pair
	add := func(p Pair) {
		key := [2]string{p.A, p.B}
		if p.B < p.A {
			key = [2]string{p.B, p.A}
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, p := range named {
		add(p)
	}
	for _, s := range secs {
		for i, a := range s.Items {
			for _, b := range s.Items[i+1:] {
				if !a.Derived && !b.Derived {
					add(Pair{s.Slug + "/" + a.Slug, s.Slug + "/" + b.Slug})
				}
			}
		}
	}
	return out
}

// cooccurrence counts every pair within the members of set.
func (r *Result) cooccurrence(set Bitset, size int) []Cooccurrence {
	out := make([]Cooccurrence, len(r.Pairs))
	for i, p := range r.Pairs {
		a := r.m.items[r.m.byPath[p.A]].set
		b := r.m.items[r.m.byPath[p.B]].set
		out[i] = Cooccurrence{
			A: p.A, B: p.B,
			NAB: AndCount3(a, b, set), NA: AndCount(a, set), NB: AndCount(b, set),
			N: size,
		}
	}
	return out
}

// isItemName reports whether name is an item ("section/slug") rather than
// an attribute slug, which never holds a slash.
func isItemName(name string) bool { return strings.Contains(name, "/") }
