package text

import (
	"fmt"
	"strconv"
	"strings"
)

// A UnitMap is an alignment made by hand (issue 18): two texts whose
// turns do not pair one to one (Align refuses them: an interpreter joined
// two answers, a translator split one) are paired group by group, each
// group a run of consecutive units of a matched with a run of consecutive
// units of b (1:1, n:1 or 1:n). The groups cover both texts in order,
// none empty and none skipped.
//
// Its text form, as stored, lists the groups separated by commas, each
// "A:B" where A and B are 1-based unit numbers or inclusive ranges
// "i-j": "1:1,2-3:2,4:3-4" pairs unit 1 with unit 1, units 2 and 3 of a
// with unit 2 of b, unit 4 of a with units 3 and 4 of b.
type UnitMap []Link

// Link is one group of a UnitMap: the units [A[0], A[1]) of a with the
// units [B[0], B[1]) of b, 0-based and half open.
type Link struct {
	A, B [2]int
}

// maxUnitMap bounds the text form ParseUnitMap reads: far more than the
// turns of the longest transcript need.
const maxUnitMap = 1 << 20

// ParseUnitMap reads the text form of a UnitMap (see UnitMap), strictly:
// the groups must start at unit 1 on both sides and follow each other
// without gap or overlap. The error names the group (1-based) at fault.
// It does not know the texts: UnitMap.Fits checks the map against them.
func ParseUnitMap(s string) (UnitMap, error) {
	if s == "" {
		return nil, fmt.Errorf("unit map: empty")
	}
	if len(s) > maxUnitMap {
		return nil, fmt.Errorf("unit map: longer than %d bytes", maxUnitMap)
	}
	var m UnitMap
	nextA, nextB := 0, 0
	for i, g := range strings.Split(s, ",") {
		as, bs, ok := strings.Cut(g, ":")
		if !ok {
			return nil, fmt.Errorf("unit map: group %d %q: want A:B, e.g. 2-3:2", i+1, g)
		}
		a, err := parseUnitRange(as)
		if err != nil {
			return nil, fmt.Errorf("unit map: group %d %q: first text: %v", i+1, g, err)
		}
		b, err := parseUnitRange(bs)
		if err != nil {
			return nil, fmt.Errorf("unit map: group %d %q: second text: %v", i+1, g, err)
		}
		if a[0] != nextA || b[0] != nextB {
			return nil, fmt.Errorf("unit map: group %d %q: should begin at units %d:%d (each text's units in order, none skipped)", i+1, g, nextA+1, nextB+1)
		}
		m = append(m, Link{A: a, B: b})
		nextA, nextB = a[1], b[1]
	}
	return m, nil
}

// parseUnitRange reads "i" or "i-j" (1-based, inclusive, i <= j) as the
// 0-based half-open range [i-1, j).
func parseUnitRange(s string) ([2]int, error) {
	from, to, isRange := strings.Cut(s, "-")
	i, err := unitNumber(from)
	if err != nil {
		return [2]int{}, err
	}
	j := i
	if isRange {
		if j, err = unitNumber(to); err != nil {
			return [2]int{}, err
		}
		if j < i {
			return [2]int{}, fmt.Errorf("range %d-%d runs backwards", i, j)
		}
	}
	return [2]int{i - 1, j}, nil
}

// unitNumber reads a 1-based unit number: decimal digits only.
func unitNumber(s string) (int, error) {
	if s == "" || len(s) > 9 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a unit number", s)
	}
	n, _ := strconv.Atoi(s)
	if n < 1 {
		return 0, fmt.Errorf("unit numbers start at 1, not %d", n)
	}
	return n, nil
}

// String is the text form of m, which ParseUnitMap reads back.
func (m UnitMap) String() string {
	var sb strings.Builder
	rng := func(r [2]int) {
		sb.WriteString(strconv.Itoa(r[0] + 1))
		if r[1]-r[0] > 1 {
			sb.WriteByte('-')
			sb.WriteString(strconv.Itoa(r[1]))
		}
	}
	for i, l := range m {
		if i > 0 {
			sb.WriteByte(',')
		}
		rng(l.A)
		sb.WriteByte(':')
		rng(l.B)
	}
	return sb.String()
}

// Fits checks that m covers exactly na units of a and nb of b.
func (m UnitMap) Fits(na, nb int) error {
	ea, eb := 0, 0
	if len(m) > 0 {
		ea, eb = m[len(m)-1].A[1], m[len(m)-1].B[1]
	}
	if ea != na || eb != nb {
		return fmt.Errorf("unit map: it pairs %d units of the first text with %d of the second, but they have %d and %d: the texts changed since it was made; align them again", ea, eb, na, nb)
	}
	return nil
}

// Identity is the UnitMap pairing unit i of a with unit i of b, for n
// units: what Align finds when it accepts two texts.
func Identity(n int) UnitMap {
	m := make(UnitMap, n)
	for i := range m {
		m[i] = Link{A: [2]int{i, i + 1}, B: [2]int{i, i + 1}}
	}
	return m
}

// groups returns the units of a and b, grouped as unitMap pairs them, or
// as Align does (one to one) when unitMap is "". The error is Align's
// *AlignError, or the map's when it does not parse or fit the texts.
func groups(a, b, unitMap string) (ga, gb [][]Unit, err error) {
	if unitMap == "" {
		pairs, err := Align(a, b)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range pairs {
			ga, gb = append(ga, []Unit{p.A}), append(gb, []Unit{p.B})
		}
		return ga, gb, nil
	}
	m, err := ParseUnitMap(unitMap)
	if err != nil {
		return nil, nil, err
	}
	ua, _ := Units(a)
	ub, _ := Units(b)
	if err := m.Fits(len(ua), len(ub)); err != nil {
		return nil, nil, err
	}
	for _, l := range m {
		ga, gb = append(ga, ua[l.A[0]:l.A[1]]), append(gb, ub[l.B[0]:l.B[1]])
	}
	return ga, gb, nil
}

// AlignedUnits returns the units of a and b paired as unitMap says (the
// units of a group merged into one: the first one's speaker, from its
// start to the last one's end), or as Align pairs them when unitMap is
// "": unit i of one is aligned with unit i of the other, as AlignedUnit
// wants them. The error is as NewProjectionMap's.
func AlignedUnits(a, b, unitMap string) (ua, ub []Unit, err error) {
	ga, gb, err := groups(a, b, unitMap)
	if err != nil {
		return nil, nil, err
	}
	merge := func(g []Unit) Unit { return Unit{Speaker: g[0].Speaker, Start: g[0].Start, End: g[len(g)-1].End} }
	for i := range ga {
		ua, ub = append(ua, merge(ga[i])), append(ub, merge(gb[i]))
	}
	return ua, ub, nil
}
