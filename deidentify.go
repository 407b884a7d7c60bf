package ownwords

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"math"
	"time"
)

// DateRule says how a de-identified export hides dates.
type DateRule string

// Date rules of a de-identified export.
const (
	// DatesToYear keeps only the year of every date: the default, since
	// it is what most analyses of trajectories by cohort need.
	DatesToYear DateRule = "year"
	// DatesShifted moves all dates of one participant back by the same
	// keyed offset of 1 to 364 days, so the intervals between that
	// participant's dates survive while the calendar dates do not. Dates
	// known only to the month or the year move by the offset rounded to
	// whole months or years: a year-only date may keep its year.
	DatesShifted DateRule = "shift"
)

// Deidentifier makes the pseudonyms and dates of one de-identified export.
// Its key is 32 bytes from crypto/rand, drawn when it is made and never
// stored or shown: within the export a participant keeps one pseudonym
// and one date offset, so its rows and files fit together, but two exports
// cannot be linked to each other or back to participant codes.
type Deidentifier struct {
	// Dates is the rule Date and Period apply.
	Dates DateRule
	key   [32]byte
	names map[string]string // participant ID -> pseudonym
	taken map[string]bool   // pseudonyms handed out
}

// NewDeidentifier returns a Deidentifier with a fresh random key; an
// unknown rule means DatesToYear.
func NewDeidentifier(dates DateRule) *Deidentifier {
	var key [32]byte
	rand.Read(key[:])
	return newDeidentifierWithKey(dates, key)
}

// NewKeyedDeidentifier returns a Deidentifier with the given key: callers
// that must give the same pseudonyms and offsets across requests of one
// scope (a workbench session) derive it from a secret of that scope, never
// from anything the reader holds or can guess. An unknown rule means
// DatesToYear.
func NewKeyedDeidentifier(dates DateRule, key [32]byte) *Deidentifier {
	return newDeidentifierWithKey(dates, key)
}

func newDeidentifierWithKey(dates DateRule, key [32]byte) *Deidentifier {
	if dates != DatesShifted {
		dates = DatesToYear
	}
	return &Deidentifier{Dates: dates, key: key, names: map[string]string{}, taken: map[string]bool{}}
}

// mac is HMAC-SHA-256 under the export key of purpose and participant ID;
// the purpose keeps pseudonyms and offsets independent.
func (d *Deidentifier) mac(purpose, participantID string) []byte {
	h := hmac.New(sha256.New, d.key[:])
	h.Write([]byte(purpose))
	h.Write([]byte{0})
	h.Write([]byte(participantID))
	return h.Sum(nil)
}

// pseudonymAlphabet is base32 without padding; its letters and digits
// start no spreadsheet formula.
var pseudonymAlphabet = base32.StdEncoding.WithPadding(base32.NoPadding)

// Pseudonym returns the participant's pseudonym in this export, "X-" and
// ten base32 characters (50 bits of the keyed HMAC). Should two
// participants of the export meet the same pseudonym, the later one gets
// a longer one, so pseudonyms stay distinct.
func (d *Deidentifier) Pseudonym(participantID string) string {
	if p, ok := d.names[participantID]; ok {
		return p
	}
	enc := pseudonymAlphabet.EncodeToString(d.mac("pseudonym", participantID))
	p := "X-" + enc[:10]
	for n := 12; d.taken[p] && n <= len(enc); n += 2 {
		p = "X-" + enc[:n]
	}
	d.names[participantID], d.taken[p] = p, true
	return p
}

// ShiftDays returns the participant's date offset under DatesShifted:
// 1 to 364 days back, from the keyed HMAC.
func (d *Deidentifier) ShiftDays(participantID string) int {
	return 1 + int(binary.BigEndian.Uint64(d.mac("shift", participantID))%364)
}

// Date hides a date of the participant by the export's rule; the zero
// Date stays zero.
func (d *Deidentifier) Date(participantID string, x Date) Date {
	if x.IsZero() {
		return x
	}
	if d.Dates != DatesShifted {
		return Date{Year: x.Year}
	}
	days := d.ShiftDays(participantID)
	switch x.Precision() {
	case PrecisionDay:
		t := x.Earliest().AddDate(0, 0, -days)
		return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
	case PrecisionMonth:
		months := int(math.Round(float64(days) / daysPerMonth))
		t := time.Date(x.Year, time.Month(x.Month)-time.Month(months), 1, 0, 0, 0, 0, time.UTC)
		return Date{Year: t.Year(), Month: int(t.Month())}
	}
	return Date{Year: x.Year - int(math.Round(float64(days)/daysPerYear))}
}

// Mean Gregorian month and year lengths in days.
const (
	daysPerYear  = 365.2425
	daysPerMonth = daysPerYear / 12
)

// Period hides both ends of a period like Date; a range whose ends become
// the same date (two months of one year, cut to the year) becomes that
// date.
func (d *Deidentifier) Period(participantID string, p Period) Period {
	out := Period{From: d.Date(participantID, p.From), To: d.Date(participantID, p.To)}
	if out.To == out.From {
		out.To = Date{}
	}
	return out
}
