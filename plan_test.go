package ownwords

import "testing"

func TestPickPlan(t *testing.T) {
	plan := func(names ...string) []*Plan {
		var out []*Plan
		for _, n := range names {
			out = append(out, &Plan{Name: n})
		}
		return out
	}
	tests := []struct {
		name  string
		plans []*Plan
		want  string
		pick  string
		code  string
	}{
		{"OnlyPlan", plan("p1"), "", "p1", ""},
		{"Reference", plan("a", "reference", "z"), "", "reference", ""},
		{"Named", plan("a", "reference"), "a", "a", ""},
		{"ErrNamedMissing", plan("a", "reference"), "no-such-plan", "", ENOTFOUND},
		{"ErrNamedMissingNoPlans", nil, "x", "", ENOTFOUND},
		{"ErrNoPlan", nil, "", "", ENOTFOUND},
		{"ErrAmbiguous", plan("a", "b"), "", "", EINVALID},
		{"LegacyIgnored", plan("blind-coding", "a"), "", "a", ""},
		{"ErrLegacyNotPickable", plan("blind-coding", "a"), "blind-coding", "", ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PickPlan(tt.plans, tt.want)
			if tt.code != "" {
				if ErrorCode(err) != tt.code {
					t.Fatalf("PickPlan: err %v, want code %s", err, tt.code)
				}
				return
			}
			if err != nil || p.Name != tt.pick {
				t.Fatalf("PickPlan = %v, %v; want %s", p, err, tt.pick)
			}
		})
	}
}
