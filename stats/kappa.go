package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"ownwords"
)

// Weights chooses the agreement weights of Cohen's kappa for ordered
// categories 0..K−1 (Cohen 1968): w_ij = 1 if i = j and 0 otherwise
// (Unweighted), 1 − |i − j|/(K − 1) (LinearWeights), or 1 − (i − j)²/(K − 1)²
// (QuadraticWeights). Weights depend on the categories' ranks, not on their
// numeric distances, as in R's irr::kappa2 ("equal" and "squared").
type Weights int

// The three weighting schemes of Cohen's kappa.
const (
	Unweighted Weights = iota
	LinearWeights
	QuadraticWeights
)

// check returns an EINVALID error for an unknown weighting.
func (w Weights) check() error {
	if w < Unweighted || w > QuadraticWeights {
		return ownwords.Errorf(ownwords.EINVALID, "kappa: unknown weights %d", int(w))
	}
	return nil
}

// agrWeight returns the agreement weight of categories i and j out of k.
func agrWeight(i, j, k int, w Weights) float64 {
	if i == j {
		return 1
	}
	d := math.Abs(float64(i-j)) / float64(k-1)
	switch w {
	case LinearWeights:
		return 1 - d
	case QuadraticWeights:
		return 1 - d*d
	}
	return 0
}

// CohenKappaTable returns Cohen's kappa for a K×K table of counts, rows
// for the first coder's categories and columns for the second's, in the
// same order:
//
//	κ = (p_o − p_e) / (1 − p_e),  p_o = Σ w_ij p_ij,  p_e = Σ w_ij p_i. p_.j
//
// with the weights w (Cohen 1960; weighted: Cohen 1968). It returns an
// EINVALID error for a table that is empty, not square or has negative
// counts, and when kappa is undefined because chance agreement p_e is 1
// (both coders used one and the same category throughout).
func CohenKappaTable(table [][]int, w Weights) (float64, error) {
	if err := w.check(); err != nil {
		return 0, err
	}
	k := len(table)
	if k == 0 {
		return 0, ownwords.Errorf(ownwords.EINVALID, "kappa: the table is empty")
	}
	rows, cols := make([]float64, k), make([]float64, k)
	var n, po float64
	for i, row := range table {
		if len(row) != k {
			return 0, ownwords.Errorf(ownwords.EINVALID, "kappa: row %d has %d cells, the table must be %d×%d", i+1, len(row), k, k)
		}
		for j, v := range row {
			if v < 0 {
				return 0, ownwords.Errorf(ownwords.EINVALID, "kappa: cell (%d, %d) is negative", i+1, j+1)
			}
			f := float64(v)
			rows[i] += f
			cols[j] += f
			n += f
			po += agrWeight(i, j, k, w) * f
		}
	}
	if n == 0 {
		return 0, ownwords.Errorf(ownwords.EINVALID, "kappa: the table has no units")
	}
	return agrKappa(po/n, agrChance(rows, cols, n, w))
}

// CohenKappa returns Cohen's kappa between two coders' values for the same
// units: a[u] and b[u] are their values for unit u, "" when missing. Units
// missing either value are left out. order lists the categories, lowest
// first; it may be nil, and then the categories are the values present,
// ranked by numeric value if all are numbers. Weighted kappa needs ranked
// categories: without order, values that are not numbers are an EINVALID
// error. Other errors are those of CohenKappaTable, and EINVALID for a value
// missing from order, or when no unit has both values.
func CohenKappa(a, b []string, w Weights, order []string) (float64, error) {
	if err := w.check(); err != nil {
		return 0, err
	}
	x, y, k, err := agrPairCodes(a, b, order, w != Unweighted)
	if err != nil {
		return 0, err
	}
	return agrCohen(x, y, k, w)
}

// agrCohen returns Cohen's kappa for paired category codes x[i], y[i] in
// 0..k−1.
func agrCohen(x, y []int32, k int, w Weights) (float64, error) {
	rows, cols := make([]float64, k), make([]float64, k)
	var po float64
	for i := range x {
		rows[x[i]]++
		cols[y[i]]++
		po += agrWeight(int(x[i]), int(y[i]), k, w)
	}
	n := float64(len(x))
	return agrKappa(po/n, agrChance(rows, cols, n, w))
}

// ScottPi returns Scott's (1955) pi between two coders' values, with
// missing values ("") handled as in CohenKappa: like unweighted kappa, but
// chance agreement uses the two coders' pooled distribution, p_e = Σ_c
// ((r_c + s_c)/2n)². It returns an EINVALID error when no unit has both
// values or all of them are one and the same.
func ScottPi(a, b []string) (float64, error) {
	x, y, k, err := agrPairCodes(a, b, nil, false)
	if err != nil {
		return 0, err
	}
	return agrScott(x, y, k)
}

// agrScott returns Scott's pi for paired category codes in 0..k−1.
func agrScott(x, y []int32, k int) (float64, error) {
	pooled := make([]float64, k)
	var agree float64
	for i := range x {
		pooled[x[i]]++
		pooled[y[i]]++
		if x[i] == y[i] {
			agree++
		}
	}
	n := float64(len(x))
	var pe float64
	for _, v := range pooled {
		pe += (v / (2 * n)) * (v / (2 * n))
	}
	return agrKappa(agree/n, pe)
}

// agrKappa returns (po − pe)/(1 − pe), or an error if pe is 1.
func agrKappa(po, pe float64) (float64, error) {
	if !(pe < 1) {
		return 0, ownwords.Errorf(ownwords.EINVALID, "kappa is undefined: no variation, chance agreement is 1 (one category throughout)")
	}
	return (po - pe) / (1 - pe), nil
}

// agrChance returns chance agreement Σ_ij w_ij r_i c_j / n² for marginal
// counts r and c, in time linear in the number of categories: the
// quadratic and linear sums are expanded rather than looped over i and j.
func agrChance(r, c []float64, n float64, w Weights) float64 {
	k := len(r)
	if w == Unweighted || k == 1 {
		var s float64
		for i := range r {
			s += r[i] * c[i]
		}
		return s / (n * n)
	}
	// dist = Σ_ij r_i c_j d(i, j), d = |i − j| or (i − j)², indexes centred
	// on the middle category to limit cancellation.
	var dist float64
	if w == QuadraticWeights {
		mid := float64(k-1) / 2
		var r1, r2, c1, c2 float64
		for i := range r {
			d := float64(i) - mid
			r1, r2 = r1+r[i]*d, r2+r[i]*d*d
			c1, c2 = c1+c[i]*d, c2+c[i]*d*d
		}
		dist = n*r2 + n*c2 - 2*r1*c1
		dist /= float64(k-1) * float64(k-1)
	} else {
		var cnt, sum float64 // columns j < i: Σ c_j and Σ c_j·j
		var totalJ float64
		for j := range c {
			totalJ += c[j] * float64(j)
		}
		for i := range r {
			fi := float64(i)
			below := fi*cnt - sum
			above := (totalJ - sum - c[i]*fi) - fi*(n-cnt-c[i])
			dist += r[i] * (below + above)
			cnt += c[i]
			sum += c[i] * fi
		}
		dist /= float64(k - 1)
	}
	return (n*n - dist) / (n * n)
}

// agrPairCodes keeps the units with both values and codes them as ranks of
// the categories (see CohenKappa), returning the codes and the number of
// categories.
func agrPairCodes(a, b, order []string, ranked bool) (x, y []int32, k int, err error) {
	if len(a) != len(b) {
		return nil, nil, 0, ownwords.Errorf(ownwords.EINVALID, "kappa: the coders rated %d and %d units", len(a), len(b))
	}
	cats := order
	if cats == nil {
		cats, err = agrPresentCategories(a, b, ranked)
		if err != nil {
			return nil, nil, 0, err
		}
	} else if err := agrUniqueNames("category", cats); err != nil {
		return nil, nil, 0, err
	}
	index := make(map[string]int32, len(cats))
	for i, c := range cats {
		index[c] = int32(i)
	}
	for u := range a {
		if a[u] == "" || b[u] == "" {
			continue
		}
		i, ok1 := index[a[u]]
		j, ok2 := index[b[u]]
		if !ok1 || !ok2 {
			v := a[u]
			if ok1 {
				v = b[u]
			}
			return nil, nil, 0, ownwords.Errorf(ownwords.EINVALID, "kappa: value %q of unit %d is not one of the categories", v, u+1)
		}
		x, y = append(x, i), append(y, j)
	}
	if len(x) == 0 {
		return nil, nil, 0, ownwords.Errorf(ownwords.EINVALID, "kappa: no unit has values from both coders")
	}
	return x, y, len(cats), nil
}

// agrPresentCategories lists the values of the units that have both,
// ranked by number when all are numbers, otherwise sorted as text (and an
// error if a ranking was needed).
func agrPresentCategories(a, b []string, ranked bool) ([]string, error) {
	var cats []string
	for u := range a {
		if a[u] != "" && b[u] != "" {
			cats = append(cats, a[u], b[u])
		}
	}
	slices.Sort(cats)
	cats = slices.Compact(cats)
	nums := make(map[string]float64, len(cats))
	for _, c := range cats {
		f, err := strconv.ParseFloat(c, 64)
		if err != nil || math.IsNaN(f) {
			if ranked {
				return nil, ownwords.Errorf(ownwords.EINVALID, "weighted kappa needs ordered categories: value %q is not a number, so give the order of the categories", c)
			}
			return cats, nil
		}
		nums[c] = f
	}
	slices.SortStableFunc(cats, func(p, q string) int {
		if c := cmp.Compare(nums[p], nums[q]); c != 0 {
			return c
		}
		return strings.Compare(p, q)
	})
	return cats, nil
}

// FleissKappa returns Fleiss' (1971) kappa for a subjects × categories
// table: counts[i][j] is how many raters put subject i in category j, and
// every subject must have the same number m ≥ 2 of ratings:
//
//	κ = (P̄ − P_e) / (1 − P_e),  P_i = (Σ_j n_ij² − m) / (m(m − 1)),
//	P̄ = mean P_i,  P_e = Σ_j p_j²,  p_j = Σ_i n_ij / (N m).
//
// Unequal numbers of ratings, negative counts, an empty table and chance
// agreement of 1 (a single category used throughout) are EINVALID errors.
func FleissKappa(counts [][]int) (float64, error) {
	if len(counts) == 0 || len(counts[0]) == 0 {
		return 0, ownwords.Errorf(ownwords.EINVALID, "fleiss kappa: the table is empty")
	}
	k := len(counts[0])
	m := -1
	p := make([]float64, k)
	var pbar float64
	for i, row := range counts {
		if len(row) != k {
			return 0, ownwords.Errorf(ownwords.EINVALID, "fleiss kappa: subject %d has %d categories, subject 1 has %d", i+1, len(row), k)
		}
		sum, sq := 0, 0
		for j, v := range row {
			if v < 0 {
				return 0, ownwords.Errorf(ownwords.EINVALID, "fleiss kappa: subject %d has a negative count", i+1)
			}
			sum += v
			sq += v * v
			p[j] += float64(v)
		}
		if m < 0 {
			m = sum
		}
		if sum != m {
			return 0, ownwords.Errorf(ownwords.EINVALID, "fleiss kappa: subjects have unequal numbers of ratings (subject 1 has %d, subject %d has %d)", m, i+1, sum)
		}
		if m >= 2 {
			pbar += float64(sq-m) / float64(m*(m-1))
		}
	}
	if m < 2 {
		return 0, ownwords.Errorf(ownwords.EINVALID, "fleiss kappa: each subject needs at least two ratings, they have %d", m)
	}
	n := float64(len(counts))
	var pe float64
	for _, v := range p {
		f := v / (n * float64(m))
		pe += f * f
	}
	return agrKappa(pbar/n, pe)
}

// fleiss returns Fleiss' kappa over the units that have values, or nil and
// the reason it is undefined. With equal numbers m of values per unit every
// such unit is pairable, P̄ is the mean share of agreeing pairs and p_c is
// category c's share of all values.
func (t *agrTable) fleiss(r *Ratings) (*float64, string) {
	if t.minM != t.maxM {
		return nil, fmt.Sprintf("units have unequal numbers of ratings (unit %s has %d, unit %s has %d); Fleiss' kappa needs the same number for every unit that has any",
			agrUnitName(r, t.minUnit), t.minM, agrUnitName(r, t.maxUnit), t.maxM)
	}
	nc := make([]float64, len(t.vals))
	var n float64
	for p, cnt := range t.count {
		for _, c := range t.pattern(p) {
			nc[c] += float64(cnt)
			n += float64(cnt)
		}
	}
	var pe float64
	for _, v := range nc {
		pe += (v / n) * (v / n)
	}
	k, err := agrKappa(t.pairAgreement(), pe)
	if err != nil {
		return nil, "no variation: every value is the same"
	}
	return &k, ""
}

// twoCoders returns unweighted Cohen's kappa and Scott's pi over the units
// both coders coded, nil where undefined.
func (t *agrTable) twoCoders() (cohen, scott *float64) {
	var x, y []int32
	for u := range t.units {
		a, b := t.codes[2*u], t.codes[2*u+1]
		if a >= 0 && b >= 0 {
			x, y = append(x, a), append(y, b)
		}
	}
	if len(x) == 0 {
		return nil, nil
	}
	if k, err := agrCohen(x, y, len(t.vals), Unweighted); err == nil {
		cohen = &k
	}
	if p, err := agrScott(x, y, len(t.vals)); err == nil {
		scott = &p
	}
	return cohen, scott
}
