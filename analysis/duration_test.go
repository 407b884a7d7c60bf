package analysis

import (
	"fmt"
	"testing"

	"ownwords"
)

// mustPeriod parses a period or fails the test.
func mustPeriod(tb testing.TB, s string) ownwords.Period {
	tb.Helper()
	p, err := ownwords.ParsePeriod(s)
	if err != nil {
		tb.Fatalf("ParsePeriod(%q): %v", s, err)
	}
	return p
}

func TestSpanBetween(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		min, max int
		ok       bool
	}{
		{"ExactDays", "2015-03-10", "2015-04-10", 31, 31, true},
		{"SameDay", "2015-03-10", "2015-03-10", 0, 0, true},
		// A month-precision date in the month of a day-precision one lies
		// 0..21 days after it, never 9 days before.
		{"MonthAfterDayInSameMonth", "2015-03-10", "2015-03", 0, 21, true},
		{"DayInMonthOfMonth", "2015-03", "2015-03-10", 0, 9, true},
		{"MonthToMonth", "2015-03", "2015-05", 31, 91, true},
		{"YearToMonth", "2014", "2016-05", 487, 881, true},
		// Ranges propagate: the bounds run from the range's first day to its last.
		{"RangeTo", "2015-03-10", "2015..2016", 0, 662, true},
		{"RangeFrom", "2014..2015", "2016-01-01", 1, 730, true},
		{"RangeToRange", "2014-01..2014-06", "2015-01..2015-03", 185, 454, true},
		{"ReversedIsRefused", "2016-02", "2015-12", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := SpanBetween(mustPeriod(t, tt.from), mustPeriod(t, tt.to))
			if ok != tt.ok || s.Min != tt.min || s.Max != tt.max {
				t.Fatalf("SpanBetween(%s, %s) = %+v, %v; want {%d %d}, %v", tt.from, tt.to, s, ok, tt.min, tt.max, tt.ok)
			}
		})
	}
}

// TestSpanMonthPrecisionNeverBeforeDay checks every day of several months:
// a month-precision "first doubts" in the month of a day-precision
// "joined" is never placed before it, by bound or point estimate, and is
// ordered after it by Sequence.
func TestSpanMonthPrecisionNeverBeforeDay(t *testing.T) {
	for _, month := range []string{"2015-02", "2016-02", "2014-12", "2015-03"} {
		doubts := mustPeriod(t, month)
		last := doubts.Latest().Day()
		for day := 1; day <= last; day++ {
			joined := mustPeriod(t, fmt.Sprintf("%s-%02d", month, day))
			s, ok := SpanBetween(joined, doubts)
			if !ok || s.Min < 0 || s.Days() < 0 || s.Max != last-day {
				t.Fatalf("joined %s, doubts %s: span %+v ok %v", joined, doubts, s, ok)
			}
			seq := Sequence([]*ownwords.Event{
				{Kind: ownwords.EventFirstDoubts, Date: doubts},
				{Kind: ownwords.EventJoined, Date: joined},
			})
			if seq[0].Event.Kind != ownwords.EventJoined || seq[1].Certain {
				t.Fatalf("joined %s, doubts %s: sequence %s then %s (certain %v)", joined, doubts, seq[0].Event.Kind, seq[1].Event.Kind, seq[1].Certain)
			}
		}
	}
}

func TestSpanMonths(t *testing.T) {
	s := Span{Min: 365, Max: 366}
	if got, want := s.Months(), 365.5/DaysPerMonth; got != want || s.Exact() {
		t.Fatalf("Months = %v, want %v", got, want)
	}
}
