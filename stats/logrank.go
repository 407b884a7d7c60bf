package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"ownwords"
)

// LogRankGroup is one group's share of a log-rank test.
type LogRankGroup struct {
	N        int     `json:"n"`
	Observed int     `json:"observed"`
	Expected float64 `json:"expected"`
}

// LogRankResult is the outcome of the log-rank test, laid out as R's
// survdiff prints it.
type LogRankResult struct {
	Groups []LogRankGroup `json:"groups"`
	// Variance is the G×G variance matrix of Observed − Expected.
	Variance  [][]float64 `json:"variance"`
	ChiSquare float64     `json:"chi_square"`
	// DF is the number of groups with a positive expected count, minus 1.
	DF int     `json:"df"`
	P  float64 `json:"p"`
}

// LogRank tests whether the survival curves of G groups differ, with the
// log-rank (Mantel–Haenszel) statistic of R's survdiff(rho = 0). At each
// distinct event time t with n subjects at risk, d events and n_g at risk in
// group g:
//
//	E_g  += d·n_g/n
//	V_gh += d·(n−d)/(n−1) · (n_g/n)·(δ_gh − n_h/n)
//
// As in survdiff, groups with no expected events are left out, the first
// remaining group is dropped, and X² = (O−E)ᵀ V⁻¹ (O−E) on the rest.
//
// Events come before censorings at the same time, and times are compared
// exactly (see KaplanMeier). It returns an ownwords.EINVALID error when there
// are fewer than two groups, a time is invalid, fewer than two groups have
// subjects at risk at an event time, or the variance matrix is singular (for
// example when every event time is shared by everyone at risk).
func LogRank(groups [][]Subject) (LogRankResult, error) {
	if len(groups) < 2 {
		return LogRankResult{}, ownwords.Errorf(ownwords.EINVALID,
			"the log-rank test needs at least 2 groups; got %d", len(groups))
	}
	type rec struct {
		time  float64
		event bool
		group int
	}
	var all []rec
	for g, subjects := range groups {
		if len(subjects) == 0 {
			continue
		}
		if err := survCheck(subjects, fmt.Sprintf("group %d, ", g+1)); err != nil {
			return LogRankResult{}, err
		}
		for _, s := range subjects {
			all = append(all, rec{s.Time, s.Event, g})
		}
	}
	slices.SortFunc(all, func(a, b rec) int { return cmp.Compare(a.time, b.time) })

	G := len(groups)
	res := LogRankResult{Groups: make([]LogRankGroup, G), Variance: make([][]float64, G)}
	atRisk, events, leaving := make([]int, G), make([]int, G), make([]int, G)
	total := len(all)
	for g := range groups {
		res.Groups[g].N = len(groups[g])
		atRisk[g] = len(groups[g])
		res.Variance[g] = make([]float64, G)
	}
	for i := 0; i < len(all); {
		t, d := all[i].time, 0
		clear(events)
		clear(leaving)
		for ; i < len(all) && all[i].time == t; i++ {
			leaving[all[i].group]++
			if all[i].event {
				events[all[i].group]++
				d++
			}
		}
		if d > 0 {
			survLogRankAdd(&res, atRisk, events, d, total)
		}
		for g := range G {
			atRisk[g] -= leaving[g]
			total -= leaving[g]
		}
	}
	return survLogRankChi(res)
}

// survLogRankAdd adds one event time's observed, expected and variance terms.
func survLogRankAdd(res *LogRankResult, atRisk, events []int, d, n int) {
	nf, df := float64(n), float64(d)
	for g, ng := range atRisk {
		res.Groups[g].Observed += events[g]
		res.Groups[g].Expected += df * float64(ng) / nf
	}
	if n < 2 {
		return // d(n−d)/(n−1) is 0/0 here, and its limit is 0
	}
	f := df * (nf - df) / (nf - 1)
	for g, ng := range atRisk {
		pg := float64(ng) / nf
		for h, nh := range atRisk {
			delta := 0.0
			if g == h {
				delta = 1
			}
			res.Variance[g][h] += f * pg * (delta - float64(nh)/nf)
		}
	}
}

// survLogRankChi computes the statistic, df and p from the accumulated sums.
func survLogRankChi(res LogRankResult) (LogRankResult, error) {
	var keep []int
	for g, gr := range res.Groups {
		if gr.Expected > 0 {
			keep = append(keep, g)
		}
	}
	if len(keep) < 2 {
		return LogRankResult{}, ownwords.Errorf(ownwords.EINVALID,
			"the log-rank test needs events while at least 2 groups have subjects at risk; %d group(s) do", len(keep))
	}
	keep = keep[1:]
	v := make([][]float64, len(keep))
	diff := make([]float64, len(keep))
	for a, g := range keep {
		diff[a] = float64(res.Groups[g].Observed) - res.Groups[g].Expected
		v[a] = make([]float64, len(keep))
		for b, h := range keep {
			v[a][b] = res.Variance[g][h]
		}
	}
	x, ok := survSolve(v, slices.Clone(diff))
	if !ok {
		return LogRankResult{}, ownwords.Errorf(ownwords.EINVALID,
			"the log-rank variance is singular: the groups' events cannot be told apart")
	}
	for a := range diff {
		res.ChiSquare += x[a] * diff[a]
	}
	res.ChiSquare = max(res.ChiSquare, 0)
	res.DF = len(keep)
	res.P = distuv.ChiSquared{K: float64(res.DF)}.Survival(res.ChiSquare)
	return res, nil
}

// survSolve solves a·x = b in place by Gaussian elimination with partial
// pivoting, reporting false for a (numerically) singular a: a pivot below
// 1e-12 of the largest entry, close to R's solve() check on the condition.
func survSolve(a [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	scale := 0.0
	for _, row := range a {
		for _, v := range row {
			scale = max(scale, math.Abs(v))
		}
	}
	for col := range n {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		if math.Abs(a[p][col]) <= 1e-12*scale || scale == 0 {
			return nil, false
		}
		a[col], a[p] = a[p], a[col]
		b[col], b[p] = b[p], b[col]
		for r := col + 1; r < n; r++ {
			f := a[r][col] / a[col][col]
			for c := col; c < n; c++ {
				a[r][c] -= f * a[col][c]
			}
			b[r] -= f * b[col]
		}
	}
	for r := n - 1; r >= 0; r-- {
		for c := r + 1; c < n; c++ {
			b[r] -= a[r][c] * b[c]
		}
		b[r] /= a[r][r]
	}
	return b, true
}
