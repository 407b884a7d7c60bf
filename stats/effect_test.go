package stats_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"ownwords/internal/rtest"
	"ownwords/stats"
)

func upperOf(iv *stats.EffectSize) float64 {
	if iv.Upper == nil {
		return math.Inf(1)
	}
	return *iv.Upper
}

// R's fisher.test documentation examples. R finds the roots with
// uniroot's default tolerance, so its printed values (TeaTasting: 6.408309,
// 0.2117329 to 621.9337505; Convictions: 0.04693661, 0.003325764 to
// 0.363182271) agree only to about 1e-3 relative; the values here are R's
// formulas solved with uniroot(tol = 1e-13) (TestOddsRatioAgainstR).
func TestOddsRatioReference(t *testing.T) {
	for _, c := range []struct {
		name              string
		table             [2][2]int
		est, lower, upper float64
	}{
		{"TeaTasting", [2][2]int{{3, 1}, {1, 3}}, 6.408319658199671, 0.211735595446578, 626.243530588813542},
		{"Convictions", [2][2]int{{2, 15}, {10, 3}}, 0.04693663904968001, 0.00331716395065737, 0.36318960235668052},
		{"ZeroCell", [2][2]int{{0, 5}, {5, 0}}, 0, 0, math.NaN()},
		{"Greatest", [2][2]int{{5, 0}, {0, 5}}, math.Inf(1), math.NaN(), math.Inf(1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			iv, err := stats.OddsRatio(c.table)
			if err != nil {
				t.Fatal(err)
			}
			rel := func(got, want float64) bool {
				return math.IsNaN(want) || got == want || math.Abs(got-want) <= 1e-6*math.Abs(want)
			}
			if !rel(iv.Estimate, c.est) || !rel(iv.Lower, c.lower) || !rel(upperOf(iv), c.upper) {
				t.Errorf("OR = %.12g (%.12g, %.12g), want %.12g (%.12g, %.12g)", iv.Estimate, iv.Lower, upperOf(iv), c.est, c.lower, c.upper)
			}
			if iv.Lower > iv.Estimate || upperOf(iv) < iv.Estimate {
				t.Errorf("estimate %v outside its interval (%v, %v)", iv.Estimate, iv.Lower, upperOf(iv))
			}
		})
	}
}

// Newcombe (1998, Statistics in Medicine 17:873–890, Table II, example
// (a)): 56/70 − 48/80 = 0.2, method 10 interval 0.0524 to 0.3339.
func TestRiskDifferenceNewcombe(t *testing.T) {
	iv := stats.RiskDifference([2][2]int{{56, 14}, {48, 32}})
	if math.Abs(iv.Estimate-0.2) > 1e-12 || math.Abs(iv.Lower-0.0524) > 5e-5 || math.Abs(*iv.Upper-0.3339) > 5e-5 {
		t.Errorf("RD = %v (%v, %v), want 0.2 (0.0524, 0.3339)", iv.Estimate, iv.Lower, *iv.Upper)
	}
	if stats.RiskDifference([2][2]int{{0, 0}, {1, 2}}) != nil {
		t.Error("an empty row gave a risk difference")
	}
	if stats.RiskRatio([2][2]int{{0, 3}, {1, 2}}) != nil {
		t.Error("a zero count gave a Katz interval")
	}
}

// Differential test against R: the odds ratio (R's fisher.test formulas
// with a tight uniroot tolerance, and fisher.test itself to its
// uniroot tolerance), risk difference (Newcombe's method 10 written out from Wilson's
// prop.test(correct = FALSE) intervals) and Katz's risk ratio.
func TestEffectSizesAgainstR(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 19))
	var tables [][2][2]int
	var script strings.Builder
	script.WriteString(rORFunction)
	script.WriteString(`w <- function(k, n) prop.test(k, n, correct = FALSE)$conf.int
eff <- function(a, b, c, d) {
  x <- matrix(c(a, c, b, d), 2); o <- orci(x); f <- fisher.test(x)
  n1 <- a + b; n2 <- c + d; p1 <- a/n1; p2 <- c/n2; w1 <- w(a, n1); w2 <- w(c, n2)
  rd <- c(p1 - p2, p1 - p2 - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), p1 - p2 + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
  se <- sqrt(1/a - 1/n1 + 1/c - 1/n2); z <- qnorm(0.975)
  rr <- c(p1/p2, exp(log(p1/p2) - z*se), exp(log(p1/p2) + z*se))
  cat(format(c(o, f$estimate, f$conf.int, rd, rr), digits = 15), "\n")
}
`)
	for len(tables) < 40 {
		tb := [2][2]int{{1 + rng.IntN(15), rng.IntN(15)}, {1 + rng.IntN(15), rng.IntN(15)}}
		if tb[0][1] == 0 && tb[1][1] == 0 {
			continue
		}
		tables = append(tables, tb)
		fmt.Fprintf(&script, "eff(%d, %d, %d, %d)\n", tb[0][0], tb[0][1], tb[1][0], tb[1][1])
	}
	lines := strings.Split(strings.TrimSpace(rtest.Run(t, script.String())), "\n")
	if len(lines) != len(tables) {
		t.Fatalf("R printed %d lines for %d tables", len(lines), len(tables))
	}
	for i, tb := range tables {
		var r []float64
		for _, f := range strings.Fields(lines[i]) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("R printed %q", lines[i])
			}
			r = append(r, v)
		}
		or, err := stats.OddsRatio(tb)
		if err != nil {
			t.Fatal(err)
		}
		rd, rr := stats.RiskDifference(tb), stats.RiskRatio(tb)
		got := []float64{or.Estimate, or.Lower, upperOf(or)}
		for k, g := range got {
			if !closeRel(g, r[k], 1e-6) {
				t.Errorf("%v: odds ratio figure %d = %.10g, R (tight) %.10g", tb, k, g, r[k])
			}
			if !uniRootClose(g, r[3+k]) {
				t.Errorf("%v: odds ratio figure %d = %.10g, fisher.test %.10g", tb, k, g, r[3+k])
			}
		}
		for k, g := range []float64{rd.Estimate, rd.Lower, *rd.Upper, rr.Estimate, rr.Lower, *rr.Upper} {
			if !closeRel(g, r[6+k], 1e-9) {
				t.Errorf("%v: RD/RR figure %d = %.12g, R %.12g", tb, k, g, r[6+k])
			}
		}
	}
}

// uniRootClose compares with R's fisher.test, whose roots uniroot finds
// to 1.2e-4 in ψ below 1 and in 1/ψ above it.
func uniRootClose(got, want float64) bool {
	if math.IsInf(want, 1) || want == 0 {
		return got == want
	}
	if want > 1 {
		return math.Abs(1/got-1/want) <= 2e-4
	}
	return math.Abs(got-want) <= 2e-4
}

// closeRel compares with a relative tolerance (absolute near zero).
func closeRel(got, want, tol float64) bool {
	if math.IsInf(want, 1) {
		return math.IsInf(got, 1)
	}
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// Cramér's V's bootstrap interval: reproducible from its seed, holds the
// estimate for a clear association, and a different seed moves it only a
// little.
func TestCramersVInterval(t *testing.T) {
	table := [][]int{{161, 28}, {4, 3}, {14, 5}, {1, 0}, {2, 2}}
	a, err := stats.CramersVInterval(table, stats.CramerBootSamples, stats.CramerBootSeed)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := stats.CramersVInterval(table, stats.CramerBootSamples, stats.CramerBootSeed)
	if *a.Upper != *b.Upper || a.Lower != b.Lower {
		t.Errorf("same seed, different intervals: %+v %+v", a, b)
	}
	v, _ := stats.CramersV(table)
	if a.Estimate != v || a.Lower > v || *a.Upper < v || a.Lower < 0 || *a.Upper > 1 {
		t.Errorf("V = %v, interval %+v (upper %v)", v, a, *a.Upper)
	}
	if _, err := stats.CramersVInterval([][]int{{3, 0}, {0, 0}}, 10, 1); err == nil {
		t.Error("a table without a test gave an interval")
	}
}

// rORFunction is fisher.test's odds-ratio code (R 4.x, stats package)
// with uniroot's tolerance tightened, as the reference at 1e-6.
const rORFunction = `orci <- function(x, conf.level = 0.95, tol = 1e-13) {
  m <- sum(x[, 1L]); n <- sum(x[, 2L]); k <- sum(x[1L, ]); x <- x[1L, 1L]
  lo <- max(0L, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dnhyper <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mnhyper <- function(ncp) { if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dnhyper(ncp)) }
  pnhyper <- function(q, ncp, upper.tail = FALSE) {
    if (ncp == 1) return(if (upper.tail) phyper(x - 1, m, n, k, lower.tail = FALSE) else phyper(x, m, n, k))
    if (ncp == 0) return(as.numeric(if (upper.tail) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper.tail) q <= hi else q >= hi))
    sum(dnhyper(ncp)[if (upper.tail) support >= q else support <= q]) }
  ur <- function(f, a, b) uniroot(f, c(a, b), tol = tol)$root
  est <- if (x == lo) 0 else if (x == hi) Inf else { mu <- mnhyper(1)
    if (mu > x) ur(function(t) mnhyper(t) - x, 0, 1) else if (mu < x) 1/ur(function(t) mnhyper(1/t) - x, .Machine$double.eps, 1) else 1 }
  alpha <- (1 - conf.level)/2
  U <- if (x == hi) Inf else { p <- pnhyper(x, 1); if (p < alpha) ur(function(t) pnhyper(x, t) - alpha, 0, 1) else if (p > alpha) 1/ur(function(t) pnhyper(x, 1/t) - alpha, .Machine$double.eps, 1) else 1 }
  L <- if (x == lo) 0 else { p <- pnhyper(x, 1, upper.tail = TRUE); if (p > alpha) ur(function(t) pnhyper(x, t, upper.tail = TRUE) - alpha, 0, 1) else if (p < alpha) 1/ur(function(t) pnhyper(x, 1/t, upper.tail = TRUE) - alpha, .Machine$double.eps, 1) else 1 }
  c(est, L, U)
}
`

// An infinite odds ratio is null in JSON, not an encoding error.
func TestEffectSizeJSONInfinite(t *testing.T) {
	iv, err := stats.OddsRatio([2][2]int{{5, 0}, {0, 5}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(iv)
	if err != nil || !strings.Contains(string(b), `"estimate":null`) || !strings.Contains(string(b), `"upper":null`) {
		t.Errorf("JSON %s, %v: want null estimate and upper", b, err)
	}
}
