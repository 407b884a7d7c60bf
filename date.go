package ownwords

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date is known.
type Precision int

// Date precisions, coarsest first.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// Date is a calendar date that is honest about what it does not know: a
// month-precision date has Day 0 and never pretends to a day.
type Date struct {
	Year, Month, Day int
}

// IsZero reports whether d holds no date at all.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionNone
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// String formats d as YYYY, YYYY-MM or YYYY-MM-DD, and "" for the zero Date.
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// Earliest returns the first day d may stand for.
func (d Date) Earliest() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Latest returns the last day d may stand for.
func (d Date) Latest() time.Time {
	switch d.Precision() {
	case PrecisionYear:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return d.Earliest()
}

// Before reports whether d certainly lies before e (every day d may stand
// for precedes every day e may stand for).
func (d Date) Before(e Date) bool { return d.Latest().Before(e.Earliest()) }

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD. The empty string is the zero
// Date. Years outside 1000..9999 and impossible days are errors.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, Errorf(EINVALID, "date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var nums [3]int
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || p == "" {
			return Date{}, Errorf(EINVALID, "date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, Errorf(EINVALID, "date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		nums[i] = n
	}
	d := Date{Year: nums[0], Month: nums[1], Day: nums[2]}
	if d.Year == 0 {
		// Year 0 would read as "no date" (the zero Date).
		return Date{}, Errorf(EINVALID, "date %q: year out of range 1000..9999", s)
	}
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	if len(parts) >= 2 && d.Month == 0 || len(parts) == 3 && d.Day == 0 {
		return Date{}, Errorf(EINVALID, "date %q: month and day start at 01", s)
	}
	return d, nil
}

// Validate checks that d is a real calendar date at its precision.
func (d Date) Validate() error {
	if d.IsZero() {
		if d.Month != 0 || d.Day != 0 {
			return Errorf(EINVALID, "date has a month or day but no year")
		}
		return nil
	}
	if d.Year < 1000 || d.Year > 9999 {
		return Errorf(EINVALID, "date year %d out of range 1000..9999", d.Year)
	}
	if d.Month < 0 || d.Month > 12 {
		return Errorf(EINVALID, "date %04d-%02d: month out of range", d.Year, d.Month)
	}
	if d.Month == 0 && d.Day != 0 {
		return Errorf(EINVALID, "date %04d: a day without a month", d.Year)
	}
	if d.Day != 0 {
		last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Errorf(EINVALID, "date %04d-%02d-%02d: no such day", d.Year, d.Month, d.Day)
		}
	}
	return nil
}

// Period is a Date, or a range of dates when To is set ("2015..2016").
type Period struct {
	From, To Date
}

// String formats p as its date, or as FROM..TO for a range.
func (p Period) String() string {
	if p.To.IsZero() {
		return p.From.String()
	}
	return p.From.String() + ".." + p.To.String()
}

// Earliest returns the first day p may stand for.
func (p Period) Earliest() time.Time { return p.From.Earliest() }

// Latest returns the last day p may stand for.
func (p Period) Latest() time.Time {
	if p.To.IsZero() {
		return p.From.Latest()
	}
	return p.To.Latest()
}

// ParsePeriod parses a date (see ParseDate) or a range FROM..TO of two dates.
func ParsePeriod(s string) (Period, error) {
	from, to, isRange := strings.Cut(strings.TrimSpace(s), "..")
	f, err := ParseDate(from)
	if err != nil || !isRange {
		return Period{From: f}, err
	}
	t, err := ParseDate(to)
	if err != nil {
		return Period{}, err
	}
	if f.IsZero() || t.IsZero() || t.Latest().Before(f.Earliest()) {
		return Period{}, Errorf(EINVALID, "date range %q: want FROM..TO with FROM not after TO", s)
	}
	return Period{From: f, To: t}, nil
}
