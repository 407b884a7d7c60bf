package reliability

import (
	"cmp"
	"slices"

	"ownwords/stats"
)

// unitized holds the unitizing alphas of the compared codes.
type unitized struct {
	pooled  Measure
	byCode  map[string]Measure
	missing string // why a code without a result is undefined
}

// category returns the unitizing alpha of one code.
func (u *unitized) category(code string) Measure {
	if m, ok := u.byCode[code]; ok {
		return m
	}
	return Measure{Reason: u.missing, Flag: FlagUndefined}
}

// unitizing computes Krippendorff's unitizing alpha over the interviews
// every compared coder coded, their transcripts laid end to end in ID order
// as one continuum. A coder's overlapping segments of one code are merged
// into one unit first, as stats.UnitizingAlpha requires.
func (c *comparison) unitizing() (*unitized, error) {
	u := &unitized{byCode: map[string]Measure{}, missing: "no coder applied this code in an interview every compared coder coded"}
	var all []string
	for _, iv := range c.ivs {
		if len(c.codedBy[iv]) == len(c.coders) {
			all = append(all, iv)
		}
	}
	if len(all) == 0 {
		u.missing = "no interview was coded by every compared coder"
		u.pooled = Measure{Reason: u.missing, Flag: FlagUndefined}
		return u, nil
	}
	spans := make([][]stats.Span, len(c.coders))
	length := 0
	for _, iv := range all {
		n := c.in.Lengths[iv]
		for i, coder := range c.coders {
			for _, code := range c.codes {
				var own []stats.Span
				for _, s := range c.segs[key{iv, coder, code}] {
					start, end := min(s.Start, n), min(s.End, n)
					if start < end {
						own = append(own, stats.Span{Start: length + start, End: length + end, Category: code})
					}
				}
				spans[i] = append(spans[i], mergeSpans(own)...)
			}
		}
		length += n
	}
	if length < 1 {
		u.pooled = Measure{Reason: "the compared transcripts are empty", Flag: FlagUndefined}
		return u, nil
	}
	res, err := stats.UnitizingAlpha(length, spans)
	if err != nil {
		return nil, err
	}
	u.pooled = pointer(res.Alpha, res.Reason)
	for _, ca := range res.Categories {
		u.byCode[ca.Category] = pointer(ca.Alpha, ca.Reason)
	}
	return u, nil
}

// mergeSpans sorts one coder's spans of one category and merges those that
// overlap; adjacent spans stay two units.
func mergeSpans(s []stats.Span) []stats.Span {
	slices.SortFunc(s, func(a, b stats.Span) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	var out []stats.Span
	for _, sp := range s {
		if n := len(out); n > 0 && sp.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}
