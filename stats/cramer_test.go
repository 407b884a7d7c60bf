package stats_test

import (
	"math"
	"testing"

	"ownwords"
	"ownwords/stats"
)

func TestCramersV(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
		want  float64
	}{
		// By hand: X² = 50/63 (see TestChiSquareTestByHand2x2), N = 100,
		// min(r, c) − 1 = 1, so V = √(50/6300); for a 2×2 table this is also
		// |ad − bc| / √(r1·r2·c1·c2) = 200/√(30·70·40·60).
		{"Hand2x2", [][]int{{10, 20}, {30, 40}}, 200 / math.Sqrt(30*70*40*60)},
		// By hand, 2×3: row totals 20, 20; column totals 10, 10, 20; N = 40;
		// every expected count is 5, 5, 10 in each row, so
		// X² = 2·(25/5 + 25/5 + 0/10) = 20 and V = √(20/(40·1)) = √0.5.
		{"Hand2x3", [][]int{{10, 0, 10}, {0, 10, 10}}, math.Sqrt(0.5)},
		// Perfect association in a 3×3 table: X² = N·(k−1), so V = 1.
		{"PerfectAssociation", [][]int{{5, 0, 0}, {0, 7, 0}, {0, 0, 9}}, 1},
		{"Independence", [][]int{{2, 4}, {3, 6}}, 0},
		// The empty row is dropped: same V as Hand2x2.
		{"EmptyRowDropped", [][]int{{10, 20}, {0, 0}, {30, 40}}, 200 / math.Sqrt(30*70*40*60)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := stats.CramersV(tt.table)
			if err != nil {
				t.Fatal(err)
			}
			if !tabClose(v, tt.want, 1e-12) {
				t.Errorf("V = %.15f, want %.15f", v, tt.want)
			}
		})
	}
}

func TestCramersVErrOneColumn(t *testing.T) {
	_, err := stats.CramersV([][]int{{3}, {4}})
	if ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Errorf("err = %v, want EINVALID", err)
	}
}
