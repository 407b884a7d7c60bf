// Package report turns analysis results into the study report for one
// audience — the team (exact counts, marked confidential) or the public
// (small counts suppressed) — and renders it as JSON, terminal text,
// Markdown and a self-contained HTML page with SVG charts. Every renderer
// works from the same Report, so tables and charts show the same, possibly
// suppressed, numbers.
package report

import (
	"ownwords"
	"ownwords/stats"
)

// Audiences of a report.
const (
	// AudienceTeam sees exact counts; the report is marked confidential.
	AudienceTeam = "team"
	// AudiencePublic sees counts 1..k-1 (and whatever the Suppressor adds)
	// suppressed, and only coarse quote attributions.
	AudiencePublic = "public"
)

// Report is a study report for one audience. Build fills it; renderers only
// read it. Every string in it is already cleaned of control and bidi
// override characters; renderers escape it for their format.
type Report struct {
	Title    string
	Study    string
	Plan     string
	Audience string
	// Confidentiality is the marking shown on top of every rendering.
	Confidentiality string
	// K is the disclosure threshold applied (public audience only).
	K int
	// SampleSize is the number of participants in the analysis sample.
	SampleSize int
	Groups     []Group
	// Sample has one row, "participants": the size of each group.
	Sample *Table
	// Sections hold one items table per codebook section, with rankings.
	Sections []Section
	// Attributes hold one table per tabulated attribute; rows are values
	// (the last row, key "", counts missing values).
	Attributes []*Table
	// Distinct counts distinct values per attribute (rows) and group.
	Distinct *Table
	// Modes holds each attribute's strict mode per group.
	Modes        []ModeRow
	Cooccurrence []Cooccurrence
	Crosstabs    []Crosstab
	// Timeline holds the trajectory charts of the plan's survival specs
	// (nil when the plan names none or the study has no events).
	Timeline *TimelineCharts
	// Reliability is the agreement between coders on the double-coded
	// interviews (nil when the study has none, or for a report built from
	// an analysis result alone).
	Reliability *Reliability
	Notes       []string
}

// Group is a column of the report: a plan group.
type Group struct {
	Name string
	// Filter describes the group, e.g. "gender = woman, region = Western Europe".
	Filter string
	// Values is the group's filter, attribute slug to canonical value.
	Values map[string]string
}

// Section is a codebook section: its items table, the ranking of its items
// in each group and the quotes behind its items.
type Section struct {
	Slug, Title string
	Table       *Table
	Rankings    []Ranking
	Quotes      []Quote
}

// Kinds of Table.
const (
	KindSample       = "sample"
	KindItems        = "items"
	KindAttribute    = "attribute"
	KindDistinct     = "distinct"
	KindCooccurrence = "cooccurrence"
	KindCrosstab     = "crosstab"
)

// Table is a table of participant counts: rows are items, attribute values
// or pairs; columns are groups (or, for a crosstab, values). It is the unit
// a Suppressor works on.
type Table struct {
	// ID names the table in the report's terms: a section slug,
	// "attributes.<slug>", "sample", "distinct", "cooccurrence" or
	// "crosstab.<rows>.<cols>".
	ID    string
	Title string
	Kind  string
	// Partition says every member of a column falls in exactly one row,
	// so each column's cells sum to its total (attribute tables, with
	// their missing row, and crosstabs). Otherwise rows overlap.
	Partition bool
	Columns   []Column
	Rows      []Row
	// Totals are the column totals: the group sizes, published in the
	// sample table (or a crosstab's column totals).
	Totals []Cell
	// RowTotals are a crosstab's row totals; nil for group tables, whose
	// columns overlap.
	RowTotals []Cell
}

// Column is a table column.
type Column struct {
	Key, Label string
	// Filter is the group's filter (nil for crosstab columns), so that a
	// Suppressor can tell which groups add up to which.
	Filter map[string]string
}

// Row is a table row.
type Row struct {
	// Key is the item slug, attribute value ("" for missing), pair
	// "a|b" or crosstab value.
	Key, Label string
	// Derived marks a derived item (computed from its siblings).
	Derived bool
	Cells   []Cell
}

// Cell is one count with its denominator. In a built Report, a suppressed
// cell has N 0 and no percent.
type Cell struct {
	N           int
	Denominator int
	// Suppressed hides N and the percent.
	Suppressed bool
	// Below says the suppressed count lies in 1..k-1 (shown "<k"); other
	// suppressed counts (complementary suppression, groups below k) show "—".
	Below bool
	// DenominatorSuppressed hides the denominator: the group is too small
	// to publish.
	DenominatorSuppressed bool
}

// Percent returns the percent rounded half-up to one decimal; ok is false
// when Tenths has none.
func (c Cell) Percent() (pct float64, ok bool) {
	t, ok := c.Tenths()
	return float64(t) / 10, ok
}

// Tenths returns the percent in tenths, rounded half-up on integers; ok is
// false when the cell or its denominator is suppressed or the denominator is 0.
func (c Cell) Tenths() (tenths int, ok bool) {
	if c.Suppressed || c.DenominatorSuppressed || c.Denominator <= 0 {
		return 0, false
	}
	return (2000*c.N + c.Denominator) / (2 * c.Denominator), true
}

// Ranking orders a section's coded items in one group, by N descending.
// In a public report, suppressed items follow the others unranked.
type Ranking struct {
	Group   string
	Entries []RankEntry
}

// RankEntry is one ranked item. Rank is the competition rank (1, 2, 2, 4),
// 0 for a suppressed item; Tied marks an item sharing its N with another.
type RankEntry struct {
	Item, Label string
	N           Cell
	Rank        int
	Tied        bool
}

// ModeRow is an attribute's strict mode in each group.
type ModeRow struct {
	Attribute, Label string
	Modes            []Mode
}

// Mode is a strict mode: Value is "" when values tie, the group has none,
// or (public) the count is suppressed.
type Mode struct {
	Value string
	N     Cell
}

// Cooccurrence is one pair of items in one group. A and B are the items'
// paths ("section/slug"), ALabel and BLabel their labels. Lift is nil when
// it is undefined (an item nobody endorses) or when any of its counts is
// suppressed. Named marks the pairs the plan names; the others are every
// pair within a section, too many to print, so only JSON carries them.
type Cooccurrence struct {
	Group, A, B    string
	ALabel, BLabel string
	NAB, NA, NB, N Cell
	Lift           *float64
	Named          bool
}

// Crosstab is a crosstab with its row percentages and tests of
// association. Stats is nil in a public report when any count of the table
// is suppressed: the tests and percentages would give hidden counts away.
type Crosstab struct {
	Rows, Cols string
	Table      *Table
	Stats      *stats.Crosstab
	// Adjusted is the table's Fisher p adjusted for the family of the
	// report's crosstabs (Holm, Benjamini–Hochberg), set when the report
	// has two or more tests; nil in a public report where any crosstab's
	// tests are withheld (AdjustedWithheld says so): the adjusted values
	// of the shown tables depend on the hidden p-values.
	Adjusted         *stats.Adjusted
	AdjustedWithheld string
}

// Quote is a passage behind an item, with a coarse attribution such as "a
// foreign woman, returnee".
type Quote struct {
	Item, Label string
	Text        string
	Attribution string
	// Language is the quote's (its interview's), "" when unknown; Beside
	// is the aligned passage of the interview's other text, if any.
	Language string
	Beside   *AlignedPassage
}

// Suppressor hides counts of a public table so that no count 1..k-1 can be
// read or worked out from what is shown, e.g. by complementary
// suppression. It marks cells (and Totals, RowTotals) Suppressed and must
// not change counts; it may add marks to those Build has already made.
// Build calls it on every count table of a public report after its own
// primary suppression (1 ≤ N < k).
type Suppressor interface {
	Suppress(t *Table, k int) error
}

// QuoteSource returns the text of a consensus segment (its passage of the
// transcript, redacted as the study requires). Reports for users who may
// not see text are built without one.
type QuoteSource func(seg *ownwords.Segment) (string, error)

// AlignedPassage is the passage of another text of an interview (its
// original, or a translation of its transcript) aligned with a quote, as
// text.Projection maps it: the aligned sentences where sentence alignment
// is certain, else the aligned turns without the first one's speaker
// label.
type AlignedPassage struct {
	// Role is ownwords.TextOriginal or TextTranslation; Language the
	// text's (BCP 47).
	Role     string `json:"role"`
	Language string `json:"language"`
	Text     string `json:"text"`
	// QuoteLanguage is the language of the quote itself (its interview's).
	QuoteLanguage string `json:"-"`
}

// AlignedSource returns the passage aligned with a consensus segment in
// the first other text of its interview (originals first; see
// ownwords.InterviewTextService), or nil when it has none.
type AlignedSource func(seg *ownwords.Segment) (*AlignedPassage, error)
