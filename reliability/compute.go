package reliability

import (
	"cmp"
	"slices"

	"ownwords"
	"ownwords/stats"
)

// DefaultOverlap is the overlap threshold when the study sets none.
const DefaultOverlap = 0.5

// Threshold returns the overlap threshold a study setting means: t, or
// DefaultOverlap when t is 0 (unset) or out of range.
func Threshold(t float64) float64 {
	if t <= 0 || t > 1 {
		return DefaultOverlap
	}
	return t
}

// Overlap returns the Jaccard overlap of the code-point ranges [aStart,
// aEnd) and [bStart, bEnd): the length of their intersection over the
// length of their union, 0 when they are disjoint (or both empty).
func Overlap(aStart, aEnd, bStart, bEnd int) float64 {
	inter := min(aEnd, bEnd) - max(aStart, bStart)
	union := max(aEnd, bEnd) - min(aStart, bStart)
	if inter <= 0 || union <= 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Input is the material Compute measures.
type Input struct {
	// Lengths maps each interview's ID to its transcript's length in
	// code points.
	Lengths map[string]int
	// Segments are the study's segments; only the coder layer is used.
	Segments []*ownwords.Segment
	// CodeNames maps code IDs to paths ("section/slug"); a code missing
	// here is named by its ID.
	CodeNames map[string]string
	// CoderNames maps user IDs to names; a coder missing here is named by
	// their ID.
	CoderNames map[string]string
}

// Options choose what Compute compares.
type Options struct {
	// Coders lists the coders' user IDs; empty means every coder with a
	// coder-layer segment.
	Coders []string
	// Codes lists code IDs; empty means every code a compared coder
	// applied in an interview that two or more of them coded.
	Codes []string
	// OverlapThreshold is the Jaccard overlap at which two segments match
	// (see Threshold); 0 means DefaultOverlap.
	OverlapThreshold float64
}

// comparison is the working state of Compute.
type comparison struct {
	in      Input
	coders  []string                   // user IDs, in order
	names   []string                   // their names
	codes   []string                   // code IDs, ordered by name
	ivs     []string                   // interviews with ≥ 2 coders, sorted
	codedBy map[string]map[string]bool // interview → coder → coded it
	segs    map[key][]*ownwords.Segment
	thresh  float64
}

// key locates one coder's segments of one code in one interview.
type key struct{ iv, coder, code string }

// Compute returns the reliability table of the segments in. It is an
// EINVALID error when fewer than two coders are compared, or no interview
// was coded by two or more of them.
func Compute(in Input, opt Options) (*Table, error) {
	c := &comparison{in: in, codedBy: map[string]map[string]bool{}, segs: map[key][]*ownwords.Segment{},
		thresh: Threshold(opt.OverlapThreshold)}
	wanted := map[string]bool{}
	for _, id := range opt.Coders {
		wanted[id] = true
	}
	seen := map[string]bool{}
	for _, s := range in.Segments {
		if s.Layer != ownwords.LayerCoder || (len(wanted) > 0 && !wanted[s.CoderID]) {
			continue
		}
		if _, ok := in.Lengths[s.InterviewID]; !ok {
			continue
		}
		if !seen[s.CoderID] {
			seen[s.CoderID] = true
			if len(opt.Coders) == 0 {
				c.coders = append(c.coders, s.CoderID)
			}
		}
		if c.codedBy[s.InterviewID] == nil {
			c.codedBy[s.InterviewID] = map[string]bool{}
		}
		c.codedBy[s.InterviewID][s.CoderID] = true
		k := key{s.InterviewID, s.CoderID, s.CodeID}
		c.segs[k] = append(c.segs[k], s)
	}
	if len(opt.Coders) > 0 {
		c.coders = slices.Clone(opt.Coders)
	} else {
		slices.SortFunc(c.coders, func(a, b string) int { return cmp.Compare(c.coderName(a), c.coderName(b)) })
	}
	if len(c.coders) < 2 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "reliability: agreement needs two or more coders, found %d", len(c.coders))
	}
	for _, id := range c.coders {
		c.names = append(c.names, c.coderName(id))
	}
	for iv, by := range c.codedBy {
		if len(by) >= 2 {
			c.ivs = append(c.ivs, iv)
		}
	}
	if len(c.ivs) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "reliability: no interview was coded by two or more of the coders")
	}
	slices.Sort(c.ivs)
	c.codes = c.chooseCodes(opt.Codes)
	return c.table()
}

func (c *comparison) coderName(id string) string {
	if n := c.in.CoderNames[id]; n != "" {
		return n
	}
	return id
}

func (c *comparison) codeName(id string) string {
	if n := c.in.CodeNames[id]; n != "" {
		return n
	}
	return id
}

// chooseCodes returns the compared codes ordered by name: the wanted ones,
// or every code applied in a compared interview.
func (c *comparison) chooseCodes(wanted []string) []string {
	codes := slices.Clone(wanted)
	if len(codes) == 0 {
		set := map[string]bool{}
		for k := range c.segs {
			if len(c.codedBy[k.iv]) >= 2 {
				set[k.code] = true
			}
		}
		for id := range set {
			codes = append(codes, id)
		}
	}
	slices.SortFunc(codes, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.codeName(a), c.codeName(b)), cmp.Compare(a, b))
	})
	return slices.Compact(codes)
}

// table computes every row.
func (c *comparison) table() (*Table, error) {
	t := &Table{Coders: c.names, Interviews: len(c.ivs), OverlapThreshold: c.thresh, Codes: make([]Row, 0, len(c.codes))}
	unit, err := c.unitizing()
	if err != nil {
		return nil, err
	}
	for _, code := range c.codes {
		row := Row{Code: c.codeName(code), CodeID: code, Presence: c.presence([]string{code}),
			Segment: c.segment([]string{code})}
		row.Segment.Alpha = unit.category(code)
		row.Flag = row.Presence.Alpha.Flag
		t.Codes = append(t.Codes, row)
	}
	t.Pooled = Row{Presence: c.presence(c.codes), Segment: c.segment(c.codes)}
	t.Pooled.Segment.Alpha = unit.pooled
	t.Pooled.Flag = t.Pooled.Presence.Alpha.Flag
	return t, nil
}

// presence measures agreement on whether each coder applied each of codes
// in each compared interview: one unit per interview and code.
func (c *comparison) presence(codes []string) Presence {
	p := Presence{Applied: map[string]int{}}
	r := &stats.Ratings{Coders: c.names}
	var a, b []string
	var pairable, agreeing int
	for _, iv := range c.ivs {
		for _, code := range codes {
			row := make([]string, len(c.coders))
			var values []string
			for i, coder := range c.coders {
				if !c.codedBy[iv][coder] {
					continue
				}
				row[i] = "0"
				if len(c.segs[key{iv, coder, code}]) > 0 {
					row[i] = "1"
					p.Applied[c.names[i]]++
				}
				values = append(values, row[i])
			}
			r.Values = append(r.Values, row)
			if len(values) >= 2 {
				pairable++
				if !slices.ContainsFunc(values, func(v string) bool { return v != values[0] }) {
					agreeing++
				}
			}
			if len(c.coders) == 2 {
				a, b = append(a, row[0]), append(b, row[1])
			}
		}
	}
	p.Units = len(r.Values)
	if pairable > 0 {
		p.Agreement = float64(agreeing) / float64(pairable)
	}
	p.Alpha = measure(stats.KrippendorffAlpha(r, stats.Nominal))
	if len(c.coders) == 2 {
		k := measure(stats.CohenKappa(a, b, stats.Unweighted, []string{"0", "1"}))
		p.Kappa = &k
	}
	return p
}

// segment counts each coder's segments of codes in the compared
// interviews and how many each other coder matched.
func (c *comparison) segment(codes []string) SegmentAgreement {
	sa := SegmentAgreement{Segments: map[string]int{}, Matches: []Match{}}
	for i, x := range c.coders {
		for _, iv := range c.ivs {
			for _, code := range codes {
				sa.Segments[c.names[i]] += len(c.segs[key{iv, x, code}])
			}
		}
		for j, y := range c.coders {
			if i == j {
				continue
			}
			m := Match{Coder: c.names[i], Other: c.names[j]}
			for _, iv := range c.ivs {
				if !c.codedBy[iv][x] || !c.codedBy[iv][y] {
					continue
				}
				for _, code := range codes {
					theirs := c.segs[key{iv, y, code}]
					for _, s := range c.segs[key{iv, x, code}] {
						m.Segments++
						if slices.ContainsFunc(theirs, func(o *ownwords.Segment) bool {
							return Overlap(s.Start, s.End, o.Start, o.End) >= c.thresh
						}) {
							m.Matched++
						}
					}
				}
			}
			if m.Segments > 0 {
				share := float64(m.Matched) / float64(m.Segments)
				m.Share = &share
			}
			sa.Matches = append(sa.Matches, m)
		}
	}
	return sa
}
