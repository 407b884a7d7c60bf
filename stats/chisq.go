package stats

import (
	"fmt"

	"gonum.org/v1/gonum/stat/distuv"

	"ownwords"
)

// ChiSquareResult is the outcome of Pearson's chi-square test of independence.
type ChiSquareResult struct {
	// Statistic is Pearson's X² = Σ (observed − expected)² / expected, without
	// Yates' continuity correction (R: chisq.test(x, correct = FALSE)).
	Statistic float64 `json:"statistic"`
	// DF is (r−1)(c−1) over the non-empty rows and columns.
	DF int `json:"df"`
	// P is the upper tail of the chi-square distribution with DF degrees of
	// freedom at Statistic.
	P float64 `json:"p"`
	// N is the grand total of the table.
	N int `json:"n"`
	// Rows and Cols count the non-empty rows and columns the test used.
	Rows int `json:"rows"`
	Cols int `json:"cols"`
	// Expected holds row total × column total / N for every cell, in the
	// shape of the input table; cells of empty rows or columns are 0.
	Expected [][]float64 `json:"expected"`
	// LowExpected is true when any cell of a non-empty row and column has an
	// expected count below 5, the usual threshold below which the chi-square
	// approximation becomes unreliable.
	LowExpected bool `json:"low_expected"`
	// LowExpectedShare is the share (0–1) of those cells with an expected
	// count below 5.
	LowExpectedShare float64 `json:"low_expected_share"`
	// Warning explains LowExpected in a sentence for a reader; empty otherwise.
	Warning string `json:"warning,omitempty"`
}

// tabLowExpected is the expected count below which a cell is flagged.
const tabLowExpected = 5

// ChiSquareTest runs Pearson's chi-square test of independence on an r×c
// table of counts.
//
// Rows and columns whose total is zero carry no information and are dropped
// before the degrees of freedom are computed, so a 3×2 table with one empty
// row is tested as a 2×2 table with df = 1. It returns an ownwords.EINVALID
// error when the table is ragged, holds a negative count, or has fewer than
// two non-empty rows or two non-empty columns.
func ChiSquareTest(table [][]int) (ChiSquareResult, error) {
	m, err := tabMargins(table)
	if err != nil {
		return ChiSquareResult{}, err
	}
	if m.rows < 2 || m.cols < 2 {
		return ChiSquareResult{}, ownwords.Errorf(ownwords.EINVALID,
			"the chi-square test needs at least 2 non-empty rows and 2 non-empty columns; this table has %d and %d",
			m.rows, m.cols)
	}
	res := ChiSquareResult{
		DF:       (m.rows - 1) * (m.cols - 1),
		N:        m.n,
		Rows:     m.rows,
		Cols:     m.cols,
		Expected: make([][]float64, len(table)),
	}
	low := 0
	for i, row := range table {
		res.Expected[i] = make([]float64, len(row))
		if m.rowTotals[i] == 0 {
			continue
		}
		for j, obs := range row {
			if m.colTotals[j] == 0 {
				continue
			}
			e := float64(m.rowTotals[i]) * float64(m.colTotals[j]) / float64(m.n)
			res.Expected[i][j] = e
			d := float64(obs) - e
			res.Statistic += d * d / e
			if e < tabLowExpected {
				low++
			}
		}
	}
	res.P = distuv.ChiSquared{K: float64(res.DF)}.Survival(res.Statistic)
	if low > 0 {
		cells := m.rows * m.cols
		res.LowExpected = true
		res.LowExpectedShare = float64(low) / float64(cells)
		res.Warning = fmt.Sprintf("%d of %d cells (%.0f%%) have an expected count below %d; the chi-square p-value may be inaccurate",
			low, cells, 100*res.LowExpectedShare, tabLowExpected)
	}
	return res, nil
}

// tabTableMargins holds the totals of a table of counts.
type tabTableMargins struct {
	rowTotals, colTotals []int
	n                    int
	rows, cols           int // non-empty rows and columns
}

// tabMargins validates a table of counts (rectangular, non-negative, at
// least one cell) and returns its margins.
func tabMargins(table [][]int) (tabTableMargins, error) {
	if len(table) == 0 || len(table[0]) == 0 {
		return tabTableMargins{}, ownwords.Errorf(ownwords.EINVALID, "the table has no cells")
	}
	c := len(table[0])
	m := tabTableMargins{rowTotals: make([]int, len(table)), colTotals: make([]int, c)}
	for i, row := range table {
		if len(row) != c {
			return tabTableMargins{}, ownwords.Errorf(ownwords.EINVALID,
				"row %d of the table has %d cells, row 1 has %d; every row needs the same number", i+1, len(row), c)
		}
		for j, v := range row {
			if v < 0 {
				return tabTableMargins{}, ownwords.Errorf(ownwords.EINVALID,
					"cell (%d, %d) of the table is %d; counts cannot be negative", i+1, j+1, v)
			}
			m.rowTotals[i] += v
			m.colTotals[j] += v
			m.n += v
		}
	}
	for _, t := range m.rowTotals {
		if t > 0 {
			m.rows++
		}
	}
	for _, t := range m.colTotals {
		if t > 0 {
			m.cols++
		}
	}
	return m, nil
}
