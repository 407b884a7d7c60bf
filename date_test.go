package ownwords_test

import (
	"testing"

	"ownwords"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want ownwords.Date
		prec ownwords.Precision
		err  bool
	}{
		{"2015", ownwords.Date{Year: 2015}, ownwords.PrecisionYear, false},
		{"2015-03", ownwords.Date{Year: 2015, Month: 3}, ownwords.PrecisionMonth, false},
		{"2016-02-29", ownwords.Date{Year: 2016, Month: 2, Day: 29}, ownwords.PrecisionDay, false},
		{"", ownwords.Date{}, ownwords.PrecisionNone, false},
		{"2015-02-29", ownwords.Date{}, 0, true},
		{"2015-13", ownwords.Date{}, 0, true},
		{"2015-00", ownwords.Date{}, 0, true},
		{"15-03", ownwords.Date{}, 0, true},
		{"2015-3", ownwords.Date{}, 0, true},
		{"2015-03-01-01", ownwords.Date{}, 0, true},
		{"abcd", ownwords.Date{}, 0, true},
		{"0000", ownwords.Date{}, 0, true},
		{"0000-01", ownwords.Date{}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ownwords.ParseDate(tt.in)
			if tt.err {
				if ownwords.ErrorCode(err) != ownwords.EINVALID {
					t.Fatalf("ParseDate(%q) err = %v, want EINVALID", tt.in, err)
				}
				return
			}
			if err != nil || got != tt.want || got.Precision() != tt.prec || got.String() != tt.in {
				t.Fatalf("ParseDate(%q) = %v (%v, %v)", tt.in, got, got.Precision(), err)
			}
		})
	}
}

func TestDatePrecisionOrdering(t *testing.T) {
	joined := ownwords.Date{Year: 2015, Month: 3, Day: 20}
	doubts := ownwords.Date{Year: 2015, Month: 3}
	// A month-precision date in the same month is neither certainly before
	// nor certainly after a day in that month.
	if doubts.Before(joined) || joined.Before(doubts) {
		t.Fatal("month-precision date ordered against a day in the same month")
	}
	if !(ownwords.Date{Year: 2015, Month: 2}).Before(joined) {
		t.Fatal("February is before March 20")
	}
	if got := doubts.Latest().Format("2006-01-02"); got != "2015-03-31" {
		t.Fatalf("Latest = %s", got)
	}
	if got := (ownwords.Date{Year: 2016}).Latest().Format("2006-01-02"); got != "2016-12-31" {
		t.Fatalf("Latest = %s", got)
	}
}

func TestParsePeriod(t *testing.T) {
	p, err := ownwords.ParsePeriod("2015..2016-06")
	if err != nil || p.String() != "2015..2016-06" || p.Latest().Format("2006-01-02") != "2016-06-30" {
		t.Fatalf("ParsePeriod = %v %v", p, err)
	}
	for _, bad := range []string{"2016..2015", "..2015", "2015..", "2015..x"} {
		if _, err := ownwords.ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2015", "2015-03", "2015-03-02", "2015..2016", "", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ownwords.ParsePeriod(s)
		if err != nil {
			return
		}
		if p.Latest().Before(p.Earliest()) {
			t.Fatalf("%q: latest before earliest", s)
		}
		again, err := ownwords.ParsePeriod(p.String())
		if err != nil || again != p {
			t.Fatalf("%q: round trip %v -> %v (%v)", s, p, again, err)
		}
	})
}
