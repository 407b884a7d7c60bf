package gate

import (
	"cmp"
	"slices"

	"ownwords"
	"ownwords/reliability"
)

// Kinds of passage in the comparison of two coders' work on an interview.
const (
	// KindAgreement: the same code on passages overlapping at least the
	// study's threshold (Jaccard, see reliability.Overlap).
	KindAgreement = "agreement"
	// KindBoundaries: the same code on overlapping passages whose overlap
	// is below the threshold.
	KindBoundaries = "boundaries"
	// KindCodes: different codes on the same passage (overlap at least the
	// threshold), neither coder having applied the other's code there.
	KindCodes = "codes"
	// KindOnly: a code only one coder applied.
	KindOnly = "only"
)

// Passage is one item of the comparison: a segment of the left coder, of
// the right coder, or one of each.
type Passage struct {
	Kind        string
	Left, Right *ownwords.Segment
	Overlap     float64
	// Resolved is set when the passage needs no more adjudication: it was
	// decided, or it is an agreement already in the consensus.
	Resolved bool
}

// Key names the passage in pages and in the audit log: the two segment
// IDs joined by ".", "none" for a missing side.
func (p Passage) Key() string { return passageKey(p.Left, p.Right) }

func passageKey(l, r *ownwords.Segment) string {
	id := func(s *ownwords.Segment) string {
		if s == nil {
			return "none"
		}
		return s.ID
	}
	return id(l) + "." + id(r)
}

// start is where the passage begins, for ordering.
func (p Passage) start() (int, int) {
	switch {
	case p.Left == nil:
		return p.Right.Start, p.Right.End
	case p.Right == nil:
		return p.Left.Start, p.Left.End
	}
	return min(p.Left.Start, p.Right.Start), max(p.Left.End, p.Right.End)
}

// comparePassages pairs the left coder's segments with the right coder's,
// greedily by largest overlap, each segment in at most one pair: first
// same-code pairs (agreements, then boundary disagreements), then
// different codes on the same passage; what is left is one coder's only.
func comparePassages(left, right []*ownwords.Segment, threshold float64) []Passage {
	type cand struct {
		l, r    int
		overlap float64
	}
	var same, other []cand
	for i, l := range left {
		for j, r := range right {
			o := reliability.Overlap(l.Start, l.End, r.Start, r.End)
			switch {
			case o <= 0:
			case l.CodeID == r.CodeID:
				same = append(same, cand{i, j, o})
			case o >= threshold:
				other = append(other, cand{i, j, o})
			}
		}
	}
	byOverlap := func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.overlap, a.overlap), cmp.Compare(a.l, b.l), cmp.Compare(a.r, b.r))
	}
	slices.SortFunc(same, byOverlap)
	slices.SortFunc(other, byOverlap)
	usedL, usedR := make([]bool, len(left)), make([]bool, len(right))
	var out []Passage
	pair := func(cs []cand, kind func(float64) string) {
		for _, c := range cs {
			if usedL[c.l] || usedR[c.r] {
				continue
			}
			usedL[c.l], usedR[c.r] = true, true
			out = append(out, Passage{Kind: kind(c.overlap), Left: left[c.l], Right: right[c.r], Overlap: c.overlap})
		}
	}
	pair(same, func(o float64) string {
		if o >= threshold {
			return KindAgreement
		}
		return KindBoundaries
	})
	pair(other, func(float64) string { return KindCodes })
	for i, l := range left {
		if !usedL[i] {
			out = append(out, Passage{Kind: KindOnly, Left: l})
		}
	}
	for j, r := range right {
		if !usedR[j] {
			out = append(out, Passage{Kind: KindOnly, Right: r})
		}
	}
	slices.SortStableFunc(out, func(a, b Passage) int {
		as, ae := a.start()
		bs, be := b.start()
		return cmp.Or(cmp.Compare(as, bs), cmp.Compare(ae, be))
	})
	return out
}

// Adjudication choices.
const (
	ChooseLeft         = "left"
	ChooseRight        = "right"
	ChooseUnion        = "union"
	ChooseIntersection = "intersection"
	ChooseNeither      = "neither"
)

// Choices lists the decisions that mean something for p, in the order an
// adjudication form offers them: a side only where that coder coded, union
// and (for the same code) intersection only where both did, and neither.
func (p Passage) Choices() []string {
	var out []string
	if p.Left != nil {
		out = append(out, ChooseLeft)
	}
	if p.Right != nil {
		out = append(out, ChooseRight)
	}
	if p.Left != nil && p.Right != nil {
		out = append(out, ChooseUnion)
		if p.Left.CodeID == p.Right.CodeID {
			out = append(out, ChooseIntersection)
		}
	}
	return append(out, ChooseNeither)
}

// span is a code on a range, a consensus segment to be.
type span struct {
	CodeID     string
	Start, End int
}

// resolve returns the consensus an adjudicator's choice makes of a
// passage, treating each side as a set of (code, code point) pairs: left or
// right takes that side as coded (nothing if that coder applied nothing);
// union takes both (one segment over both ranges when the codes are the
// same, both segments when they differ); intersection takes what both
// share (the common range when the codes are the same and the ranges
// overlap, otherwise nothing); neither takes nothing.
func resolve(choice string, l, r *ownwords.Segment) ([]span, error) {
	one := func(s *ownwords.Segment) []span {
		if s == nil {
			return nil
		}
		return []span{{s.CodeID, s.Start, s.End}}
	}
	switch choice {
	case ChooseLeft:
		return one(l), nil
	case ChooseRight:
		return one(r), nil
	case ChooseNeither:
		return nil, nil
	case ChooseUnion:
		switch {
		case l == nil:
			return one(r), nil
		case r == nil:
			return one(l), nil
		case l.CodeID == r.CodeID:
			return []span{{l.CodeID, min(l.Start, r.Start), max(l.End, r.End)}}, nil
		}
		return append(one(l), one(r)...), nil
	case ChooseIntersection:
		if l == nil || r == nil || l.CodeID != r.CodeID || max(l.Start, r.Start) >= min(l.End, r.End) {
			return nil, nil
		}
		return []span{{l.CodeID, max(l.Start, r.Start), min(l.End, r.End)}}, nil
	}
	return nil, ownwords.Errorf(ownwords.EINVALID, "choice must be left, right, union, intersection or neither")
}
