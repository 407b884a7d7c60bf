package analysis

import (
	"ownwords"
)

// Result holds every figure of a plan run, per group, with the matrix
// behind them for provenance. Slices of a GroupResult run parallel to the
// corresponding slices of Result (Sections, Attributes, Distinct, Modes,
// Pairs).
type Result struct {
	StudyID   string
	StudyName string
	// DisclosureK is the study's threshold for public outputs.
	DisclosureK int
	// Redactions are the study's names, places and dates that no published
	// quote may contain.
	Redactions []string
	Plan       *Plan
	// SampleSize is the number of participants in the analysis sample.
	SampleSize int
	// Sections are the plan's sections in report order.
	Sections []Section
	// Attributes are the plan's tabulated attributes with the values
	// reported, in a fixed order shared by every group.
	Attributes []AttributeInfo
	// Distinct lists attributes whose distinct values are counted.
	Distinct []string
	// Modes lists attributes whose strict mode is reported: the plan's
	// attributes, then its distinct attributes.
	Modes []string
	// Pairs are the co-occurrence pairs: those the plan names, then every
	// pair of coded items within each section.
	Pairs     []Pair
	Groups    []*GroupResult
	Crosstabs []*Crosstab

	m *matrix
	// groupSet and valueSet index the sample for provenance.
	groupSet map[string]Bitset
	valueSet map[string]map[string]Bitset
	attrInfo map[string]AttributeInfo
	cols     map[string][]string
}

// Section is a codebook section and its items in codebook order.
type Section struct {
	Slug, Label string
	Items       []Item
}

// Item is one row of a section: a code directly below the section, or a
// derived item computed from its siblings.
type Item struct {
	Slug, Label, Description string
	Derived                  bool
	Published                bool
}

// AttributeInfo is a tabulated attribute. Values holds the canonical value
// strings reported: the defined values (booleans "true", "false") in order,
// then any others seen in the sample, sorted.
type AttributeInfo struct {
	Slug, Label string
	Type        ownwords.AttrType
	Values      []string
}

// GroupResult holds one group's figures.
type GroupResult struct {
	Name   string
	Filter map[string]string
	// Size is the group's share of the sample (N of SampleSize).
	Size Count
	// Items is indexed [section][item] like Result.Sections.
	Items [][]Count
	// Attributes is indexed [attribute][value] like Result.Attributes;
	// denominators are the group size.
	Attributes [][]Count
	// Missing counts members without a value, per attribute.
	Missing []Count
	// Distinct counts distinct non-missing values, per Result.Distinct.
	Distinct []int
	// Modes holds the strict modes, per Result.Modes.
	Modes []Mode
	// Rankings ranks each section's coded items (derived items are not
	// ranked), indexed like Result.Sections.
	Rankings [][]Rank
	// Cooccurrence is indexed like Result.Pairs.
	Cooccurrence []Cooccurrence
}

// Count is a figure: N participants of Denominator.
type Count struct {
	N, Denominator int
}

// Tenths returns the percent in tenths (516 for 51.6%), rounded half-up on
// integers; ok is false when the denominator is 0.
func (c Count) Tenths() (tenths int, ok bool) {
	if c.Denominator <= 0 {
		return 0, false
	}
	return PercentTenths(c.N, c.Denominator), true
}

// Percent returns the percent rounded half-up to one decimal; ok is false
// when the denominator is 0.
func (c Count) Percent() (pct float64, ok bool) {
	t, ok := c.Tenths()
	return float64(t) / 10, ok
}

// PercentTenths returns 100*n/d in tenths of a percent, rounded half-up:
// round(1000*n/d) computed on integers so that no float error creeps in.
// d must be positive and n not negative.
func PercentTenths(n, d int) int {
	return (2000*n + d) / (2 * d)
}

// Mode is an attribute's strict mode in a group: the single most frequent
// non-missing value. Value is "" when two or more values tie (Tie) or the
// group has no value at all; N is the highest count either way.
type Mode struct {
	Attribute string
	Value     string
	N         int
	Tie       bool
}

// Rank is one item's place in a section ranking: items by N descending,
// ties in codebook order. Rank is the competition rank (1, 2, 2, 4) and Tied
// says another item has the same N.
type Rank struct {
	Item string
	N    int
	Rank int
	Tied bool
}

// Cooccurrence counts two items together within a group: NAB endorse both,
// NA and NB each, N is the group size.
type Cooccurrence struct {
	A, B        string
	NAB, NA, NB int
	N           int
}

// Lift returns P(a∧b)/(P(a)P(b)) = NAB*N/(NA*NB); ok is false when NA or NB
// is 0.
func (c Cooccurrence) Lift() (lift float64, ok bool) {
	if c.NA == 0 || c.NB == 0 {
		return 0, false
	}
	return float64(c.NAB) * float64(c.N) / (float64(c.NA) * float64(c.NB)), true
}
