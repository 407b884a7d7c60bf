package reliability

import (
	"testing"
	"unicode/utf8"

	"ownwords/demo"
)

func TestDemoStudyIsMostlyReliableWithSomeTentativeCodes(t *testing.T) {
	s := demo.Generate(demo.DefaultSeed)
	in := Input{Lengths: map[string]int{}, Segments: s.Segments}
	for _, iv := range s.Interviews {
		in.Lengths[iv.ID] = utf8.RuneCountInString(iv.Transcript)
	}
	tab := mustCompute(t, in, Options{})
	if tab.Interviews != 50 {
		t.Errorf("double-coded interviews = %d, want 50", tab.Interviews)
	}
	flags := map[string]int{}
	for _, r := range tab.Codes {
		flags[r.Flag]++
		if r.Segment.Alpha.Value == nil && r.Segment.Alpha.Reason == "" {
			t.Errorf("%s: unitizing alpha undefined without a reason", r.Code)
		}
	}
	defined := len(tab.Codes) - flags[FlagUndefined]
	t.Logf("%d codes: %v; pooled presence α %.3f, unitizing α %.3f", len(tab.Codes), flags,
		value(t, tab.Pooled.Presence.Alpha), value(t, tab.Pooled.Segment.Alpha))
	if defined == 0 || float64(flags[FlagReliable]) < 0.7*float64(defined) {
		t.Errorf("%d of %d defined codes reliable, want ≥ 70%%", flags[FlagReliable], defined)
	}
	if flags[FlagTentative]+flags[FlagUnacceptable] < 1 {
		t.Error("no code is tentative or unacceptable; the demo's second coder should disagree on some")
	}
	if a := value(t, tab.Pooled.Presence.Alpha); a < 0.8 {
		t.Errorf("pooled presence alpha = %.3f, want ≥ 0.8", a)
	}
}
