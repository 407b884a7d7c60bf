package ownwords

import "testing"

// TestStudyValidateRanges: the numeric settings with a range get their
// default for 0 and are refused outside their range (a disclosure k of 1
// would switch disclosure control off).
func TestStudyValidateRanges(t *testing.T) {
	for _, set := range []struct {
		name          string
		field         func(*StudySettings) *int
		def, min, max int
	}{
		{"DisclosureK", func(s *StudySettings) *int { return &s.DisclosureK }, DefaultDisclosureK, MinDisclosureK, MaxDisclosureK},
		{"SearchCountsPerDay", func(s *StudySettings) *int { return &s.SearchCountsPerDay },
			DefaultSearchCountsPerDay, MinSearchCountsPerDay, MaxSearchCountsPerDay},
	} {
		for _, tt := range []struct {
			name    string
			n, want int // want 0: EINVALID
		}{
			{"OKDefault", 0, set.def},
			{"OKMinimum", set.min, set.min},
			{"OKMaximum", set.max, set.max},
			{"ErrBelowMinimum", set.min - 1, 0},
			{"ErrNegative", -3, 0},
			{"ErrAboveMaximum", set.max + 1, 0},
		} {
			if tt.n == 0 && tt.want == 0 {
				continue // below a minimum of 1 is 0: the default
			}
			t.Run(set.name+"/"+tt.name, func(t *testing.T) {
				s := &Study{Name: "s"}
				*set.field(&s.Settings) = tt.n
				err := s.Validate()
				if tt.want == 0 {
					if ErrorCode(err) != EINVALID {
						t.Fatalf("%d: err %v, want EINVALID", tt.n, err)
					}
					return
				}
				if got := *set.field(&s.Settings); err != nil || got != tt.want {
					t.Fatalf("%d: err %v, after %d; want %d", tt.n, err, got, tt.want)
				}
			})
		}
	}
	if got := (StudySettings{}).SearchCountsBudget(); got != DefaultSearchCountsPerDay {
		t.Errorf("budget of settings saved before the setting: %d, want %d", got, DefaultSearchCountsPerDay)
	}
}
