package stats_test

import (
	"math"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// mustTabChiSquare runs ChiSquareTest and fails the test on error.
func mustTabChiSquare(tb testing.TB, table [][]int) stats.ChiSquareResult {
	tb.Helper()
	res, err := stats.ChiSquareTest(table)
	if err != nil {
		tb.Fatalf("ChiSquareTest(%v): %v", table, err)
	}
	return res
}

// tabClose reports whether got is within tol of want.
func tabClose(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// R documentation of chisq.test, first example (Agresti 2007, p. 39:
// party identification by gender):
//
//	M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477)))
//	chisq.test(M)  # X-squared = 30.07, df = 2, p-value = 2.954e-07
func TestChiSquareTestRDocumentation(t *testing.T) {
	res := mustTabChiSquare(t, [][]int{{762, 327, 468}, {484, 239, 477}})
	if !tabClose(res.Statistic, 30.07, 0.005) || res.DF != 2 {
		t.Errorf("X² = %.6f on %d df, want 30.07 on 2", res.Statistic, res.DF)
	}
	if !tabClose(res.P, 2.954e-07, 0.0005e-07) {
		t.Errorf("p = %.6g, want 2.954e-07", res.P)
	}
	// With 2 df the chi-square upper tail is exactly exp(−x/2): an
	// independent check of the p-value to full precision.
	if want := math.Exp(-res.Statistic / 2); !tabClose(res.P, want, 1e-12*want) {
		t.Errorf("p = %.12g, want exp(-X²/2) = %.12g", res.P, want)
	}
	// Expected counts by hand: row total × column total / N with row totals
	// 1557, 1200, column totals 1246, 566, 945 and N = 2757.
	want := [][]float64{
		{1557.0 * 1246 / 2757, 1557.0 * 566 / 2757, 1557.0 * 945 / 2757},
		{1200.0 * 1246 / 2757, 1200.0 * 566 / 2757, 1200.0 * 945 / 2757},
	}
	for i := range want {
		for j := range want[i] {
			if !tabClose(res.Expected[i][j], want[i][j], 1e-9) {
				t.Errorf("expected[%d][%d] = %v, want %v", i, j, res.Expected[i][j], want[i][j])
			}
		}
	}
	if res.LowExpected || res.Warning != "" || res.N != 2757 {
		t.Errorf("low expected = %v, warning %q, n = %d; want false, none, 2757", res.LowExpected, res.Warning, res.N)
	}
}

// A 2×2 table computed by hand: expected 12, 18, 28, 42 and
// X² = 4/12 + 4/18 + 4/28 + 4/42 = 50/63; with 1 df the upper tail is
// erfc(√(X²/2)).
func TestChiSquareTestByHand2x2(t *testing.T) {
	res := mustTabChiSquare(t, [][]int{{10, 20}, {30, 40}})
	if !tabClose(res.Statistic, 50.0/63, 1e-12) || res.DF != 1 {
		t.Errorf("X² = %.12f on %d df, want %.12f on 1", res.Statistic, res.DF, 50.0/63)
	}
	if want := math.Erfc(math.Sqrt(50.0 / 63 / 2)); !tabClose(res.P, want, 1e-12) {
		t.Errorf("p = %.12f, want %.12f", res.P, want)
	}
}

func TestChiSquareTestDropsEmptyRowsAndColumns(t *testing.T) {
	base := mustTabChiSquare(t, [][]int{{10, 20}, {30, 40}})
	padded := mustTabChiSquare(t, [][]int{{10, 0, 20}, {0, 0, 0}, {30, 0, 40}})
	if padded.DF != 1 || padded.Rows != 2 || padded.Cols != 2 {
		t.Errorf("df = %d on %d×%d, want 1 on 2×2", padded.DF, padded.Rows, padded.Cols)
	}
	if padded.Statistic != base.Statistic || padded.P != base.P {
		t.Errorf("padded X² = %v p = %v, want %v %v", padded.Statistic, padded.P, base.Statistic, base.P)
	}
	if padded.Expected[1][0] != 0 || padded.Expected[0][1] != 0 || padded.Expected[2][2] != 42 {
		t.Errorf("expected = %v, want zeros in the empty row and column and 42 at (3, 3)", padded.Expected)
	}
}

func TestChiSquareTestLowExpected(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
		share float64
	}{
		// Expected 12·22/62 = 4.26 is the only cell below 5.
		{"OneCellOfFour", [][]int{{2, 10}, {20, 30}}, 0.25},
		{"AllCells", [][]int{{1, 2}, {3, 4}}, 1},
		// The empty column is not counted among the cells.
		{"EmptyColumnIgnored", [][]int{{1, 0, 2}, {3, 0, 4}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustTabChiSquare(t, tt.table)
			if !res.LowExpected || res.LowExpectedShare != tt.share || res.Warning == "" {
				t.Errorf("low = %v share = %v warning %q, want true %v and a warning",
					res.LowExpected, res.LowExpectedShare, res.Warning, tt.share)
			}
		})
	}
}

func TestChiSquareTestErrors(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
	}{
		{"ErrEmptyTable", nil},
		{"ErrNoColumns", [][]int{{}}},
		{"ErrRagged", [][]int{{1, 2}, {3}}},
		{"ErrNegativeCount", [][]int{{1, -2}, {3, 4}}},
		{"ErrOneNonEmptyRow", [][]int{{1, 2}, {0, 0}}},
		{"ErrOneNonEmptyColumn", [][]int{{1, 0}, {3, 0}, {4, 0}}},
		{"ErrAllZero", [][]int{{0, 0}, {0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.ChiSquareTest(tt.table)
			if code := ownwords.ErrorCode(err); code != ownwords.EINVALID {
				t.Errorf("error %v has code %q, want %q", err, code, ownwords.EINVALID)
			}
		})
	}
}
