package stats

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"ownwords"
)

// Interval methods of a logistic fit.
const (
	// IntervalProfile inverts the likelihood-ratio test: the bounds are the
	// values of a coefficient at which the deviance of the model refitted
	// with that coefficient fixed exceeds the minimum by the chi-square
	// quantile (R's confint on a glm, MASS before R 4.4, solved here to the
	// root instead of interpolated on a grid).
	IntervalProfile = "profile likelihood"
	// IntervalWald is estimate ± z·SE.
	IntervalWald = "Wald"
)

// LogisticOptions tune FitLogistic; the zero value asks for 95% profile
// likelihood intervals.
type LogisticOptions struct {
	// Level is the confidence level of the intervals (default 0.95).
	Level float64
	// Interval is IntervalProfile (default) or IntervalWald.
	Interval string
}

// LogisticFit is a fitted logistic regression of a binary outcome, with
// R's glm(family = binomial) figures.
type LogisticFit struct {
	// Coefficients come in design order, "(Intercept)" first.
	Coefficients []LogisticCoef `json:"coefficients"`
	// Deviance is −2 log-likelihood of the fit (0/1 data: the saturated
	// model's log-likelihood is 0); NullDeviance that of the intercept-only
	// model. AIC = Deviance + 2 × parameters.
	Deviance     float64 `json:"deviance"`
	NullDeviance float64 `json:"null_deviance"`
	AIC          float64 `json:"aic"`
	DFResidual   int     `json:"df_residual"`
	DFNull       int     `json:"df_null"`
	N            int     `json:"n"`
	Events       int     `json:"events"`
	// Iterations counts the Newton (IRLS) steps of the fit.
	Iterations int     `json:"iterations"`
	Interval   string  `json:"interval"`
	Level      float64 `json:"level"`
	// Warnings say what a reader of the table should know, as R's glm
	// warns: fitted probabilities numerically 0 or 1.
	Warnings []string `json:"warnings,omitempty"`
}

// LogisticCoef is one row of the coefficient table. Low and High bound the
// coefficient (log odds ratio) at the fit's Level; a nil bound is one the
// profile likelihood never reaches (the interval is open on that side).
// OddsRatio, ORLow and ORHigh are their exponentials, nil beyond the
// range of a float64 (an intercept far from the data, such as the log
// odds at the year 0 of a model with a calendar year).
type LogisticCoef struct {
	Term      string   `json:"term"`
	Estimate  float64  `json:"estimate"`
	SE        float64  `json:"se"`
	Z         float64  `json:"z"`
	P         float64  `json:"p"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	OddsRatio *float64 `json:"odds_ratio"`
	ORLow     *float64 `json:"or_low"`
	ORHigh    *float64 `json:"or_high"`
}

// SeparationError says the outcome is separated by the predictors: some
// combination of them predicts it perfectly for some participants, so the
// maximum likelihood estimate does not exist (coefficients run off to
// infinity) and no estimate, standard error or p-value means anything.
type SeparationError struct {
	// Terms are the coefficients that diverged, largest first.
	Terms []string
}

func (e *SeparationError) Error() string {
	return "ownwords: complete or quasi-complete separation: " + strings.Join(e.Terms, ", ") +
		" predict the outcome perfectly for some participants (fitted probabilities 0 or 1), so no maximum likelihood estimate exists"
}

// logisticMaxIter bounds the Newton steps: a fit that exists converges
// quadratically in a handful, so many more mean divergence.
const logisticMaxIter = 100

// lgData is a logistic regression's data grouped by covariate pattern:
// participants with identical predictor values share a row, with their
// number (trials) and events. The likelihood, the estimates and their
// information are the same as ungrouped, and the work is per pattern.
type lgData struct {
	x              [][]float64 // with the intercept, 1, first
	trials, events []float64
}

// FitLogistic fits the logistic regression of y on the columns of x (one
// row per participant, without the intercept, which is added first) by
// iteratively reweighted least squares (Newton's method on the
// log-likelihood, halving a step that would lower it) until every step is
// below 1e-10 relative. names name x's columns. Errors: EINVALID for
// ragged input, an outcome without both values, or a column that is a
// linear combination of the others; a *SeparationError when the estimate
// does not exist: the fit diverges, or converges without a strictly
// positive dual certificate (see noSeparation), whatever the size of the
// coefficients.
func FitLogistic(x [][]float64, y []bool, names []string, opt LogisticOptions) (*LogisticFit, error) {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	if opt.Interval == "" {
		opt.Interval = IntervalProfile
	}
	if !(opt.Level > 0 && opt.Level < 1) || opt.Interval != IntervalProfile && opt.Interval != IntervalWald {
		return nil, ownwords.Errorf(ownwords.EINVALID, "logistic regression: the level (%v) must be in (0, 1) and the interval (%q) %q or %q", opt.Level, opt.Interval, IntervalProfile, IntervalWald)
	}
	d, events, err := lgGroup(x, y, len(names))
	if err != nil {
		return nil, err
	}
	n := len(y)
	if events == 0 || events == n {
		return nil, ownwords.Errorf(ownwords.EINVALID, "logistic regression: all %d participants have the same outcome (%d events): there is nothing to model", n, events)
	}
	terms := append([]string{"(Intercept)"}, names...)
	p := len(terms)
	if n <= p {
		return nil, ownwords.Errorf(ownwords.EINVALID, "logistic regression: %d participants for %d parameters", n, p)
	}
	if k := d.collinear(); k >= 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "logistic regression: %s is a linear combination of the terms before it (collinear predictors, or a level nobody in the model has)", terms[k])
	}
	free := make([]int, p)
	for j := range free {
		free[j] = j
	}
	beta := make([]float64, p)
	// Start where R does: the intercept at the logit of the mean.
	beta[0] = math.Log(float64(events) / float64(n-events))
	fit := d.irls(free, beta, 1e-10, true)
	// Newton's method with step halving converges in a few steps whenever
	// the estimate exists (the log-likelihood is strictly concave); a fit
	// that does not is diverging along a separating direction. A fit that
	// converged must also carry the certificate that the estimate exists.
	if !fit.converged || !d.noSeparation(fit.beta) {
		return nil, &SeparationError{Terms: divergedTerms(terms, fit.beta)}
	}
	cov, ok := lgInverse(fit.info)
	if !ok {
		return nil, ownwords.Errorf(ownwords.EINVALID, "logistic regression: the information matrix is singular at the estimate")
	}
	mu0 := float64(events) / float64(n)
	out := &LogisticFit{
		Deviance:     fit.dev,
		NullDeviance: -2 * (float64(events)*math.Log(mu0) + float64(n-events)*math.Log1p(-mu0)),
		AIC:          fit.dev + 2*float64(p),
		DFResidual:   n - p,
		DFNull:       n - 1,
		N:            n,
		Events:       events,
		Iterations:   fit.iter,
		Interval:     opt.Interval,
		Level:        opt.Level,
	}
	if k := d.extreme(fit.beta); k > 0 {
		out.Warnings = append(out.Warnings, fmt.Sprintf("%d participants have fitted probabilities numerically 0 or 1 (within 10 machine epsilons, R's glm warning): the estimate exists, but their outcome is all but certain under the model", k))
	}
	z := NormalQuantile((1 + opt.Level) / 2)
	for j, t := range terms {
		se := math.Sqrt(cov[j][j])
		c := LogisticCoef{Term: t, Estimate: fit.beta[j], SE: se, Z: fit.beta[j] / se, OddsRatio: expPtr(&fit.beta[j])}
		c.P = math.Erfc(math.Abs(c.Z) / math.Sqrt2)
		if opt.Interval == IntervalWald {
			c.Low, c.High = ptr(c.Estimate-z*se), ptr(c.Estimate+z*se)
		} else {
			c.Low, c.High = d.profileBound(fit, cov, j, z, -1), d.profileBound(fit, cov, j, z, +1)
		}
		c.ORLow, c.ORHigh = expPtr(c.Low), expPtr(c.High)
		out.Coefficients = append(out.Coefficients, c)
	}
	return out, nil
}

func ptr(v float64) *float64 { return &v }

// expPtr returns exp(*v), nil for nil or an exponential beyond the range
// of a float64 (JSON has no infinity).
func expPtr(v *float64) *float64 {
	if v == nil || math.IsInf(math.Exp(*v), 1) {
		return nil
	}
	return ptr(math.Exp(*v))
}

// NormalQuantile returns the standard normal quantile of p in (0, 1).
func NormalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// lgGroup groups the rows of x by their exact values.
func lgGroup(x [][]float64, y []bool, q int) (*lgData, int, error) {
	if len(x) != len(y) {
		return nil, 0, ownwords.Errorf(ownwords.EINVALID, "logistic regression: %d rows of predictors for %d outcomes", len(x), len(y))
	}
	d := &lgData{}
	index := map[string]int{}
	key := make([]byte, 8*q)
	events := 0
	for i, row := range x {
		if len(row) != q {
			return nil, 0, ownwords.Errorf(ownwords.EINVALID, "logistic regression: row %d has %d values for %d predictors", i+1, len(row), q)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, 0, ownwords.Errorf(ownwords.EINVALID, "logistic regression: row %d, predictor %d is not a finite number", i+1, j+1)
			}
			binary.LittleEndian.PutUint64(key[8*j:], math.Float64bits(v+0)) // +0: −0 and 0 are one pattern
		}
		g, ok := index[string(key)]
		if !ok {
			g = len(d.x)
			index[string(key)] = g
			d.x = append(d.x, append([]float64{1}, row...))
			d.trials = append(d.trials, 0)
			d.events = append(d.events, 0)
		}
		d.trials[g]++
		if y[i] {
			d.events[g]++
			events++
		}
	}
	return d, events, nil
}

// collinear returns the first column of the design that is a linear
// combination of the columns before it (a Cholesky pivot of the scaled
// cross-product vanishes), or −1.
func (d *lgData) collinear() int {
	p := len(d.x[0])
	m := make([][]float64, p)
	for j := range m {
		m[j] = make([]float64, p)
	}
	for g, row := range d.x {
		for a := range p {
			for b := range p {
				m[a][b] += d.trials[g] * row[a] * row[b]
			}
		}
	}
	scale := make([]float64, p)
	for j := range p {
		scale[j] = 1 / math.Sqrt(m[j][j])
		if m[j][j] == 0 {
			return j
		}
	}
	for a := range p {
		for b := range p {
			m[a][b] *= scale[a] * scale[b]
		}
	}
	_, at := lgCholesky(m, 1e-10)
	return at
}

// lgFit is the state of a (possibly constrained) fit.
type lgFit struct {
	beta      []float64
	dev       float64
	info      [][]float64 // over the free columns
	iter      int
	converged bool
}

// eta returns the linear predictor of pattern g at beta.
func (d *lgData) eta(g int, beta []float64) float64 {
	s := 0.0
	for j, v := range d.x[g] {
		s += v * beta[j]
	}
	return s
}

// irls maximises the likelihood over the columns free, the others held at
// their values in start, from start; it returns the information over
// free at the end. A step is halved until the deviance does not rise
// (Newton's method may overshoot far from the estimate). Each iteration
// makes one pass over the patterns (pass), which gives the deviance that
// accepts the step together with the score and information of the next.
//
// tol is the relative step at which the fit has converged. With last, the
// final small step is taken too, so that the estimate and its information
// are those of the converged point; without (the constrained fits of a
// profile, which need only the deviance), the fit stops before it: the
// deviance is then above the minimum by about the step's square, far
// below what moves a profile bound.
func (d *lgData) irls(free []int, start []float64, tol float64, last bool) lgFit {
	beta := append([]float64(nil), start...)
	dev, score, info := d.pass(free, beta)
	fit := lgFit{}
	for fit.iter = 1; fit.iter <= logisticMaxIter; fit.iter++ {
		step, ok := lgSolve(info, score)
		if !ok {
			break
		}
		small := true
		for a, ca := range free {
			if math.Abs(step[a]) > tol*math.Max(1, math.Abs(beta[ca])) {
				small = false
			}
		}
		if small && !last {
			fit.converged = true
			break
		}
		next := append([]float64(nil), beta...)
		for half := 0; ; half++ {
			for a, ca := range free {
				next[ca] = beta[ca] + step[a]
			}
			nd, ns, ni := d.pass(free, next)
			if nd <= dev+1e-12*math.Abs(dev) || half == 30 {
				beta, dev, score, info = next, nd, ns, ni
				break
			}
			for a := range step {
				step[a] /= 2
			}
		}
		if small {
			fit.converged = true
			break
		}
	}
	fit.beta, fit.dev, fit.info = beta, dev, info
	return fit
}

// pass returns, at beta, the deviance and the score and information
// (Xᵀ W X) over the columns free, with one exponential and one logarithm
// per pattern: e = exp(−|η|) gives both μ and log(1 + e).
func (d *lgData) pass(free []int, beta []float64) (dev float64, score []float64, info [][]float64) {
	k := len(free)
	score = make([]float64, k)
	info = make([][]float64, k)
	for a := range info {
		info[a] = make([]float64, k)
	}
	ll := 0.0
	for g, row := range d.x {
		eta := d.eta(g, beta)
		e := math.Exp(-math.Abs(eta))
		l := math.Log1p(e)
		mu := 1 / (1 + e)
		logMu, log1mMu := -l, -math.Abs(eta)-l
		if eta < 0 {
			mu = e / (1 + e)
			logMu, log1mMu = log1mMu, logMu
		}
		ll += d.events[g]*logMu + (d.trials[g]-d.events[g])*log1mMu
		w := d.trials[g] * mu * (1 - mu)
		r := d.events[g] - d.trials[g]*mu
		for a, ca := range free {
			score[a] += row[ca] * r
			wa := w * row[ca]
			for b := 0; b <= a; b++ {
				info[a][b] += wa * row[free[b]]
			}
		}
	}
	for a := range k {
		for b := 0; b < a; b++ {
			info[b][a] = info[a][b]
		}
	}
	return -2 * ll, score, info
}

// noSeparation reports whether the estimate beta is certified to exist.
// By Stiemke's theorem of the alternative, the outcome is not separated
// (no β ≠ 0 has (2y−1)·xβ ≥ 0 for everyone) exactly when some strictly
// positive weights λ, one per participant-outcome, balance the signed
// rows a = (2y−1)·x: Σ λ·a = 0. At a maximum the score equations are
// such a balance with λ = 1−μ for events and μ for non-events; the fit
// leaves a small residual g = Σ λ·a, which a correction in proportion to
// each weight removes exactly: λ' = λ·(1 − aᵀv) with (Σ λ·a·aᵀ) v = g.
// The certificate holds when every aᵀv stays below ½, so that every λ'
// is positive however small λ is (a strong effect fits probabilities
// within 1e-20 of 0 or 1 for some, and the estimate still exists). Under
// separation no positive balance exists at all: some aᵀv is at least 1,
// or the system is singular because the weights of the separated
// participants have vanished as the coefficients diverged.
func (d *lgData) noSeparation(beta []float64) bool {
	p := len(d.x[0])
	type row struct {
		a      []float64
		lambda float64
	}
	var rows []row
	for g, x := range d.x {
		eta := d.eta(g, beta)
		e := math.Exp(-math.Abs(eta))
		mu, nu := 1/(1+e), e/(1+e) // μ and 1 − μ for η ≥ 0, without cancellation
		if eta < 0 {
			mu, nu = nu, mu
		}
		if d.events[g] > 0 {
			rows = append(rows, row{x, d.events[g] * nu})
		}
		if ne := d.trials[g] - d.events[g]; ne > 0 {
			neg := make([]float64, p)
			for j, v := range x {
				neg[j] = -v
			}
			rows = append(rows, row{neg, ne * mu})
		}
	}
	resid := make([]float64, p)
	m := make([][]float64, p)
	for j := range m {
		m[j] = make([]float64, p)
	}
	for _, r := range rows {
		if !(r.lambda > 0) {
			return false // a probability of exactly 0 or 1
		}
		for a := range p {
			resid[a] += r.lambda * r.a[a]
			for b := range p {
				m[a][b] += r.lambda * r.a[a] * r.a[b]
			}
		}
	}
	v, ok := lgSolve(m, resid)
	if !ok {
		return false
	}
	for _, r := range rows {
		av := 0.0
		for a := range p {
			av += r.a[a] * v[a]
		}
		if !(av < 0.5) {
			return false
		}
	}
	return true
}

// extreme counts the participants whose fitted probability is within 10
// machine epsilons of 0 or 1, R's threshold for its glm warning.
func (d *lgData) extreme(beta []float64) int {
	k := 0
	for g := range d.x {
		if math.Exp(-math.Abs(d.eta(g, beta))) < 10*0x1p-52 {
			k += int(d.trials[g])
		}
	}
	return k
}

// divergedTerms names the terms of a diverging fit, the largest
// coefficients first: those above 5 in absolute value (an odds ratio
// beyond e⁵ ≈ 150), else the largest.
func divergedTerms(terms []string, beta []float64) []string {
	idx := make([]int, 0, len(terms))
	for j := 1; j < len(terms); j++ {
		idx = append(idx, j)
	}
	for a := 1; a < len(idx); a++ {
		for b := a; b > 0 && math.Abs(beta[idx[b]]) > math.Abs(beta[idx[b-1]]); b-- {
			idx[b], idx[b-1] = idx[b-1], idx[b]
		}
	}
	var out []string
	for _, j := range idx {
		if math.Abs(beta[j]) > 5 {
			out = append(out, terms[j])
		}
	}
	if len(out) == 0 && len(idx) > 0 {
		out = append(out, terms[idx[0]])
	}
	if len(out) == 0 {
		out = []string{terms[0]}
	}
	return out
}

// profileBound returns the bound of coefficient j on side (−1 lower, +1
// upper): the b at which the signed root of the deviance of the fit with
// coefficient j fixed at b, less the minimum, is side·z. The signed root
// is close to linear in b, so it is bracketed from the Wald bound and
// solved by the Illinois method (to 1e-9 in the signed root, about 1e-9
// standard errors in the bound, or 1e-10 relative in b). nil when the profile
// stays below z out to 50 standard errors (an interval open on that
// side). Each constrained fit starts from the estimate moved along the
// coefficients' covariance with coefficient j (their regression on it):
// close to the constrained maximum even when a predictor far from 0, such
// as a calendar year, ties the intercept to its slope.
func (d *lgData) profileBound(fit lgFit, cov [][]float64, j int, z float64, side float64) *float64 {
	p := len(fit.beta)
	free := make([]int, 0, p-1)
	for c := range p {
		if c != j {
			free = append(free, c)
		}
	}
	hat, se := fit.beta[j], math.Sqrt(cov[j][j])
	// f(b) = signed root − side·z: negative inside the interval.
	f := func(b float64) (float64, bool) {
		start := make([]float64, p)
		for c := range p {
			start[c] = fit.beta[c] + cov[c][j]/cov[j][j]*(b-hat)
		}
		start[j] = b
		cf := d.irls(free, start, 1e-7, false)
		if !cf.converged {
			return 0, false
		}
		dd := math.Max(cf.dev-fit.dev, 0)
		// b lies on side of the estimate, so the signed root is side·√dd
		// and side·(signed root) − z is √dd − z.
		return math.Sqrt(dd) - z, true
	}
	inner, fin := hat, -z
	step := z * se
	outer := hat + side*step
	fout, ok := f(outer)
	for ok && fout < 0 {
		if math.Abs(outer-hat) > 50*se {
			return nil
		}
		inner, fin = outer, fout
		step *= 2
		outer = hat + side*step
		fout, ok = f(outer)
	}
	if !ok {
		return nil
	}
	// Illinois: false position, halving the retained end's value when
	// the same end is kept twice.
	a, fa, b, fb := inner, fin, outer, fout
	keep := 0
	for range 200 {
		c := b - fb*(b-a)/(fb-fa)
		if math.Abs(b-a) <= 1e-10*math.Max(1, math.Abs(c)) {
			return ptr(c)
		}
		fc, ok := f(c)
		if !ok {
			return nil
		}
		if math.Abs(fc) < 1e-9 { // b within about 1e-9 standard errors of the bound
			return ptr(c)
		}
		if fc < 0 {
			a, fa = c, fc
			if keep == -1 {
				fb /= 2
			}
			keep = -1
		} else {
			b, fb = c, fc
			if keep == 1 {
				fa /= 2
			}
			keep = 1
		}
	}
	return ptr((a + b) / 2)
}

// lgSolve solves the symmetric positive definite system m·x = b by
// Cholesky; ok is false when m is not positive definite.
func lgSolve(m [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	l, at := lgCholesky(m, 0)
	if at >= 0 {
		return nil, false
	}
	y := make([]float64, n)
	for i := range n {
		t := b[i]
		for k := range i {
			t -= l[i][k] * y[k]
		}
		y[i] = t / l[i][i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		t := y[i]
		for k := i + 1; k < n; k++ {
			t -= l[k][i] * x[k]
		}
		x[i] = t / l[i][i]
	}
	return x, true
}

// lgCholesky returns the lower Cholesky factor of the symmetric m and −1,
// or the first column whose pivot is not above tol (m is not positive
// definite there: with m scaled to a unit diagonal, that column is a
// linear combination of those before it).
func lgCholesky(m [][]float64, tol float64) ([][]float64, int) {
	n := len(m)
	l := make([][]float64, n)
	for i := range l {
		l[i] = make([]float64, n)
	}
	for j := range n {
		s := m[j][j]
		for k := range j {
			s -= l[j][k] * l[j][k]
		}
		if !(s > tol) {
			return nil, j
		}
		l[j][j] = math.Sqrt(s)
		for i := j + 1; i < n; i++ {
			t := m[i][j]
			for k := range j {
				t -= l[i][k] * l[j][k]
			}
			l[i][j] = t / l[j][j]
		}
	}
	return l, -1
}

// lgInverse inverts the symmetric positive definite m column by column.
func lgInverse(m [][]float64) ([][]float64, bool) {
	n := len(m)
	inv := make([][]float64, n)
	for i := range inv {
		inv[i] = make([]float64, n)
	}
	for c := range n {
		e := make([]float64, n)
		e[c] = 1
		col, ok := lgSolve(m, e)
		if !ok {
			return nil, false
		}
		for r := range n {
			inv[r][c] = col[r]
		}
	}
	return inv, true
}

// String renders a fit compactly for test failures.
func (f *LogisticFit) String() string {
	var b strings.Builder
	for _, c := range f.Coefficients {
		fmt.Fprintf(&b, "%s %.6g (%.6g)\n", c.Term, c.Estimate, c.SE)
	}
	fmt.Fprintf(&b, "deviance %.6g null %.6g", f.Deviance, f.NullDeviance)
	return b.String()
}
