package stats

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"ownwords"
)

// mustAgrUnitize runs UnitizingAlpha and fails the test on error.
func mustAgrUnitize(tb testing.TB, length int, coders ...[]Span) *UnitizingResult {
	tb.Helper()
	res, err := UnitizingAlpha(length, coders)
	if err != nil {
		tb.Fatalf("UnitizingAlpha: %v", err)
	}
	return res
}

// The differences δ² worked out in Krippendorff (2004), Content Analysis, as
// DKPro Statistics' Krippendorff2004Test encodes them; segments are given
// as (begin, length), with a gap (false) or a unit (true).
func TestUnitDeltaReproducesKrippendorff2004(t *testing.T) {
	seg := func(b, l int, unit bool) agrSeg { return agrSeg{start: b, end: b + l, unit: unit} }
	tests := []struct {
		name string
		g, h []agrSeg // summed pairwise
		want float64
	}{
		{"UnitsInGaps", []agrSeg{seg(2, 3, false), seg(5, 6, true)}, []agrSeg{seg(2, 2, true), seg(4, 7, false)}, 40},
		{"UnitsInEqualGaps", []agrSeg{seg(3, 2, false), seg(5, 6, true)}, []agrSeg{seg(3, 2, true), seg(5, 6, false)}, 40},
		{"OverlapBothEnds", []agrSeg{seg(5, 6, true)}, []agrSeg{seg(4, 2, true)}, 26},
		{"SameStart", []agrSeg{seg(5, 6, true)}, []agrSeg{seg(5, 2, true)}, 16},
		{"Inside", []agrSeg{seg(5, 6, true)}, []agrSeg{seg(6, 2, true)}, 10},
		{"InsideLater", []agrSeg{seg(5, 6, true)}, []agrSeg{seg(7, 2, true)}, 8},
		{"InsideLonger", []agrSeg{seg(5, 6, true)}, []agrSeg{seg(6, 4, true)}, 2},
		{"Identical", []agrSeg{seg(5, 6, true)}, []agrSeg{seg(5, 6, true)}, 0},
		{"Example254a", []agrSeg{seg(225, 70, true)}, []agrSeg{seg(220, 80, true)}, 50},
		{"Example254b", []agrSeg{seg(370, 30, true)}, []agrSeg{seg(355, 20, true)}, 850},
		{"Example254c", []agrSeg{seg(400, 50, false)}, []agrSeg{seg(400, 20, true)}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got float64
			for i := range tt.g {
				got += agrUnitDelta(tt.g[i], tt.h[i])
			}
			if got != tt.want {
				t.Errorf("δ² = %v, want %v", got, tt.want)
			}
		})
	}
}

// Krippendorff (2004), Content Analysis, 2nd ed., p. 254: two observers on
// the continuum [150, 450), categories c and k. Reference values as DKPro
// Statistics' Krippendorff2004Test encodes them: for c, D_o = .0144, D_e =
// .0532, cuα = .7286; for k, D_e = .0490, cuα = 1; overall uα = .8591 to
// ±.0005 (the printed .8591 follows from D_o rounded to .0144; unrounded it
// is .8587, which the last check recomputes from the category sums).
func TestUnitizingAlphaReproducesKrippendorff2004(t *testing.T) {
	sp := func(b, l int, c string) Span { return Span{Start: b - 150, End: b - 150 + l, Category: c} }
	i := []Span{sp(225, 70, "c"), sp(370, 30, "c"), sp(180, 60, "k"), sp(300, 50, "k")}
	j := []Span{sp(220, 80, "c"), sp(355, 20, "c"), sp(400, 20, "c"), sp(180, 60, "k"), sp(300, 50, "k")}
	res := mustAgrUnitize(t, 300, i, j)
	c, k := res.Categories[0], res.Categories[1]
	if c.Category != "c" || c.Units != 5 || k.Category != "k" || k.Units != 4 {
		t.Fatalf("categories %+v", res.Categories)
	}
	check := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.6f, want %.4f", what, got, want)
		}
	}
	check("D_o(c)", c.Observed, 0.0144, 0.00005)
	check("D_e(c)", c.Expected, 0.0532, 0.00005)
	check("cuα(c)", *c.Alpha, 0.7286, 0.00005)
	check("D_o(k)", k.Observed, 0, 0)
	check("D_e(k)", k.Expected, 0.0490, 0.00005)
	check("cuα(k)", *k.Alpha, 1, 0)
	check("uα", *res.Alpha, 0.8591, 0.0005)
	check("uα from sums", *res.Alpha, 1-(c.Observed+k.Observed)/(c.Expected+k.Expected), 1e-15)
}

// A case worked by hand. L = 4; coder 1 marks [0, 2), coder 2 [1, 3).
// Observed: the two units overlap with δ² = 1² + 1² = 2, counted for both
// orders of the coders: D_o = 2·2/(2·1·4²) = 1/8. Expected: N_c = 2 units
// of length 2, each giving (2−1)(16 − 12 + 2)/3 = 2 against the other unit
// and 2²·(2 − 2 + 1) = 4 in coder 1's only gap long enough ([2, 4)); the sum
// 12 times 2/L is 6, over 8·7 − 2·(2·1) = 52 pairs: D_e = 3/26, and
// uα = 1 − (1/8)/(3/26) = −1/12.
func TestUnitizingAlphaByHand(t *testing.T) {
	res := mustAgrUnitize(t, 4, []Span{{0, 2, "x"}}, []Span{{1, 3, "x"}})
	x := res.Categories[0]
	if math.Abs(x.Observed-1.0/8) > 1e-15 || math.Abs(x.Expected-3.0/26) > 1e-15 || math.Abs(*res.Alpha+1.0/12) > 1e-15 {
		t.Errorf("D_o = %v, D_e = %v, uα = %v; want 1/8, 3/26, −1/12", x.Observed, x.Expected, *res.Alpha)
	}
	same := mustAgrUnitize(t, 10, []Span{{1, 4, "x"}, {6, 9, "y"}}, []Span{{6, 9, "y"}, {1, 4, "x"}}, []Span{{1, 4, "x"}, {6, 9, "y"}})
	if *same.Alpha != 1 || *same.Categories[0].Alpha != 1 || *same.Categories[1].Alpha != 1 {
		t.Errorf("identical codings: %+v, want alpha 1", same)
	}
}

// agrBruteUnitizing computes D_o and D_e of one category from positions
// alone: each coder's units are sets of positions, relations between
// segments are decided position by position, and the expected
// disagreement enumerates placements: every unit g slid over an equal copy
// of itself at every overlapping shift (half δ² each, as the term (N_c −
// 1)(2l³ − 3l² + l)/3 counts them), for each of the N_c − 1 other units,
// and every unit placed at every position inside every gap of any coder;
// the denominator counts ordered pairs of the m·L pooled positions not in
// the same unit.
func agrBruteUnitizing(length int, perCoder [][]Span) (do, de float64) {
	m := len(perCoder)
	segs := make([][]agrSeg, m)
	for i, spans := range perCoder {
		segs[i] = agrSegments(length, spans)
	}
	covers := func(s agrSeg, p int) bool { return s.start <= p && p < s.end }
	overlap := func(g, h agrSeg) bool {
		for p := range length {
			if covers(g, p) && covers(h, p) {
				return true
			}
		}
		return false
	}
	inside := func(g, h agrSeg) bool {
		for p := g.start; p < g.end; p++ {
			if !covers(h, p) {
				return false
			}
		}
		return true
	}
	delta := func(g, h agrSeg) float64 {
		switch {
		case g.unit && h.unit && overlap(g, h):
			b, e := float64(g.start-h.start), float64(g.end-h.end)
			return b*b + e*e
		case g.unit && !h.unit && inside(g, h):
			return float64((g.end - g.start) * (g.end - g.start))
		case !g.unit && h.unit && inside(h, g):
			return float64((h.end - h.start) * (h.end - h.start))
		}
		return 0
	}
	for i := range m {
		for j := range m {
			if i != j {
				for _, g := range segs[i] {
					for _, h := range segs[j] {
						do += delta(g, h)
					}
				}
			}
		}
	}
	L := float64(length)
	do /= float64(m*(m-1)) * L * L

	var units, gaps []agrSeg
	for _, ss := range segs {
		for _, s := range ss {
			if s.unit {
				units = append(units, s)
			} else {
				gaps = append(gaps, s)
			}
		}
	}
	var num float64
	for gi, g := range units {
		l := g.end - g.start
		for hi := range units {
			if hi == gi {
				continue
			}
			for d := -(l - 1); d <= l-1; d++ {
				num += delta(g, agrSeg{start: g.start + d, end: g.end + d, unit: true}) / 2
			}
		}
		for _, h := range gaps {
			for s := h.start; s+l <= h.end; s++ {
				num += delta(agrSeg{start: s, end: s + l, unit: true}, h)
			}
		}
	}
	var pairs float64
	unitOf := func(i, p int) int {
		for k, s := range segs[i] {
			if s.unit && covers(s, p) {
				return k
			}
		}
		return -1
	}
	for i := range m {
		for p := range length {
			for j := range m {
				for q := range length {
					if i == j && p == q {
						continue
					}
					if u := unitOf(i, p); i == j && u >= 0 && u == unitOf(j, q) {
						continue
					}
					pairs++
				}
			}
		}
	}
	return do, 2 / L * num / pairs
}

// The fast computation (merged sweep, sorted gaps) must equal the
// position-by-position one on random codings.
func TestUnitizingAlphaMatchesBruteForceOverPositions(t *testing.T) {
	rng := rand.New(rand.NewPCG(1995, 2004))
	for trial := range 150 {
		length := 3 + rng.IntN(30)
		m := 2 + rng.IntN(3)
		coders := make([][]Span, m)
		for i := range coders {
			for _, cat := range []string{"a", "b"} {
				pos := rng.IntN(4)
				for pos < length {
					end := pos + 1 + rng.IntN(6)
					if end > length {
						break
					}
					coders[i] = append(coders[i], Span{Start: pos, End: end, Category: cat})
					pos = end + rng.IntN(5)
				}
			}
		}
		res := mustAgrUnitize(t, length, coders...)
		for _, ca := range res.Categories {
			var perCoder [][]Span
			for _, spans := range coders {
				var mine []Span
				for _, s := range spans {
					if s.Category == ca.Category {
						mine = append(mine, s)
					}
				}
				perCoder = append(perCoder, mine)
			}
			do, de := agrBruteUnitizing(length, perCoder)
			if math.Abs(ca.Observed-do) > 1e-12 || math.Abs(ca.Expected-de) > 1e-12 {
				t.Fatalf("trial %d, category %s: D_o %v, D_e %v; positions give %v, %v\n%v", trial, ca.Category, ca.Observed, ca.Expected, do, de, coders)
			}
		}
	}
}

func TestUnitizingAlphaUndefinedResults(t *testing.T) {
	none := mustAgrUnitize(t, 5, nil, nil)
	if none.Alpha != nil || none.Reason == "" || len(none.Categories) != 0 {
		t.Errorf("no spans: %+v, want nil alpha with a reason", none)
	}
	// A single position coded by both: no gap, units of length 1, so
	// there is nothing to disagree about by chance.
	one := mustAgrUnitize(t, 1, []Span{{0, 1, "x"}}, []Span{{0, 1, "x"}})
	if one.Alpha != nil || one.Categories[0].Alpha != nil || one.Categories[0].Reason == "" {
		t.Errorf("length 1: %+v, want nil alphas with reasons", one)
	}
}

func TestUnitizingAlphaErrors(t *testing.T) {
	tests := []struct {
		name   string
		length int
		coders [][]Span
		want   string
	}{
		{"ErrLength", 0, [][]Span{nil, nil}, "length 0"},
		{"ErrOneCoder", 5, [][]Span{nil}, "at least two coders"},
		{"ErrOutside", 5, [][]Span{{{3, 6, "x"}}, nil}, "[3, 6) is empty or outside"},
		{"ErrEmptySpan", 5, [][]Span{nil, {{2, 2, "x"}}}, "coder 2: span [2, 2) is empty"},
		{"ErrNoCategory", 5, [][]Span{{{1, 2, " "}}, nil}, "has no category"},
		{"ErrOverlap", 9, [][]Span{nil, {{5, 8, "x"}, {1, 6, "x"}}}, `coder 2: spans [1, 6) and [5, 8) of category "x" overlap`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := UnitizingAlpha(tt.length, tt.coders)
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
	// Overlapping spans of different categories are fine.
	mustAgrUnitize(t, 9, []Span{{1, 6, "x"}, {5, 8, "y"}}, []Span{{1, 6, "x"}})
}
