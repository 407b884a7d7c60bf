package disclosure

import (
	"slices"
	"testing"

	"ownwords"
)

func TestAudit(t *testing.T) {
	tests := []struct {
		name  string
		table func() *Table
		rels  []string
		want  []string
	}{
		{"OKPrimaryEnoughWithoutRelations", func() *Table {
			tab := table([]string{"men", "women"}, []int{15, 25}, []int{3, 7})
			tab.Suppressed = [][]bool{{true, false}}
			return tab
		}, nil, nil},
		{"ShownSmallCount", func() *Table {
			return table([]string{"all"}, []int{15}, []int{3})
		}, nil, []string{"all / r0 = 3 is shown"}},
		{"RecoveredBySubtraction", func() *Table {
			tab := table([]string{"all", "men", "women"}, []int{40, 15, 25}, []int{10, 3, 7})
			tab.Suppressed = [][]bool{{false, true, false}}
			return tab
		}, []string{"all = men + women"}, []string{"men / r0 = 3 is hidden but lies in [3, 3]"}},
		{"RecoveredFromPartitionSum", func() *Table {
			tab := table([]string{"all"}, []int{12}, []int{2}, []int{0}, []int{10})
			tab.Shape = Partition
			tab.Suppressed = [][]bool{{true}, {true}, {false}}
			return tab
		}, nil, []string{"all / r0 = 2 is hidden but lies in [0, 2]"}},
		{"OKPartitionPairHidden", func() *Table {
			tab := table([]string{"all"}, []int{12}, []int{2}, []int{0}, []int{10})
			tab.Shape = Partition
			tab.Suppressed = [][]bool{{true}, {false}, {true}}
			return tab
		}, nil, nil},
		{"GroupSizeBackFromPercentage", func() *Table {
			tab := table([]string{"all", "women"}, []int{20, 3}, []int{9, 2})
			tab.ColTotalSuppressed = []bool{false, true}
			return tab
		}, nil, []string{"women / r0 = 2 is shown", "women / total = 3 is hidden but lies in [3, 3]"}},
		{"NarrowUpperBound", func() *Table {
			tab := table([]string{"all", "men", "women"}, []int{40, 15, 25}, []int{3, 1, 2})
			tab.Suppressed = [][]bool{{false, true, true}}
			return tab
		}, []string{"all = men + women"}, []string{"all / r0 = 3 is shown", "men / r0 = 1 is hidden but lies in [0, 3]", "women / r0 = 2 is hidden but lies in [0, 3]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exps, err := Audit(tt.table(), mustRelations(t, tt.rels...), 5)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range exps {
				got = append(got, e.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Audit = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAuditErrors(t *testing.T) {
	tab := func() *Table {
		return table([]string{"all", "men", "women"}, []int{40, 15, 25}, []int{10, 3, 7})
	}
	tests := []struct {
		name  string
		table *Table
		rels  []Relation
		k     int
	}{
		{"ErrUnknownGroup", tab(), []Relation{{Total: "all", Parts: []string{"men", "others"}}}, 5},
		{"ErrRelationFailsForSizes", table([]string{"all", "men", "women"}, []int{41, 15, 25}, []int{10, 3, 7}), mustRelations(t, "all = men + women"), 5},
		{"ErrRelationFailsInARow", table([]string{"all", "men", "women"}, []int{40, 15, 25}, []int{11, 3, 7}), mustRelations(t, "all = men + women"), 5},
		{"ErrRelationWithoutParts", tab(), []Relation{{Total: "all"}}, 5},
		{"ErrKNegative", tab(), nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Audit(tt.table, tt.rels, tt.k)
			if code := ownwords.ErrorCode(err); code != ownwords.EINVALID {
				t.Errorf("Audit: %v (code %q), want EINVALID", err, code)
			}
			if err := Suppress(tt.table, tt.rels, tt.k); ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("Suppress: %v, want EINVALID", err)
			}
		})
	}
}
