package report

import (
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"ownwords/reliability"
)

// reliabilityTitle heads the reliability section in every rendering.
const reliabilityTitle = "Agreement between coders"

// reliabilityHeader names the columns of the reliability table.
var reliabilityHeader = []string{"code", "interviews", "presence α", "Cohen's κ", "agreement", "unitizing α", "matched", "flag"}

// reliabilityLine is one row of the reliability table, formatted.
type reliabilityLine struct {
	Code, Units, Alpha, Kappa, Agreement, Unitizing, Matched, Flag string
	// MatchedParts are Matched's coder pairs.
	MatchedParts []string
	// Section heads the rows of a codebook section in HTML: set on the
	// first row of each, with Code then the item's label alone.
	Section string
	// Reason says why the presence alpha is undefined.
	Reason string
	Pooled bool
}

// cells returns the line's cells in the order of reliabilityHeader.
func (l reliabilityLine) cells() []string {
	return []string{l.Code, l.Units, l.Alpha, l.Kappa, l.Agreement, l.Unitizing, l.Matched, l.Flag}
}

// reliabilityLines formats the rows of rel, the pooled row last.
func reliabilityLines(rel *Reliability) []reliabilityLine {
	var out []reliabilityLine
	for _, r := range rel.Codes {
		l := reliabilityFormat(r)
		l.Code = cmp.Or(rel.Labels[r.Code], r.Code)
		out = append(out, l)
	}
	if rel.Pooled != nil {
		l := reliabilityFormat(*rel.Pooled)
		l.Code, l.Pooled = "all codes (pooled)", true
		out = append(out, l)
	}
	return out
}

// reliabilityFormat formats a row: three decimals, "undefined" for a value
// that is not defined, "–" for a kappa not computed (three or more coders).
func reliabilityFormat(r reliability.Row) reliabilityLine {
	l := reliabilityLine{Code: r.Code, Units: strconv.Itoa(r.Presence.Units), Alpha: measureText(r.Presence.Alpha), Kappa: "–",
		Agreement: fmt.Sprintf("%.1f%%", 100*r.Presence.Agreement), Unitizing: measureText(r.Segment.Alpha),
		Flag: r.Flag, Reason: r.Presence.Alpha.Reason}
	if r.Presence.Kappa != nil {
		l.Kappa = measureText(*r.Presence.Kappa)
	}
	var parts []string
	for _, m := range r.Segment.Matches {
		if m.Share != nil {
			parts = append(parts, fmt.Sprintf("%s→%s %d/%d", m.Coder, m.Other, m.Matched, m.Segments))
		}
	}
	l.Matched, l.MatchedParts = strings.Join(parts, ", "), parts
	if l.Matched == "" {
		l.Matched = "–"
	}
	return l
}

// measureText shows a coefficient to three decimals, or "undefined".
func measureText(m reliability.Measure) string {
	if m.Value == nil {
		return "undefined"
	}
	return strconv.FormatFloat(*m.Value, 'f', 3, 64)
}

// reliabilityNotes explain the reliability table: what is measured, the
// flags' thresholds and, in a public report, the codes left out.
func reliabilityNotes(rel *Reliability) []string {
	out := []string{
		fmt.Sprintf("Agreement between %s on the %d interviews coded by two or more of them. Presence: whether a coder applied the code anywhere in an interview (Krippendorff's alpha, nominal; Cohen's kappa with two coders; percent agreement); the pooled row's units are interview × code pairs. Unitizing alpha: agreement on where the code was applied, over character positions. Matched: of the first coder's segments with the code, how many the second coded alike (overlap ≥ %.2f).",
			joinAnd(rel.Coders), rel.Interviews, rel.OverlapThreshold),
		fmt.Sprintf("Flags follow Krippendorff (2004) on the presence alpha: α ≥ %.1f reliable, %.3f ≤ α < %.1f tentative, α < %.3f unacceptable; undefined when every coder gave every interview the same value. These figures are aggregates over interviews, not participants' answers.",
			reliability.ReliableAlpha, reliability.TentativeAlpha, reliability.ReliableAlpha, reliability.TentativeAlpha),
	}
	if rel.MinInterviews > 0 {
		out = append(out, fmt.Sprintf("Codes that a coder applied in fewer than %d interviews are not shown (%d codes): a rare code's agreement says little and its interviews could be few people's. The pooled row covers the codes shown.",
			rel.MinInterviews, rel.Hidden))
	}
	return out
}

// textReliability writes the reliability section for a terminal.
func textReliability(w io.Writer, rel *Reliability) {
	if rel == nil {
		return
	}
	fmt.Fprintf(w, "\n%s\n%s\n", reliabilityTitle, strings.Repeat("-", len([]rune(reliabilityTitle))))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\n", strings.Join(reliabilityHeader, "\t"))
	for _, l := range reliabilityLines(rel) {
		fmt.Fprintf(tw, "  %s\n", strings.Join(l.cells(), "\t"))
	}
	tw.Flush()
	for _, n := range reliabilityNotes(rel) {
		fmt.Fprintf(w, "  %s\n", n)
	}
}

// mdReliability writes the reliability section as a GitHub table.
func mdReliability(w io.Writer, rel *Reliability) {
	if rel == nil {
		return
	}
	fmt.Fprintf(w, "\n## %s\n\n", reliabilityTitle)
	lines := reliabilityLines(rel)
	if len(lines) > 0 {
		fmt.Fprintf(w, "| %s |\n|---|---:|---:|---:|---:|---:|---|---|\n", strings.Join(reliabilityHeader, " | "))
		for _, l := range lines {
			cells := l.cells()
			for i, c := range cells {
				cells[i] = mdEscape(c)
			}
			if l.Pooled {
				cells[0] = "**" + cells[0] + "**"
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		fmt.Fprintln(w)
	}
	for _, n := range reliabilityNotes(rel) {
		fmt.Fprintf(w, "%s\n\n", mdEscape(n))
	}
}

// htmlReliability is the reliability section of the HTML page.
type htmlReliability struct {
	Header []string
	Lines  []reliabilityLine
	Notes  []string
}

func newHTMLReliability(rel *Reliability) *htmlReliability {
	if rel == nil {
		return nil
	}
	lines := reliabilityLines(rel)
	last := ""
	for i, r := range rel.Codes {
		if sec := rel.Sections[r.Code]; sec != "" {
			lines[i].Code = cmp.Or(rel.Items[r.Code], lines[i].Code)
			if sec != last {
				lines[i].Section, last = sec, sec
			}
		}
	}
	return &htmlReliability{Header: reliabilityHeader, Lines: lines, Notes: reliabilityNotes(rel)}
}

// jsonReliability is the "reliability" object of the JSON report.
type jsonReliability struct {
	Coders           []string `json:"coders"`
	Interviews       int      `json:"interviews"`
	OverlapThreshold float64  `json:"overlap_threshold"`
	// MinInterviews and HiddenCodes say, in a public report, which codes
	// were left out and how many.
	MinInterviews *int                 `json:"min_interviews,omitempty"`
	HiddenCodes   *int                 `json:"hidden_codes,omitempty"`
	Codes         []jsonReliabilityRow `json:"codes"`
	Pooled        *jsonReliabilityRow  `json:"pooled"`
	Notes         []string             `json:"notes"`
}

// jsonReliabilityRow is one code's agreement, or the pooled row's (code
// ""). PercentAgreement is a share (0..1), as in `ownwords reliability`.
type jsonReliabilityRow struct {
	Code             string               `json:"code"`
	Units            int                  `json:"units"`
	PercentAgreement float64              `json:"percent_agreement"`
	PresenceAlpha    reliability.Measure  `json:"presence_alpha"`
	CohenKappa       *reliability.Measure `json:"cohen_kappa"`
	UnitizingAlpha   reliability.Measure  `json:"unitizing_alpha"`
	Matched          []reliability.Match  `json:"matched"`
	Flag             string               `json:"flag"`
}

func reliabilityJSON(rel *Reliability) *jsonReliability {
	if rel == nil {
		return nil
	}
	out := &jsonReliability{Coders: rel.Coders, Interviews: rel.Interviews, OverlapThreshold: rel.OverlapThreshold,
		Codes: []jsonReliabilityRow{}, Notes: reliabilityNotes(rel)}
	if rel.MinInterviews > 0 {
		out.MinInterviews, out.HiddenCodes = &rel.MinInterviews, &rel.Hidden
	}
	for _, r := range rel.Codes {
		out.Codes = append(out.Codes, reliabilityRowJSON(r))
	}
	if rel.Pooled != nil {
		p := reliabilityRowJSON(*rel.Pooled)
		out.Pooled = &p
	}
	return out
}

func reliabilityRowJSON(r reliability.Row) jsonReliabilityRow {
	return jsonReliabilityRow{Code: r.Code, Units: r.Presence.Units, PercentAgreement: r.Presence.Agreement,
		PresenceAlpha: r.Presence.Alpha, CohenKappa: r.Presence.Kappa, UnitizingAlpha: r.Segment.Alpha,
		Matched: r.Segment.Matches, Flag: r.Flag}
}

// joinAnd lists names as "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
