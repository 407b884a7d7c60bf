package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"ownwords/stats"
)

// WriteText writes the report for a terminal: plain text with aligned
// columns. Study text has been cleaned of control characters by Build, so
// it cannot carry terminal escape sequences.
func WriteText(w io.Writer, rep *Report) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("%s\n\n%s\n%s\n", rep.Confidentiality, rep.Title, strings.Repeat("=", len([]rune(rep.Title))))
	p("Study: %s. Plan: %s. Audience: %s. Analysis sample: %d participants.\n", rep.Study, rep.Plan, rep.Audience, rep.SampleSize)

	p("\nGroups\n")
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	for i, g := range rep.Groups {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", cmp.Or(g.Label, g.Name), groupDescription(g), cellText(rep.Sample.Rows[0].Cells[i], rep.K))
	}
	tw.Flush()

	for _, s := range rep.Sections {
		p("\n%s\n%s\n", s.Title, strings.Repeat("-", len([]rune(s.Title))))
		textTable(bw, s.Table, rep.K)
		for _, r := range s.Rankings {
			p("  Ranking, %s: %s\n", rep.GroupLabel(r.Group), strings.Join(rankingParts(r, rep.K, func(s string) string { return s }), "; "))
		}
		for _, q := range s.Quotes {
			p("  %s: “%s” — %s\n", q.Label, q.Text, q.Attribution)
			if b := q.Beside; b != nil {
				p("    %s, %s: “%s”\n", b.Role, b.Language, b.Text)
			}
		}
	}
	for _, t := range rep.Attributes {
		p("\n%s\n%s\n", t.Title, strings.Repeat("-", len([]rune(t.Title))))
		textTable(bw, t, rep.K)
	}
	if len(rep.Distinct.Rows) > 0 {
		p("\nDistinct values\n---------------\n")
		textTable(bw, rep.Distinct, rep.K)
	}
	if len(rep.Modes) > 0 {
		p("\nMost frequent value (strict mode)\n")
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		for _, m := range rep.Modes {
			fmt.Fprintf(tw, "  %s", m.Label)
			for gi, mode := range m.Modes {
				fmt.Fprintf(tw, "\t%s: %s", cmp.Or(rep.Groups[gi].Label, rep.Groups[gi].Name), modeText(mode, rep.K))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	textCooccurrence(bw, rep)
	for _, x := range rep.Crosstabs {
		p("\nCrosstab: %s\n", x.Table.Title)
		textTable(bw, x.Table, rep.K)
		p("  %s\n", statsText(x))
	}
	textReliability(bw, rep.Reliability)
	p("\n")
	for _, n := range rep.Notes {
		p("%s\n", n)
	}
	return bw.Flush()
}

// textTable writes a table with aligned columns.
func textTable(w io.Writer, t *Table, k int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, " ")
	for _, c := range t.Columns {
		fmt.Fprintf(tw, "\t%s", c.Label)
	}
	fmt.Fprintln(tw)
	for _, r := range t.Rows {
		fmt.Fprintf(tw, "  %s", rowLabel(r))
		for _, c := range r.Cells {
			if t.Kind == KindDistinct {
				fmt.Fprintf(tw, "\t%s", countText(c, k))
			} else {
				fmt.Fprintf(tw, "\t%s", cellText(c, k))
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if hasDerived(t) {
		fmt.Fprintf(w, "  %s\n", derivedNote)
	}
}

func textCooccurrence(w io.Writer, rep *Report) {
	pairs := namedPairs(rep)
	if len(pairs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nCo-occurrence\n-------------\n%s\n", pairsNote)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  group\ta\tb\tn_ab\tn_a\tn_b\tn\tlift")
	for _, c := range pairs {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rep.GroupLabel(c.Group), c.ALabel, c.BLabel,
			countText(c.NAB, rep.K), countText(c.NA, rep.K), countText(c.NB, rep.K), countText(c.N, rep.K), liftText(c.Lift))
	}
	tw.Flush()
}

// modeText shows a mode, e.g. "middle (88)", "tie (12)" or "—".
func modeText(m Mode, k int) string {
	switch {
	case m.N.Suppressed:
		return countText(m.N, k)
	case m.Value == "" && m.N.N > 0:
		return fmt.Sprintf("tie (%d)", m.N.N)
	case m.Value == "":
		return "none"
	}
	return fmt.Sprintf("%s (%d)", cmp.Or(m.Label, m.Value), m.N.N)
}

// statsText summarises a crosstab's tests, effect sizes and adjusted
// p-values; when the chi-square approximation is doubtful it says, in one
// sentence, that Fisher's exact test replaces it.
func statsText(x Crosstab) string {
	return TestsText(x.Stats, x.Adjusted, x.AdjustedWithheld)
}

// TestsText is statsText for a crosstab's figures as any output has them
// (a report's, or one crosstab's from the gate): st nil means withheld.
func TestsText(st *stats.Crosstab, adjusted *stats.Adjusted, adjustedWithheld string) string {
	switch {
	case st == nil:
		return "Tests and effect sizes not shown: some counts are suppressed."
	case st.ChiSquare == nil:
		return "Too few non-empty rows or columns for a test of association."
	}
	var parts []string
	if st.Test == stats.TestFisher && st.Fisher != nil {
		cs := st.ChiSquare
		parts = append(parts, fmt.Sprintf("%s replaces chi-square (%.3f, df %d, p %.4f), as %.0f%% of the cells have an expected count below 5",
			fisherText(st.Fisher), cs.Statistic, cs.DF, cs.P, 100*cs.LowExpectedShare))
	} else {
		s := fmt.Sprintf("Chi-square %.3f, df %d, p %.4f", st.ChiSquare.Statistic, st.ChiSquare.DF, st.ChiSquare.P)
		if st.Fisher != nil {
			s += "; " + fisherText(st.Fisher)
		}
		parts = append(parts, s)
	}
	if e := st.Effects; e != nil {
		if e.CramersV != nil {
			parts = append(parts, "Cramér's V "+effectText(e.CramersV, "%.3f"))
		}
		if e.OddsRatio != nil {
			parts = append(parts, fmt.Sprintf("%s: odds ratio %s; risk difference %s; risk ratio %s",
				e.Comparison, effectText(e.OddsRatio, "%.3g"), effectText(e.RiskDifference, "%.3f"), effectText(e.RiskRatio, "%.3g")))
		}
	}
	if a := adjusted; a != nil {
		parts = append(parts, fmt.Sprintf("adjusted p (%s): Holm %.4f, Benjamini–Hochberg %.4f", a.Family, a.Holm, a.BH))
	} else if adjustedWithheld != "" {
		parts = append(parts, adjustedWithheld)
	}
	return strings.Join(parts, "; ") + "."
}

// fisherText shows Fisher's exact p and its method.
func fisherText(f *stats.FisherRC) string {
	if f.Method == stats.FisherMethodMonteCarlo {
		return fmt.Sprintf("Fisher's exact p %.4f (Monte Carlo, SE %.4f, %d tables, seed %d)", f.P, *f.SE, f.Samples, f.Seed)
	}
	return fmt.Sprintf("Fisher's exact p %.4f (exact)", f.P)
}

// effectText shows an estimate with its interval and method, or "not
// defined" (a risk ratio with a zero count).
func effectText(e *stats.EffectSize, format string) string {
	if e == nil {
		return "not defined"
	}
	if e.Level == 0 {
		return fmt.Sprintf(format+" (%s)", e.Estimate, e.Method)
	}
	num := func(v float64) string {
		if math.IsInf(v, 1) {
			return "∞"
		}
		return fmt.Sprintf(format, v)
	}
	upper := math.Inf(1)
	if e.Upper != nil {
		upper = *e.Upper
	}
	return fmt.Sprintf("%s (%.0f%% CI %s to %s, %s)", num(e.Estimate), 100*e.Level, num(e.Lower), num(upper), e.Method)
}
