package reliability

import "ownwords"

// Flags of an agreement coefficient, by Krippendorff's conventions.
const (
	FlagReliable     = "reliable"
	FlagTentative    = "tentative"
	FlagUnacceptable = "unacceptable"
	FlagUndefined    = "undefined"
)

// Thresholds of the flags: Krippendorff (2004, p. 241) accepts α ≥ 0.8 and
// draws tentative conclusions from 0.667 ≤ α < 0.8.
const (
	ReliableAlpha  = 0.8
	TentativeAlpha = 0.667
)

// Flag returns the flag of an alpha value: FlagUndefined for nil.
func Flag(alpha *float64) string {
	switch {
	case alpha == nil:
		return FlagUndefined
	case *alpha >= ReliableAlpha:
		return FlagReliable
	case *alpha >= TentativeAlpha:
		return FlagTentative
	}
	return FlagUnacceptable
}

// Measure is one agreement coefficient: its value, or nil with the reason
// it is undefined, and its flag.
type Measure struct {
	Value  *float64 `json:"value"`
	Reason string   `json:"reason,omitempty"`
	Flag   string   `json:"flag"`
}

// measure builds a Measure from a coefficient and the error that says why
// it is undefined.
func measure(v float64, err error) Measure {
	if err != nil {
		return Measure{Reason: errorText(err), Flag: FlagUndefined}
	}
	return Measure{Value: &v, Flag: Flag(&v)}
}

// pointer builds a Measure from a nil-able value and its reason.
func pointer(v *float64, reason string) Measure {
	if v == nil {
		return Measure{Reason: reason, Flag: FlagUndefined}
	}
	return Measure{Value: v, Flag: Flag(v)}
}

// errorText is the message of an error that makes a measure undefined.
func errorText(err error) string {
	if m := ownwords.ErrorMessage(err); m != "internal error" {
		return m
	}
	return err.Error()
}
