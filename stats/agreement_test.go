package stats_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// The -update flag rewrites golden files. It is registered only if no other
// test file of the package has registered it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

// agrUpdating reports whether -update was given.
func agrUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// agrGolden compares got with the golden file, or rewrites it with -update.
func agrGolden(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if agrUpdating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs:\ngot\n%s\nwant\n%s", path, got, want)
	}
}

// mustAgrReadFile reads a ratings CSV from testdata/agree.
func mustAgrReadFile(tb testing.TB, name string) *stats.Ratings {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "agree", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r, err := stats.ReadRatings(f, name)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// Agree's JSON and text for small tables, against golden files. The
// numbers themselves are checked against published values elsewhere
// (krippendorff2011.csv: TestKrippendorffAlphaReproducesKrippendorff2011;
// fleiss1971.csv: TestFleissKappaReproducesFleiss1971); here the files
// guard the document: keys, their order, nulls and the text layout.
func TestAgreeGolden(t *testing.T) {
	tests := []struct {
		file  string
		level stats.Level
	}{
		{"krippendorff2011.csv", stats.Nominal},
		{"krippendorff2011.csv", stats.Interval},
		{"two_coders.csv", stats.Nominal},
		{"fleiss1971.csv", stats.Nominal},
	}
	for _, tt := range tests {
		base := strings.TrimSuffix(tt.file, ".csv") + "." + tt.level.String()
		t.Run(base, func(t *testing.T) {
			res, err := stats.Agree(mustAgrReadFile(t, tt.file), tt.level, 1)
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			agrGolden(t, filepath.Join("testdata", "agree", base+".json.golden"), append(js, '\n'))
			var text bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			agrGolden(t, filepath.Join("testdata", "agree", base+".txt.golden"), text.Bytes())
		})
	}
}

// The JSON contract of `ownwords agree --format json`: these keys, Cohen's
// kappa and Scott's pi only for two coders, and fleiss_kappa null with a
// reason when it is undefined.
func TestAgreeJSONKeys(t *testing.T) {
	common := []string{"units", "coders", "pairable_values", "percent_agreement", "krippendorff_alpha", "fleiss_kappa", "alpha_ci", "level"}
	tests := []struct {
		name   string
		r      *stats.Ratings
		extra  []string
		fleiss bool
	}{
		{"TwoCodersComplete", agrTable([]string{"A", "B"}, "1 1", "2 2", "1 2"), []string{"cohen_kappa", "scott_pi"}, true},
		{"TwoCodersMissing", agrTable([]string{"A", "B"}, "1 1", "2 2", "1 ."), []string{"cohen_kappa", "scott_pi", "fleiss_kappa_reason"}, false},
		{"ThreeCoders", agrTable([]string{"A", "B", "C"}, "1 1 1", "2 2 1", "1 2 2"), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(mustAgrJSON(t, tt.r, stats.Nominal)), &m); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k := range m {
				keys = append(keys, k)
			}
			want := append(slices.Clone(common), tt.extra...)
			slices.Sort(keys)
			slices.Sort(want)
			if !slices.Equal(keys, want) {
				t.Errorf("keys %v, want %v", keys, want)
			}
			if (m["fleiss_kappa"] != nil) != tt.fleiss {
				t.Errorf("fleiss_kappa = %v, want defined: %v", m["fleiss_kappa"], tt.fleiss)
			}
			ci := m["alpha_ci"].(map[string]any)
			if ci["level"] != 0.95 || ci["samples"] == nil || ci["seed"] != 1.0 || m["level"] != "nominal" {
				t.Errorf("alpha_ci %v, level %v", ci, m["level"])
			}
		})
	}
}

// Degenerate tables either fail with EINVALID or give a result whose JSON
// and text hold only finite numbers: NaN never escapes.
func TestAgreeDegenerateTablesNeverGiveNaN(t *testing.T) {
	ab := []string{"A", "B"}
	tests := []struct {
		name  string
		r     *stats.Ratings
		level stats.Level
		ok    bool
	}{
		{"ErrSingleValue", agrTable(ab, "x x", "x x"), stats.Nominal, false},
		{"ErrOneCoder", agrTable([]string{"A"}, "1", "2"), stats.Nominal, false},
		{"ErrNoPairs", agrTable(ab, "1 .", ". 2", ". ."), stats.Nominal, false},
		{"ErrSameNumber", agrTable(ab, "1 1.0", "1.00 1"), stats.Ratio, false},
		{"ErrEmptyTable", &stats.Ratings{Coders: ab}, stats.Nominal, false},
		{"OneDisagreeingUnit", agrTable(ab, "a b"), stats.Nominal, true},
		{"OnePairableUnit", agrTable(ab, "a b", "a .", ". c"), stats.Nominal, true},
		{"TwoAgreeingUnits", agrTable(ab, "a a", "b b"), stats.Nominal, true},
		{"HugeNumbers", agrTable(ab, "1e308 -1e308", "-1e308 1e308", "0 1e308"), stats.Interval, true},
		{"TinyRatio", agrTable(ab, "0 0", "0 1e-300", "1e-300 1e-300"), stats.Ratio, true},
		{"OrdinalOneRankUsedTwice", agrTable(ab, "3 3", "3 7"), stats.Ordinal, true},
		{"ManyCodersOneUnit", agrTable([]string{"A", "B", "C", "D", "E"}, "1 1 1 1 2"), stats.Ordinal, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := stats.Agree(tt.r, tt.level, 42)
			if !tt.ok {
				if ownwords.ErrorCode(err) != ownwords.EINVALID {
					t.Fatalf("error = %v, want EINVALID", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(res) // fails on NaN and ±Inf
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			var text bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if s := string(js) + text.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
				t.Errorf("non-finite number in %s\n%s", js, text.String())
			}
			for _, v := range []float64{res.KrippendorffAlpha, res.PercentAgreement, res.AlphaCI.Lower, res.AlphaCI.Upper} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v > 100 {
					t.Errorf("bad number %v in %s", v, js)
				}
			}
		})
	}
}

func TestPercentAgreement(t *testing.T) {
	tests := []struct {
		name string
		r    *stats.Ratings
		want float64
	}{
		// Units: 1 of 1 pair agrees; 1 of 3 pairs; 3 of 3; 0 of 1. Mean of
		// (1, 1/3, 1, 0) = 7/12. The unit with one value is not pairable.
		{"MeanOverPairableUnits", agrTable([]string{"A", "B", "C"}, "a a .", "a a b", "b b b", "a . b", ". . a"), 100 * 7.0 / 12},
		{"TwoCodersShareOfUnits", agrTable([]string{"A", "B"}, "1 1", "1 2", "2 2", "2 ."), 100 * 2.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stats.PercentAgreement(tt.r)
			if err != nil || !agrClose(got, tt.want, 1e-12) {
				t.Errorf("PercentAgreement = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if _, err := stats.PercentAgreement(agrTable([]string{"A", "B"}, "1 .")); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Errorf("no pairable values: error %v, want EINVALID", err)
	}
}

// Agree's Fleiss' kappa, Cohen's kappa and Scott's pi agree with the
// stand-alone functions.
func TestAgreeMatchesStandAloneCoefficients(t *testing.T) {
	r := mustAgrReadFile(t, "two_coders.csv")
	res, err := stats.Agree(r, stats.Nominal, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, b := make([]string, len(r.Values)), make([]string, len(r.Values))
	for u, row := range r.Values {
		a[u], b[u] = row[0], row[1]
	}
	kappa, _ := stats.CohenKappa(a, b, stats.Unweighted, nil)
	pi, _ := stats.ScottPi(a, b)
	if res.CohenKappa == nil || *res.CohenKappa != kappa || res.ScottPi == nil || *res.ScottPi != pi {
		t.Errorf("Agree: kappa %v, pi %v; stand-alone %v, %v", res.CohenKappa, res.ScottPi, kappa, pi)
	}
	if res.FleissKappa != nil || !strings.Contains(res.FleissKappaReason, `unit "P-004/q1" has 1`) {
		t.Errorf("fleiss %v, reason %q; want nil, naming P-004/q1", res.FleissKappa, res.FleissKappaReason)
	}
}

// agrMillion returns a 1,000,000-unit × 3-coder table of five categories
// with about 70 % agreement and 2 % missing values.
func agrMillion() *stats.Ratings {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := []string{"1", "2", "3", "4", "5"}
	r := &stats.Ratings{Coders: []string{"A", "B", "C"}, Values: make([][]string, 1_000_000)}
	cells := make([]string, 3*len(r.Values))
	for u := range r.Values {
		truth := rng.IntN(5)
		row := cells[3*u : 3*u+3 : 3*u+3]
		for c := range row {
			v := truth
			if rng.Float64() < 0.3 {
				v = rng.IntN(5)
			}
			if rng.Float64() >= 0.02 {
				row[c] = vals[v]
			}
		}
		r.Values[u] = row
	}
	return r
}

// BenchmarkAgreeMillion runs Agree, bootstrap included, on a
// 1,000,000-unit × 3-coder table.
func BenchmarkAgreeMillion(b *testing.B) {
	r := agrMillion()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stats.Agree(r, stats.Ordinal, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAlphaMillion computes alpha alone on the same table.
func BenchmarkAlphaMillion(b *testing.B) {
	r := agrMillion()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stats.KrippendorffAlpha(r, stats.Nominal); err != nil {
			b.Fatal(err)
		}
	}
}

// A two-coder table read from CSV, summarised as text.
func ExampleAgree() {
	csv := "unit,ana,ben\n1,yes,yes\n2,no,no\n3,yes,no\n4,no,no\n5,yes,yes\n6,,no\n"
	r, err := stats.ReadRatings(strings.NewReader(csv), "example.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := stats.Agree(r, stats.Nominal, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha %.3f, kappa %.3f, %.0f%% agreement\n", res.KrippendorffAlpha, *res.CohenKappa, res.PercentAgreement)
	// Output:
	// alpha 0.640, kappa 0.615, 80% agreement
}
