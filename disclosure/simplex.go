package disclosure

import (
	"errors"
	"fmt"
	"math"
)

// unbounded is the Max of a range that no published value bounds above.
const unbounded = math.MaxInt

// constraint is one linear constraint over the unknowns x >= 0:
// Σ coef[j]·x[j] = rhs, or <= rhs when le.
type constraint struct {
	coef []int64
	rhs  int64
	le   bool
}

// interval is the integer range [lo, hi] of one unknown; hi may be
// unbounded.
type interval struct {
	lo, hi int
}

// errInfeasible means the constraints admit no solution: the published
// values contradict the relations.
var errInfeasible = errors.New("disclosure: published values contradict the relations")

// feasibleRanges returns, for each target unknown, the range of values it
// takes over the polyhedron {x >= 0 : constraints}, rounded inward to
// integers (ceil of the minimum, floor of the maximum). It runs one exact
// two-phase simplex and then, from the feasible basis found, minimises and
// maximises each target in turn.
//
// Every vertex visited is a feasible point, so the values it gives an
// unknown lie inside that unknown's range. When enough > 0, a target whose
// values seen so far already span enough is not solved further: its
// returned range is the one witnessed, inside the exact range and at least
// enough wide. Ranges narrower than enough are always exact.
//
// Why not gonum's lp.Simplex: it computes in floating point, and wants a
// constraint matrix of full row rank, while these systems are routinely
// rank-deficient (a relation holds in every row and again, summed, for the
// group sizes); an audit must neither round a bound the wrong way nor fail
// on a redundant row. The problems are small, so a dense tableau over exact
// rationals with Bland's rule (which cannot cycle on these highly
// degenerate problems) is simple and safe.
func feasibleRanges(nv int, cons []constraint, targets []int, enough int) (out []interval, err error) {
	defer func() {
		if r := recover(); r != nil {
			if r != errOverflow {
				panic(r)
			}
			err = errOverflow
		}
	}()
	tab := newTableau(nv, cons)
	if err := tab.phaseOne(); err != nil {
		return nil, err
	}
	w := newWitness(nv)
	w.record(tab)
	wide := func(r interval) bool { return enough > 0 && r.hi-r.lo >= enough }
	out = make([]interval, len(targets))
	c := zeros(tab.n)
	for i, j := range targets {
		if out[i] = w.seen(j); wide(out[i]) {
			continue
		}
		c[j] = ratInt(1)
		lo, ok := tab.minimize(c)
		if !ok {
			return nil, fmt.Errorf("disclosure: simplex: minimum of a non-negative unknown is unbounded")
		}
		w.record(tab)
		out[i] = interval{int(lo.ceil()), w.seen(j).hi}
		if wide(out[i]) {
			c[j] = rat{0, 1}
			continue
		}
		c[j] = ratInt(-1)
		out[i].hi = unbounded
		if negMax, ok := tab.minimize(c); ok {
			w.record(tab)
			out[i].hi = int(negMax.neg().floor())
		}
		c[j] = rat{0, 1}
	}
	return out, nil
}

// witness keeps, for each unknown, the least and greatest value it took
// at the vertices visited.
type witness struct {
	lo, hi, val []rat
	any         bool // a vertex was recorded
}

func newWitness(nv int) *witness {
	return &witness{lo: make([]rat, nv), hi: make([]rat, nv), val: zeros(nv)}
}

// record adds the tableau's current basic solution.
func (w *witness) record(t *tableau) {
	first := !w.any
	w.any = true
	for i := range w.val {
		w.val[i] = rat{0, 1}
	}
	for i, b := range t.basis {
		if b < len(w.val) {
			w.val[b] = t.a[i][t.n]
		}
	}
	for i, v := range w.val {
		if first || v.cmp(w.lo[i]) < 0 {
			w.lo[i] = v
		}
		if first || v.cmp(w.hi[i]) > 0 {
			w.hi[i] = v
		}
	}
}

// seen returns the integer range witnessed for unknown j.
func (w *witness) seen(j int) interval {
	return interval{int(w.lo[j].ceil()), int(w.hi[j].floor())}
}

// tableau is a dense simplex tableau: rows a[i] (last entry the right-hand
// side), the basic column of each row, and the reduced costs z (last entry
// minus the objective value).
type tableau struct {
	n      int // columns: unknowns, slacks, artificials
	a      [][]rat
	basis  []int
	z      []rat
	banned []bool // columns that may not enter the basis
	art    []bool // artificial columns
}

// newTableau adds a slack to every inequality and an artificial to every
// row whose slack cannot start basic, after making right-hand sides >= 0.
func newTableau(nv int, cons []constraint) *tableau {
	slacks, arts := 0, 0
	for _, c := range cons {
		if c.le {
			slacks++
		}
		if !c.le || c.rhs < 0 {
			arts++
		}
	}
	t := &tableau{n: nv + slacks + arts}
	t.banned, t.art = make([]bool, t.n), make([]bool, t.n)
	s, a := nv, nv+slacks
	for _, c := range cons {
		row := zeros(t.n + 1)
		sign := int64(1)
		if c.rhs < 0 {
			sign = -1
		}
		for j, v := range c.coef {
			row[j] = ratInt(sign * v)
		}
		row[t.n] = ratInt(sign * c.rhs)
		basic := -1
		if c.le {
			row[s] = ratInt(sign)
			if sign > 0 {
				basic = s
			}
			s++
		}
		if basic < 0 {
			row[a] = ratInt(1)
			t.art[a] = true
			basic = a
			a++
		}
		t.a = append(t.a, row)
		t.basis = append(t.basis, basic)
	}
	t.z = zeros(t.n + 1)
	return t
}

// phaseOne finds a feasible basis by minimising the sum of artificials,
// then pivots the artificials out (dropping rows that turn out redundant)
// and bans them from re-entering.
func (t *tableau) phaseOne() error {
	c := zeros(t.n)
	for j := range c {
		if t.art[j] {
			c[j] = ratInt(1)
		}
	}
	sum, ok := t.minimize(c)
	if !ok || sum.sign() != 0 {
		return errInfeasible
	}
	for i := 0; i < len(t.a); i++ {
		if !t.art[t.basis[i]] {
			continue
		}
		col := -1
		for j := range t.n {
			if !t.art[j] && t.a[i][j].sign() != 0 {
				col = j
				break
			}
		}
		if col < 0 { // the row is a combination of the others
			t.a = append(t.a[:i], t.a[i+1:]...)
			t.basis = append(t.basis[:i], t.basis[i+1:]...)
			i--
			continue
		}
		t.pivot(i, col)
	}
	copy(t.banned, t.art)
	return nil
}

// minimize runs the simplex for objective c from the current feasible
// basis with Bland's rule, which cannot cycle. It returns the minimum, or
// false when it is unbounded.
func (t *tableau) minimize(c []rat) (rat, bool) {
	for j := range t.n {
		t.z[j] = c[j]
	}
	t.z[t.n] = rat{0, 1}
	for i, b := range t.basis {
		if f := c[b]; f.sign() != 0 {
			t.subRow(t.z, t.a[i], f)
		}
	}
	for {
		enter := -1
		for j := range t.n {
			if !t.banned[j] && t.z[j].sign() < 0 {
				enter = j
				break
			}
		}
		if enter < 0 {
			return t.z[t.n].neg(), true
		}
		leave := -1
		var best rat
		for i, row := range t.a {
			if row[enter].sign() <= 0 {
				continue
			}
			ratio := row[t.n].quo(row[enter])
			if leave < 0 || ratio.cmp(best) < 0 || (ratio.cmp(best) == 0 && t.basis[i] < t.basis[leave]) {
				leave, best = i, ratio
			}
		}
		if leave < 0 {
			return rat{}, false
		}
		t.pivot(leave, enter)
	}
}

// pivot makes column col basic in row r.
func (t *tableau) pivot(r, col int) {
	p := t.a[r][col]
	for j := range t.a[r] {
		if t.a[r][j].sign() != 0 {
			t.a[r][j] = t.a[r][j].quo(p)
		}
	}
	for i := range t.a {
		if i != r {
			if f := t.a[i][col]; f.sign() != 0 {
				t.subRow(t.a[i], t.a[r], f)
			}
		}
	}
	if f := t.z[col]; f.sign() != 0 {
		t.subRow(t.z, t.a[r], f)
	}
	t.basis[r] = col
}

// subRow sets dst -= f·src.
func (t *tableau) subRow(dst, src []rat, f rat) {
	for j, v := range src {
		if v.sign() != 0 {
			dst[j] = dst[j].sub(f.mul(v))
		}
	}
}

// zeros returns n zero rationals (the zero rat{} has no valid denominator).
func zeros(n int) []rat {
	s := make([]rat, n)
	for i := range s {
		s[i] = rat{0, 1}
	}
	return s
}
