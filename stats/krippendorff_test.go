package stats_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// agrLevels lists the four levels of measurement.
var agrLevels = []stats.Level{stats.Nominal, stats.Ordinal, stats.Interval, stats.Ratio}

// agrClose reports whether got is within tol of want.
func agrClose(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// mustAgrAlpha runs KrippendorffAlpha and fails the test on error.
func mustAgrAlpha(tb testing.TB, r *stats.Ratings, level stats.Level) float64 {
	tb.Helper()
	a, err := stats.KrippendorffAlpha(r, level)
	if err != nil {
		tb.Fatalf("KrippendorffAlpha(%s): %v", level, err)
	}
	return a
}

// agrTable builds a Ratings table from rows written as space-separated
// values per unit, "." for missing.
func agrTable(coders []string, rows ...string) *stats.Ratings {
	r := &stats.Ratings{Coders: coders}
	for _, row := range rows {
		cells := strings.Fields(row)
		for i, c := range cells {
			if c == "." {
				cells[i] = ""
			}
		}
		r.Values = append(r.Values, cells)
	}
	return r
}

// agrKrippendorff2011 is the example of Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability": observers A–D, 12 units,
// "." missing. Given there by observer (A: 1 2 3 3 2 1 4 1 2 . . .;
// B: 1 2 3 3 2 2 4 1 2 5 . 3; C: . 3 3 3 2 3 4 2 2 5 1 .;
// D: 1 2 3 3 2 4 4 1 2 5 1 .), here by unit.
func agrKrippendorff2011() *stats.Ratings {
	return agrTable([]string{"A", "B", "C", "D"},
		"1 1 . 1", "2 2 3 2", "3 3 3 3", "3 3 3 3", "2 2 2 2", "1 2 3 4",
		"4 4 4 4", "1 1 2 1", "2 2 2 2", ". 5 5 5", ". . 1 1", ". 3 . .")
}

// Krippendorff (2011) reports α = 0.743 (nominal), 0.815 (ordinal), 0.849
// (interval) and 0.797 (ratio) for his example, from n = 40 pairable values.
func TestKrippendorffAlphaReproducesKrippendorff2011(t *testing.T) {
	r := agrKrippendorff2011()
	want := map[stats.Level]float64{stats.Nominal: 0.743, stats.Ordinal: 0.815, stats.Interval: 0.849, stats.Ratio: 0.797}
	for _, level := range agrLevels {
		if got := mustAgrAlpha(t, r, level); !agrClose(got, want[level], 0.0005) {
			t.Errorf("%s alpha = %.6f, want %.3f", level, got, want[level])
		}
	}
	res, err := stats.Agree(r, stats.Nominal, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.PairableValues != 40 || res.Units != 12 || res.Coders != 4 {
		t.Errorf("n = %d, units %d, coders %d; want 40, 12, 4", res.PairableValues, res.Units, res.Coders)
	}
}

// The ordinal level ranks values by Ratings.Categories when they are not
// numbers: the 2011 example relabelled a–e in order gives 0.815 again.
func TestKrippendorffAlphaOrdinalUsesCategoryOrder(t *testing.T) {
	r := agrKrippendorff2011()
	letters := map[string]string{"1": "a", "2": "b", "3": "c", "4": "d", "5": "e"}
	for _, row := range r.Values {
		for i, v := range row {
			row[i] = letters[v]
		}
	}
	r.Categories = []string{"a", "b", "c", "d", "e"}
	if got := mustAgrAlpha(t, r, stats.Ordinal); !agrClose(got, 0.815, 0.0005) {
		t.Errorf("ordinal alpha = %.6f, want 0.815", got)
	}
	r.Categories = []string{"e", "d", "c", "b", "a"} // reversing the order changes nothing
	if got := mustAgrAlpha(t, r, stats.Ordinal); !agrClose(got, 0.815, 0.0005) {
		t.Errorf("reversed ordinal alpha = %.6f, want 0.815", got)
	}
}

// agrBruteAlpha computes alpha literally as Krippendorff (2011) describes
// it: a dense coincidence matrix over the sorted distinct values, the
// difference function looked up per cell (ordinal: by summing the marginals
// between c and k), and α = 1 − (n−1) Σ o δ² / Σ n_c n_k δ². It is slow and
// independent of the package's pattern-based computation.
func agrBruteAlpha(rows [][]float64, level stats.Level) float64 {
	var vals []float64
	for _, row := range rows {
		for _, v := range row {
			if !math.IsNaN(v) {
				vals = append(vals, v)
			}
		}
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	k := len(vals)
	o := make([][]float64, k)
	for i := range o {
		o[i] = make([]float64, k)
	}
	for _, row := range rows {
		var present []int
		for _, v := range row {
			if !math.IsNaN(v) {
				i, _ := slices.BinarySearch(vals, v)
				present = append(present, i)
			}
		}
		m := len(present)
		for a := range present {
			for b := range present {
				if a != b && m > 1 {
					o[present[a]][present[b]] += 1 / float64(m-1)
				}
			}
		}
	}
	nc := make([]float64, k)
	var n float64
	for c := range o {
		for d := range o {
			nc[c] += o[c][d]
		}
		n += nc[c]
	}
	delta := func(c, d int) float64 {
		x, y := vals[c], vals[d]
		switch level {
		case stats.Nominal:
			if c == d {
				return 0
			}
			return 1
		case stats.Ordinal:
			lo, hi := min(c, d), max(c, d)
			var s float64
			for g := lo; g <= hi; g++ {
				s += nc[g]
			}
			s -= (nc[c] + nc[d]) / 2
			return s * s
		case stats.Interval:
			return (x - y) * (x - y)
		}
		if x+y == 0 {
			return 0
		}
		return (x - y) * (x - y) / ((x + y) * (x + y))
	}
	var do, de float64
	for c := range k {
		for d := range k {
			do += o[c][d] * delta(c, d)
			de += nc[c] * nc[d] * delta(c, d)
		}
	}
	return 1 - (n-1)*do/de
}

// agrRandomTable returns a random units × coders table of small integers
// (NaN missing) with some agreement, and the same as Ratings. Every table
// has at least two pairable units with different values.
func agrRandomTable(rng *rand.Rand, units, coders int, missing float64) ([][]float64, *stats.Ratings) {
	for {
		rows := make([][]float64, units)
		r := &stats.Ratings{}
		for c := range coders {
			r.Coders = append(r.Coders, "c"+strconv.Itoa(c))
		}
		for u := range rows {
			truth := float64(rng.IntN(6))
			row := make([]string, coders)
			for c := range coders {
				v := truth
				if rng.Float64() < 0.4 {
					v = float64(rng.IntN(6))
				}
				if rng.Float64() < missing {
					rows[u] = append(rows[u], math.NaN())
					continue
				}
				rows[u] = append(rows[u], v)
				row[c] = strconv.FormatFloat(v, 'g', -1, 64)
			}
			r.Values = append(r.Values, row)
		}
		if _, err := stats.KrippendorffAlpha(r, stats.Nominal); err == nil {
			return rows, r
		}
	}
}

func TestKrippendorffAlphaMatchesBruteForceCoincidenceMatrix(t *testing.T) {
	rng := rand.New(rand.NewPCG(2011, 4))
	for trial := range 200 {
		rows, r := agrRandomTable(rng, 2+rng.IntN(30), 2+rng.IntN(5), 0.3*rng.Float64())
		for _, level := range agrLevels {
			got := mustAgrAlpha(t, r, level)
			want := agrBruteAlpha(rows, level)
			if !agrClose(got, want, 1e-9*max(1, math.Abs(want))) {
				t.Fatalf("trial %d, %s: alpha = %.15f, brute force %.15f\n%v", trial, level, got, want, r.Values)
			}
		}
	}
}

func TestKrippendorffAlphaIsOneForPerfectAgreement(t *testing.T) {
	r := agrTable([]string{"A", "B", "C"}, "1 1 1", "2 2 .", "3 3 3", ". 5 5", "0 0 0")
	for _, level := range agrLevels {
		if got := mustAgrAlpha(t, r, level); got != 1 {
			t.Errorf("%s alpha = %v, want 1", level, got)
		}
	}
}

// For two coders and no missing values, with N units and n = 2N values,
// Krippendorff's α = 1 − (1 − π)(n − 1)/n = π + (1 − π)/(2N): alpha is
// Scott's pi corrected for sample size. Derivation: both share P_o, and
// with marginals n_c, α = 1 − (n−1)(1 − P_o) n / (n² − Σ n_c²) while
// π = 1 − (1 − P_o)/(1 − Σ (n_c/n)²) = 1 − (1 − P_o) n² / (n² − Σ n_c²).
func TestKrippendorffAlphaIsScottPiCorrectedForSampleSize(t *testing.T) {
	rng := rand.New(rand.NewPCG(1955, 2004))
	for trial := range 100 {
		_, r := agrRandomTable(rng, 2+rng.IntN(40), 2, 0)
		a, b := make([]string, len(r.Values)), make([]string, len(r.Values))
		for u, row := range r.Values {
			a[u], b[u] = row[0], row[1]
		}
		pi, err := stats.ScottPi(a, b)
		if err != nil {
			t.Fatal(err)
		}
		n := float64(len(r.Values))
		alpha := mustAgrAlpha(t, r, stats.Nominal)
		if want := pi + (1-pi)/(2*n); !agrClose(alpha, want, 1e-12) {
			t.Fatalf("trial %d: alpha = %.15f, π + (1−π)/2N = %.15f", trial, alpha, want)
		}
	}
}

// Permuting units or coders changes nothing, not even the bootstrap
// interval: values and unit patterns are put in a canonical order first.
// Only the units that Fleiss' reason names as examples may differ.
func TestAgreeIsInvariantToOrderOfUnitsAndCoders(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 20 {
		_, r := agrRandomTable(rng, 5+rng.IntN(40), 2+rng.IntN(4), 0.2)
		for _, level := range agrLevels {
			want := mustAgrJSON(t, r, level)
			p := &stats.Ratings{Coders: slices.Clone(r.Coders)}
			units := rng.Perm(len(r.Values))
			coders := rng.Perm(len(r.Coders))
			for _, u := range units {
				row := make([]string, len(coders))
				for i, c := range coders {
					row[i] = r.Values[u][c]
				}
				p.Values = append(p.Values, row)
			}
			if got := mustAgrJSON(t, p, level); got != want {
				t.Fatalf("trial %d, %s: permuted\n%s\nwant\n%s", trial, level, got, want)
			}
		}
	}
}

// mustAgrJSON runs Agree with seed 1 and returns its JSON, Fleiss' reason
// cut to its first words.
func mustAgrJSON(tb testing.TB, r *stats.Ratings, level stats.Level) string {
	tb.Helper()
	res, err := stats.Agree(r, level, 1)
	if err != nil {
		tb.Fatalf("Agree(%s): %v", level, err)
	}
	res.FleissKappaReason, _, _ = strings.Cut(res.FleissKappaReason, "(")
	b, err := json.Marshal(res)
	if err != nil {
		tb.Fatalf("marshal: %v", err)
	}
	return string(b)
}

func TestKrippendorffAlphaErrors(t *testing.T) {
	ab := []string{"A", "B"}
	tests := []struct {
		name  string
		r     *stats.Ratings
		level stats.Level
		want  string
	}{
		{"ErrNilTable", nil, stats.Nominal, "no ratings table"},
		{"ErrOneCoder", agrTable([]string{"A"}, "1", "2"), stats.Nominal, "at least two coders"},
		{"ErrNoUnits", &stats.Ratings{Coders: ab}, stats.Nominal, "no units"},
		{"ErrNoPairableValues", agrTable(ab, "1 .", ". 2"), stats.Nominal, "no pairable values"},
		{"ErrSingleValue", agrTable(ab, "x x", "x x", "x ."), stats.Nominal, "no variation"},
		{"ErrSameNumber", agrTable(ab, "1 1.0", "1 1"), stats.Interval, "no variation"},
		{"ErrNotANumber", agrTable(ab, "1 2", "x 1"), stats.Interval, `value "x" (unit in row 2, coder "A") is not a finite number`},
		{"ErrNaN", agrTable(ab, "1 2", "NaN 1"), stats.Ratio, "not a finite number"},
		{"ErrNegativeRatio", agrTable(ab, "1 2", "-1 1"), stats.Ratio, "negative"},
		{"ErrOrdinalText", agrTable(ab, "a b", "b b"), stats.Ordinal, "numbers or an order of categories"},
		{"ErrNotACategory", &stats.Ratings{Coders: ab, Values: [][]string{{"a", "z"}}, Categories: []string{"a", "b"}}, stats.Ordinal, `value "z"`},
		{"ErrRaggedRow", &stats.Ratings{Coders: ab, Values: [][]string{{"1", "2"}, {"1"}}}, stats.Nominal, "has 1 cells"},
		{"ErrRepeatedCoder", agrTable([]string{"A", "A"}, "1 2"), stats.Nominal, "appears twice"},
		{"ErrUnitNames", &stats.Ratings{Coders: ab, Units: []string{"u1"}, Values: [][]string{{"1", "2"}, {"2", "1"}}}, stats.Nominal, "1 unit names for 2 rows"},
		{"ErrUnknownLevel", agrTable(ab, "1 2", "2 1"), stats.Level(9), "unknown level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.KrippendorffAlpha(tt.r, tt.level)
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

func TestParseLevel(t *testing.T) {
	for _, level := range agrLevels {
		got, err := stats.ParseLevel(strings.ToUpper(level.String()))
		if err != nil || got != level {
			t.Errorf("ParseLevel(%q) = %v, %v", level, got, err)
		}
	}
	if _, err := stats.ParseLevel("cardinal"); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Errorf("ParseLevel(cardinal) error = %v, want EINVALID", err)
	}
}

// Krippendorff's (2011) example at the four levels of measurement.
func ExampleKrippendorffAlpha() {
	r := &stats.Ratings{
		Coders: []string{"A", "B", "C", "D"},
		Values: [][]string{
			{"1", "1", "", "1"}, {"2", "2", "3", "2"}, {"3", "3", "3", "3"}, {"3", "3", "3", "3"},
			{"2", "2", "2", "2"}, {"1", "2", "3", "4"}, {"4", "4", "4", "4"}, {"1", "1", "2", "1"},
			{"2", "2", "2", "2"}, {"", "5", "5", "5"}, {"", "", "1", "1"}, {"", "3", "", ""},
		},
	}
	for _, level := range []stats.Level{stats.Nominal, stats.Ordinal, stats.Interval, stats.Ratio} {
		alpha, err := stats.KrippendorffAlpha(r, level)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-8s %.3f\n", level, alpha)
	}
	// Output:
	// nominal  0.743
	// ordinal  0.815
	// interval 0.849
	// ratio    0.797
}
