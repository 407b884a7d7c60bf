package ownwords

import "testing"

func TestStudyValidateDisclosureK(t *testing.T) {
	tests := []struct {
		name string
		k    int
		ok   bool
		want int
	}{
		{"OKDefault", 0, true, DefaultDisclosureK},
		{"OKTwo", 2, true, 2},
		{"OKHundred", 100, true, 100},
		{"ErrOneSwitchesControlOff", 1, false, 0},
		{"ErrNegative", -3, false, 0},
		{"ErrAboveHundred", 101, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Study{Name: "s", Settings: StudySettings{DisclosureK: tt.k}}
			err := s.Validate()
			if tt.ok {
				if err != nil || s.Settings.DisclosureK != tt.want {
					t.Fatalf("k %d: err %v, k after %d; want k %d", tt.k, err, s.Settings.DisclosureK, tt.want)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("k %d: err %v, want EINVALID", tt.k, err)
			}
		})
	}
}
