package stats_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// mustAgrKappaTable runs CohenKappaTable and fails the test on error.
func mustAgrKappaTable(tb testing.TB, table [][]int, w stats.Weights) float64 {
	tb.Helper()
	k, err := stats.CohenKappaTable(table, w)
	if err != nil {
		tb.Fatalf("CohenKappaTable(%v): %v", table, err)
	}
	return k
}

// agrPairs expands a K×K table of counts into two coders' values "0".."K−1".
func agrPairs(table [][]int) (a, b []string) {
	for i, row := range table {
		for j, n := range row {
			for range n {
				a, b = append(a, strconv.Itoa(i)), append(b, strconv.Itoa(j))
			}
		}
	}
	return a, b
}

func TestCohenKappaPublishedExamples(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
		w     stats.Weights
		want  float64
		tol   float64
	}{
		// Cohen (1960), Educational and Psychological Measurement 20:37–46,
		// p. 45: 200 units, p_o = .70, p_e = .41, κ = .492.
		{"Cohen1960", [][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}, stats.Unweighted, 0.29 / 0.59, 1e-12},
		// Wikipedia, "Cohen's kappa", worked example: 50 grant proposals,
		// Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15: p_o = .7, p_e = .5, κ = .4.
		{"Wikipedia50Proposals", [][]int{{20, 5}, {10, 15}}, stats.Unweighted, 0.4, 1e-12},
		// SAS PROC FREQ output for this table, kept as a reference in
		// statsmodels' test_inter_rater.py: simple kappa .4842, weighted
		// kappa (Cicchetti–Allison, i.e. linear, scores 0, 1, 2) .4701.
		{"SASSimple", [][]int{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}, stats.Unweighted, 0.4842, 0.00005},
		{"SASLinear", [][]int{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}, stats.LinearWeights, 0.4701, 0.00005},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustAgrKappaTable(t, tt.table, tt.w); !agrClose(got, tt.want, tt.tol) {
				t.Errorf("table kappa = %.6f, want %.6f", got, tt.want)
			}
			a, b := agrPairs(tt.table)
			got, err := stats.CohenKappa(a, b, tt.w, nil)
			if err != nil || !agrClose(got, tt.want, tt.tol) {
				t.Errorf("paired kappa = %.6f, %v; want %.6f", got, err, tt.want)
			}
		})
	}
}

// R irr's anxiety data set (20 subjects; raters 2 and 3 here) and the
// values irr::kappa2 gives for them, as recorded in statsmodels'
// test_inter_rater.py: unweighted −0.006289308, "equal" (linear) weights
// 0.1459075, "squared" (quadratic) weights 0.2520325. irr ranks the five
// values present (1, 2, 3, 4, 6), as CohenKappa does without an order.
func TestCohenKappaReproducesIrrAnxiety(t *testing.T) {
	rater2 := strings.Fields("3 6 4 6 2 4 2 4 3 3 2 3 3 3 2 2 1 3 3 4")
	rater3 := strings.Fields("2 1 4 4 3 2 1 6 1 1 1 2 3 3 1 1 3 3 2 2")
	for w, want := range map[stats.Weights]float64{
		stats.Unweighted:       -0.006289308,
		stats.LinearWeights:    0.1459075,
		stats.QuadraticWeights: 0.2520325,
	} {
		got, err := stats.CohenKappa(rater2, rater3, w, nil)
		if err != nil || !agrClose(got, want, 5e-7) {
			t.Errorf("weights %d: kappa = %.9f, %v; want %.7f", w, got, err, want)
		}
	}
	// An explicit order with an unused category changes the linear
	// weights: 6 is now two steps from 4.
	withFive, err := stats.CohenKappa(rater2, rater3, stats.LinearWeights, []string{"1", "2", "3", "4", "5", "6"})
	if err != nil || agrClose(withFive, 0.1459075, 1e-4) {
		t.Errorf("kappa with category 5 = %v, %v; want a different value", withFive, err)
	}
}

// agrBruteWeightedKappa is weighted kappa by its definition, looping over
// all cells.
func agrBruteWeightedKappa(table [][]int, w stats.Weights) float64 {
	k := len(table)
	weight := func(i, j int) float64 {
		d := math.Abs(float64(i-j)) / float64(k-1)
		switch w {
		case stats.LinearWeights:
			return 1 - d
		case stats.QuadraticWeights:
			return 1 - d*d
		}
		if i == j {
			return 1
		}
		return 0
	}
	rows, cols := make([]float64, k), make([]float64, k)
	var n, po float64
	for i := range k {
		for j := range k {
			v := float64(table[i][j])
			rows[i] += v
			cols[j] += v
			n += v
			po += weight(i, j) * v
		}
	}
	var pe float64
	for i := range k {
		for j := range k {
			pe += weight(i, j) * rows[i] * cols[j]
		}
	}
	po, pe = po/n, pe/(n*n)
	return (po - pe) / (1 - pe)
}

// The chance agreement of weighted kappa is computed in linear time; it
// must match the quadratic loop of the definition.
func TestCohenKappaMatchesDefinitionOnRandomTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(1968, 1))
	for trial := range 300 {
		k := 2 + rng.IntN(7)
		table := make([][]int, k)
		for i := range table {
			table[i] = make([]int, k)
			for j := range table[i] {
				table[i][j] = rng.IntN(12)
			}
			table[i][i] += rng.IntN(20)
		}
		for _, w := range []stats.Weights{stats.Unweighted, stats.LinearWeights, stats.QuadraticWeights} {
			got := mustAgrKappaTable(t, table, w)
			if want := agrBruteWeightedKappa(table, w); !agrClose(got, want, 1e-12) {
				t.Fatalf("trial %d, weights %d: kappa = %.15f, definition %.15f for %v", trial, w, got, want, table)
			}
		}
	}
}

// Krippendorff (1995), Sociological Methodology 25, p. 57, example A
// (Bertha and Bill, digitised into 24 positions) reports κ = .385, π = .314
// and α = .329; the values below are those positions as given in DKPro
// Statistics' Krippendorff1995Test.
func TestKappaPiAndAlphaReproduceKrippendorff1995(t *testing.T) {
	a := strings.Fields("0 0 1 1 1 1 1 1 1 1 0 0 0 0 1 1 1 1 1 1 0 0 0 0")
	b := strings.Fields("0 0 0 0 1 1 1 1 0 0 0 0 0 0 0 1 1 0 0 0 0 0 0 0")
	kappa, err := stats.CohenKappa(a, b, stats.Unweighted, nil)
	if err != nil || !agrClose(kappa, 0.385, 0.0005) {
		t.Errorf("kappa = %.4f, %v; want .385", kappa, err)
	}
	pi, err := stats.ScottPi(a, b)
	if err != nil || !agrClose(pi, 0.314, 0.0005) {
		t.Errorf("pi = %.4f, %v; want .314", pi, err)
	}
	r := &stats.Ratings{Coders: []string{"Bertha", "Bill"}}
	for i := range a {
		r.Values = append(r.Values, []string{a[i], b[i]})
	}
	if alpha := mustAgrAlpha(t, r, stats.Nominal); !agrClose(alpha, 0.329, 0.0005) {
		t.Errorf("alpha = %.4f, want .329", alpha)
	}
}

// Scott's pi for the Wikipedia example by hand: pooled shares of Yes .55
// and No .45 give p_e = .505, and π = (.7 − .505)/.495 = 13/33.
func TestScottPiByHand(t *testing.T) {
	a, b := agrPairs([][]int{{20, 5}, {10, 15}})
	a = append(a, "", "1")
	b = append(b, "0", "") // units missing a value are left out
	got, err := stats.ScottPi(a, b)
	if err != nil || !agrClose(got, 13.0/33, 1e-12) {
		t.Errorf("pi = %v, %v; want 13/33", got, err)
	}
}

func TestCohenKappaErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"ErrEmptyTable", func() error { _, err := stats.CohenKappaTable(nil, stats.Unweighted); return err }, "empty"},
		{"ErrNotSquare", func() error { _, err := stats.CohenKappaTable([][]int{{1, 2}, {3}}, stats.Unweighted); return err }, "must be 2×2"},
		{"ErrNegative", func() error { _, err := stats.CohenKappaTable([][]int{{1, -2}, {3, 4}}, stats.Unweighted); return err }, "negative"},
		{"ErrNoUnits", func() error { _, err := stats.CohenKappaTable([][]int{{0, 0}, {0, 0}}, stats.Unweighted); return err }, "no units"},
		{"ErrOneCategory", func() error {
			_, err := stats.CohenKappaTable([][]int{{5, 0}, {0, 0}}, stats.QuadraticWeights)
			return err
		}, "no variation"},
		{"ErrUnequalLengths", func() error {
			_, err := stats.CohenKappa([]string{"a"}, []string{"a", "b"}, stats.Unweighted, nil)
			return err
		}, "rated 1 and 2 units"},
		{"ErrNoPairs", func() error {
			_, err := stats.CohenKappa([]string{"a", ""}, []string{"", "b"}, stats.Unweighted, nil)
			return err
		}, "no unit has values from both"},
		{"ErrWeightedText", func() error {
			_, err := stats.CohenKappa([]string{"low", "high"}, []string{"low", "low"}, stats.LinearWeights, nil)
			return err
		}, "give the order"},
		{"ErrNotInOrder", func() error {
			_, err := stats.CohenKappa([]string{"low", "mid"}, []string{"low", "low"}, stats.LinearWeights, []string{"low", "high"})
			return err
		}, `value "mid" of unit 2`},
		{"ErrUnknownWeights", func() error { _, err := stats.CohenKappaTable([][]int{{1, 2}, {3, 4}}, stats.Weights(3)); return err }, "unknown weights"},
		{"ErrScottSingleValue", func() error { _, err := stats.ScottPi([]string{"a", "a"}, []string{"a", "a"}); return err }, "no variation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

// agrFleiss1971 is Table 1 of Fleiss (1971), Psychological Bulletin 76:
// 378–382: 30 patients, each diagnosed by 6 of the psychiatrists, counts per
// category (depression, personality disorder, schizophrenia, neurosis,
// other). Taken from the quadagree R package's data_raw/fleiss1971.csv
// ("scraped by hand from Fleiss (1971)"); TestFleissKappaReproducesFleiss1971
// checks it against the independent rater-level copy below.
var agrFleiss1971 = [][]int{
	{0, 0, 0, 6, 0}, {0, 3, 0, 0, 3}, {0, 1, 4, 0, 1}, {0, 0, 0, 0, 6}, {0, 3, 0, 3, 0},
	{2, 0, 4, 0, 0}, {0, 0, 4, 0, 2}, {2, 0, 3, 1, 0}, {2, 0, 0, 4, 0}, {0, 0, 0, 0, 6},
	{1, 0, 0, 5, 0}, {1, 1, 0, 4, 0}, {0, 3, 3, 0, 0}, {1, 0, 0, 5, 0}, {0, 2, 0, 3, 1},
	{0, 0, 5, 0, 1}, {3, 0, 0, 1, 2}, {5, 1, 0, 0, 0}, {0, 2, 0, 4, 0}, {1, 0, 2, 0, 3},
	{0, 0, 0, 0, 6}, {0, 1, 0, 5, 0}, {0, 2, 0, 1, 3}, {2, 0, 0, 4, 0}, {1, 0, 0, 4, 1},
	{0, 5, 0, 1, 0}, {4, 0, 0, 0, 2}, {0, 2, 0, 4, 0}, {1, 0, 5, 0, 0}, {0, 0, 0, 0, 6},
}

// agrDiagnoses is R irr's diagnoses data set (the same study, one row per
// patient, one column per rater, 1–5 coding the categories in the order
// above), as copied into statsmodels' test_inter_rater.py.
var agrDiagnoses = []string{
	"4 4 4 4 4 4", "2 2 2 5 5 5", "2 3 3 3 3 5", "5 5 5 5 5 5", "2 2 2 4 4 4",
	"1 1 3 3 3 3", "3 3 3 3 5 5", "1 1 3 3 3 4", "1 1 4 4 4 4", "5 5 5 5 5 5",
	"1 4 4 4 4 4", "1 2 4 4 4 4", "2 2 2 3 3 3", "1 4 4 4 4 4", "2 2 4 4 4 5",
	"3 3 3 3 3 5", "1 1 1 4 5 5", "1 1 1 1 1 2", "2 2 4 4 4 4", "1 3 3 5 5 5",
	"5 5 5 5 5 5", "2 4 4 4 4 4", "2 2 4 5 5 5", "1 1 4 4 4 4", "1 4 4 4 4 5",
	"2 2 2 2 2 4", "1 1 1 1 5 5", "2 2 4 4 4 4", "1 3 3 3 3 3", "5 5 5 5 5 5",
}

// Fleiss (1971) reports κ = .430 for his Table 1; R irr's kappam.fleiss
// gives 0.4302445 (recorded in statsmodels' tests).
func TestFleissKappaReproducesFleiss1971(t *testing.T) {
	r := agrTable([]string{"r1", "r2", "r3", "r4", "r5", "r6"}, agrDiagnoses...)
	for i, row := range r.Values {
		counts := make([]int, 5)
		for _, v := range row {
			c, _ := strconv.Atoi(v)
			counts[c-1]++
		}
		if !slices.Equal(counts, agrFleiss1971[i]) {
			t.Fatalf("patient %d: rater-level data count %v, Table 1 has %v", i+1, counts, agrFleiss1971[i])
		}
	}
	got, err := stats.FleissKappa(agrFleiss1971)
	if err != nil || !agrClose(got, 0.4302445, 5e-8) {
		t.Errorf("FleissKappa = %.8f, %v; want 0.4302445", got, err)
	}
	res, err := stats.Agree(r, stats.Nominal, 1)
	if err != nil || res.FleissKappa == nil || !agrClose(*res.FleissKappa, 0.4302445, 5e-8) {
		t.Fatalf("Agree fleiss_kappa = %v, %v; want 0.4302445", res, err)
	}
	if res.CohenKappa != nil || res.ScottPi != nil {
		t.Errorf("six coders: cohen %v, scott %v; want both nil", res.CohenKappa, res.ScottPi)
	}
}

// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5
// categories, κ = 0.210 (also statsmodels' test_fleiss_kappa).
func TestFleissKappaReproducesWikipediaExample(t *testing.T) {
	table := [][]int{
		{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
	}
	if got, err := stats.FleissKappa(table); err != nil || !agrClose(got, 0.210, 0.0005) {
		t.Errorf("FleissKappa = %.4f, %v; want 0.210", got, err)
	}
}

func TestFleissKappaErrors(t *testing.T) {
	tests := []struct {
		name   string
		counts [][]int
		want   string
	}{
		{"ErrEmpty", nil, "empty"},
		{"ErrUnequalRatings", [][]int{{3, 0}, {1, 1}}, "subject 1 has 3, subject 2 has 2"},
		{"ErrRagged", [][]int{{1, 1}, {2}}, "subject 2 has 1 categories"},
		{"ErrNegative", [][]int{{3, -1}, {1, 1}}, "negative"},
		{"ErrOneRating", [][]int{{1, 0}, {0, 1}}, "at least two ratings"},
		{"ErrOneCategory", [][]int{{2, 0}, {2, 0}}, "no variation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.FleissKappa(tt.counts)
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}
