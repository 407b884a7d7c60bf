package stats

import (
	"cmp"
	"slices"
	"strings"

	"ownwords"
)

// Span is a stretch [Start, End) of a continuum that a coder marked with a
// category. For transcripts, positions count Unicode code points, as
// ownwords.Segment does.
type Span struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Category string `json:"category"`
}

// UnitizingResult holds Krippendorff's unitizing alpha over all categories
// and for each one.
type UnitizingResult struct {
	// Alpha is uα over all categories, 1 − Σ_c D_o(c) / Σ_c D_e(c); nil
	// when undefined, with Reason saying why.
	Alpha  *float64 `json:"alpha"`
	Reason string   `json:"reason,omitempty"`
	// Categories holds one entry per category marked by any coder, sorted.
	Categories []CategoryAlpha `json:"categories"`
}

// CategoryAlpha is the unitizing alpha of one category, cuα.
type CategoryAlpha struct {
	Category string `json:"category"`
	// Units counts the spans of this category, over all coders.
	Units int `json:"units"`
	// Alpha is 1 − Observed/Expected; nil when Expected is 0, with Reason.
	Alpha    *float64 `json:"alpha"`
	Reason   string   `json:"reason,omitempty"`
	Observed float64  `json:"observed_disagreement"`
	Expected float64  `json:"expected_disagreement"`
}

// UnitizingAlpha returns Krippendorff's alpha for unitizing a continuum
// [0, length): coders[i] lists the spans coder i marked, in any order.
//
// It implements the definition of Krippendorff (1995, Sociological
// Methodology 25: 47–76) in the form given in Krippendorff (2004), Content
// Analysis, 2nd ed. (its unitizing example is on p. 254), category by
// category: for category c each coder's continuum is cut into units (that
// coder's spans of c) and gaps (all the rest, spans of other categories
// included), and with m coders,
//
//	D_o(c) = Σ_{i≠j} Σ_g Σ_h δ²(g_i, h_j) / (m(m − 1) L²)
//
// where δ² of two overlapping units is (b_g − b_h)² + (e_g − e_h)²
// (squared differences of their beginnings and ends), of a unit lying
// wholly inside a gap of the other coder the unit's squared length, and 0
// otherwise; and
//
//	D_e(c) = (2/L) Σ_g [ (N_c − 1)(2l_g³ − 3l_g² + l_g)/3
//	                     + l_g² Σ_{gaps h, l_h ≥ l_g} (l_h − l_g + 1) ]
//	         / (mL(mL − 1) − Σ_g l_g(l_g − 1))
//
// summing g over the N_c units of c of all coders and h over all coders'
// gaps. cuα = 1 − D_o(c)/D_e(c) per category, and the overall uα = 1 −
// Σ_c D_o(c) / Σ_c D_e(c).
//
// Not implemented: the revised family of Krippendorff, Mathet, Bouvry and
// Widlöcher (2016, Quality & Quantity 50: 2347–2364), which changes this
// definition because it misbehaves with more than two coders, and whose cuα
// means something else (agreement on categories within jointly identified
// units). With three or more coders read these values with that caveat.
//
// A coder's spans of one category must not overlap (adjacent ones are two
// units; merge them if they are one); spans of different categories may.
// Errors are EINVALID: length < 1, fewer than two coders, a span outside
// [0, length) or empty, a blank category, overlapping spans. A category
// whose expected disagreement is 0 has a nil Alpha and a reason.
func UnitizingAlpha(length int, coders [][]Span) (*UnitizingResult, error) {
	if length < 1 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "unitizing: the continuum has length %d", length)
	}
	if len(coders) < 2 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "unitizing: agreement needs at least two coders, got %d", len(coders))
	}
	byCat, err := agrSpansByCategory(length, coders)
	if err != nil {
		return nil, err
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	res := &UnitizingResult{Categories: make([]CategoryAlpha, 0, len(cats))}
	var do, de float64
	for _, c := range cats {
		ca := agrUnitizeCategory(length, byCat[c])
		ca.Category = c
		do, de = do+ca.Observed, de+ca.Expected
		res.Categories = append(res.Categories, ca)
	}
	switch {
	case len(cats) == 0:
		res.Reason = "no coder marked any span"
	case de > 0:
		a := 1 - do/de
		res.Alpha = &a
	default:
		res.Reason = "no expected disagreement in any category"
	}
	return res, nil
}

// agrSpansByCategory checks the spans and returns, per category, each
// coder's spans of it sorted by start.
func agrSpansByCategory(length int, coders [][]Span) (map[string][][]Span, error) {
	byCat := make(map[string][][]Span)
	for i, spans := range coders {
		for _, s := range spans {
			if s.Start < 0 || s.End > length || s.Start >= s.End {
				return nil, ownwords.Errorf(ownwords.EINVALID, "unitizing: coder %d: span [%d, %d) is empty or outside the continuum [0, %d)", i+1, s.Start, s.End, length)
			}
			if strings.TrimSpace(s.Category) == "" {
				return nil, ownwords.Errorf(ownwords.EINVALID, "unitizing: coder %d: span [%d, %d) has no category", i+1, s.Start, s.End)
			}
			if byCat[s.Category] == nil {
				byCat[s.Category] = make([][]Span, len(coders))
			}
			byCat[s.Category][i] = append(byCat[s.Category][i], s)
		}
	}
	for c, perCoder := range byCat {
		for i, spans := range perCoder {
			slices.SortFunc(spans, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
			for k := 1; k < len(spans); k++ {
				if spans[k].Start < spans[k-1].End {
					return nil, ownwords.Errorf(ownwords.EINVALID, "unitizing: coder %d: spans [%d, %d) and [%d, %d) of category %q overlap; a coder's spans of one category must not overlap",
						i+1, spans[k-1].Start, spans[k-1].End, spans[k].Start, spans[k].End, c)
				}
			}
		}
	}
	return byCat, nil
}

// agrSeg is one piece of a coder's continuum for one category: a unit of
// the category or a gap.
type agrSeg struct {
	start, end int
	unit       bool
}

// agrSegments cuts [0, length) into units (the sorted spans) and gaps.
func agrSegments(length int, spans []Span) []agrSeg {
	segs := make([]agrSeg, 0, 2*len(spans)+1)
	pos := 0
	for _, s := range spans {
		if s.Start > pos {
			segs = append(segs, agrSeg{start: pos, end: s.Start})
		}
		segs = append(segs, agrSeg{start: s.Start, end: s.End, unit: true})
		pos = s.End
	}
	if pos < length {
		segs = append(segs, agrSeg{start: pos, end: length})
	}
	return segs
}

// agrUnitDelta is Krippendorff's (2004) δ² of two segments of different
// coders.
func agrUnitDelta(g, h agrSeg) float64 {
	switch {
	case g.unit && h.unit && g.start < h.end && h.start < g.end:
		b, e := float64(g.start-h.start), float64(g.end-h.end)
		return b*b + e*e
	case g.unit && !h.unit && h.start <= g.start && g.end <= h.end:
		l := float64(g.end - g.start)
		return l * l
	case !g.unit && h.unit && g.start <= h.start && h.end <= g.end:
		l := float64(h.end - h.start)
		return l * l
	}
	return 0
}

// agrUnitizeCategory computes D_o and D_e of one category from each coder's
// sorted spans of it.
func agrUnitizeCategory(length int, perCoder [][]Span) CategoryAlpha {
	m := len(perCoder)
	segs := make([][]agrSeg, m)
	for i, spans := range perCoder {
		segs[i] = agrSegments(length, spans)
	}
	L := float64(length)
	var observed float64
	for i := range m {
		for j := i + 1; j < m; j++ {
			observed += 2 * agrPairDelta(segs[i], segs[j])
		}
	}
	observed /= float64(m*(m-1)) * L * L

	var units []int // lengths
	var gaps []int
	for _, ss := range segs {
		for _, s := range ss {
			if s.unit {
				units = append(units, s.end-s.start)
			} else {
				gaps = append(gaps, s.end-s.start)
			}
		}
	}
	slices.Sort(gaps)
	// tail[k] = Σ_{h ≥ k} (l_h + 1) over the sorted gaps.
	tail := make([]float64, len(gaps)+1)
	for k := len(gaps) - 1; k >= 0; k-- {
		tail[k] = tail[k+1] + float64(gaps[k]+1)
	}
	nc := float64(len(units))
	var num, selfPairs float64
	for _, l := range units {
		fl := float64(l)
		k, _ := slices.BinarySearch(gaps, l) // first gap at least l long
		inGaps := tail[k] - float64(len(gaps)-k)*fl
		num += (nc-1)*(2*fl*fl*fl-3*fl*fl+fl)/3 + fl*fl*inGaps
		selfPairs += fl * (fl - 1)
	}
	mL := float64(m) * L
	expected := 2 / L * num / (mL*(mL-1) - selfPairs)

	ca := CategoryAlpha{Units: len(units), Observed: observed, Expected: expected}
	if expected > 0 {
		a := 1 - observed/expected
		ca.Alpha = &a
	} else {
		ca.Reason = "no expected disagreement: the units leave no room to disagree"
	}
	return ca
}

// agrPairDelta sums δ² over the overlapping segments of two coders: both
// lists cover the continuum, so a merge visits each overlapping pair once,
// and only overlapping pairs can differ.
func agrPairDelta(a, b []agrSeg) float64 {
	var sum float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		sum += agrUnitDelta(a[i], b[j])
		ea, eb := a[i].end, b[j].end
		if ea <= eb {
			i++
		}
		if eb <= ea {
			j++
		}
	}
	return sum
}
