package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ownwords/internal/rtest"
	"ownwords/stats"
)

// demoReligionGender is the demo study's religious background × gender
// table (team audience, reference plan), from issue 19: chi-square gives
// p = 0.081, R's fisher.test(x) p = 0.05008.
var demoReligionGender = [][]int{{161, 28}, {4, 3}, {14, 5}, {1, 0}, {2, 2}}

// demoCountryEthnicity is the demo's largest table (country × ethnicity,
// 37 × 42, N = 220): far beyond exact enumeration (R's fisher.test fails
// for want of workspace), so the Monte Carlo fallback answers.
func demoCountryEthnicity() [][]int {
	// Built from its non-zero cells (row, column, count) to keep the file
	// short; the zero cells do not change any test.
	cells := [][3]int{{0, 1, 1}, {1, 11, 1}, {1, 18, 1}, {2, 8, 2}, {3, 5, 2}, {4, 21, 6}, {4, 33, 1}, {5, 7, 6},
		{6, 9, 1}, {7, 23, 1}, {7, 35, 1}, {8, 9, 2}, {9, 37, 1}, {10, 2, 4}, {10, 21, 1}, {10, 28, 1}, {10, 38, 3},
		{11, 15, 2}, {12, 1, 1}, {12, 8, 1}, {12, 18, 1}, {12, 29, 3}, {12, 39, 3}, {13, 3, 44}, {13, 16, 3}, {13, 30, 6},
		{14, 21, 1}, {15, 3, 1}, {15, 23, 1}, {16, 14, 3}, {17, 1, 4}, {18, 17, 1}, {18, 31, 1}, {19, 18, 1}, {20, 19, 2},
		{21, 21, 3}, {22, 21, 3}, {22, 36, 2}, {23, 1, 1}, {23, 20, 1}, {24, 25, 1}, {24, 40, 1}, {25, 4, 2}, {25, 8, 4},
		{25, 13, 1}, {25, 24, 1}, {25, 27, 2}, {26, 3, 2}, {27, 21, 1}, {28, 10, 1}, {28, 16, 1}, {28, 25, 1}, {28, 41, 1},
		{29, 3, 39}, {29, 16, 4}, {29, 30, 2}, {30, 26, 3}, {31, 12, 1}, {32, 28, 6}, {33, 16, 1}, {33, 29, 3}, {34, 0, 1},
		{34, 6, 2}, {34, 22, 3}, {34, 25, 1}, {34, 34, 1}, {35, 25, 1}, {35, 32, 2}, {36, 31, 7}}
	t := make([][]int, 37)
	for i := range t {
		t[i] = make([]int, 42)
	}
	for _, c := range cells {
		t[c[0]][c[1]] = c[2]
	}
	return t
}

func mustFisherRxC(tb testing.TB, table [][]int, opts stats.FisherOptions) stats.FisherRC {
	tb.Helper()
	r, err := stats.FisherRxC(table, opts)
	if err != nil {
		tb.Fatalf("FisherRxC(%v): %v", table, err)
	}
	return r
}

// Reference values: R's fisher.test documentation and the demo
// table. Job satisfaction by income (Agresti 2002, Categorical Data
// Analysis, Table 2.8; R's ?fisher.test example, p = 0.7827); the tea
// tasting table (34/70, see TestFisherExactRDocumentation); Fisher's
// (1962) convictions of twins, p = 0.0005367 (fisher.test(Convictions)).
func TestFisherRxCReference(t *testing.T) {
	for _, c := range []struct {
		name  string
		table [][]int
		want  float64
		tol   float64
	}{
		{"JobSatisfaction", [][]int{{1, 3, 10, 6}, {2, 3, 10, 7}, {1, 6, 14, 12}, {0, 1, 9, 11}}, 0.782684938965639, 1e-9},
		{"TeaTasting", [][]int{{3, 1}, {1, 3}}, 34.0 / 70, 1e-12},
		{"Convictions", [][]int{{2, 15}, {10, 3}}, 0.000536724119143, 1e-12},
		{"DemoReligionGender", demoReligionGender, 0.05008, 5e-6},
		// Empty rows and columns are dropped; one non-empty column is a
		// single arrangement.
		{"EmptyRowAndColumn", [][]int{{3, 0, 1}, {0, 0, 0}, {1, 0, 3}}, 34.0 / 70, 1e-12},
		{"OneColumn", [][]int{{3, 0}, {4, 0}}, 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := mustFisherRxC(t, c.table, stats.FisherOptions{})
			if r.Method != stats.FisherMethodExact || math.Abs(r.P-c.want) > c.tol {
				t.Errorf("p = %.12g (%s), want %.12g ± %g (exact)", r.P, r.Method, c.want, c.tol)
			}
			// The same table gives the same bits every time (a report is
			// compared byte for byte with itself).
			for range 5 {
				if again := mustFisherRxC(t, c.table, stats.FisherOptions{}); again.P != r.P {
					t.Fatalf("p = %v, then %v", r.P, again.P)
				}
			}
		})
	}
}

// The r×c network agrees with the 2×2 hypergeometric sum on every 2×2
// table with margins up to 12, ties included (symmetric margins give
// tables of equal probability, which R's relErr counts as extreme).
func TestFisherRxCMatches2x2(t *testing.T) {
	for a := 0; a <= 6; a++ {
		for b := 0; b <= 6; b++ {
			for c := 0; c <= 6; c++ {
				for d := 0; d <= 6; d++ {
					want := mustTabFisher(t, [2][2]int{{a, b}, {c, d}}).TwoSided
					got := mustFisherRxC(t, [][]int{{a, b}, {c, d}}, stats.FisherOptions{}).P
					if math.Abs(got-want) > 1e-12 {
						t.Fatalf("[[%d %d] [%d %d]]: r×c p = %.15g, 2×2 p = %.15g", a, b, c, d, got, want)
					}
				}
			}
		}
	}
}

// Properties on random tables: p in [0, 1]; the same under transposition
// and under permuting rows and columns; the observed table alone when it
// is the only one with its margins (p = 1).
func TestFisherRxCProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 1))
	for n := range 200 {
		table := randomTable(rng, 2+rng.IntN(3), 2+rng.IntN(3), 1+rng.IntN(25))
		p := mustFisherRxC(t, table, stats.FisherOptions{}).P
		if p < 0 || p > 1 || math.IsNaN(p) {
			t.Fatalf("#%d %v: p = %v outside [0, 1]", n, table, p)
		}
		tr := mustFisherRxC(t, transpose(table), stats.FisherOptions{}).P
		perm := slicesReversed(table)
		pp := mustFisherRxC(t, perm, stats.FisherOptions{}).P
		if math.Abs(tr-p) > 1e-9 || math.Abs(pp-p) > 1e-9 {
			t.Fatalf("#%d %v: p = %.12g, transposed %.12g, rows reversed %.12g", n, table, p, tr, pp)
		}
	}
	// Margins (1, 1) × (1, 1): two tables, each of probability 1/2.
	if p := mustFisherRxC(t, [][]int{{1, 0}, {0, 1}}, stats.FisherOptions{}).P; math.Abs(p-1) > 1e-12 {
		t.Errorf("[[1 0] [0 1]]: p = %v, want 1", p)
	}
	if _, err := stats.FisherRxC([][]int{{1, -1}, {2, 3}}, stats.FisherOptions{}); err == nil {
		t.Error("a negative count was accepted")
	}
}

// The Monte Carlo fallback: forced on tables with a known exact p, it
// lands within 3 standard errors; the same seed gives the same estimate;
// and the demo's largest table, beyond the exact budget, falls back and
// says so.
func TestFisherRxCMonteCarlo(t *testing.T) {
	job := [][]int{{1, 3, 10, 6}, {2, 3, 10, 7}, {1, 6, 14, 12}, {0, 1, 9, 11}}
	for _, c := range []struct {
		table [][]int
		exact float64
	}{
		// N at most 30 per cell: tables dealt from a shuffle
		{job, 0.782684938965639},
		{demoReligionGender, 0.05008472144589},
		// N above: tables drawn cell by cell (Patefield); exact p from
		// the 2×2 hypergeometric sum and from the network
		{[][]int{{60, 40}, {45, 55}}, mustTabFisher(t, [2][2]int{{60, 40}, {45, 55}}).TwoSided},
		{[][]int{{60, 24, 100}, {40, 50, 80}}, mustFisherRxC(t, [][]int{{60, 24, 100}, {40, 50, 80}}, stats.FisherOptions{}).P},
	} {
		r := mustFisherRxC(t, c.table, stats.FisherOptions{MaxWork: -1})
		if r.Method != stats.FisherMethodMonteCarlo || r.SE == nil || r.Samples < 2000 || r.Seed == 0 {
			t.Fatalf("%v: %+v, want a seeded Monte Carlo estimate with its SE", c.table, r)
		}
		if math.Abs(r.P-c.exact) > 3**r.SE {
			t.Errorf("%v: Monte Carlo p = %.5f ± %.5f, exact %.5f: more than 3 SE apart", c.table, r.P, *r.SE, c.exact)
		}
		again := mustFisherRxC(t, c.table, stats.FisherOptions{MaxWork: -1})
		if again.P != r.P {
			t.Errorf("%v: same seed, different estimates %v and %v", c.table, r.P, again.P)
		}
	}
	big := mustFisherRxC(t, demoCountryEthnicity(), stats.FisherOptions{})
	if big.Method != stats.FisherMethodMonteCarlo || big.SE == nil {
		t.Errorf("country × ethnicity: %+v, want the Monte Carlo fallback", big)
	}
}

// Differential test against R: random tables, exact p-values to 1e-6.
func TestFisherRxCAgainstR(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 19))
	var tables [][][]int
	var script strings.Builder
	for len(tables) < 60 {
		// R refuses tables with fewer than two non-empty rows or columns
		table := compact(randomTable(rng, 2+rng.IntN(3), 2+rng.IntN(4), 2+rng.IntN(40)))
		if len(table) < 2 || len(table[0]) < 2 {
			continue
		}
		tables = append(tables, table)
		fmt.Fprintf(&script, "cat(format(fisher.test(%s)$p.value, digits = 15), \"\\n\")\n", rMatrix(table))
	}
	lines := strings.Fields(rtest.Run(t, script.String()))
	if len(lines) != len(tables) {
		t.Fatalf("R printed %d values for %d tables", len(lines), len(tables))
	}
	for i, table := range tables {
		want, err := strconv.ParseFloat(lines[i], 64)
		if err != nil {
			t.Fatal(err)
		}
		r := mustFisherRxC(t, table, stats.FisherOptions{})
		if r.Method != stats.FisherMethodExact || math.Abs(r.P-want) > 1e-6 {
			t.Errorf("%v: p = %.10g (%s), R %.10g", table, r.P, r.Method, want)
		}
	}
}

// Benchmarks of issue 19's target (≤ 100 ms): the demo's 5×2 table
// exactly, and its largest table (country × ethnicity, 37×42) by the
// budgeted enumeration and the Monte Carlo fallback together.
func BenchmarkFisherRxCDemoReligionGender(b *testing.B) {
	for b.Loop() {
		mustFisherRxC(b, demoReligionGender, stats.FisherOptions{})
	}
}

func BenchmarkFisherRxCDemoLargest(b *testing.B) {
	t := demoCountryEthnicity()
	for b.Loop() {
		mustFisherRxC(b, t, stats.FisherOptions{})
	}
}

// R's 4×4 job satisfaction example (N = 104): the heaviest exact table of
// the tests, for scale.
func BenchmarkFisherRxCJobSatisfaction(b *testing.B) {
	job := [][]int{{1, 3, 10, 6}, {2, 3, 10, 7}, {1, 6, 14, 12}, {0, 1, 9, 11}}
	for b.Loop() {
		mustFisherRxC(b, job, stats.FisherOptions{})
	}
}

// randomTable draws an r×c table of n counts with unequal cell weights,
// so that small and empty cells are common.
func randomTable(rng *rand.Rand, r, c, n int) [][]int {
	w := make([]float64, r*c)
	total := 0.0
	for i := range w {
		w[i] = rng.Float64() * rng.Float64()
		total += w[i]
	}
	t := make([][]int, r)
	for i := range t {
		t[i] = make([]int, c)
	}
	for range n {
		u := rng.Float64() * total
		k := 0
		for k < len(w)-1 && u >= w[k] {
			u -= w[k]
			k++
		}
		t[k/c][k%c]++
	}
	return t
}

// compact drops the empty rows and columns of t (nil when none is left).
func compact(t [][]int) [][]int {
	rows := dropEmptyRows(t)
	if len(rows) == 0 {
		return nil
	}
	return transpose(dropEmptyRows(transpose(rows)))
}

// dropEmptyRows returns the rows of t with a non-zero count.
func dropEmptyRows(t [][]int) [][]int {
	var out [][]int
	for _, r := range t {
		if slices.ContainsFunc(r, func(v int) bool { return v > 0 }) {
			out = append(out, r)
		}
	}
	return out
}

func transpose(t [][]int) [][]int {
	out := make([][]int, len(t[0]))
	for j := range out {
		out[j] = make([]int, len(t))
		for i := range t {
			out[j][i] = t[i][j]
		}
	}
	return out
}

func slicesReversed(t [][]int) [][]int {
	out := make([][]int, len(t))
	for i := range t {
		out[len(t)-1-i] = t[i]
	}
	return out
}

// rMatrix writes t as an R matrix (R fills by column).
func rMatrix(t [][]int) string {
	var v []string
	for j := range t[0] {
		for i := range t {
			v = append(v, strconv.Itoa(t[i][j]))
		}
	}
	return fmt.Sprintf("matrix(c(%s), %d)", strings.Join(v, ","), len(t))
}

// The Monte Carlo fallback against R's own, fisher.test(x, simulate.p.value
// = TRUE, B = 1e5): two estimates of one p-value, within 3 standard errors
// of their difference.
func TestFisherRxCMonteCarloAgainstR(t *testing.T) {
	tables := [][][]int{demoReligionGender, {{1, 3, 10, 6}, {2, 3, 10, 7}, {1, 6, 14, 12}, {0, 1, 9, 11}}}
	var script strings.Builder
	script.WriteString("set.seed(19)\n")
	for _, tb := range tables {
		fmt.Fprintf(&script, "cat(format(fisher.test(%s, simulate.p.value = TRUE, B = 1e5)$p.value, digits = 15), \"\\n\")\n", rMatrix(tb))
	}
	lines := strings.Fields(rtest.Run(t, script.String()))
	for i, tb := range tables {
		rp, err := strconv.ParseFloat(lines[i], 64)
		if err != nil {
			t.Fatal(err)
		}
		r := mustFisherRxC(t, tb, stats.FisherOptions{MaxWork: -1})
		se := math.Sqrt(*r.SE**r.SE + rp*(1-rp)/1e5)
		if math.Abs(r.P-rp) > 3*se {
			t.Errorf("%v: Monte Carlo p = %.5f, R's %.5f: more than 3 SE (%.5f) apart", tb, r.P, rp, se)
		}
	}
}
