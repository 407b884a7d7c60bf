package stats

import "ownwords"

// Crosstab is a labelled r×c table of counts with its row percentages and
// tests of association, ready to encode as JSON. Values that are undefined
// for the table are nil (JSON null), never NaN.
type Crosstab struct {
	RowLabels []string `json:"row_labels"`
	ColLabels []string `json:"col_labels"`
	Counts    [][]int  `json:"counts"`
	RowTotals []int    `json:"row_totals"`
	ColTotals []int    `json:"col_totals"`
	N         int      `json:"n"`
	// RowPercents[i][j] is Counts[i][j] as a percentage of RowTotals[i],
	// with its Wilson 95% interval.
	RowPercents [][]RowPercent `json:"row_percents"`
	// ChiSquare is nil when the table has fewer than two non-empty rows or
	// columns, where no test of association is possible.
	ChiSquare *ChiSquareResult `json:"chi_square"`
	// FisherP is the two-sided p of Fisher's exact test (Freeman–Halton
	// beyond 2×2), nil exactly when ChiSquare is; Fisher says how it was
	// obtained. (Dropping empty rows or columns does not change the test.)
	FisherP *float64  `json:"fisher_p"`
	Fisher  *FisherRC `json:"fisher"`
	// Test names the test to read: "fisher" when the chi-square
	// approximation is doubtful (ChiSquare.LowExpected), else
	// "chi-square"; "" without a test.
	Test string `json:"test,omitempty"`
	// CramersV is nil exactly when ChiSquare is.
	CramersV *float64 `json:"cramers_v"`
	// Effects holds the effect sizes with their 95% intervals; nil
	// exactly when ChiSquare is.
	Effects *Effects `json:"effect_sizes"`
}

// Tests of Crosstab.Test.
const (
	TestChiSquare = "chi-square"
	TestFisher    = "fisher"
)

// Effects are a crosstab's effect sizes. The 2×2 ones (nil for a larger
// table) compare the share of the first non-empty column in the first
// non-empty row with that in the second, as Comparison says.
type Effects struct {
	Comparison     string      `json:"comparison,omitempty"`
	OddsRatio      *EffectSize `json:"odds_ratio,omitempty"`
	RiskDifference *EffectSize `json:"risk_difference,omitempty"`
	RiskRatio      *EffectSize `json:"risk_ratio,omitempty"`
	// CramersV carries the bootstrap interval (CramerBootSamples
	// resamples, seed CramerBootSeed); without one (no resample had a
	// defined V) its Level is 0 and Method says why.
	CramersV *EffectSize `json:"cramers_v"`
}

// RowPercent is one cell as a percentage (0–100) of its row total, with the
// Wilson 95% score interval in percent. All three are nil for an empty row.
type RowPercent struct {
	Percent *float64 `json:"percent"`
	Low     *float64 `json:"wilson_low"`
	High    *float64 `json:"wilson_high"`
}

// NewCrosstab builds a Crosstab from row labels, column labels and
// counts[row][col]. It returns an ownwords.EINVALID error when the labels do
// not match the shape of the counts, or when a count is negative. A table
// too sparse for the tests (one non-empty row, say) is not an error: the
// tests are simply nil.
func NewCrosstab(rowLabels, colLabels []string, counts [][]int) (Crosstab, error) {
	if len(rowLabels) != len(counts) {
		return Crosstab{}, ownwords.Errorf(ownwords.EINVALID,
			"the crosstab has %d row labels but %d rows of counts", len(rowLabels), len(counts))
	}
	for i, row := range counts {
		if len(row) != len(colLabels) {
			return Crosstab{}, ownwords.Errorf(ownwords.EINVALID,
				"row %q of the crosstab has %d counts but there are %d column labels", rowLabels[i], len(row), len(colLabels))
		}
	}
	m, err := tabMargins(counts)
	if err != nil {
		return Crosstab{}, err
	}
	ct := Crosstab{
		RowLabels:   rowLabels,
		ColLabels:   colLabels,
		Counts:      counts,
		RowTotals:   m.rowTotals,
		ColTotals:   m.colTotals,
		N:           m.n,
		RowPercents: tabRowPercents(counts, m.rowTotals),
	}
	if m.rows < 2 || m.cols < 2 {
		return ct, nil
	}
	chi, err := ChiSquareTest(counts)
	if err != nil {
		return Crosstab{}, err
	}
	v := tabCramersV(chi)
	ct.ChiSquare, ct.CramersV = &chi, &v
	f, err := FisherRxC(counts, FisherOptions{})
	if err != nil {
		return Crosstab{}, err
	}
	ct.Fisher, ct.FisherP = &f, &f.P
	ct.Test = TestChiSquare
	if chi.LowExpected {
		ct.Test = TestFisher
	}
	ct.Effects = &Effects{}
	if cv, err := CramersVInterval(counts, CramerBootSamples, CramerBootSeed); err == nil {
		ct.Effects.CramersV = cv
	} else {
		ct.Effects.CramersV = &EffectSize{Estimate: v, Method: "no interval: " + ownwords.ErrorMessage(err)}
	}
	if m.rows == 2 && m.cols == 2 {
		t, r, c := tabNonEmpty2x2(counts, m)
		or, err := OddsRatio(t)
		if err != nil {
			return Crosstab{}, err
		}
		ct.Effects.OddsRatio, ct.Effects.RiskDifference, ct.Effects.RiskRatio = or, RiskDifference(t), RiskRatio(t)
		ct.Effects.Comparison = "share of " + colLabels[c[0]] + " in " + rowLabels[r[0]] + " against " + rowLabels[r[1]]
	}
	return ct, nil
}

// tabRowPercents returns each cell as a percentage of its row with a Wilson
// 95% interval; cells of empty rows stay nil.
func tabRowPercents(counts [][]int, rowTotals []int) [][]RowPercent {
	out := make([][]RowPercent, len(counts))
	for i, row := range counts {
		out[i] = make([]RowPercent, len(row))
		if rowTotals[i] == 0 {
			continue
		}
		for j, k := range row {
			pct := 100 * float64(k) / float64(rowTotals[i])
			lo, hi := Wilson(k, rowTotals[i], WilsonZ95)
			lo, hi = 100*lo, 100*hi
			out[i][j] = RowPercent{Percent: &pct, Low: &lo, High: &hi}
		}
	}
	return out
}

// tabNonEmpty2x2 extracts the 2×2 table of the non-empty rows and columns of
// a table known to have exactly two of each, with the indices of those
// rows and columns.
func tabNonEmpty2x2(counts [][]int, m tabTableMargins) (t [2][2]int, rows, cols [2]int) {
	r := 0
	for i, row := range counts {
		if m.rowTotals[i] == 0 {
			continue
		}
		rows[r] = i
		c := 0
		for j, v := range row {
			if m.colTotals[j] == 0 {
				continue
			}
			t[r][c] = v
			cols[c] = j
			c++
		}
		r++
	}
	return t, rows, cols
}
