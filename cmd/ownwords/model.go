package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"ownwords"
	"ownwords/analysis"
	"ownwords/gate"
	"ownwords/stats"
)

func init() {
	register(&command{name: "model", summary: "logistic regression of a coded item on participant attributes: odds ratios with profile-likelihood intervals, deviance, AIC", run: runModel})
}

func runModel(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "model", "--store S --outcome SECTION/ITEM --predictors A,B,… [--ref A=LEVEL,…] [--plan P] [--user U] [--audience team|public] [--interval profile|wald] [--level 0.95] [--allow-low-epv] [--format text|json|md|csv]")
	sf.register(fs, false)
	uf.register(fs)
	outcome := fs.String("outcome", "", "the item explained, section/item: a participant has its code or not, by the consensus codings (required)")
	predictors := fs.String("predictors", "", "attribute slugs, comma-separated: categories and booleans by level against a reference, integers and numbers as given, dates as calendar years (required)")
	refs := fs.String("ref", "", "reference levels, comma-separated ATTR=LEVEL (default: each category's most frequent level, the first in the attribute's order on a tie)")
	audience := fs.String("audience", gate.AudienceTeam, "team (owners and analysts: needs --user) or public (only a model of categorical predictors whose every combination of levels is a group the plan's public report prints unsuppressed)")
	planName := fs.String("plan", "", "stored plan whose sample to model (default: the study's only plan, or \"reference\")")
	interval := fs.String("interval", "profile", "confidence intervals: profile (likelihood, as R's confint) or wald (estimate ± z·SE)")
	level := fs.Float64("level", 0.95, "confidence level of the intervals")
	lowEPV := fs.Bool("allow-low-epv", false, fmt.Sprintf("fit with fewer than %d events per parameter, printing a warning", analysis.MinEventsPerParameter))
	format := fs.String("format", "text", "text, json, md or csv (the coefficient table)")
	if err := parse(fs, args); err != nil {
		return err
	}
	write := modelWriters[*format]
	switch {
	case *outcome == "" || *predictors == "":
		return ownwords.Errorf(ownwords.EINVALID, "--outcome and --predictors are required")
	case write == nil:
		return ownwords.Errorf(ownwords.EINVALID, "--format must be text, json, md or csv")
	}
	spec := analysis.ModelSpec{Outcome: *outcome, Predictors: splitList(*predictors), Level: *level, AllowLowEPV: *lowEPV, Ref: map[string]string{}}
	switch *interval {
	case "profile":
		spec.Interval = stats.IntervalProfile
	case "wald":
		spec.Interval = stats.IntervalWald
	default:
		return ownwords.Errorf(ownwords.EINVALID, "--interval must be profile or wald")
	}
	for _, r := range splitList(*refs) {
		attr, lvl, ok := strings.Cut(r, "=")
		if !ok || attr == "" || lvl == "" {
			return ownwords.Errorf(ownwords.EINVALID, "--ref %q: want ATTR=LEVEL", r)
		}
		spec.Ref[attr] = lvl
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	m, err := as.g.Model(ctx, as.c, gate.ModelRequest{Spec: spec, Plan: *planName, Audience: *audience})
	if err != nil {
		return err
	}
	if *format == "json" || *format == "csv" {
		// text and md print them with the table; json carries them, but
		// a script's reader should see them too
		for _, w := range m.Warnings {
			fmt.Fprintln(e.stderr, "warning:", w)
		}
	}
	return write(e.stdout, m)
}

var modelWriters = map[string]func(io.Writer, *gate.Model) error{
	"text": writeModelText,
	"md":   writeModelMarkdown,
	"csv":  writeModelCSV,
	"json": func(w io.Writer, m *gate.Model) error { return writeJSON(w, m) },
}

// modelRow formats one coefficient's cells: term, estimate, SE, z, p,
// odds ratio and its interval ("∞" for a bound the profile never reaches).
func modelRow(c stats.LogisticCoef) []string {
	lowOpen := "0" // the profile never reaches a lower bound
	if c.Low != nil {
		lowOpen = "∞" // a lower bound whose odds are beyond a float64
	}
	bound := func(b *float64, open string) string {
		if b == nil {
			return open
		}
		return oddsText(*b)
	}
	return []string{c.Term, fmt.Sprintf("%.4f", c.Estimate), fmt.Sprintf("%.4f", c.SE), fmt.Sprintf("%.3f", c.Z), fmt.Sprintf("%.3g", c.P),
		bound(c.OddsRatio, "∞"), bound(c.ORLow, lowOpen), bound(c.ORHigh, "∞")}
}

// oddsText prints an odds ratio with three decimals, or three significant
// digits when it is far from 1 (an intercept's odds at a year 0).
func oddsText(v float64) string {
	if v != 0 && (v < 1e-3 || v >= 1e4) {
		return fmt.Sprintf("%.3g", v)
	}
	return fmt.Sprintf("%.3f", v)
}

// modelHeader says what was modelled, on whom, and how the predictors
// enter.
func modelHeader(m *gate.Model) []string {
	plan := m.Plan
	if plan == "" {
		plan = "all participants"
	}
	lines := []string{fmt.Sprintf("Logistic regression of %s (plan %s, %s audience)", m.Outcome, plan, m.Audience)}
	n := fmt.Sprintf("n = %d of %d in the sample, %d with the code; %.1f events per parameter", m.N, m.SampleSize, m.Events, m.EPV)
	if m.Dropped > 0 {
		n += fmt.Sprintf("; %d left out for a missing value", m.Dropped)
		var by []string
		for _, slug := range slices.Sorted(maps.Keys(m.MissingBy)) {
			by = append(by, fmt.Sprintf("%s %d", slug, m.MissingBy[slug]))
		}
		if len(by) > 0 {
			n += " (" + strings.Join(by, ", ") + ")"
		}
	}
	lines = append(lines, n)
	for _, p := range m.Predictors {
		switch {
		case p.Kind == analysis.KindCategorical:
			var lv []string
			for _, l := range p.Levels {
				lv = append(lv, fmt.Sprintf("%s %d/%d", l.Value, l.Events, l.N))
			}
			lines = append(lines, fmt.Sprintf("%s: categorical, reference %s (%s); with the code by level: %s", p.Slug, p.Reference, p.ReferenceRule, strings.Join(lv, ", ")))
		case p.Unit != "":
			lines = append(lines, fmt.Sprintf("%s: numeric, in %ss", p.Slug, p.Unit))
		default:
			lines = append(lines, fmt.Sprintf("%s: numeric, as given (per unit)", p.Slug))
		}
	}
	return lines
}

// modelFooter gives the fit's deviances and AIC.
func modelFooter(m *gate.Model) string {
	f := m.Fit
	return fmt.Sprintf("Null deviance %.2f on %d df; residual deviance %.2f on %d df; AIC %.2f; %d IRLS iterations",
		f.NullDeviance, f.DFNull, f.Deviance, f.DFResidual, f.AIC, f.Iterations)
}

func intervalTitle(f *stats.LogisticFit) string {
	return fmt.Sprintf("OR %g%% CI (%s)", 100*f.Level, f.Interval)
}

func writeModelText(w io.Writer, m *gate.Model) error {
	for _, l := range modelHeader(m) {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "term\testimate\tSE\tz\tp\todds ratio\t%s\t\n", intervalTitle(m.Fit))
	for _, c := range m.Fit.Coefficients {
		r := modelRow(c)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s – %s\t\n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, modelFooter(m))
	for _, warn := range m.Warnings {
		fmt.Fprintln(w, "warning:", warn)
	}
	return nil
}

func writeModelMarkdown(w io.Writer, m *gate.Model) error {
	h := modelHeader(m)
	fmt.Fprintf(w, "## %s\n\n", h[0])
	for _, l := range h[1:] {
		fmt.Fprintf(w, "- %s\n", l)
	}
	fmt.Fprintf(w, "\n| term | estimate | SE | z | p | odds ratio | %s |\n|---|---:|---:|---:|---:|---:|---:|\n", intervalTitle(m.Fit))
	for _, c := range m.Fit.Coefficients {
		r := modelRow(c)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s – %s |\n", strings.ReplaceAll(r[0], "|", `\|`), r[1], r[2], r[3], r[4], r[5], r[6], r[7])
	}
	fmt.Fprintf(w, "\n%s\n", modelFooter(m))
	for _, warn := range m.Warnings {
		fmt.Fprintf(w, "\n**Warning:** %s\n", warn)
	}
	return nil
}

// writeModelCSV writes the coefficient table at full precision; an open
// interval bound, or an odds ratio beyond a float64, is an empty cell.
func writeModelCSV(w io.Writer, m *gate.Model) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"term", "estimate", "se", "z", "p", "odds_ratio", "or_low", "or_high", "interval", "level"})
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	gp := func(v *float64) string {
		if v == nil {
			return ""
		}
		return g(*v)
	}
	for _, c := range m.Fit.Coefficients {
		cw.Write([]string{c.Term, g(c.Estimate), g(c.SE), g(c.Z), g(c.P), gp(c.OddsRatio), gp(c.ORLow), gp(c.ORHigh), m.Fit.Interval, g(m.Fit.Level)})
	}
	cw.Flush()
	return cw.Error()
}
