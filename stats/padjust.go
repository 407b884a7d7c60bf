package stats

import (
	"cmp"
	"slices"
)

// Holm returns Holm's (1979) step-down adjusted p-values of a family of
// tests, in the order given (R: p.adjust(p, "holm")): with the p-values
// sorted ascending, the i-th (from 1) becomes max over j ≤ i of
// min(1, (m − j + 1)·p_(j)). It controls the family-wise error rate under
// any dependence between the tests.
func Holm(p []float64) []float64 {
	m := len(p)
	order := padjOrder(p)
	out := make([]float64, m)
	run := 0.0
	for i, k := range order {
		run = max(run, min(1, float64(m-i)*p[k]))
		out[k] = run
	}
	return out
}

// BenjaminiHochberg returns the Benjamini–Hochberg (1995) step-up adjusted
// p-values, in the order given (R: p.adjust(p, "BH")): with the p-values
// sorted ascending, the i-th becomes min over j ≥ i of
// min(1, m/j · p_(j)). It controls the false discovery rate of
// independent (or positively dependent) tests.
func BenjaminiHochberg(p []float64) []float64 {
	m := len(p)
	order := padjOrder(p)
	out := make([]float64, m)
	run := 1.0
	for i := m - 1; i >= 0; i-- {
		k := order[i]
		run = min(run, float64(m)/float64(i+1)*p[k])
		out[k] = run
	}
	return out
}

// padjOrder returns the indices of p by ascending p-value, ties in the
// given order.
func padjOrder(p []float64) []int {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	return order
}

// Adjusted is one test's p-value adjusted for the family of tests it was
// run with, by both methods.
type Adjusted struct {
	// Family names the family, e.g. "Fisher's exact p of the 5 crosstabs
	// of plan reference".
	Family string  `json:"family"`
	Tests  int     `json:"tests"`
	Holm   float64 `json:"holm"`
	BH     float64 `json:"bh"`
}

// AdjustFamily adjusts the p-values of the family named family, in the
// order given.
func AdjustFamily(family string, p []float64) []Adjusted {
	holm, bh := Holm(p), BenjaminiHochberg(p)
	out := make([]Adjusted, len(p))
	for i := range p {
		out[i] = Adjusted{Family: family, Tests: len(p), Holm: holm[i], BH: bh[i]}
	}
	return out
}
