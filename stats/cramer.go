package stats

import "math"

// CramersV returns Cramér's V for an r×c table of counts:
//
//	V = sqrt(X² / (N · (min(r, c) − 1)))
//
// where X² is Pearson's chi-square statistic (see ChiSquareTest) and r, c
// count the non-empty rows and columns. This is the classic, bias-uncorrected
// formula (Cramér 1946, Mathematical Methods of Statistics, §21.9), not
// Bergsma's (2013) bias-corrected variant; it lies in [0, 1] and equals |φ|
// for a 2×2 table. Errors are those of ChiSquareTest.
func CramersV(table [][]int) (float64, error) {
	chi, err := ChiSquareTest(table)
	if err != nil {
		return 0, err
	}
	return tabCramersV(chi), nil
}

// tabCramersV computes V from a chi-square result, clamped to [0, 1]
// against rounding in the statistic.
func tabCramersV(chi ChiSquareResult) float64 {
	k := min(chi.Rows, chi.Cols) - 1
	return min(math.Sqrt(chi.Statistic/(float64(chi.N)*float64(k))), 1)
}
