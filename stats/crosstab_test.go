package stats_test

import (
	"encoding/json"
	"slices"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// mustTabCrosstab builds a Crosstab and fails the test on error.
func mustTabCrosstab(tb testing.TB, rows, cols []string, counts [][]int) stats.Crosstab {
	tb.Helper()
	ct, err := stats.NewCrosstab(rows, cols, counts)
	if err != nil {
		tb.Fatalf("NewCrosstab: %v", err)
	}
	return ct
}

// mustTabJSON encodes v; encoding/json refuses NaN and ±Inf, so success
// proves the document holds none.
func mustTabJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("json.Marshal: %v", err)
	}
	return b
}

func TestNewCrosstab2x2(t *testing.T) {
	counts := [][]int{{10, 20}, {30, 40}}
	ct := mustTabCrosstab(t, []string{"women", "men"}, []string{"yes", "no"}, counts)
	if ct.N != 100 || !slices.Equal(ct.RowTotals, []int{30, 70}) || !slices.Equal(ct.ColTotals, []int{40, 60}) {
		t.Errorf("n = %d, row totals %v, col totals %v; want 100, [30 70], [40 60]", ct.N, ct.RowTotals, ct.ColTotals)
	}
	cell := ct.RowPercents[0][0]
	lo, hi := stats.Wilson(10, 30, stats.WilsonZ95)
	if *cell.Percent != 100.0/3 || *cell.Low != 100*lo || *cell.High != 100*hi {
		t.Errorf("row percent (1, 1) = %v [%v, %v], want %v [%v, %v]",
			*cell.Percent, *cell.Low, *cell.High, 100.0/3, 100*lo, 100*hi)
	}
	chi := mustTabChiSquare(t, counts)
	if ct.ChiSquare == nil || ct.ChiSquare.Statistic != chi.Statistic || ct.ChiSquare.P != chi.P {
		t.Errorf("chi-square = %+v, want %+v", ct.ChiSquare, chi)
	}
	fisher := mustTabFisher(t, [2][2]int{{10, 20}, {30, 40}})
	if ct.FisherP == nil || !tabClose(*ct.FisherP, fisher.TwoSided, 1e-12) || ct.Fisher.Method != stats.FisherMethodExact {
		t.Errorf("fisher p = %v, want %v", ct.FisherP, fisher.TwoSided)
	}
	if ct.CramersV == nil || !tabClose(*ct.CramersV, 0.0890870806374748, 1e-12) {
		t.Errorf("Cramér's V = %v, want 200/√(30·70·40·60)", ct.CramersV)
	}
}

func TestNewCrosstabTests(t *testing.T) {
	tests := []struct {
		name               string
		counts             [][]int
		chi, fisher, nullV bool
	}{
		{"ThreeColumnsFreemanHalton", [][]int{{1, 2, 3}, {4, 5, 6}}, true, true, false},
		{"EmptyRowStillFisher", [][]int{{1, 2}, {0, 0}, {4, 5}}, true, true, false},
		{"OneNonEmptyRowNoTests", [][]int{{1, 2}, {0, 0}}, false, false, true},
		{"AllZeroNoTests", [][]int{{0, 0}, {0, 0}}, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := make([]string, len(tt.counts))
			cols := make([]string, len(tt.counts[0]))
			ct := mustTabCrosstab(t, rows, cols, tt.counts)
			if (ct.ChiSquare != nil) != tt.chi || (ct.FisherP != nil) != tt.fisher || (ct.CramersV == nil) != tt.nullV ||
				(ct.Effects != nil) != tt.chi || (ct.Fisher != nil) != tt.fisher {
				t.Errorf("chi %v, fisher %v, V %v; want chi %v, fisher %v, V null %v",
					ct.ChiSquare != nil, ct.FisherP != nil, ct.CramersV, tt.chi, tt.fisher, tt.nullV)
			}
			mustTabJSON(t, ct)
		})
	}
}

// The demo's religious background × gender table (issue 19): low
// expected counts, so the exact test is the one to read; R's
// fisher.test(x) gives p = 0.05008. A 2×2 table carries the odds ratio,
// risk difference and risk ratio of its first column, named.
func TestNewCrosstabExactAndEffects(t *testing.T) {
	ct := mustTabCrosstab(t, []string{"raised_sunni", "revert", "convert", "raised_shia", "other"}, []string{"man", "woman"}, demoReligionGender)
	if ct.Test != stats.TestFisher || ct.Fisher == nil || !tabClose(ct.Fisher.P, 0.05008, 5e-6) || !tabClose(ct.ChiSquare.P, 0.0812, 5e-4) {
		t.Errorf("test %q, fisher %+v, chi-square p %v; want fisher p 0.05008 read instead of chi-square p 0.0812", ct.Test, ct.Fisher, ct.ChiSquare.P)
	}
	if e := ct.Effects; e == nil || e.OddsRatio != nil || e.CramersV == nil || e.CramersV.Upper == nil || e.CramersV.Estimate != *ct.CramersV {
		t.Errorf("effects %+v: want Cramér's V with an interval and no 2×2 effects", e)
	}
	two := mustTabCrosstab(t, []string{"women", "", "men"}, []string{"yes", "no"}, [][]int{{3, 1}, {0, 0}, {1, 3}})
	e := two.Effects
	if e == nil || e.OddsRatio == nil || !tabClose(e.OddsRatio.Estimate, 6.408319658199671, 1e-9) || e.RiskDifference == nil ||
		!tabClose(e.RiskDifference.Estimate, 0.5, 1e-12) || e.RiskRatio == nil || !tabClose(e.RiskRatio.Estimate, 3, 1e-12) ||
		e.Comparison != "share of yes in women against men" || two.Test != stats.TestFisher {
		t.Errorf("2×2 effects %+v (test %q)", e, two.Test)
	}
}

func TestNewCrosstabJSONUsesSnakeCaseAndNull(t *testing.T) {
	ct := mustTabCrosstab(t, []string{"a", "b"}, []string{"x", "y"}, [][]int{{3, 4}, {0, 0}})
	var doc map[string]any
	if err := json.Unmarshal(mustTabJSON(t, ct), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"row_labels", "col_labels", "counts", "row_totals", "col_totals", "n",
		"row_percents", "chi_square", "fisher_p", "cramers_v"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("key %q missing from %v", key, doc)
		}
	}
	for _, key := range []string{"chi_square", "fisher_p", "cramers_v"} {
		if doc[key] != nil {
			t.Errorf("%s = %v, want null", key, doc[key])
		}
	}
	empty := doc["row_percents"].([]any)[1].([]any)[0].(map[string]any)
	for _, key := range []string{"percent", "wilson_low", "wilson_high"} {
		if v, ok := empty[key]; !ok || v != nil {
			t.Errorf("empty row %s = %v (present %v), want null", key, v, ok)
		}
	}
}

func TestNewCrosstabErrors(t *testing.T) {
	tests := []struct {
		name       string
		rows, cols []string
		counts     [][]int
	}{
		{"ErrRowLabels", []string{"a"}, []string{"x", "y"}, [][]int{{1, 2}, {3, 4}}},
		{"ErrColLabels", []string{"a", "b"}, []string{"x"}, [][]int{{1, 2}, {3, 4}}},
		{"ErrNegativeCount", []string{"a", "b"}, []string{"x", "y"}, [][]int{{1, 2}, {-3, 4}}},
		{"ErrNoRows", nil, []string{"x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.NewCrosstab(tt.rows, tt.cols, tt.counts)
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
	}
}

// FuzzNewCrosstab checks that any table of small counts either fails with
// EINVALID or yields a Crosstab that encodes to JSON (no NaN, no ±Inf) with
// p-values and V in [0, 1].
func FuzzNewCrosstab(f *testing.F) {
	f.Add(uint8(2), uint8(2), []byte{10, 20, 30, 40})
	f.Add(uint8(3), uint8(1), []byte{0, 0, 5})
	f.Add(uint8(2), uint8(3), []byte{0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, r, c uint8, cells []byte) {
		rows, cols := int(r%5)+1, int(c%5)+1
		counts := make([][]int, rows)
		for i := range counts {
			counts[i] = make([]int, cols)
			for j := range counts[i] {
				if k := i*cols + j; k < len(cells) {
					counts[i][j] = int(cells[k])
				}
			}
		}
		ct := mustTabCrosstab(t, make([]string, rows), make([]string, cols), counts)
		mustTabJSON(t, ct)
		for _, p := range []*float64{ct.FisherP, ct.CramersV} {
			if p != nil && !(*p >= 0 && *p <= 1) {
				t.Fatalf("value %v outside [0, 1] for %v", *p, counts)
			}
		}
		if ct.ChiSquare != nil && !(ct.ChiSquare.P >= 0 && ct.ChiSquare.P <= 1) {
			t.Fatalf("p = %v for %v", ct.ChiSquare.P, counts)
		}
	})
}
