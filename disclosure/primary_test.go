package disclosure

import (
	"slices"
	"testing"

	"ownwords"
)

// table builds a multi-response table with rows r0, r1, ... from the
// columns, their sizes and the rows of cells.
func table(cols []string, sizes []int, rows ...[]int) *Table {
	t := &Table{Cols: cols, ColTotals: sizes, Cells: rows}
	for r := range rows {
		t.Rows = append(t.Rows, "r"+string(rune('0'+r)))
	}
	return t
}

func TestPrimary(t *testing.T) {
	crosstab := func() *Table {
		tab := table([]string{"yes", "no"}, []int{12, 11}, []int{10, 0}, []int{0, 3}, []int{2, 8})
		tab.Shape, tab.RowTotals = Partition, []int{10, 3, 10}
		return tab
	}
	tests := []struct {
		name  string
		table *Table
		k     int
		mark  func(*Table)
		want  []string
	}{
		{"ZerosAndLargeCountsShown", table([]string{"all"}, []int{20}, []int{0}, []int{5}, []int{20}), 5, nil, nil},
		{"SmallCountsHidden", table([]string{"all"}, []int{20}, []int{1}, []int{4}, []int{5}), 5, nil,
			[]string{"all / r0", "all / r1"}},
		{"SmallGroupHiddenWithItsZeros", table([]string{"all", "women"}, []int{20, 3}, []int{9, 0}, []int{12, 2}, []int{7, 3}), 5, nil,
			[]string{"women / r0", "women / r1", "women / r2", "women / total"}},
		{"EmptyGroupShown", table([]string{"all", "women"}, []int{20, 0}, []int{9, 0}), 5, nil, nil},
		{"SmallRowTotalHidesItsRow", crosstab(), 5, nil,
			[]string{"yes / r1", "no / r1", "yes / r2", "total / r1"}},
		{"KOneHidesNothing", table([]string{"all"}, []int{3}, []int{1}, []int{2}), 1, nil, nil},
		{"KTwoHidesOnlyOnes", table([]string{"all"}, []int{3}, []int{1}, []int{2}), 2, nil, []string{"all / r0"}},
		{"GivenMarksKept", table([]string{"all"}, []int{20}, []int{9}, []int{12}), 5,
			func(t *Table) { t.Suppressed = [][]bool{{false}, {true}} }, []string{"all / r1"}},
		{"GivenHiddenSizeHidesColumn", table([]string{"all", "men"}, []int{20, 12}, []int{9, 6}), 5,
			func(t *Table) { t.ColTotalSuppressed = []bool{false, true} }, []string{"men / r0", "men / total"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.mark != nil {
				tt.mark(tt.table)
			}
			if err := Primary(tt.table, tt.k); err != nil {
				t.Fatal(err)
			}
			if got := hiddenLabels(tt.table); !slices.Equal(got, tt.want) {
				t.Errorf("hidden %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPrimaryErrors(t *testing.T) {
	tests := []struct {
		name  string
		table *Table
		k     int
	}{
		{"ErrNoColumns", &Table{}, 5},
		{"ErrRaggedRow", table([]string{"all", "men"}, []int{9, 5}, []int{1}), 5},
		{"ErrGroupSizesMissing", table([]string{"all"}, nil, []int{1}), 5},
		{"ErrCountAboveGroupSize", table([]string{"all"}, []int{5}, []int{6}), 5},
		{"ErrNegativeCount", table([]string{"all"}, []int{5}, []int{-1}), 5},
		{"ErrNegativeGroupSize", table([]string{"all"}, []int{-5}), 5},
		{"ErrColumnTwice", table([]string{"all", "all"}, []int{5, 5}, []int{1, 1}), 5},
		{"ErrPartitionDoesNotSum", &Table{Shape: Partition, Rows: []string{"a", "b"}, Cols: []string{"all"}, ColTotals: []int{9}, Cells: [][]int{{3}, {5}}}, 5},
		{"ErrRowTotalDoesNotSum", &Table{Rows: []string{"a"}, Cols: []string{"x", "y"}, ColTotals: []int{9, 9}, RowTotals: []int{7}, Cells: [][]int{{3, 5}}}, 5},
		{"ErrMarksDoNotFit", &Table{Rows: []string{"a"}, Cols: []string{"all"}, ColTotals: []int{9}, Cells: [][]int{{3}}, Suppressed: [][]bool{{true, false}}}, 5},
		{"ErrUnknownShape", &Table{Shape: 7, Rows: []string{"a"}, Cols: []string{"all"}, ColTotals: []int{9}, Cells: [][]int{{3}}}, 5},
		{"ErrKZero", table([]string{"all"}, []int{5}, []int{1}), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Primary(tt.table, tt.k)
			if code := ownwords.ErrorCode(err); code != ownwords.EINVALID {
				t.Fatalf("Primary: %v (code %q), want EINVALID", err, code)
			}
		})
	}
}
