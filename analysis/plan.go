// Package analysis turns a study's consensus codings into participant-level
// findings: it reads an analysis plan, draws the analysis sample, builds the
// participant × item matrix and computes figures, rankings, co-occurrence and
// crosstab counts for every group the plan names, keeping the provenance of
// each figure.
package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"ownwords"
)

// Plan is an analysis plan: the sample, the groups and what to tabulate.
// Its JSON form is the contract in notes/contracts.md.
type Plan struct {
	// Name identifies the plan, e.g. "reference".
	Name string `json:"name"`
	// Sample selects the analysis sample.
	Sample Sample `json:"sample"`
	// Groups are the report's columns, in report order.
	Groups []Group `json:"groups"`
	// Sections lists codebook section slugs in report order; empty means
	// every section in codebook order.
	Sections []string `json:"sections"`
	// Attributes lists category or boolean attributes tabulated per group.
	Attributes []string `json:"attributes"`
	// Distinct lists attributes whose distinct values are counted per group.
	Distinct []string `json:"distinct"`
	// Cooccurrence lists item pairs reported besides every within-section pair.
	Cooccurrence []Pair `json:"cooccurrence"`
	// Crosstabs lists tables of an attribute or item against another.
	Crosstabs []CrosstabSpec `json:"crosstabs"`
	// QuotesPerItem bounds the quotes a report shows per item.
	QuotesPerItem int `json:"quotes_per_item"`
	// Survival lists the time-to-event curves the report draws (e.g.
	// joined → first_doubts by gender), with the swimlane and histogram of
	// the study's trajectories.
	Survival []SurvivalSpec `json:"survival,omitempty"`
	// Comparisons name the groups a report's charts and top-item tables
	// set side by side (e.g. men vs women); empty means the default: the
	// first two attributes that single-attribute groups split (in the
	// reference plan, men vs women and local vs foreign).
	Comparisons []Comparison `json:"comparisons,omitempty"`
}

// Comparison is a set of plan groups compared in one panel of a chart.
type Comparison struct {
	// Label titles the comparison, e.g. "Men and women"; "" derives one
	// from the groups' labels.
	Label string `json:"label,omitempty"`
	// Groups are plan group names, 2..MaxComparisonGroups of them.
	Groups []string `json:"groups"`
}

// MaxComparisonGroups bounds a comparison: more groups than this make a
// chart nobody can read (issue 20).
const MaxComparisonGroups = 4

// Sample selects the analysis sample: the first First participants ordered
// by the OrderBy attribute (ties broken by participant code). Participants
// whose OrderBy value is missing are left out. First 0 keeps everyone.
type Sample struct {
	OrderBy string `json:"order_by,omitempty"`
	First   int    `json:"first,omitempty"`
}

// Group is a named subset of the sample: participants whose attributes have
// every value of Filter (attribute slug -> canonical value string).
type Group struct {
	Name   string            `json:"name"`
	Filter map[string]string `json:"filter"`
	// Label is the group's name for readers, e.g. "Foreign women"; ""
	// derives one from the name.
	Label string `json:"label,omitempty"`
}

// Pair names two items as "section/slug".
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
}

// CrosstabSpec names the rows and columns of a crosstab: each an attribute
// slug or an item "section/slug".
type CrosstabSpec struct {
	Rows string `json:"rows"`
	Cols string `json:"cols"`
}

// MaxQuotesPerItem bounds quotes_per_item: a report is not a transcript dump.
const MaxQuotesPerItem = 20

// ParsePlan decodes a plan from JSON and checks what can be checked without
// the study: unknown fields, trailing data, empty or duplicate group names
// and negative numbers are EINVALID errors naming the field.
func ParsePlan(data []byte) (*Plan, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "plan: %s", jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, ownwords.Errorf(ownwords.EINVALID, "plan: unexpected data after the plan object")
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return &p, nil
}

// jsonProblem describes a decoding error without echoing the input.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "invalid JSON at byte " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return "field " + typ.Field + ": want " + typ.Type.String()
		}
		return "want a JSON object"
	case err == io.EOF:
		return "empty plan"
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if k, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return "unknown key " + k
	}
	return msg
}

// check validates the plan on its own.
func (p *Plan) check() error {
	switch {
	case p.Name == "":
		return invalid("plan: name required")
	case p.Sample.First < 0:
		return invalid("plan: sample.first must not be negative")
	case p.QuotesPerItem < 0 || p.QuotesPerItem > MaxQuotesPerItem:
		return invalid("plan: quotes_per_item must be 0..%d", MaxQuotesPerItem)
	case len(p.Groups) == 0:
		return invalid("plan: at least one group required (\"all\" is {\"name\": \"all\", \"filter\": {}})")
	}
	seen := map[string]bool{}
	for i, g := range p.Groups {
		if !ownwords.ValidSlug(g.Name) {
			return invalid("plan: group %d: name %q must be a slug (lowercase letters, digits, '_' or '-')", i+1, g.Name)
		}
		if seen[g.Name] {
			return invalid("plan: group %s: name used twice", g.Name)
		}
		seen[g.Name] = true
	}
	for i, c := range p.Comparisons {
		if len(c.Groups) < 2 || len(c.Groups) > MaxComparisonGroups {
			return invalid("plan: comparison %d: want 2..%d groups, have %d", i+1, MaxComparisonGroups, len(c.Groups))
		}
		in := map[string]bool{}
		for _, name := range c.Groups {
			if !seen[name] {
				return invalid("plan: comparison %d: group %q is not one of the plan's groups", i+1, name)
			}
			if in[name] {
				return invalid("plan: comparison %d: group %s named twice", i+1, name)
			}
			in[name] = true
		}
	}
	return nil
}

func invalid(format string, args ...any) error {
	return ownwords.Errorf(ownwords.EINVALID, format, args...)
}
