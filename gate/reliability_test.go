package gate

import (
	"slices"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestReliabilityLeavesBlindInterviewsOutForCoders: owners and analysts
// measure every double-coded interview; a coder only those whose
// comparison is open, and is told so; only the owner gets the list of
// double-coded interviews. Every table is audited.
func TestReliabilityLeavesBlindInterviewsOutForCoders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		iv, _ := mustCompared(t, f)
		interviews := func(who string) (int, *Reliability) {
			t.Helper()
			res, err := f.g.Reliability(t.Context(), f.as(who), nil, nil)
			mustOK(t, err)
			if res.Table == nil {
				return 0, res
			}
			return res.Table.Interviews, res
		}
		for _, who := range []string{asOwner, asAnalyst} {
			n, res := interviews(who)
			if n != 2 || res.BlindLeftOut || (len(res.DoubleCoded) == 2) != (who == asOwner) {
				t.Errorf("%s: %d interviews, blind left out %v, %d listed", who, n, res.BlindLeftOut, len(res.DoubleCoded))
			}
		}
		if n, res := interviews(asCoder); n != 0 || res.Reason == "" || !res.BlindLeftOut || res.DoubleCoded != nil {
			t.Errorf("coder while blind: %d interviews, reason %q, %+v", n, res.Reason, res)
		}
		mustOK(t, f.g.OpenComparison(t.Context(), f.as(asOwner), iv.ID))
		if n, res := interviews(asCoder); n != 1 || res.Table.Coders[0] != asCoder {
			t.Errorf("coder after opening: %d interviews, %+v", n, res.Table)
		}
		_, err := f.g.Reliability(t.Context(), f.as(asAnalyst), nil, []string{"influences/nothing"})
		wantCode(t, "an unknown code", err, invalid)
		if !slices.Contains(f.auditLog(t), asCoder+" reliability.report ") {
			t.Error("the coder's table is not audited")
		}
	})
}
