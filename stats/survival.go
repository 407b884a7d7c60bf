package stats

import (
	"cmp"
	"math"
	"slices"

	"ownwords"
)

// Subject is one unit of a survival analysis: the time it was followed for,
// and whether that time ended in the event (true) or was right-censored
// (false: the event had not happened when observation stopped).
type Subject struct {
	Time  float64 `json:"time"`
	Event bool    `json:"event"`
}

// ConfType selects how KaplanMeier builds its pointwise confidence bands.
type ConfType string

// The confidence band transformations, named as in R's survfit(conf.type=).
const (
	// ConfLog is R's default: S·exp(±z·se(log S)), the upper bound capped at 1.
	ConfLog ConfType = "log"
	// ConfLogLog is the complementary log-log band
	// exp(−exp(log(−log S) ∓ z·se(log S)/log S)), which stays within (0, 1).
	ConfLogLog ConfType = "log-log"
)

// KMStep is the Kaplan–Meier estimate at one distinct event time.
type KMStep struct {
	Time float64 `json:"time"`
	// NRisk counts the subjects still followed just before Time; subjects
	// censored at Time are at risk at Time (events come first, as in R).
	NRisk  int `json:"n_risk"`
	Events int `json:"events"`
	// Censored counts the subjects censored at or after Time and before the
	// next event time (after the last event time, until the end of follow-up),
	// so that NRisk of the next step is NRisk − Events − Censored. R's
	// summary.survfit instead accumulates censorings since the previous event
	// time; survfit itself keeps one row per censoring time.
	Censored int     `json:"censored"`
	Survival float64 `json:"survival"`
	// StdErr is Greenwood's standard error of Survival; nil once Survival
	// reaches 0, where it is undefined.
	StdErr *float64 `json:"std_err"`
	// Lower and Upper bound the 95% pointwise confidence interval; nil where
	// the chosen transformation is undefined (Survival = 0).
	Lower *float64 `json:"lower"`
	Upper *float64 `json:"upper"`
}

// KMFit is a Kaplan–Meier survival curve with its median.
type KMFit struct {
	N        int      `json:"n"`
	Events   int      `json:"events"`
	ConfType ConfType `json:"conf_type"`
	// CensoredBefore counts the subjects censored before the first event
	// time; they appear in no step.
	CensoredBefore int      `json:"censored_before"`
	Steps          []KMStep `json:"steps"`
	// Median is the median survival time and MedianLower, MedianUpper its
	// 95% confidence interval, each nil when the curve (or band) never falls
	// to 0.5. See KaplanMeier for the rule.
	Median      *float64 `json:"median"`
	MedianLower *float64 `json:"median_lower"`
	MedianUpper *float64 `json:"median_upper"`
}

// survZ95 is qnorm(0.975), R's default for conf.int = 0.95.
const survZ95 = WilsonZ95

// KaplanMeier estimates the survival curve of right-censored subjects, as R's
// survfit(Surv(time, event) ~ 1) does, with Greenwood standard errors and 95%
// pointwise bands of the given type ("" means ConfLog, R's default).
//
// Times are compared exactly (R merges times that differ only by rounding;
// pass rounded times if that matters). At a time with both events and
// censorings, the events come first: the censored subjects count as at risk.
//
// The median follows R's print.survfit (survmean): it is the first event time
// at which the curve is ≤ 0.5 (within √ε, as all.equal); if the curve equals
// 0.5 there and drops below it later, the median is the midpoint of that time
// and the next event time. Its confidence limits apply the same rule to the
// lower and upper bands. (R's quantile.survfit differs in one corner: when the
// curve ends flat at exactly 0.5 it takes the midpoint with the last
// follow-up time, where print.survfit, and this function, report the time the
// curve reached 0.5.)
//
// It returns an ownwords.EINVALID error when there are no subjects, a time is
// negative, NaN or infinite, or conf is not a known ConfType.
func KaplanMeier(subjects []Subject, conf ConfType) (KMFit, error) {
	if conf == "" {
		conf = ConfLog
	}
	if conf != ConfLog && conf != ConfLogLog {
		return KMFit{}, ownwords.Errorf(ownwords.EINVALID,
			"unknown confidence interval type %q; use %q or %q", conf, ConfLog, ConfLogLog)
	}
	if err := survCheck(subjects, ""); err != nil {
		return KMFit{}, err
	}
	sorted := slices.Clone(subjects)
	slices.SortFunc(sorted, func(a, b Subject) int { return cmp.Compare(a.Time, b.Time) })

	fit := KMFit{N: len(sorted), ConfType: conf}
	atRisk, surv, greenwood := len(sorted), 1.0, 0.0
	for i := 0; i < len(sorted); {
		t, d, c := sorted[i].Time, 0, 0
		for ; i < len(sorted) && sorted[i].Time == t; i++ {
			if sorted[i].Event {
				d++
			} else {
				c++
			}
		}
		switch {
		case d > 0:
			surv *= float64(atRisk-d) / float64(atRisk)
			// Greenwood's sum is infinite once everyone at risk has the event;
			// survStep then leaves the standard error and band undefined.
			greenwood += float64(d) / (float64(atRisk) * float64(atRisk-d))
			fit.Steps = append(fit.Steps, survStep(t, atRisk, d, c, surv, greenwood, conf))
			fit.Events += d
		case len(fit.Steps) == 0:
			fit.CensoredBefore += c
		default:
			fit.Steps[len(fit.Steps)-1].Censored += c
		}
		atRisk -= d + c
	}
	fit.Median, fit.MedianLower, fit.MedianUpper = survMedian(fit.Steps)
	return fit, nil
}

// survStep builds one step; greenwood is Σ d/(n(n−d)), the variance of log S.
func survStep(t float64, atRisk, d, c int, surv, greenwood float64, conf ConfType) KMStep {
	st := KMStep{Time: t, NRisk: atRisk, Events: d, Censored: c, Survival: surv}
	if surv == 0 || math.IsInf(greenwood, 0) {
		return st
	}
	seLog := math.Sqrt(greenwood)
	se := surv * seLog
	var lo, hi float64
	switch conf {
	case ConfLogLog:
		// Undefined at S = 1, which cannot occur at an event time.
		w := survZ95 * seLog / math.Log(surv)
		lo = math.Exp(-math.Exp(math.Log(-math.Log(surv)) - w))
		hi = math.Exp(-math.Exp(math.Log(-math.Log(surv)) + w))
	default:
		lo = math.Exp(math.Log(surv) - survZ95*seLog)
		hi = min(math.Exp(math.Log(surv)+survZ95*seLog), 1)
	}
	st.StdErr, st.Lower, st.Upper = &se, &lo, &hi
	return st
}

// survMedian returns the median and its confidence limits (see KaplanMeier).
func survMedian(steps []KMStep) (med, lower, upper *float64) {
	times := make([]float64, len(steps))
	s, lo, hi := make([]float64, len(steps)), make([]float64, len(steps)), make([]float64, len(steps))
	for i, st := range steps {
		times[i], s[i], lo[i], hi[i] = st.Time, st.Survival, math.NaN(), math.NaN()
		if st.Lower != nil {
			lo[i], hi[i] = *st.Lower, *st.Upper
		}
	}
	return survHalfTime(times, s), survHalfTime(times, lo), survHalfTime(times, hi)
}

// survHalfTolerance is R's all.equal tolerance, √ε, used by survmean so that
// a survival of 0.5 + 1e-16 from rounding counts as 0.5.
var survHalfTolerance = math.Sqrt(0x1p-52)

// survHalfTime is R's survmean minmin: the first x whose y is below 0.5
// (within tolerance), or the midpoint to the next lower y when that first y
// is 0.5. NaN values of y are skipped; nil when no y reaches 0.5.
func survHalfTime(x, y []float64) *float64 {
	first := -1
	for i, v := range y {
		if math.IsNaN(v) || v >= 0.5+survHalfTolerance {
			continue
		}
		if first < 0 {
			first = i
			if math.Abs(v-0.5) >= survHalfTolerance {
				break
			}
			continue
		}
		if v < y[first] {
			m := (x[first] + x[i]) / 2
			return &m
		}
	}
	if first < 0 {
		return nil
	}
	m := x[first]
	return &m
}

// survCheck rejects an empty sample and times that are not finite and
// non-negative; where names the sample in messages ("" or "group 2, ").
func survCheck(subjects []Subject, where string) error {
	if len(subjects) == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "the survival analysis has no subjects")
	}
	for i, s := range subjects {
		if !(s.Time >= 0) || math.IsInf(s.Time, 1) {
			return ownwords.Errorf(ownwords.EINVALID,
				"%ssubject %d has time %v; times must be finite and not negative", where, i+1, s.Time)
		}
	}
	return nil
}
