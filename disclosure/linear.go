package disclosure

import (
	"ownwords"
)

// LinearConstraint is one linear constraint over non-negative unknowns x:
// Σ Coef[j]·x[j] = RHS, or Σ Coef[j]·x[j] <= RHS when LE. Coef may be
// shorter than the number of unknowns (missing coefficients are 0).
type LinearConstraint struct {
	Coef []int64
	RHS  int64
	LE   bool
}

// Range is the integer range [Min, Max] of one unknown over the solutions
// of a linear system; Unbounded means nothing bounds it above (Max is then
// meaningless).
type Range struct {
	Min, Max  int
	Unbounded bool
}

// Narrower reports whether r holds fewer than width+1 integers: for a
// hidden count under threshold k, Narrower(k-1) says a reader confines it
// more than the rule of this package allows.
func (r Range) Narrower(width int) bool {
	return !r.Unbounded && r.Max-r.Min < width
}

// Ranges returns, for each target unknown, the range of values it takes
// over the rational solutions of cons with every unknown non-negative,
// rounded inward to integers — the exact linear programming Audit runs on
// one table, for systems a caller builds itself: several tables about the
// same people (their published counts as sums over unknown counts of
// participants per combination of attributes and answers), or what an
// attacker combines from several outputs.
//
// When enough > 0, a range found to span at least enough may be returned
// narrower than the exact one (still at least enough wide: a witness of
// feasible values); ranges narrower than enough are always exact. Pass
// k-1 to learn only whether each target is protected, 0 for exact ranges.
//
// Errors: EINVALID for a target or coefficient out of range or an
// infeasible system (published values that contradict the constraints);
// an overflow of the exact arithmetic fails closed with an error.
func Ranges(unknowns int, cons []LinearConstraint, targets []int, enough int) ([]Range, error) {
	if unknowns < 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "disclosure: %d unknowns", unknowns)
	}
	for _, j := range targets {
		if j < 0 || j >= unknowns {
			return nil, ownwords.Errorf(ownwords.EINVALID, "disclosure: target %d is not one of the %d unknowns", j, unknowns)
		}
	}
	in := make([]constraint, len(cons))
	for i, c := range cons {
		if len(c.Coef) > unknowns {
			return nil, ownwords.Errorf(ownwords.EINVALID, "disclosure: constraint %d has %d coefficients for %d unknowns", i, len(c.Coef), unknowns)
		}
		coef := make([]int64, unknowns)
		copy(coef, c.Coef)
		in[i] = constraint{coef: coef, rhs: c.RHS, le: c.LE}
	}
	rs, err := feasibleRanges(unknowns, in, targets, enough)
	if err == errInfeasible {
		return nil, ownwords.Errorf(ownwords.EINVALID, "%s", err.Error())
	}
	if err != nil {
		return nil, err
	}
	out := make([]Range, len(rs))
	for i, r := range rs {
		out[i] = Range{Min: r.lo, Max: r.hi, Unbounded: r.hi == unbounded}
		if out[i].Unbounded {
			out[i].Max = 0
		}
	}
	return out, nil
}
