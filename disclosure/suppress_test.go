package disclosure

import (
	"slices"
	"testing"
)

// TestSuppressWorkedExample: three men did X, so the men cell is hidden;
// but "all" and "women" are shown, and all - women gives the 3 back. The
// audit finds it, and Suppress hides the women cell too, after which the
// men count could be anything from 0 to 10.
func TestSuppressWorkedExample(t *testing.T) {
	rels := mustRelations(t, "all = men + women")
	newT := func() *Table {
		return &Table{
			Rows:      []string{"x", "y"},
			Cols:      []string{"all", "men", "women"},
			Cells:     [][]int{{10, 3, 7}, {30, 12, 18}},
			ColTotals: []int{40, 15, 25},
		}
	}

	naive := newT()
	if err := Primary(naive, 5); err != nil {
		t.Fatal(err)
	}
	if got, want := hiddenLabels(naive), []string{"men / x"}; !slices.Equal(got, want) {
		t.Fatalf("primary hides %v, want %v", got, want)
	}
	exps, err := Audit(naive, rels, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(exps) != 1 || exps[0].Label != "men / x" || exps[0].Min != 3 || exps[0].Max != 3 {
		t.Fatalf("audit of the naive table = %v, want men / x recoverable as exactly 3", exps)
	}

	tab := newT()
	if err := Suppress(tab, rels, 5); err != nil {
		t.Fatal(err)
	}
	if got, want := hiddenLabels(tab), []string{"men / x", "women / x"}; !slices.Equal(got, want) {
		t.Fatalf("Suppress hides %v, want %v\n%s", got, want, grid(tab))
	}
	if got := mustRanges(t, tab, rels)["men / x"]; got != [2]int{0, 10} {
		t.Errorf("men / x ranges over %v, want [0 10]", got)
	}
	checkPublishable(t, tab, rels, 5)
}

func TestSuppress(t *testing.T) {
	tests := []struct {
		name  string
		table *Table
		rels  []string
		want  []string
	}{
		{"OKNothingToHide", table([]string{"all", "men", "women"}, []int{40, 15, 25}, []int{10, 5, 5}, []int{0, 0, 0}),
			[]string{"all = men + women"}, nil},
		{"OKPrimaryAloneSafe", table([]string{"men", "women"}, []int{15, 25}, []int{2, 9}), nil, []string{"men / r0"}},
		{"PartitionPairHidden", &Table{Shape: Partition, Rows: []string{"a", "b", "c"}, Cols: []string{"all"}, ColTotals: []int{12}, Cells: [][]int{{2}, {0}, {10}}},
			nil, []string{"all / a", "all / c"}},
		// A group of 3 men: its size is all - women, so the women's size
		// must go too, and with it the women's column.
		{"SmallGroupTakesItsComplement", table([]string{"all", "men", "women"}, []int{20, 3, 17}, []int{9, 2, 7}),
			[]string{"all = men + women"}, []string{"men / r0", "women / r0", "men / total", "women / total"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rels := mustRelations(t, tt.rels...)
			if err := Suppress(tt.table, rels, 5); err != nil {
				t.Fatal(err)
			}
			if got := hiddenLabels(tt.table); !slices.Equal(got, tt.want) {
				t.Errorf("hidden %q, want %q\n%s", got, tt.want, grid(tt.table))
			}
			checkPublishable(t, tt.table, rels, 5)
		})
	}
}

// TestSuppressSmallGroupInCrossedDesign: with 3 foreign women, publishing
// the other three gender × origin groups and their unions would give the 3
// back. The cheapest protection hides the four cells of the 2 × 2 design,
// not the unions (which would cost the whole "all" column).
func TestSuppressSmallGroupInCrossedDesign(t *testing.T) {
	tab := table(
		[]string{"all", "men", "women", "local", "foreign", "local_men", "local_women", "foreign_men", "foreign_women"},
		[]int{220, 205, 15, 78, 142, 66, 12, 139, 3},
		[]int{100, 90, 10, 40, 60, 33, 7, 57, 3},
	)
	rels := mustRelations(t, groupRelations...)
	if err := Suppress(tab, rels, 5); err != nil {
		t.Fatal(err)
	}
	var sizes []string
	for c, hidden := range tab.ColTotalSuppressed {
		if hidden {
			sizes = append(sizes, tab.Cols[c])
		}
	}
	if want := []string{"local_men", "local_women", "foreign_men", "foreign_women"}; !slices.Equal(sizes, want) {
		t.Errorf("hidden group sizes %v, want %v\n%s", sizes, want, grid(tab))
	}
	checkPublishable(t, tab, rels, 5)
}
