package stats_test

import (
	"encoding/json"
	"math"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// survGehan returns the remission times in weeks of Freireich et al. (1963),
// as analysed by Gehan (1965), "A generalized Wilcoxon test for comparing
// arbitrarily singly-censored samples", Biometrika 52:203–223: 21 patients on
// 6-mercaptopurine (6-MP; a '+' in the paper marks a censored time) and 21 on
// placebo (all relapsed).
func survGehan() (mp, placebo []stats.Subject) {
	mp = []stats.Subject{
		{6, true}, {6, true}, {6, true}, {6, false}, {7, true}, {9, false}, {10, true},
		{10, false}, {11, false}, {13, true}, {16, true}, {17, false}, {19, false},
		{20, false}, {22, true}, {23, true}, {25, false}, {32, false}, {32, false},
		{34, false}, {35, false},
	}
	for _, t := range []float64{1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23} {
		placebo = append(placebo, stats.Subject{Time: t, Event: true})
	}
	return mp, placebo
}

// mustSurvKM runs KaplanMeier and fails the test on error.
func mustSurvKM(tb testing.TB, subjects []stats.Subject, conf stats.ConfType) stats.KMFit {
	tb.Helper()
	fit, err := stats.KaplanMeier(subjects, conf)
	if err != nil {
		tb.Fatalf("KaplanMeier: %v", err)
	}
	return fit
}

// survCheckMedian compares a median or limit with want (NaN: want nil).
func survCheckMedian(tb testing.TB, name string, got *float64, want float64) {
	tb.Helper()
	switch {
	case math.IsNaN(want) && got != nil:
		tb.Errorf("%s = %v, want nil", name, *got)
	case !math.IsNaN(want) && (got == nil || *got != want):
		tb.Errorf("%s = %v, want %v", name, got, want)
	}
}

func TestKaplanMeierGehan6MP(t *testing.T) {
	mp, _ := survGehan()
	fit := mustSurvKM(t, mp, stats.ConfLog)
	// Exact Kaplan–Meier products, e.g. S(7) = (18/21)(16/17), and R's
	// summary(survfit(Surv(time, cens) ~ 1)) for the 6-MP arm: survival to
	// six decimals and Greenwood standard errors to four.
	want := []struct {
		time                    float64
		nRisk, events, censored int
		surv, rSurv, rSE        float64
	}{
		{6, 21, 3, 1, 18.0 / 21, 0.857143, 0.0764},
		{7, 17, 1, 1, 18.0 / 21 * 16 / 17, 0.806723, 0.0869},
		{10, 15, 1, 2, 18.0 / 21 * 16 / 17 * 14 / 15, 0.752941, 0.0963},
		{13, 12, 1, 0, 18.0 / 21 * 16 / 17 * 14 / 15 * 11 / 12, 0.690196, 0.1068},
		{16, 11, 1, 3, 18.0 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 / 11, 0.627451, 0.1141},
		{22, 7, 1, 0, 18.0 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 / 11 * 6 / 7, 0.537815, 0.1282},
		{23, 6, 1, 5, 18.0 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 / 11 * 6 / 7 * 5 / 6, 0.448179, 0.1346},
	}
	if len(fit.Steps) != len(want) || fit.N != 21 || fit.Events != 9 || fit.CensoredBefore != 0 {
		t.Fatalf("%d steps, n %d, events %d, censored before %d; want 7, 21, 9, 0",
			len(fit.Steps), fit.N, fit.Events, fit.CensoredBefore)
	}
	for i, w := range want {
		st := fit.Steps[i]
		if st.Time != w.time || st.NRisk != w.nRisk || st.Events != w.events || st.Censored != w.censored {
			t.Errorf("step %d = {t %v, n %d, d %d, c %d}, want {%v, %d, %d, %d}",
				i, st.Time, st.NRisk, st.Events, st.Censored, w.time, w.nRisk, w.events, w.censored)
		}
		if !tabClose(st.Survival, w.surv, 1e-12) || !tabClose(st.Survival, w.rSurv, 0.5e-6) {
			t.Errorf("S(%v) = %.9f, want %.9f (R: %.6f)", w.time, st.Survival, w.surv, w.rSurv)
		}
		if st.StdErr == nil || !tabClose(*st.StdErr, w.rSE, 0.5e-4) {
			t.Errorf("se(%v) = %v, want %.4f", w.time, st.StdErr, w.rSE)
		}
	}
	// R: summary(survfit(...)) at t = 6 gives lower 95% CI 0.7198171, upper 1.
	if st := fit.Steps[0]; !tabClose(*st.Lower, 0.7198171, 0.5e-7) || *st.Upper != 1 {
		t.Errorf("CI at 6 = [%.7f, %v], want [0.7198171, 1]", *st.Lower, *st.Upper)
	}
	// Median: S(22) = 0.538 > 0.5 ≥ S(23) = 0.448, so 23. Its limits, by hand
	// from the log bands (S·exp(∓1.96·se/S)): the lower band is 0.5096 at 13
	// and 0.4394 at 16, so the lower limit is 16; the upper band is still
	// 0.807 at 23, the last event, so the upper limit is undefined.
	survCheckMedian(t, "median", fit.Median, 23)
	survCheckMedian(t, "median lower", fit.MedianLower, 16)
	survCheckMedian(t, "median upper", fit.MedianUpper, math.NaN())
}

func TestKaplanMeierGehanPlacebo(t *testing.T) {
	_, placebo := survGehan()
	fit := mustSurvKM(t, placebo, "")
	if fit.ConfType != stats.ConfLog {
		t.Errorf("conf type = %q, want the default %q", fit.ConfType, stats.ConfLog)
	}
	// Without censoring the estimate is the empirical survival: S(t) is the
	// share of the 21 still in remission after t.
	remaining := map[float64]float64{1: 19, 2: 17, 3: 16, 4: 14, 5: 12, 8: 8, 11: 6, 12: 4, 15: 3, 17: 2, 22: 1, 23: 0}
	if len(fit.Steps) != len(remaining) {
		t.Fatalf("%d steps, want %d", len(fit.Steps), len(remaining))
	}
	for _, st := range fit.Steps {
		if !tabClose(st.Survival, remaining[st.Time]/21, 1e-12) {
			t.Errorf("S(%v) = %.9f, want %v/21", st.Time, st.Survival, remaining[st.Time])
		}
	}
	last := fit.Steps[len(fit.Steps)-1]
	if last.Survival != 0 || last.StdErr != nil || last.Lower != nil || last.Upper != nil {
		t.Errorf("last step = %+v, want S = 0 with undefined se and CI", last)
	}
	// Median 8 (S(5) = 12/21 > 0.5 > S(8) = 8/21). Limits by hand from the
	// log bands: lower band 0.5999 at 3 and 0.4927 at 4, so 4; upper band
	// 0.5619 at 11 and 0.4600 at 12, so 12.
	survCheckMedian(t, "median", fit.Median, 8)
	survCheckMedian(t, "median lower", fit.MedianLower, 4)
	survCheckMedian(t, "median upper", fit.MedianUpper, 12)
}

// The log-log band is exp(−exp(log(−log S) ∓ z·σ/log S)) with σ = se(log S)
// (R's survfit, conf.type = "log-log"); written as powers of S it is
// [S^exp(z·σ/|log S|), S^exp(−z·σ/|log S|)] (Kalbfleisch & Prentice 2002,
// §1.4; Klein & Moeschberger 2003, eq. 4.3.2). The test uses the power form,
// with σ from Greenwood's formula summed here.
func TestKaplanMeierLogLogBand(t *testing.T) {
	mp, _ := survGehan()
	fit := mustSurvKM(t, mp, stats.ConfLogLog)
	sum := 0.0
	for _, st := range fit.Steps {
		n, d := float64(st.NRisk), float64(st.Events)
		sum += d / (n * (n - d))
		theta := math.Exp(stats.WilsonZ95 * math.Sqrt(sum) / math.Abs(math.Log(st.Survival)))
		lo, hi := math.Pow(st.Survival, theta), math.Pow(st.Survival, 1/theta)
		if !tabClose(*st.Lower, lo, 1e-12) || !tabClose(*st.Upper, hi, 1e-12) {
			t.Errorf("log-log CI at %v = [%.12f, %.12f], want [%.12f, %.12f]", st.Time, *st.Lower, *st.Upper, lo, hi)
		}
		if !(*st.Lower < st.Survival && st.Survival < *st.Upper && *st.Upper < 1) {
			t.Errorf("log-log CI at %v = [%v, %v] does not bracket S = %v inside (0, 1)", st.Time, *st.Lower, *st.Upper, st.Survival)
		}
	}
}

func TestKaplanMeierConventions(t *testing.T) {
	ev := func(t float64) stats.Subject { return stats.Subject{Time: t, Event: true} }
	cens := func(t float64) stats.Subject { return stats.Subject{Time: t} }
	tests := []struct {
		name     string
		subjects []stats.Subject
		surv     []float64 // survival per step
		censored []int     // censored per step
		before   int
		median   float64 // NaN: nil
	}{
		// The subject censored at 2 is still at risk at 2 (events first):
		// S(2) = 3/4 · 2/3 = 1/2 exactly, so the median is the midpoint of 2
		// and the next event time 3.
		{"TieEventsBeforeCensoring", []stats.Subject{ev(1), cens(2), ev(2), ev(3)}, []float64{0.75, 0.5, 0}, []int{0, 1, 0}, 0, 2.5},
		// A curve ending flat at exactly 0.5: print.survfit reports the time
		// it reached 0.5 (quantile.survfit would say 1.5).
		{"FlatAtHalfAtEnd", []stats.Subject{ev(1), cens(2)}, []float64{0.5}, []int{1}, 0, 1},
		{"AllCensored", []stats.Subject{cens(3), cens(1), cens(3)}, nil, nil, 3, math.NaN()},
		{"SingleEvent", []stats.Subject{ev(4)}, []float64{0}, []int{0}, 0, 4},
		{"SingleCensored", []stats.Subject{cens(4)}, nil, nil, 1, math.NaN()},
		{"CensoredBeforeFirstEvent", []stats.Subject{cens(0), cens(1), ev(2), ev(5), cens(9)}, []float64{2.0 / 3, 1.0 / 3}, []int{0, 1}, 2, 5},
		{"NeverBelowHalf", []stats.Subject{ev(1), cens(2), cens(3)}, []float64{2.0 / 3}, []int{2}, 0, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fit := mustSurvKM(t, tt.subjects, stats.ConfLog)
			if len(fit.Steps) != len(tt.surv) || fit.CensoredBefore != tt.before {
				t.Fatalf("steps %+v, censored before %d; want %d steps, %d before", fit.Steps, fit.CensoredBefore, len(tt.surv), tt.before)
			}
			for i, st := range fit.Steps {
				if !tabClose(st.Survival, tt.surv[i], 1e-15) || st.Censored != tt.censored[i] {
					t.Errorf("step %d: S = %v, censored %d; want %v, %d", i, st.Survival, st.Censored, tt.surv[i], tt.censored[i])
				}
			}
			survCheckMedian(t, "median", fit.Median, tt.median)
			if _, err := json.Marshal(fit); err != nil {
				t.Errorf("json.Marshal: %v", err)
			}
		})
	}
}

// R's survmean notes that survfit(Surv(1:100) ~ 1) gives S(50) = 0.5 + 1e-16
// by rounding; the median must still be the midpoint 50.5, the sample median.
func TestKaplanMeierMedianToleratesRounding(t *testing.T) {
	var subjects []stats.Subject
	for i := 1; i <= 100; i++ {
		subjects = append(subjects, stats.Subject{Time: float64(i), Event: true})
	}
	fit := mustSurvKM(t, subjects, stats.ConfLog)
	survCheckMedian(t, "median", fit.Median, 50.5)
}

func TestKaplanMeierErrors(t *testing.T) {
	tests := []struct {
		name     string
		subjects []stats.Subject
		conf     stats.ConfType
	}{
		{"ErrNoSubjects", nil, stats.ConfLog},
		{"ErrNegativeTime", []stats.Subject{{Time: -1, Event: true}}, stats.ConfLog},
		{"ErrNaNTime", []stats.Subject{{Time: math.NaN(), Event: true}}, stats.ConfLog},
		{"ErrInfiniteTime", []stats.Subject{{Time: math.Inf(1)}}, stats.ConfLog},
		{"ErrUnknownConfType", []stats.Subject{{Time: 1, Event: true}}, "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.KaplanMeier(tt.subjects, tt.conf)
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
	}
}

// FuzzKaplanMeier checks invariants on arbitrary samples: every subject is
// accounted for once, the curve is a non-increasing product in [0, 1], each
// band brackets the curve, the median is the first time S ≤ 0.5 (or a
// midpoint after it), and the fit encodes to JSON without NaN.
func FuzzKaplanMeier(f *testing.F) {
	f.Add([]byte{6, 1, 6, 1, 6, 0, 7, 1, 9, 0}, true)
	f.Add([]byte{1, 0, 2, 1, 2, 0, 3, 1}, false)
	f.Fuzz(func(t *testing.T, data []byte, logLog bool) {
		var subjects []stats.Subject
		for i := 0; i+1 < len(data); i += 2 {
			subjects = append(subjects, stats.Subject{Time: float64(data[i] % 32), Event: data[i+1]%2 == 1})
		}
		if len(subjects) == 0 {
			return
		}
		conf := stats.ConfLog
		if logLog {
			conf = stats.ConfLogLog
		}
		fit := mustSurvKM(t, subjects, conf)
		if _, err := json.Marshal(fit); err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		survCheckFitInvariants(t, fit, len(subjects))
	})
}

// survCheckFitInvariants asserts the properties FuzzKaplanMeier lists.
func survCheckFitInvariants(tb testing.TB, fit stats.KMFit, n int) {
	tb.Helper()
	left, prev := n-fit.CensoredBefore, 1.0
	for _, st := range fit.Steps {
		if st.NRisk != left || st.Events < 1 {
			tb.Fatalf("step %+v: at risk %d, want %d and at least one event", st, st.NRisk, left)
		}
		want := prev * float64(st.NRisk-st.Events) / float64(st.NRisk)
		if !tabClose(st.Survival, want, 1e-12) || st.Survival < 0 || st.Survival > prev {
			tb.Fatalf("S(%v) = %v, want %v ≤ %v", st.Time, st.Survival, want, prev)
		}
		if st.Lower != nil && !(*st.Lower <= st.Survival && st.Survival <= *st.Upper && *st.Upper <= 1) {
			tb.Fatalf("CI at %v = [%v, %v] does not bracket %v", st.Time, *st.Lower, *st.Upper, st.Survival)
		}
		if (st.Survival == 0) != (st.StdErr == nil) {
			tb.Fatalf("step %+v: std err must be nil exactly when S = 0", st)
		}
		left -= st.Events + st.Censored
		prev = st.Survival
	}
	if left != 0 {
		tb.Fatalf("%d subjects unaccounted for", left)
	}
	first := math.NaN()
	for _, st := range fit.Steps {
		if st.Survival < 0.5+1e-9 { // R's tolerance is √ε ≈ 1.5e-8
			first = st.Time
			break
		}
	}
	if math.IsNaN(first) != (fit.Median == nil) || (fit.Median != nil && *fit.Median < first) {
		tb.Fatalf("median %v, first time with S ≤ 0.5 is %v", fit.Median, first)
	}
}
