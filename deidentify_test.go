package ownwords_test

import (
	"strings"
	"testing"

	"ownwords"
)

func TestDeidentifierPseudonyms(t *testing.T) {
	a, b := ownwords.NewDeidentifier(ownwords.DatesToYear), ownwords.NewDeidentifier(ownwords.DatesToYear)
	ids := []string{"0190a1b2-0000-7000-8000-000000000001", "0190a1b2-0000-7000-8000-000000000002", "P-0001"}
	seen := map[string]bool{}
	for _, id := range ids {
		p := a.Pseudonym(id)
		if len(p) != 12 || !strings.HasPrefix(p, "X-") || strings.Contains(p, id) {
			t.Errorf("pseudonym of %s = %q", id, p)
		}
		if again := a.Pseudonym(id); again != p {
			t.Errorf("%s: %q then %q within one export", id, p, again)
		}
		if other := b.Pseudonym(id); other == p {
			t.Errorf("%s: two exports gave the same pseudonym %q", id, p)
		}
		if seen[p] {
			t.Errorf("pseudonym %q given twice", p)
		}
		seen[p] = true
	}
}

func TestDeidentifierDates(t *testing.T) {
	day := func(s string) ownwords.Date {
		d, err := ownwords.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	t.Run("Year", func(t *testing.T) {
		d := ownwords.NewDeidentifier("")
		tests := []struct{ in, want string }{
			{"2016-03-14", "2016"}, {"2016-03", "2016"}, {"2016", "2016"}, {"", ""},
		}
		for _, tt := range tests {
			if got := d.Date("p", day(tt.in)).String(); got != tt.want {
				t.Errorf("%q -> %q, want %q", tt.in, got, tt.want)
			}
		}
		periods := []struct{ in, want string }{
			{"2016-03..2016-05", "2016"}, {"2015-11..2016-02", "2015..2016"}, {"2016-01-02", "2016"},
		}
		for _, tt := range periods {
			p, err := ownwords.ParsePeriod(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Period("p", p).String(); got != tt.want {
				t.Errorf("period %q -> %q, want %q", tt.in, got, tt.want)
			}
		}
	})
	t.Run("ShiftKeepsIntervals", func(t *testing.T) {
		d := ownwords.NewDeidentifier(ownwords.DatesShifted)
		for _, id := range []string{"p1", "p2", "p3", "p4", "p5"} {
			off := d.ShiftDays(id)
			if off < 1 || off > 364 {
				t.Fatalf("%s: offset %d days", id, off)
			}
			a, b := day("2014-01-10"), day("2016-07-31")
			sa, sb := d.Date(id, a), d.Date(id, b)
			if sa == a || sb == b {
				t.Fatalf("%s: dates not shifted: %s %s", id, sa, sb)
			}
			if got, want := sb.Earliest().Sub(sa.Earliest()), b.Earliest().Sub(a.Earliest()); got != want {
				t.Errorf("%s: interval %v after the shift, %v before", id, got, want)
			}
			if lag := a.Earliest().Sub(sa.Earliest()).Hours() / 24; int(lag) != off {
				t.Errorf("%s: shifted %v days, offset %d", id, lag, off)
			}
			if m := d.Date(id, day("2016-07")); m.Precision() != ownwords.PrecisionMonth || m.Earliest().After(day("2016-07").Earliest()) {
				t.Errorf("%s: month date shifted to %s", id, m)
			}
		}
	})
}
