package disclosure

import (
	"testing"

	"ownwords"
)

// TestRanges checks the exported solver on small systems whose ranges are
// known: two tables about the same people pin a count neither pins alone.
func TestRanges(t *testing.T) {
	for _, tt := range []struct {
		name    string
		n       int
		cons    []LinearConstraint
		targets []int
		want    []Range
		code    string
	}{
		// x0 + x1 = 7: each of them lies in [0, 7].
		{"OneSum", 2, []LinearConstraint{{Coef: []int64{1, 1}, RHS: 7}}, []int{0, 1}, []Range{{0, 7, false}, {0, 7, false}}, ""},
		// women = x0 + x1 = 3 (one table), x1 = 1 (another): x0 = 2.
		{"TwoTablesPin", 2, []LinearConstraint{{Coef: []int64{1, 1}, RHS: 3}, {Coef: []int64{0, 1}, RHS: 1}}, []int{0}, []Range{{2, 2, false}}, ""},
		// 2·x0 <= 5: x0 in [0, 2] after rounding inward.
		{"Inequality", 1, []LinearConstraint{{Coef: []int64{2}, RHS: 5, LE: true}}, []int{0}, []Range{{0, 2, false}}, ""},
		// nothing bounds x1 above.
		{"Unbounded", 2, []LinearConstraint{{Coef: []int64{1, -1}, RHS: 0}}, []int{1}, []Range{{0, 0, true}}, ""},
		{"Infeasible", 1, []LinearConstraint{{Coef: []int64{1}, RHS: -1}}, []int{0}, nil, ownwords.EINVALID},
		{"BadTarget", 1, nil, []int{1}, nil, ownwords.EINVALID},
		{"TooManyCoefficients", 1, []LinearConstraint{{Coef: []int64{1, 1}, RHS: 1}}, []int{0}, nil, ownwords.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Ranges(tt.n, tt.cons, tt.targets, 0)
			if tt.code != "" {
				if ownwords.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v, want %s", err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Errorf("target %d: range %+v, want %+v", tt.targets[i], got[i], tt.want[i])
				}
			}
		})
	}
}

// TestRangeNarrower applies the rule: under k = 5 a range must hold 5 integers.
func TestRangeNarrower(t *testing.T) {
	for _, tt := range []struct {
		r    Range
		want bool
	}{{Range{2, 2, false}, true}, {Range{0, 3, false}, true}, {Range{0, 4, false}, false}, {Range{3, 0, true}, false}} {
		if got := tt.r.Narrower(4); got != tt.want {
			t.Errorf("%+v.Narrower(4) = %v, want %v", tt.r, got, tt.want)
		}
	}
}
