package stats

import (
	"maps"
	"math"
	"slices"
)

// Methods of FisherRC.Method.
const (
	// FisherMethodExact: the p-value is exact, summed over every table
	// with the observed margins by the network algorithm.
	FisherMethodExact = "exact"
	// FisherMethodMonteCarlo: the table was too large to enumerate within
	// FisherOptions.MaxWork; the p-value is estimated from random tables
	// with the observed margins, with its standard error.
	FisherMethodMonteCarlo = "monte-carlo"
)

// FisherDefaultSeed seeds the Monte Carlo fallback when the caller gives no
// seed, so that the same table always gets the same p-value.
const FisherDefaultSeed = 20260619

// FisherRC is the two-sided p-value of Fisher's exact test for an r×c table
// (the Freeman–Halton extension), and how it was obtained.
type FisherRC struct {
	P float64 `json:"p"`
	// Method is FisherMethodExact or FisherMethodMonteCarlo.
	Method string `json:"method"`
	// SE is the Monte Carlo standard error of P, √(P(1−P)/Samples); nil
	// for an exact p-value.
	SE *float64 `json:"se,omitempty"`
	// Samples and Seed say how the Monte Carlo p-value was drawn (0 for
	// an exact one).
	Samples int    `json:"samples,omitempty"`
	Seed    uint64 `json:"seed,omitempty"`
}

// FisherOptions tune FisherRxC. The zero value gives the defaults.
type FisherOptions struct {
	// MaxWork bounds the exact enumeration (partial tables examined);
	// beyond it the Monte Carlo estimate is returned. 0 means
	// fisherDefaultWork; a negative value forces Monte Carlo.
	MaxWork int
	// Samples is the number of random tables of the Monte Carlo estimate;
	// 0 chooses by the table's size (fisherSamples).
	Samples int
	// Seed seeds the random tables; 0 means FisherDefaultSeed.
	Seed uint64
}

// fisherDefaultWork is the default budget of the exact enumeration, in
// steps (partial column fillings and past values examined): about a
// quarter of a second at worst. The demo's 5×2 religious background ×
// gender table takes a few hundred steps, R's 4×4 job satisfaction example
// (N = 104) between one and three million.
const fisherDefaultWork = 3_000_000

// fisherRelErr is R's fisher.test tolerance (relErr = 1 + 1e-7), in logs:
// a table whose probability is within a relative 1e-7 of the observed
// one's counts as "as extreme", so that rounding in the sums of
// log-factorials does not drop a table that ties with the observed one.
var fisherRelErr = math.Log1p(1e-7)

// FisherRxC runs the Freeman–Halton extension of Fisher's exact test on an
// r×c table: the two-sided p-value is the total probability, under
// independence with all margins fixed, of the tables no more probable
// than the observed one (R: fisher.test(x)). Empty rows and columns are
// dropped; a table with fewer than two non-empty rows or columns has a
// single arrangement and p = 1.
//
// The exact p-value comes from the network algorithm of Mehta and Patel
// (1983, "A network algorithm for performing Fisher's exact test in r×c
// contingency tables", JASA 78:427–434): the table is filled one column
// at a time; a node of the network is the multiset of row totals still to
// fill, and every partial table reaching a node with the same "past"
// probability is merged with its fellows. At each node, bounds on the
// most and least probable completion decide whether every completion
// counts (its total probability is then added in closed form), none does
// (dropped), or the node must be expanded. When the enumeration would
// exceed opts.MaxWork, the p-value is estimated instead from random
// tables with the observed margins, as R's simulate.p.value (Patefield
// 1981, AS 159, draws the same distribution), and the result says so.
// Errors: EINVALID for a ragged table or a negative count.
func FisherRxC(table [][]int, opts FisherOptions) (FisherRC, error) {
	m, err := tabMargins(table)
	if err != nil {
		return FisherRC{}, err
	}
	rows, cols := fisherCompact(table, m)
	if len(rows) < 2 || len(cols) < 2 {
		return FisherRC{P: 1, Method: FisherMethodExact}, nil
	}
	lf := newLogFactorials(m.n)
	obs := 0.0 // −Σ log n_ij!: the observed table's probability up to a constant
	for i, row := range table {
		if m.rowTotals[i] == 0 {
			continue
		}
		for j, v := range row {
			if m.colTotals[j] > 0 {
				obs -= lf.at(v)
			}
		}
	}
	if opts.MaxWork >= 0 {
		budget := opts.MaxWork
		if budget == 0 {
			budget = fisherDefaultWork
		}
		if !fisherHopeless(rows, cols, budget) {
			if p, ok := fisherNetwork(rows, cols, obs, lf, budget); ok {
				return FisherRC{P: p, Method: FisherMethodExact}, nil
			}
		}
	}
	seed := opts.Seed
	if seed == 0 {
		seed = FisherDefaultSeed
	}
	samples := opts.Samples
	if samples <= 0 {
		samples = fisherSamples(rows, cols, m.n)
	}
	p := fisherMonteCarlo(rows, cols, obs, lf, samples, seed)
	se := math.Sqrt(p * (1 - p) / float64(samples))
	return FisherRC{P: p, Method: FisherMethodMonteCarlo, SE: &se, Samples: samples, Seed: seed}, nil
}

// fisherCompact returns the non-empty row and column totals, oriented so
// that there are no more rows than columns: the network fills columns,
// and a column of few cells has few ways to be filled.
func fisherCompact(table [][]int, m tabTableMargins) (rows, cols []int) {
	for _, t := range m.rowTotals {
		if t > 0 {
			rows = append(rows, t)
		}
	}
	for _, t := range m.colTotals {
		if t > 0 {
			cols = append(cols, t)
		}
	}
	if len(rows) > len(cols) {
		rows, cols = cols, rows
	}
	// Fill the smallest columns first: they have the fewest fillings, so
	// the early stages stay narrow, and the two largest, with the most
	// fillings, are the last two, which fisherLastTwo settles per node.
	slices.Sort(rows)
	slices.Sort(cols)
	return rows, cols
}

// logFactorials tabulates log n! for 0 ≤ n ≤ N.
type logFactorials []float64

func newLogFactorials(n int) logFactorials {
	lf := make(logFactorials, n+1)
	for i := 2; i <= n; i++ {
		lf[i] = lf[i-1] + math.Log(float64(i))
	}
	return lf
}

func (lf logFactorials) at(n int) float64 { return lf[n] }

// fisherNode is a node of the network: the sorted row totals still to
// fill, and the distinct past values of the partial tables reaching it.
type fisherNode struct {
	rows []int
	past map[int64]*fisherPast
}

// fisherPast is a past value −Σ log n_ij! over the filled cells, and how
// many partial tables share it.
type fisherPast struct {
	value float64
	count float64
}

// fisherSorted returns the nodes of a stage in the order of their keys,
// and pasts a node's past values in the order of theirs: the p-value is a
// floating-point sum, and summing in map order would make it differ in its
// last bits from run to run, so that the same report would not be the
// same twice.
func fisherSorted(stage map[string]*fisherNode) []*fisherNode {
	keys := slices.Sorted(maps.Keys(stage))
	out := make([]*fisherNode, len(keys))
	for i, k := range keys {
		out[i] = stage[k]
	}
	return out
}

func (n *fisherNode) pasts() []*fisherPast {
	keys := slices.Sorted(maps.Keys(n.past))
	out := make([]*fisherPast, len(keys))
	for i, k := range keys {
		out[i] = n.past[k]
	}
	return out
}

// fisherPastKey merges past values equal to 1e-9 in logs (a relative 1e-9
// in probability, a hundred times finer than the tolerance of ties).
func fisherPastKey(v float64) int64 { return int64(math.Round(v * 1e9)) }

// fisherHopeless tells, before any work, a table whose largest column alone
// may have more fillings than the budget allows (C(C + r − 1, r − 1), the
// count without the caps of the row totals, bounds them): the demo's
// country × ethnicity table (37 × 42) is one. Such a table goes straight
// to Monte Carlo rather than spend the budget first.
func fisherHopeless(rows, cols []int, budget int) bool {
	c := cols[len(cols)-1] // cols sorted ascending
	return tabLogChoose(c+len(rows)-1, len(rows)-1) > math.Log(float64(budget))
}

// fisherNetwork computes the exact two-sided p-value for the margins rows
// × cols (rows sorted ascending, at least two of each) and the observed
// statistic obs = −Σ log n_ij!. It gives up (ok false) once more than
// budget partial tables have been generated.
func fisherNetwork(rows, cols []int, obs float64, lf logFactorials, budget int) (float64, bool) {
	n := 0
	for _, r := range rows {
		n += r
	}
	// log P(table) = konst − Σ log n_ij!
	konst := -lf.at(n)
	for _, r := range rows {
		konst += lf.at(r)
	}
	for _, c := range cols {
		konst += lf.at(c)
	}
	threshold := obs + fisherRelErr
	// colsAfter[s] = Σ log C_j! over the columns from s on, for the closed
	// form of a node's total mass.
	colsAfter := make([]float64, len(cols)+1)
	for s := len(cols) - 1; s >= 0; s-- {
		colsAfter[s] = colsAfter[s+1] + lf.at(cols[s])
	}
	start := &fisherNode{rows: slices.Clone(rows), past: map[int64]*fisherPast{0: {value: 0, count: 1}}}
	stage := map[string]*fisherNode{string(fisherKey(nil, rows)): start}
	child := make([]int, len(rows))
	var key []byte
	p := 0.0
	work := 0
	x := make([]int, len(rows))
	for s := range cols {
		next := map[string]*fisherNode{}
		if s == len(cols)-2 {
			// The last two columns: every node's completions are listed
			// once, and each past sums the ones that count by a search.
			for _, node := range fisherSorted(stage) {
				add, w, ok := fisherLastTwo(node, cols[s], threshold, konst, lf, budget-work)
				if !ok {
					return 0, false
				}
				work += w
				p += add
			}
			break
		}
		for _, node := range fisherSorted(stage) {
			left := 0
			for _, r := range node.rows {
				left += r
			}
			// Σ over completions of exp(−Σ log n!) = M! / (Π r_i! Π C_j!)
			mass := lf.at(left) - colsAfter[s]
			for _, r := range node.rows {
				mass -= lf.at(r)
			}
			hi, lo := fisherBounds(node.rows, cols[s:], lf)
			for _, pa := range node.pasts() {
				work++ // a past examined
				switch {
				case pa.value+hi <= threshold:
					p += pa.count * math.Exp(konst+pa.value+mass)
					continue
				case pa.value+lo > threshold:
					continue
				}
				// Expand: every way to fill column s within the row totals.
				children := 0
				steps := fisherColumns(node.rows, cols[s], x, budget-work, func(x []int) {
					children++
					v := pa.value
					for i, xi := range x {
						v -= lf.at(xi)
						child[i] = node.rows[i] - xi
					}
					slices.Sort(child)
					key = fisherKey(key[:0], child)
					cn := next[string(key)]
					if cn == nil {
						cn = &fisherNode{rows: slices.Clone(child), past: map[int64]*fisherPast{}}
						next[string(key)] = cn
					}
					pk := fisherPastKey(v)
					if e := cn.past[pk]; e != nil {
						e.count += pa.count
					} else {
						cn.past[pk] = &fisherPast{value: v, count: pa.count}
					}
				})
				// A child costs a sort and two map look-ups, some ten
				// times a step of the last two columns' lists.
				work += steps + fisherChildCost*children
				if work > budget {
					return 0, false
				}
			}
		}
		stage = next
	}
	return min(max(p, 0), 1), true
}

// fisherChildCost is the work charged for a partial table carried to the
// next stage, in steps of fisherLastTwo's lists, so that the budget stands
// for about the same time whichever part of the network spends it.
const fisherChildCost = 10

// fisherLastTwo settles a node with two columns left (the first of total
// c): a filling x of that column fixes the other, so the completions are
// the vectors x, with statistic −Σ log x_i! − Σ log (r_i − x_i)!. They
// are listed and sorted once; a past v then counts the completions with
// v + statistic ≤ threshold, whose probabilities are a prefix sum. It
// returns the node's share of the p-value and the work done (ok false past
// limit).
func fisherLastTwo(node *fisherNode, c int, threshold, konst float64, lf logFactorials, limit int) (float64, int, bool) {
	var stats []float64
	x := make([]int, len(node.rows))
	work := fisherColumns(node.rows, c, x, limit, func(x []int) {
		v := 0.0
		for i, xi := range x {
			v -= lf.at(xi) + lf.at(node.rows[i]-xi)
		}
		stats = append(stats, v)
	})
	if work > limit || len(stats) == 0 {
		return 0, work, work <= limit
	}
	slices.Sort(stats)
	top := stats[len(stats)-1]
	// cum[k] = Σ_{i<k} exp(stats[i] − top), smallest terms first
	cum := make([]float64, len(stats)+1)
	for i, v := range stats {
		cum[i+1] = cum[i] + math.Exp(v-top)
	}
	p := 0.0
	for _, pa := range node.pasts() {
		work++
		k, _ := slices.BinarySearchFunc(stats, threshold-pa.value, func(s, t float64) int {
			if s <= t {
				return -1
			}
			return 1
		})
		if k > 0 {
			p += pa.count * math.Exp(konst+pa.value+top) * cum[k]
		}
	}
	return p, work, work <= limit
}

// fisherKey appends to b the map key of a sorted vector of row totals.
func fisherKey(b []byte, rows []int) []byte {
	for _, r := range rows {
		b = append(b, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
	}
	return b
}

// fisherColumns calls f with every vector x (in the buffer given) with
// Σ x = total and 0 ≤ x_i ≤ rows[i], and returns how many there were. It
// stops once more than limit steps (vectors and partial vectors) were
// taken, returning a count above limit: a column of many cells can have
// astronomically many fillings.
func fisherColumns(rows []int, total int, x []int, limit int, f func([]int)) int {
	// capAfter[i] = Σ rows[i:], to stop early when the rest cannot reach
	// the total.
	capAfter := make([]int, len(rows)+1)
	for i := len(rows) - 1; i >= 0; i-- {
		capAfter[i] = capAfter[i+1] + rows[i]
	}
	count := 0
	var fill func(i, left int)
	fill = func(i, left int) {
		if count > limit {
			return
		}
		count++ // a step, counted so that a column cannot run away
		if i == len(rows)-1 {
			if left <= rows[i] {
				x[i] = left
				f(x)
			}
			return
		}
		for v := max(0, left-capAfter[i+1]); v <= min(rows[i], left); v++ {
			x[i] = v
			fill(i+1, left-v)
		}
	}
	fill(0, total)
	return count
}

// fisherBounds bounds the statistic −Σ log n_ij! over the completions of a
// node: tables with row totals rows and column totals cols. Relaxing the
// row totals to caps on each cell of a column gives, column by column, the
// least and the most concentrated fillings; relaxing the column totals
// gives the same row by row. Each relaxation bounds the true extremes, so
// the tighter of the two is taken.
func fisherBounds(rows, cols []int, lf logFactorials) (hi, lo float64) {
	hiC, loC := fisherRelaxed(rows, cols, lf)
	hiR, loR := fisherRelaxed(cols, rows, lf)
	return min(hiC, hiR), max(loC, loR)
}

// fisherRelaxed bounds −Σ log n_ij! over the vectors filling each total t
// of totals with cells capped by caps.
func fisherRelaxed(caps, totals []int, lf logFactorials) (hi, lo float64) {
	sorted := slices.Clone(caps)
	slices.Sort(sorted)
	for _, t := range totals {
		hi -= fisherEven(sorted, t, lf)
		lo -= fisherConcentrated(sorted, t, lf)
	}
	return hi, lo
}

// fisherEven returns the least Σ log x_i! over x with Σ x = t and
// x_i ≤ caps[i] (caps sorted ascending): log-factorial is convex, so the
// total is spread as evenly as the caps allow (water filling).
func fisherEven(caps []int, t int, lf logFactorials) float64 {
	s := 0.0
	for i, c := range caps {
		share := t / (len(caps) - i) // the small caps fill first
		if c <= share {
			s += lf.at(c)
			t -= c
			continue
		}
		rest := len(caps) - i
		q, r := t/rest, t%rest
		return s + float64(rest-r)*lf.at(q) + float64(r)*lf.at(q+1)
	}
	return s
}

// fisherConcentrated returns the greatest Σ log x_i! over the same x: a
// convex sum is greatest at a vertex, and exchanging between two cells
// shows the largest caps are filled first.
func fisherConcentrated(caps []int, t int, lf logFactorials) float64 {
	s := 0.0
	for i := len(caps) - 1; i >= 0 && t > 0; i-- {
		v := min(caps[i], t)
		s += lf.at(v)
		t -= v
	}
	return s
}

// fisherSamples chooses the number of random tables of the Monte Carlo
// estimate: up to 20,000 (a standard error of 0.0015 at p = 0.05), fewer
// when a table costs more than 100 steps to draw (fisherDrawCost), so
// that an estimate costs about 2·10⁶ steps, and never fewer than R's
// default of 2,000.
func fisherSamples(rows, cols []int, n int) int {
	return max(2000, min(20000, 2_000_000/max(fisherDrawCost(rows, cols, n), 1)))
}

// fisherDrawCost is the cost of drawing one random table, in steps: N to
// deal a permutation out, or about 30 per cell (a hypergeometric draw
// walking from its mode) cell by cell; fisherMonteCarlo takes the cheaper.
func fisherDrawCost(rows, cols []int, n int) int {
	return min(n, 30*len(rows)*len(cols))
}

// fisherMonteCarlo estimates the p-value from samples random tables with
// margins rows × cols, as R's fisher.test(simulate.p.value = TRUE): p =
// (1 + #{tables with statistic ≤ observed}) / (samples + 1), the
// observed statistic widened by R's 64 machine epsilons. Both ways of
// drawing a table draw from the multiple hypergeometric distribution of
// tables with the given margins exactly: dealing a random permutation of
// the N column labels out to the rows (cost N), or cell by cell, each
// cell from its hypergeometric distribution given the cells before it, as
// Patefield's algorithm (1981, AS 159) does (cost r·c draws); the cheaper
// is used.
func fisherMonteCarlo(rows, cols []int, obs float64, lf logFactorials, samples int, seed uint64) float64 {
	g := agrRNG{state: seed}
	limit := obs / (1 + 64*0x1p-52)
	n := 0
	for _, c := range cols {
		n += c
	}
	draw := fisherCellByCell(rows, cols, n, lf)
	if n <= 30*len(rows)*len(cols) {
		draw = fisherDealt(rows, cols, lf)
	}
	hits := 0
	for range samples {
		if draw(&g) <= limit {
			hits++
		}
	}
	return float64(1+hits) / float64(samples+1)
}

// fisherDealt returns a drawer of the statistic −Σ log n_ij! of a random
// table made by a Fisher–Yates shuffle of the column labels, dealt out to
// the rows in turn.
func fisherDealt(rows, cols []int, lf logFactorials) func(*agrRNG) float64 {
	var labels []int
	for j, c := range cols {
		for range c {
			labels = append(labels, j)
		}
	}
	counts := make([]int, len(cols))
	return func(g *agrRNG) float64 {
		for i := len(labels) - 1; i > 0; i-- {
			j := int(g.float64() * float64(i+1))
			labels[i], labels[j] = labels[j], labels[i]
		}
		stat, at := 0.0, 0
		for _, r := range rows {
			clear(counts)
			for _, l := range labels[at : at+r] {
				counts[l]++
			}
			at += r
			for _, c := range counts {
				stat -= lf.at(c)
			}
		}
		return stat
	}
}

// fisherCellByCell returns a drawer of the statistic of a random table
// drawn row by row: the row's count in column j is hypergeometric — of the
// participants not yet placed, those of column j, drawn as many as the row
// still needs; the last row takes what is left.
func fisherCellByCell(rows, cols []int, n int, lf logFactorials) func(*agrRNG) float64 {
	colLeft := make([]int, len(cols))
	return func(g *agrRNG) float64 {
		copy(colLeft, cols)
		left, stat := n, 0.0
		for i, r := range rows {
			if i == len(rows)-1 {
				for _, c := range colLeft {
					stat -= lf.at(c)
				}
				break
			}
			need, pool := r, left
			for j := range colLeft {
				x := need
				if j < len(colLeft)-1 {
					x = g.hypergeometric(pool, colLeft[j], need, lf)
				}
				stat -= lf.at(x)
				pool -= colLeft[j]
				colLeft[j] -= x
				need -= x
			}
			left -= r
		}
		return stat
	}
}

// hypergeometric draws the number of marked items among n drawn without
// replacement from a population of total items, k of them marked, by
// inversion from the mode outwards: the mode's probability from
// log-factorials, its neighbours' by the ratio of successive terms. Any
// fixed order of the support gives an exact inverse-CDF draw; starting at
// the mode makes the expected number of steps of the order of the
// standard deviation.
func (g *agrRNG) hypergeometric(total, k, n int, lf logFactorials) int {
	lo, hi := max(0, n-(total-k)), min(n, k)
	if lo == hi {
		return lo
	}
	mode := min(max((n+1)*(k+1)/(total+2), lo), hi)
	pmf := func(x int) float64 {
		return math.Exp(lf.at(k) - lf.at(x) - lf.at(k-x) + lf.at(total-k) - lf.at(n-x) - lf.at(total-k-n+x) -
			(lf.at(total) - lf.at(n) - lf.at(total-n)))
	}
	u := g.float64()
	pm := pmf(mode)
	if u < pm {
		return mode
	}
	u -= pm
	up, down := mode, mode
	pUp, pDown := pm, pm
	for up < hi || down > lo {
		if up < hi {
			// P(x+1)/P(x) = (k−x)(n−x) / ((x+1)(total−k−n+x+1))
			pUp *= float64((k-up)*(n-up)) / float64((up+1)*(total-k-n+up+1))
			up++
			if u < pUp {
				return up
			}
			u -= pUp
		}
		if down > lo {
			pDown *= float64(down*(total-k-n+down)) / float64((k-down+1)*(n-down+1))
			down--
			if u < pDown {
				return down
			}
			u -= pDown
		}
	}
	return mode // u beyond the total by rounding
}
