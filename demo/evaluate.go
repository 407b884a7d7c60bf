package demo

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// figure is one entry of a report's "figures" (contracts.md); null values
// are suppressed.
type figure struct {
	Section     string   `json:"section"`
	Item        string   `json:"item"`
	Group       string   `json:"group"`
	N           *int     `json:"n"`
	Denominator *int     `json:"denominator"`
	Percent     *float64 `json:"percent"`
	Value       *string  `json:"value"`
}

type cooccurrence struct {
	Group string   `json:"group"`
	A     string   `json:"a"`
	B     string   `json:"b"`
	NAB   *int     `json:"n_ab"`
	NA    *int     `json:"n_a"`
	NB    *int     `json:"n_b"`
	N     *int     `json:"n"`
	Lift  *float64 `json:"lift"`
}

// report is the part of a report (JSON, team audience) that checks read.
type report struct {
	figures map[[3]string]figure // section, item, group
	cooc    []cooccurrence
}

// EvaluateChecks evaluates every check against a report in the JSON format
// of contracts.md. Rankings compare counts strictly, so a tie fails: a
// ranking's items must each lie strictly above the next and the last
// strictly above every other codable item of the section (derived items are
// not ranked; an item the report omits counts 0); a top_set lies strictly
// above the rest; rank_within counts every other item with at least the
// item's count as ranked above it. A report that is not JSON fails every
// check.
func EvaluateChecks(reportJSON []byte, checks *Checks) []CheckResult {
	var raw struct {
		Figures      []figure       `json:"figures"`
		Cooccurrence []cooccurrence `json:"cooccurrence"`
	}
	out := make([]CheckResult, len(checks.Checks))
	err := json.Unmarshal(reportJSON, &raw)
	r := &report{figures: map[[3]string]figure{}, cooc: raw.Cooccurrence}
	for _, f := range raw.Figures {
		r.figures[[3]string{f.Section, f.Item, f.Group}] = f
	}
	for i, c := range checks.Checks {
		out[i].Check = c
		if err != nil {
			out[i].Got = "report is not valid JSON: " + err.Error()
			continue
		}
		out[i].OK, out[i].Got = r.evaluate(c)
	}
	return out
}

func (r *report) evaluate(c Check) (bool, string) {
	switch c.Kind {
	case "ranking", "top_set", "rank_within":
		return r.rankCheck(c)
	case "greater":
		return r.greater(c)
	case "cooccur":
		return r.cooccur(c)
	case "mode":
		f, ok := r.figures[[3]string{"mode", c.Attribute, c.Group}]
		if !ok || f.Value == nil {
			return false, "no mode figure"
		}
		return *f.Value == c.Value && c.Value != "", fmt.Sprintf("mode %q", *f.Value)
	case "distinct", "distinct_at_least":
		c.Section, c.Item = "distinct", c.Attribute
	}
	f, ok := r.figures[[3]string{c.Section, c.Item, c.Group}]
	switch {
	case !ok:
		return false, "no figure"
	case f.N == nil:
		return false, "suppressed"
	}
	n := *f.N
	got := fmt.Sprintf("n=%d", n)
	if f.Denominator != nil && f.Percent != nil {
		got = fmt.Sprintf("n=%d/%d (%.1f%%)", n, *f.Denominator, *f.Percent)
	}
	switch c.Kind {
	case "count":
		return n == c.N, got
	case "distinct":
		return n == c.N, got
	case "distinct_at_least", "at_least":
		return n >= c.N, got
	case "percent":
		return f.Denominator != nil && f.Percent != nil && n == c.N && *f.Denominator == c.Denominator &&
			math.Abs(*f.Percent-c.Percent) < 1e-9, got
	case "share_above":
		return f.Percent != nil && *f.Percent > c.Percent, got
	case "share_between":
		return f.Percent != nil && *f.Percent >= c.Min && *f.Percent <= c.Max, got
	}
	return false, "unknown kind " + c.Kind
}

type ranked struct {
	item string
	n    int
}

// ranking returns the codable items of a section with their counts in a
// group, by count descending (codebook order among ties), or the item whose
// count is suppressed.
func (r *report) ranking(section, group string) ([]ranked, string) {
	var items []string
	derived := map[string]bool{}
	for _, s := range parsedCodebook().Sections {
		if s.Slug != section {
			continue
		}
		for _, it := range s.Items {
			items = append(items, it.Slug)
		}
		for _, d := range s.Derived {
			derived[d.Slug] = true
		}
	}
	// Items the codebook does not know (added by a study) rank too, in a
	// fixed order.
	known := len(items)
	for k := range r.figures {
		if k[0] == section && k[2] == group && !derived[k[1]] && !slices.Contains(items, k[1]) {
			items = append(items, k[1])
		}
	}
	slices.Sort(items[known:])
	var out []ranked
	for _, it := range items {
		f, ok := r.figures[[3]string{section, it, group}]
		if ok && f.N == nil {
			return nil, it
		}
		n := 0
		if ok {
			n = *f.N
		}
		out = append(out, ranked{it, n})
	}
	slices.SortStableFunc(out, func(a, b ranked) int { return cmp.Compare(b.n, a.n) })
	return out, ""
}

func (r *report) rankCheck(c Check) (bool, string) {
	all, suppressed := r.ranking(c.Section, c.Group)
	if suppressed != "" {
		return false, suppressed + " is suppressed"
	}
	var rs []ranked
	for _, x := range all {
		if !slices.Contains(c.Exclude, x.item) {
			rs = append(rs, x)
		}
	}
	count := map[string]int{}
	known := map[string]bool{}
	for _, x := range rs {
		count[x.item], known[x.item] = x.n, true
	}
	switch c.Kind {
	case "rank_within":
		if !known[c.Item] {
			return false, c.Item + " is not in the section"
		}
		rank := 1
		for _, x := range rs {
			if x.item != c.Item && x.n >= count[c.Item] {
				rank++
			}
		}
		return rank <= c.Rank, fmt.Sprintf("%s rank %d (n=%d); %s", c.Item, rank, count[c.Item], describe(rs, c.Rank+1))
	case "ranking":
		ok := true
		for i, it := range c.Top {
			ok = ok && known[it] && (i == 0 || count[c.Top[i-1]] > count[it])
		}
		return ok && above(rs, c.Top, count), describe(rs, len(c.Top)+1)
	}
	ok := true
	for _, it := range c.Items {
		ok = ok && known[it]
	}
	return ok && above(rs, c.Items, count), describe(rs, len(c.Items)+1)
}

// above reports whether every item of set counts strictly more than every
// item outside it.
func above(rs []ranked, set []string, count map[string]int) bool {
	low := math.MaxInt
	for _, it := range set {
		low = min(low, count[it])
	}
	for _, x := range rs {
		if !slices.Contains(set, x.item) && x.n >= low {
			return false
		}
	}
	return true
}

func describe(rs []ranked, k int) string {
	var parts []string
	for _, x := range rs[:min(k, len(rs))] {
		parts = append(parts, fmt.Sprintf("%s=%d", x.item, x.n))
	}
	return strings.Join(parts, ", ")
}

func (r *report) greater(c Check) (bool, string) {
	a, okA := r.figures[[3]string{c.Section, c.Item, c.Group}]
	b, okB := r.figures[[3]string{c.Section, c.Item, c.Than}]
	if !okA || !okB || a.N == nil || b.N == nil || a.Denominator == nil || b.Denominator == nil ||
		*a.Denominator == 0 || *b.Denominator == 0 {
		return false, "missing or suppressed figure"
	}
	// Cross-multiplied, so that the comparison is exact.
	ok := *a.N**b.Denominator > *b.N**a.Denominator
	return ok, fmt.Sprintf("%s %d/%d vs %s %d/%d", c.Group, *a.N, *a.Denominator, c.Than, *b.N, *b.Denominator)
}

func (r *report) cooccur(c Check) (bool, string) {
	for _, x := range r.cooc {
		if x.Group != c.Group || !(x.A == c.A && x.B == c.B || x.A == c.B && x.B == c.A) {
			continue
		}
		if x.Lift == nil {
			return false, "lift is null"
		}
		got := fmt.Sprintf("lift %.3f", *x.Lift)
		if x.NAB != nil && x.NA != nil && x.NB != nil && x.N != nil {
			got += fmt.Sprintf(" (n_ab=%d, n_a=%d, n_b=%d, n=%d)", *x.NAB, *x.NA, *x.NB, *x.N)
		}
		return *x.Lift > c.LiftAbove, got
	}
	return false, "no co-occurrence entry"
}
