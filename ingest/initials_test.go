package ingest

import "testing"

func TestInitials(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Jane van Doe", "J.v.D."},
		{"  ", ""},
		{"(Interpreter) 2", "I."},
		{"Ümit Öz", "Ü.Ö."},
		{"ليلى", "ل."},
	} {
		if got := initials(tc.name); got != tc.want {
			t.Errorf("initials(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
