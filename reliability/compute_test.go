package reliability

import (
	"math"
	"testing"

	"ownwords"
)

// seg is a coder-layer segment for tests.
func seg(iv, coder, code string, start, end int) *ownwords.Segment {
	return &ownwords.Segment{InterviewID: iv, CoderID: coder, CodeID: code, Layer: ownwords.LayerCoder, Start: start, End: end}
}

func mustCompute(tb testing.TB, in Input, opt Options) *Table {
	tb.Helper()
	t, err := Compute(in, opt)
	if err != nil {
		tb.Fatalf("Compute: %v", err)
	}
	return t
}

func value(tb testing.TB, m Measure) float64 {
	tb.Helper()
	if m.Value == nil {
		tb.Fatalf("measure undefined: %s", m.Reason)
	}
	if math.IsNaN(*m.Value) {
		tb.Fatal("measure is NaN")
	}
	return *m.Value
}

func row(tb testing.TB, t *Table, code string) Row {
	tb.Helper()
	for _, r := range t.Codes {
		if r.CodeID == code {
			return r
		}
	}
	tb.Fatalf("no row for %s", code)
	return Row{}
}

// handCase: four interviews of length 100, coder a applies X in i1 and i2,
// coder b only in i1 (with a shifted passage), both apply Y in i3 on the
// same passage, and every interview carries a filler code Z from both.
func handCase() Input {
	in := Input{Lengths: map[string]int{"i1": 100, "i2": 100, "i3": 100, "i4": 100},
		CoderNames: map[string]string{"a": "coder-a", "b": "coder-b"}}
	in.Segments = []*ownwords.Segment{
		seg("i1", "a", "X", 0, 10), seg("i1", "b", "X", 2, 10),
		seg("i2", "a", "X", 20, 30),
		seg("i3", "a", "Y", 40, 50), seg("i3", "b", "Y", 40, 50),
		seg("i4", "a", "Y", 60, 70), seg("i4", "b", "Y", 65, 80),
	}
	for _, iv := range []string{"i1", "i2", "i3", "i4"} {
		in.Segments = append(in.Segments, seg(iv, "a", "Z", 90, 95), seg(iv, "b", "Z", 90, 95))
	}
	return in
}

func TestComputePresenceMatchesHandComputation(t *testing.T) {
	tab := mustCompute(t, handCase(), Options{})
	x := row(t, tab, "X")
	// Units i1..i4: a = 1,1,0,0; b = 1,0,0,0. Coincidences: o11 = 2,
	// o10 = o01 = 1, o00 = 4; n1 = 3, n0 = 5, n = 8. Nominal alpha =
	// 1 − (n−1)(o10+o01)/(2·n1·n0) = 1 − 7·2/30 = 8/15 (Krippendorff 2011,
	// eq. for nominal data). Kappa: po = 3/4, pe = ½·¼ + ½·¾ = ½, so
	// κ = (¾ − ½)/(1 − ½) = ½.
	if got := value(t, x.Presence.Alpha); math.Abs(got-8.0/15) > 1e-12 {
		t.Errorf("alpha(X) = %v, want 8/15", got)
	}
	if got := value(t, *x.Presence.Kappa); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("kappa(X) = %v, want 0.5", got)
	}
	if x.Presence.Units != 4 || x.Presence.Agreement != 0.75 {
		t.Errorf("units %d agreement %v, want 4 and 0.75", x.Presence.Units, x.Presence.Agreement)
	}
	if x.Flag != FlagUnacceptable {
		t.Errorf("flag(X) = %s, want unacceptable", x.Flag)
	}
	if a, b := x.Presence.Applied["coder-a"], x.Presence.Applied["coder-b"]; a != 2 || b != 1 {
		t.Errorf("applied = %d, %d, want 2, 1", a, b)
	}
	// Z: every coder applies it everywhere: no variation, undefined.
	z := row(t, tab, "Z")
	if z.Presence.Alpha.Value != nil || z.Presence.Alpha.Flag != FlagUndefined || z.Presence.Alpha.Reason == "" {
		t.Errorf("alpha(Z) = %+v, want undefined with a reason", z.Presence.Alpha)
	}
	if z.Presence.Kappa.Value != nil {
		t.Errorf("kappa(Z) = %v, want undefined", *z.Presence.Kappa.Value)
	}
	// Y: applied by both in i3 and i4: also no variation.
	if tab.Interviews != 4 || len(tab.Codes) != 3 {
		t.Errorf("interviews %d codes %d, want 4 and 3", tab.Interviews, len(tab.Codes))
	}
}

func TestComputePooledPresenceCountsInterviewCodePairs(t *testing.T) {
	tab := mustCompute(t, handCase(), Options{})
	// 12 units (4 interviews × 3 codes); the only disagreement is X in i2.
	// a has 1 on X(i1,i2), Y(i3,i4), Z(×4) = 8; b has 7. Ones: n1 = 15,
	// zeros n0 = 9, n = 24, o10+o01 = 2: alpha = 1 − 23·2/(2·15·9) = 1 − 46/270.
	p := tab.Pooled.Presence
	if p.Units != 12 {
		t.Fatalf("pooled units = %d, want 12", p.Units)
	}
	if got, want := value(t, p.Alpha), 1-46.0/270; math.Abs(got-want) > 1e-12 {
		t.Errorf("pooled alpha = %v, want %v", got, want)
	}
}

func TestComputeSegmentMatchesUseJaccardThreshold(t *testing.T) {
	tab := mustCompute(t, handCase(), Options{})
	// X: a's [0,10) vs b's [2,10): 8/10 ≥ 0.5, matched; a's i2 passage has
	// no partner. b's one segment is matched.
	x := row(t, tab, "X")
	want := map[string][2]int{"coder-a": {2, 1}, "coder-b": {1, 1}}
	for _, m := range x.Segment.Matches {
		if w := want[m.Coder]; m.Segments != w[0] || m.Matched != w[1] {
			t.Errorf("X %s matched by %s: %d of %d, want %d of %d", m.Coder, m.Other, m.Matched, m.Segments, w[1], w[0])
		}
	}
	// Y in i4: [60,70) vs [65,80): 5/20 = 0.25, unmatched at 0.5 but
	// matched at 0.2.
	y := row(t, tab, "Y")
	if m := y.Segment.Matches[0]; m.Matched != 1 || m.Segments != 2 {
		t.Errorf("Y at 0.5: %d of %d matched, want 1 of 2", m.Matched, m.Segments)
	}
	low := mustCompute(t, handCase(), Options{OverlapThreshold: 0.2})
	if m := row(t, low, "Y").Segment.Matches[0]; m.Matched != 2 {
		t.Errorf("Y at 0.2: %d matched, want 2", m.Matched)
	}
	if z := row(t, tab, "Z"); value(t, z.Segment.Alpha) != 1 {
		t.Errorf("unitizing alpha of identical segments = %v, want 1", *z.Segment.Alpha.Value)
	}
	if xa := value(t, x.Segment.Alpha); xa >= 1 {
		t.Errorf("unitizing alpha of X = %v, want < 1", xa)
	}
}

func TestOverlapIsJaccard(t *testing.T) {
	for _, tc := range []struct {
		a, b [2]int
		want float64
	}{
		{[2]int{0, 10}, [2]int{0, 10}, 1},
		{[2]int{0, 10}, [2]int{5, 15}, 5.0 / 15},
		{[2]int{0, 10}, [2]int{2, 10}, 0.8},
		{[2]int{0, 10}, [2]int{10, 20}, 0},
		{[2]int{0, 10}, [2]int{30, 40}, 0},
	} {
		if got := Overlap(tc.a[0], tc.a[1], tc.b[0], tc.b[1]); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Overlap(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestComputeRefusesFewerThanTwoCoders(t *testing.T) {
	in := Input{Lengths: map[string]int{"i1": 10}, Segments: []*ownwords.Segment{seg("i1", "a", "X", 0, 5)}}
	if _, err := Compute(in, Options{}); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	in.Segments = append(in.Segments, seg("i2", "b", "X", 0, 5))
	in.Lengths["i2"] = 10
	if _, err := Compute(in, Options{}); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("no double-coded interview: err = %v, want EINVALID", err)
	}
}

func TestComputeIgnoresConsensusLayerAndOtherCoders(t *testing.T) {
	in := handCase()
	c := seg("i2", "owner", "X", 0, 5)
	c.Layer = ownwords.LayerConsensus
	in.Segments = append(in.Segments, c, seg("i1", "c", "X", 0, 10))
	tab := mustCompute(t, in, Options{Coders: []string{"a", "b"}})
	if len(tab.Coders) != 2 {
		t.Fatalf("coders = %v, want a and b only", tab.Coders)
	}
	if got := value(t, row(t, tab, "X").Presence.Alpha); math.Abs(got-8.0/15) > 1e-12 {
		t.Errorf("alpha(X) = %v, want 8/15 (consensus and coder c ignored)", got)
	}
}

func TestComputeThreeCodersWithMissingInterview(t *testing.T) {
	in := handCase()
	// Coder c codes only i1, as a does. Presence has a missing value for c
	// in i2..i4 and no kappa; unitizing uses i1 only.
	in.Segments = append(in.Segments, seg("i1", "c", "X", 0, 10))
	tab := mustCompute(t, in, Options{})
	x := row(t, tab, "X")
	if x.Presence.Kappa != nil {
		t.Error("kappa reported for three coders")
	}
	if x.Presence.Alpha.Value == nil {
		t.Errorf("alpha(X) undefined: %s", x.Presence.Alpha.Reason)
	}
	if len(x.Segment.Matches) != 6 {
		t.Errorf("%d ordered pairs, want 6", len(x.Segment.Matches))
	}
}

func TestFlagFollowsKrippendorff(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		v    *float64
		want string
	}{
		{nil, FlagUndefined}, {f(0.5), FlagUnacceptable}, {f(0.666), FlagUnacceptable},
		{f(0.667), FlagTentative}, {f(0.79), FlagTentative}, {f(0.8), FlagReliable}, {f(1), FlagReliable},
	} {
		if got := Flag(tc.v); got != tc.want {
			t.Errorf("Flag(%v) = %s, want %s", tc.v, got, tc.want)
		}
	}
}
