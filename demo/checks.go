package demo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"ownwords"
)

// publishedJSON is a copy of the reference study's published figures as
// checks (the team's shared/study/published.json; TestEmbeddedStudyMatchesTeamCopy
// compares the two when OWNWORDS_SHARED_STUDY names the team's directory).
//
//go:embed published.json
var publishedJSON []byte

// Checks are figures a study's report must reproduce, with the groups they
// refer to (attribute slug -> value filters, AND-ed).
type Checks struct {
	Note           string                       `json:"note"`
	AnalysisSample AnalysisSample               `json:"analysis_sample"`
	Groups         map[string]map[string]string `json:"groups"`
	Checks         []Check                      `json:"checks"`
	Kinds          map[string]string            `json:"kinds"`
}

// AnalysisSample describes the sample the checks are about.
type AnalysisSample struct {
	Description       string `json:"description"`
	N                 int    `json:"n"`
	InterviewedToDate int    `json:"interviewed_to_date"`
}

// Check is one published figure; which fields matter depends on Kind (see
// Kinds and EvaluateChecks).
type Check struct {
	Kind        string   `json:"kind"`
	Section     string   `json:"section,omitempty"`
	Item        string   `json:"item,omitempty"`
	Attribute   string   `json:"attribute,omitempty"`
	Group       string   `json:"group"`
	Than        string   `json:"than,omitempty"`
	Value       string   `json:"value,omitempty"`
	A           string   `json:"a,omitempty"`
	B           string   `json:"b,omitempty"`
	N           int      `json:"n,omitempty"`
	Denominator int      `json:"denominator,omitempty"`
	Percent     float64  `json:"percent,omitempty"`
	Min         float64  `json:"min,omitempty"`
	Max         float64  `json:"max,omitempty"`
	LiftAbove   float64  `json:"lift_above,omitempty"`
	Top         []string `json:"top,omitempty"`
	Items       []string `json:"items,omitempty"`
	Exclude     []string `json:"exclude,omitempty"`
	Rank        int      `json:"rank,omitempty"`
}

// String describes the check in one line, e.g. "ranking vulnerabilities
// [men]: criminal_history".
func (c Check) String() string {
	var what string
	switch c.Kind {
	case "ranking":
		what = fmt.Sprintf("%s: %s", c.Section, strings.Join(c.Top, " > "))
	case "top_set":
		what = fmt.Sprintf("%s: {%s}", c.Section, strings.Join(c.Items, ", "))
	case "distinct", "distinct_at_least":
		what = fmt.Sprintf("%s n=%d", c.Attribute, c.N)
	case "mode":
		what = fmt.Sprintf("%s = %s", c.Attribute, c.Value)
	case "cooccur":
		what = fmt.Sprintf("%s & %s lift > %g", c.A, c.B, c.LiftAbove)
	case "greater":
		what = fmt.Sprintf("%s/%s than %s", c.Section, c.Item, c.Than)
	default:
		what = fmt.Sprintf("%s/%s", c.Section, c.Item)
	}
	return fmt.Sprintf("%s %s [%s]", c.Kind, what, c.Group)
}

// checkKinds lists the kinds EvaluateChecks implements.
var checkKinds = map[string]bool{
	"count": true, "percent": true, "distinct": true, "distinct_at_least": true, "share_above": true,
	"share_between": true, "at_least": true, "mode": true, "ranking": true, "top_set": true,
	"rank_within": true, "greater": true, "cooccur": true,
}

// ParseChecks parses checks in the format of published.json. Unknown
// fields, unknown kinds and groups the file does not define are EINVALID.
func ParseChecks(data []byte) (*Checks, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Checks
	if err := dec.Decode(&c); err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "checks: %v", err)
	}
	for i, ch := range c.Checks {
		if !checkKinds[ch.Kind] {
			return nil, ownwords.Errorf(ownwords.EINVALID, "checks: check %d: unknown kind %q", i+1, ch.Kind)
		}
		if _, ok := c.Groups[ch.Group]; !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "checks: check %d: group %q is not defined", i+1, ch.Group)
		}
		if _, ok := c.Groups[ch.Than]; ch.Than != "" && !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "checks: check %d: group %q is not defined", i+1, ch.Than)
		}
	}
	return &c, nil
}

// PublishedChecks returns (a fresh copy of) the checks of the reference
// study's published summary, which every generated demo study satisfies.
func PublishedChecks() *Checks {
	c, err := ParseChecks(publishedJSON)
	if err != nil {
		panic("demo: embedded published.json: " + err.Error())
	}
	return c
}

// CheckResult is the outcome of one check against a report: Got says what
// the report holds.
type CheckResult struct {
	Check Check
	OK    bool
	Got   string
}
