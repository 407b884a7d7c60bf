package stats

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/internal/rtest"
)

// readInfert reads testdata/infert.csv: R's datasets::infert (Trichopoulos
// et al. 1976, "Induced abortion and secondary infertility", Br J Obstet
// Gynaecol 83:645–650), written by write.csv from R 4.2.2.
func readInfert(t *testing.T) (rows []map[string]string) {
	t.Helper()
	f, err := os.Open("testdata/infert.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestLogisticInfert checks the fit against the example of R's ?infert
// help page, glm(case ~ spontaneous + induced, family = binomial()), whose
// summary is printed in R's documentation and reproduced in many texts:
// estimates −1.7079, 1.1972, 0.4181, standard errors 0.2677, 0.2116,
// 0.2056, z −6.380, 5.657, 2.033, null deviance 316.17 on 247 df,
// residual deviance 279.61 on 245 df, AIC 285.61 — to the digits printed.
func TestLogisticInfert(t *testing.T) {
	var x [][]float64
	var y []bool
	for _, r := range readInfert(t) {
		x = append(x, []float64{num(t, r["spontaneous"]), num(t, r["induced"])})
		y = append(y, r["case"] == "1")
	}
	fit, err := FitLogistic(x, y, []string{"spontaneous", "induced"}, LogisticOptions{Interval: IntervalWald})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ est, se, z float64 }{{-1.7079, 0.2677, -6.380}, {1.1972, 0.2116, 5.657}, {0.4181, 0.2056, 2.033}}
	for j, w := range want {
		c := fit.Coefficients[j]
		if math.Abs(c.Estimate-w.est) > 5e-5 || math.Abs(c.SE-w.se) > 5e-5 || math.Abs(c.Z-w.z) > 5e-4 {
			t.Errorf("%s: got %.5f (%.5f) z %.4f, want %.4f (%.4f) z %.3f", c.Term, c.Estimate, c.SE, c.Z, w.est, w.se, w.z)
		}
		if lo := c.Estimate - 1.959963984540054*c.SE; math.Abs(*c.Low-lo) > 1e-12 {
			t.Errorf("%s: Wald low %v, want %v", c.Term, *c.Low, lo)
		}
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"null deviance", fit.NullDeviance, 316.17}, {"deviance", fit.Deviance, 279.61}, {"AIC", fit.AIC, 285.61}} {
		if math.Abs(c.got-c.want) > 5e-3 {
			t.Errorf("%s = %.4f, want %.2f", c.name, c.got, c.want)
		}
	}
	if fit.DFNull != 247 || fit.DFResidual != 245 || fit.N != 248 || fit.Events != 83 {
		t.Errorf("df %d/%d, n %d, events %d; want 247/245, 248, 83", fit.DFNull, fit.DFResidual, fit.N, fit.Events)
	}
	if p := fit.Coefficients[2].P; math.Abs(p-0.042) > 5e-4 {
		t.Errorf("p(induced) = %v, want 0.042", p)
	}
}

// lgRandomData draws a data set: a three-level factor g (levels a, b, c),
// a numeric x and an integer k, with outcome probability from a logistic
// model whose coefficients are drawn too.
func lgRandomData(r *rand.Rand, n int) (x [][]float64, y []bool, csvText string) {
	b := []float64{r.NormFloat64(), r.NormFloat64(), r.NormFloat64(), r.NormFloat64() / 2, r.NormFloat64() / 4}
	var sb strings.Builder
	sb.WriteString("g,x,k,y\n")
	for range n {
		g := []string{"a", "b", "c"}[r.IntN(3)]
		xv := math.Round(r.NormFloat64()*1e4) / 1e4
		k := float64(r.IntN(7))
		row := []float64{0, 0, xv, k}
		switch g {
		case "b":
			row[0] = 1
		case "c":
			row[1] = 1
		}
		eta := b[0] + b[1]*row[0] + b[2]*row[1] + b[3]*xv + b[4]*k
		yv := r.Float64() < 1/(1+math.Exp(-eta))
		x = append(x, row)
		y = append(y, yv)
		yi := 0
		if yv {
			yi = 1
		}
		fmt.Fprintf(&sb, "%s,%v,%v,%d\n", g, xv, k, yi)
	}
	return x, y, sb.String()
}

// TestLogisticAgainstR compares random fits with R's glm(family =
// binomial), converged tightly (epsilon 1e-14): estimates, standard errors
// and deviances to 1e-6, and the profile-likelihood bounds with R's own
// profile — the deviance of glm.fit with the coefficient held by an
// offset — solved by uniroot to 1e-12 (R 4.2's confint needs MASS, which
// r-base-core lacks, and interpolates a spline on a grid; its bounds agree
// with these to about 1e-4).
func TestLogisticAgainstR(t *testing.T) {
	rtest.Rscript(t)
	r := rand.New(rand.NewPCG(19, 4))
	compared := 0
	defer func() {
		if compared < 4 {
			t.Errorf("only %d of 6 random data sets were fitted and compared", compared)
		}
	}()
	for trial := range 6 {
		n := 60 + r.IntN(300)
		x, y, data := lgRandomData(r, n)
		fit, err := FitLogistic(x, y, []string{"gb", "gc", "x", "k"}, LogisticOptions{})
		var sep *SeparationError
		if errors.As(err, &sep) {
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		script := `d <- read.csv(text = "` + data + `")
d$g <- factor(d$g, levels = c("a", "b", "c"))
X <- model.matrix(~ g + x + k, d)
ctl <- glm.control(epsilon = 1e-15, maxit = 200)
f <- glm(y ~ g + x + k, data = d, family = binomial(), control = ctl)
s <- coef(summary(f))
q <- qchisq(0.95, 1)
prof <- function(j, b) glm.fit(X[, -j, drop = FALSE], d$y, family = binomial(), offset = b * X[, j], control = ctl)$deviance - deviance(f) - q
for (j in 1:ncol(X)) {
  bh <- s[j, 1]; se <- s[j, 2]
  lo <- uniroot(function(b) prof(j, b), c(bh - 30 * se, bh), tol = 1e-13)$root
  hi <- uniroot(function(b) prof(j, b), c(bh, bh + 30 * se), tol = 1e-13)$root
  cat(sprintf("%.17g %.17g %.17g %.17g\n", s[j, 1], s[j, 2], lo, hi))
}
cat(sprintf("%.17g %.17g %.17g\n", deviance(f), f$null.deviance, AIC(f)))
`
		compared++
		lines := strings.Split(strings.TrimSpace(rtest.Run(t, script)), "\n")
		if len(lines) != 6 {
			t.Fatalf("trial %d: R printed %q", trial, lines)
		}
		for j, c := range fit.Coefficients {
			var est, se, lo, hi float64
			fmt.Sscan(lines[j], &est, &se, &lo, &hi)
			for _, cmp := range []struct {
				what      string
				got, want float64
			}{{"estimate", c.Estimate, est}, {"SE", c.SE, se}, {"profile low", *c.Low, lo}, {"profile high", *c.High, hi}} {
				if math.Abs(cmp.got-cmp.want) > 1e-6 {
					t.Errorf("trial %d (n %d) %s %s: got %.10g, R %.10g", trial, n, c.Term, cmp.what, cmp.got, cmp.want)
				}
			}
		}
		var dev, null, aic float64
		fmt.Sscan(lines[5], &dev, &null, &aic)
		if math.Abs(fit.Deviance-dev) > 1e-6 || math.Abs(fit.NullDeviance-null) > 1e-6 || math.Abs(fit.AIC-aic) > 1e-6 {
			t.Errorf("trial %d: deviance %v null %v AIC %v; R %v %v %v", trial, fit.Deviance, fit.NullDeviance, fit.AIC, dev, null, aic)
		}
	}
}

// TestLogisticSeparation: complete and quasi-complete separation are
// refused with the diverging terms named, while data close to them (one
// participant crossing over) is fitted.
func TestLogisticSeparation(t *testing.T) {
	tests := []struct {
		name  string
		x     [][]float64
		y     []bool
		terms []string // nil: fits
	}{
		{"complete on a number", [][]float64{{1}, {2}, {3}, {4}, {5}, {6}}, []bool{false, false, false, true, true, true}, []string{"x"}},
		{"quasi-complete on a number", [][]float64{{1}, {2}, {3}, {3}, {4}, {5}}, []bool{false, false, false, true, true, true}, []string{"x"}},
		{"overlap", [][]float64{{1}, {2}, {4}, {3}, {5}, {6}}, []bool{false, false, false, true, true, true}, nil},
		// a level everybody in it has the outcome, beside an ordinary
		// predictor: quasi-complete, only that level diverges
		{"quasi-complete on a level", [][]float64{{1, 0.5}, {1, 1.5}, {1, 2.5}, {0, 1}, {0, 2}, {0, 3}, {0, 1}, {0, 2}, {0, 3}, {0, 2}},
			[]bool{true, true, true, false, true, false, true, false, true, false}, []string{"level"}},
		// separated by x1 + x2 > 0 though neither alone separates
		{"complete on a combination", [][]float64{{-2, 3}, {2, -1}, {1, 0}, {-1, 2}, {0, 2}, {3, -4}, {-2, 1}, {1, -2}, {0, -1}, {2, -3}},
			[]bool{true, true, true, true, true, false, false, false, false, false}, []string{"level", "x"}}, // sorted
		{"level with both outcomes", [][]float64{{1, 0.5}, {1, 1.5}, {1, 2.5}, {0, 1}, {0, 2}, {0, 3}, {0, 1}, {0, 2}, {0, 3}, {0, 2}},
			[]bool{true, false, true, false, true, false, true, false, true, false}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			names := []string{"x"}
			if len(tc.x[0]) == 2 {
				names = []string{"level", "x"}
			}
			fit, err := FitLogistic(tc.x, tc.y, names, LogisticOptions{})
			var sep *SeparationError
			switch {
			case tc.terms == nil && err != nil:
				t.Fatalf("want a fit, got %v", err)
			case tc.terms == nil:
				if fit.Coefficients[1].Low == nil && fit.Coefficients[1].High == nil {
					t.Errorf("no profile bounds at all: %v", fit)
				}
			case !errors.As(err, &sep):
				t.Fatalf("want a SeparationError, got %v, %v", fit, err)
			case !slices.Equal(slices.Sorted(slices.Values(sep.Terms)), tc.terms):
				t.Errorf("diverged terms %v, want %v", sep.Terms, tc.terms)
			}
		})
	}
}

// TestLogisticInvalid: input the fit refuses, each with EINVALID.
func TestLogisticInvalid(t *testing.T) {
	tests := []struct {
		name  string
		x     [][]float64
		y     []bool
		names []string
		want  string
	}{
		{"one outcome", [][]float64{{1}, {2}, {3}}, []bool{true, true, true}, []string{"x"}, "same outcome"},
		{"collinear", [][]float64{{1, 2}, {2, 4}, {3, 6}, {4, 8}, {1, 2}, {3, 6}}, []bool{true, false, true, false, false, true}, []string{"x", "2x"}, "2x is a linear combination"},
		{"constant", [][]float64{{1}, {1}, {1}, {1}}, []bool{true, false, true, false}, []string{"c"}, "c is a linear combination"},
		{"ragged", [][]float64{{1}, {1, 2}}, []bool{true, false}, []string{"x"}, "row 2"},
		{"too few", [][]float64{{1}, {2}}, []bool{true, false}, []string{"x"}, "2 participants for 2 parameters"},
		{"not finite", [][]float64{{1}, {math.NaN()}, {2}, {3}}, []bool{true, false, true, false}, []string{"x"}, "not a finite number"},
	}
	for _, tc := range tests {
		_, err := FitLogistic(tc.x, tc.y, tc.names, LogisticOptions{})
		if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want EINVALID with %q", tc.name, err, tc.want)
		}
	}
}

// BenchmarkLogistic fits, with profile intervals, a model of 20,000
// participants on a three-level factor, a number and an integer: the
// issue's bound is 1 s.
func BenchmarkLogistic(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x, y, _ := lgRandomData(r, 20000)
	for b.Loop() {
		if _, err := FitLogistic(x, y, []string{"gb", "gc", "x", "k"}, LogisticOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLogisticSeparationOracle compares the separation verdict with exact
// oracles on random small data sets where the answer is known by
// counting. One number with an intercept: the outcome is separated
// exactly when the numbers of the participants without it all lie at or
// below those with it, or all at or above (equality: quasi-complete). One
// factor with a level for every indicator: separated exactly when a level
// has only participants with the outcome or only without. Ties and small
// groups make both common, and the fit must tell them apart every time.
func TestLogisticSeparationOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 19))
	var seps, fits int
	for trial := range 400 {
		n := 4 + r.IntN(14)
		var x [][]float64
		var y []bool
		factor := trial%2 == 1
		levels := 2 + r.IntN(2)
		for range n {
			yv := r.IntN(2) == 1
			if factor {
				lv := r.IntN(levels)
				row := make([]float64, levels-1)
				if lv > 0 {
					row[lv-1] = 1
				}
				x = append(x, row)
			} else {
				// the outcome tends to go with larger numbers
				v := float64(r.IntN(5))
				if yv {
					v += float64(r.IntN(3))
				}
				x = append(x, []float64{v})
			}
			y = append(y, yv)
		}
		var want bool
		if factor {
			want = lgOracleFactor(x, y, levels)
		} else {
			want = lgOracleNumber(x, y)
		}
		names := make([]string, len(x[0]))
		for j := range names {
			names[j] = fmt.Sprintf("v%d", j)
		}
		fit, err := FitLogistic(x, y, names, LogisticOptions{Interval: IntervalWald})
		var sep *SeparationError
		switch {
		case err != nil && !errors.As(err, &sep) && strings.Contains(err.Error(), "same outcome") || strings.Contains(fmt.Sprint(err), "linear combination") || strings.Contains(fmt.Sprint(err), "participants for"):
			continue // one outcome, a level nobody has, too few participants
		case errors.As(err, &sep) != want:
			t.Errorf("trial %d: x %v y %v: separated %v, fit says %v %v", trial, x, y, want, fit, err)
		case want:
			seps++
		default:
			fits++
		}
	}
	t.Logf("%d separated, %d fitted", seps, fits)
	if seps < 40 || fits < 40 {
		t.Errorf("%d separated and %d fitted data sets: too few of one kind for the test to mean much", seps, fits)
	}
}

// lgOracleNumber: one number, y separated iff the two outcomes' ranges
// touch at most at one point.
func lgOracleNumber(x [][]float64, y []bool) bool {
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	for i, row := range x {
		k := 0
		if y[i] {
			k = 1
		}
		lo[k], hi[k] = math.Min(lo[k], row[0]), math.Max(hi[k], row[0])
	}
	return hi[0] <= lo[1] || hi[1] <= lo[0]
}

// lgOracleFactor: a saturated factor, y separated iff some level present
// has one outcome only.
func lgOracleFactor(x [][]float64, y []bool, levels int) bool {
	n, e := make([]int, levels), make([]int, levels)
	for i, row := range x {
		lv := 0
		for j, v := range row {
			if v == 1 {
				lv = j + 1
			}
		}
		n[lv]++
		if y[i] {
			e[lv]++
		}
	}
	for lv := range levels {
		if n[lv] > 0 && (e[lv] == 0 || e[lv] == n[lv]) {
			return true
		}
	}
	return false
}

// TestLogisticConfint compares the profile-likelihood intervals of the
// infert example with R's own confint (stats from R 4.4, MASS before;
// skipped with the reason when R is older and MASS is not installed —
// TestLogisticAgainstR checks the same bounds exactly either way). R
// interpolates the profile on a grid with a spline, so the two agree to
// about 1e-5 (MASS 7.3-58 on R 4.2.2), not to the root; the test allows 1e-4.
func TestLogisticConfint(t *testing.T) {
	out := rtest.Run(t, `if (getRversion() < "4.4.0" && !requireNamespace("MASS", quietly = TRUE)) {
  cat("SKIP\n")
} else {
  f <- glm(case ~ spontaneous + induced, data = infert, family = binomial())
  ci <- suppressMessages(confint(f))
  for (j in 1:3) cat(sprintf("%.10f %.10f\n", ci[j, 1], ci[j, 2]))
}`)
	if strings.TrimSpace(out) == "SKIP" {
		t.Skip("R before 4.4 without MASS (r-cran-mass) has no profile confint for a glm")
	}
	var x [][]float64
	var y []bool
	for _, r := range readInfert(t) {
		x = append(x, []float64{num(t, r["spontaneous"]), num(t, r["induced"])})
		y = append(y, r["case"] == "1")
	}
	fit, err := FitLogistic(x, y, []string{"spontaneous", "induced"}, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for j, c := range fit.Coefficients {
		var lo, hi float64
		fmt.Sscan(lines[j], &lo, &hi)
		if math.Abs(*c.Low-lo) > 1e-4 || math.Abs(*c.High-hi) > 1e-4 {
			t.Errorf("%s: profile interval %.6f – %.6f, R's confint %.6f – %.6f", c.Term, *c.Low, *c.High, lo, hi)
		}
	}
}

// TestLogisticStrongEffect: a strong effect in a large sample, with
// fitted probabilities within 1e-6 of 0 and 1 at the ends but the two
// outcomes overlapping in the middle, is fitted, not taken for
// separation; the same data with the overlap removed is separation.
func TestLogisticStrongEffect(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	var x [][]float64
	var y, cut []bool
	for range 20000 {
		v := r.NormFloat64() * 3
		x = append(x, []float64{v})
		y = append(y, r.Float64() < 1/(1+math.Exp(-5*v)))
		cut = append(cut, v > 0)
	}
	fit, err := FitLogistic(x, y, []string{"x"}, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fit.Warnings) != 1 || !strings.Contains(fit.Warnings[0], "numerically 0 or 1") {
		t.Errorf("warnings %q", fit.Warnings)
	}
	if b := fit.Coefficients[1]; math.Abs(b.Estimate-5) > 5*b.SE {
		t.Errorf("slope %v (%v), drawn with 5", b.Estimate, b.SE)
	}
	var sep *SeparationError
	if _, err := FitLogistic(x, cut, []string{"x"}, LogisticOptions{}); !errors.As(err, &sep) {
		t.Errorf("separated at 0: %v", err)
	}
}

// TestLogisticFarIntercept: a predictor far from 0 puts the intercept's
// odds beyond a float64; they are nil, and the fit still encodes to JSON
// (which has no infinity).
func TestLogisticFarIntercept(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	var x [][]float64
	var y []bool
	for range 100 {
		v := -20000 + r.NormFloat64()
		x = append(x, []float64{v})
		y = append(y, r.Float64() < 1/(1+math.Exp(-(v+20000))))
	}
	fit, err := FitLogistic(x, y, []string{"income"}, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := fit.Coefficients[0]
	if c.Low == nil || c.High == nil || *c.High < 710 || c.ORHigh != nil || c.OddsRatio != nil {
		t.Fatalf("intercept %v (%v), bounds %v %v, odds bounds %v %v: want one beyond a float64", c.Estimate, c.SE, c.Low, c.High, c.ORLow, c.ORHigh)
	}
	if _, err := json.Marshal(fit); err != nil {
		t.Error(err)
	}
}
