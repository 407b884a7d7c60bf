package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/disclosure"
)

// Options choose a report's audience and its optional steps.
type Options struct {
	// Audience is AudienceTeam or AudiencePublic; "" means public, the
	// default for every export.
	Audience string
	// K is the disclosure threshold; 0 uses the study's.
	K int
	// Suppressor adds suppression (complementary, across tables) to the
	// primary suppression Build applies in a public report; nil means
	// Disclosure, the complementary suppression of package disclosure.
	Suppressor Suppressor
	// Quotes supplies quote text; nil builds a report without quotes.
	Quotes QuoteSource
	// Aligned supplies the passage of another text of the interview
	// (its original, or a translation) aligned with a quote, shown beside
	// it; nil shows none.
	Aligned AlignedSource
	// Attribution describes a quoted participant; nil uses NewAttribution
	// with the default wording, e.g. "a foreign woman, returnee" (ForStudy
	// sets the study's, see StudyAttribution).
	Attribution func(p *ownwords.Participant) string
	// Title overrides the default title, the study's name.
	Title string
}

// Build makes the report of res for one audience. In a public report every
// count table gets primary suppression (counts 1..k-1), then the
// Suppressor's; groups whose size is suppressed are hidden in every table;
// rankings, modes, co-occurrence, crosstab tests and quotes follow the
// suppressed numbers. Errors are EINVALID for bad options, or come from the
// Suppressor or QuoteSource.
func Build(res *analysis.Result, opt Options) (*Report, error) {
	if res == nil || res.Plan == nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "report: analysis result required")
	}
	if opt.Audience == "" {
		opt.Audience = AudiencePublic
	}
	if opt.Audience == AudiencePublic && opt.Suppressor == nil {
		// Secure by default: primary suppression alone leaves hidden
		// counts recoverable from the margins.
		opt.Suppressor = Disclosure{}
	}
	if opt.Audience != AudienceTeam && opt.Audience != AudiencePublic {
		return nil, ownwords.Errorf(ownwords.EINVALID, "report: audience %q: want team or public", opt.Audience)
	}
	if opt.K == 0 {
		opt.K = res.DisclosureK
	}
	if opt.K < 1 || opt.K > 100 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "report: disclosure k %d: want 1..100", opt.K)
	}
	b := &builder{res: res, opt: opt, public: opt.Audience == AudiencePublic}
	rep := b.skeleton()
	if err := b.countTables(rep); err != nil {
		return nil, err
	}
	co, err := b.cooccurrenceTable()
	if err != nil {
		return nil, err
	}
	if err := b.crosstabs(rep); err != nil {
		return nil, err
	}
	if err := b.finish(rep, co); err != nil {
		return nil, err
	}
	b.rankings(rep)
	rep.Modes = b.modes(rep)
	b.cooccurrence(rep, co)
	b.crosstabStats(rep)
	if err := b.quotes(rep); err != nil {
		return nil, err
	}
	rep.Notes = b.notes()
	return rep, nil
}

// builder carries Build's inputs between its steps.
type builder struct {
	res    *analysis.Result
	opt    Options
	public bool
	// hidden marks groups whose size is suppressed (public only).
	hidden []bool
	// tables are the count tables built so far, finalized together once
	// the joint suppression (public only) has run.
	tables []*Table
	// attributor words public quote attributions (public only).
	attributor *disclosure.Attributor
}

// skeleton fills the report's head and groups.
func (b *builder) skeleton() *Report {
	res := b.res
	rep := &Report{
		Title:           Clean(cmp.Or(b.opt.Title, res.StudyName, "Study report")),
		Study:           Clean(res.StudyName),
		Plan:            Clean(res.Plan.Name),
		Audience:        b.opt.Audience,
		SampleSize:      res.SampleSize,
		Confidentiality: "CONFIDENTIAL — team audience: exact counts, not for publication",
	}
	if b.public {
		rep.K = b.opt.K
		rep.Confidentiality = fmt.Sprintf("Public — counts from 1 to %d are suppressed", b.opt.K-1)
	}
	for _, g := range res.Groups {
		rep.Groups = append(rep.Groups, Group{Name: Clean(g.Name), Label: b.groupLabel(g.Name), Filter: b.filterLabel(g.Filter), Values: g.Filter})
	}
	for _, c := range res.Plan.Comparisons {
		var idx []int
		for _, name := range c.Groups {
			if i := slices.IndexFunc(res.Groups, func(g *analysis.GroupResult) bool { return g.Name == name }); i >= 0 {
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			rep.Comparisons = append(rep.Comparisons, newComparison(c.Label, idx, rep.Groups))
		}
	}
	if len(rep.Comparisons) == 0 {
		rep.Comparisons = defaultComparisons(rep.Groups)
	}
	return rep
}

// countTables builds and suppresses the sample, section, attribute and
// distinct tables.
func (b *builder) countTables(rep *Report) error {
	res := b.res
	rep.Sample = b.groupTable("sample", "Participants", KindSample, false)
	rep.Sample.Rows = []Row{{Key: "participants", Label: "participants", Cells: b.cells(func(g *analysis.GroupResult) analysis.Count { return g.Size })}}
	for i := range rep.Sample.Totals {
		rep.Sample.Totals[i] = Cell{N: res.SampleSize, Denominator: res.SampleSize}
	}
	if err := b.suppress(rep.Sample); err != nil {
		return err
	}
	b.hidden = make([]bool, len(res.Groups))
	for i, c := range rep.Sample.Rows[0].Cells {
		b.hidden[i] = c.Suppressed
	}
	for si, s := range res.Sections {
		t := b.groupTable(s.Slug, cmp.Or(s.Label, s.Slug), KindItems, false)
		for ii, it := range s.Items {
			t.Rows = append(t.Rows, Row{Key: Clean(it.Slug), Label: Clean(cmp.Or(it.Label, it.Slug)), Derived: it.Derived,
				Cells: b.cells(func(g *analysis.GroupResult) analysis.Count { return g.Items[si][ii] })})
		}
		if err := b.suppress(t); err != nil {
			return err
		}
		rep.Sections = append(rep.Sections, Section{Slug: t.ID, Title: t.Title, Table: t})
	}
	for ai, a := range res.Attributes {
		t := b.groupTable("attributes."+a.Slug, b.attrLabel(a.Slug), KindAttribute, true)
		for vi, v := range a.Values {
			t.Rows = append(t.Rows, Row{Key: Clean(v), Label: b.attrValueLabel(a.Slug, v),
				Cells: b.cells(func(g *analysis.GroupResult) analysis.Count { return g.Attributes[ai][vi] })})
		}
		missing := b.cells(func(g *analysis.GroupResult) analysis.Count { return g.Missing[ai] })
		if slices.ContainsFunc(missing, func(c Cell) bool { return c.N > 0 }) {
			t.Rows = append(t.Rows, Row{Key: "", Label: "Missing", Cells: missing})
		}
		if err := b.suppress(t); err != nil {
			return err
		}
		rep.Attributes = append(rep.Attributes, t)
	}
	rep.Distinct = b.groupTable("distinct", "Distinct values", KindDistinct, false)
	for di, slug := range res.Distinct {
		rep.Distinct.Rows = append(rep.Distinct.Rows, Row{Key: Clean(slug), Label: b.attrLabel(slug),
			Cells: b.cells(func(g *analysis.GroupResult) analysis.Count {
				return analysis.Count{N: g.Distinct[di], Denominator: g.Size.N}
			})})
	}
	return nil
}

// finish suppresses the public report's count tables jointly (see
// joint.go), hides in every table the groups whose size ends up hidden,
// and finalizes every table for rendering.
func (b *builder) finish(rep *Report, co *Table) error {
	if b.public {
		if err := b.joint(rep, co); err != nil {
			return err
		}
	}
	for i, c := range rep.Sample.Rows[0].Cells {
		b.hidden[i] = c.Suppressed
	}
	// Distinct counts count values, not people: only hidden groups hide them.
	for i := range rep.Distinct.Totals {
		rep.Distinct.Totals[i].Suppressed = b.hidden[i]
	}
	for _, t := range append(b.tables, rep.Distinct) {
		finalize(t, b.opt.K)
	}
	return nil
}

// groupTable returns an empty table whose columns are the plan groups and
// whose totals are the group sizes.
func (b *builder) groupTable(id, title, kind string, partition bool) *Table {
	t := &Table{ID: Clean(id), Title: Clean(title), Kind: kind, Partition: partition}
	for i, g := range b.res.Groups {
		t.Columns = append(t.Columns, Column{Key: Clean(g.Name), Label: b.groupLabel(g.Name), Filter: g.Filter})
		tot := Cell{N: g.Size.N, Denominator: g.Size.Denominator}
		if b.hidden != nil && b.hidden[i] {
			tot.Suppressed = true
		}
		t.Totals = append(t.Totals, tot)
	}
	return t
}

// cells returns one cell per group.
func (b *builder) cells(get func(*analysis.GroupResult) analysis.Count) []Cell {
	out := make([]Cell, len(b.res.Groups))
	for i, g := range b.res.Groups {
		c := get(g)
		out[i] = Cell{N: c.N, Denominator: c.Denominator}
	}
	return out
}

// suppress applies primary suppression and the Suppressor to a public
// table, and keeps it to be finalized (see finish).
func (b *builder) suppress(t *Table) error {
	b.tables = append(b.tables, t)
	return b.resuppress(t)
}

// resuppress applies primary suppression and the Suppressor to a public
// table again, keeping the marks it has.
func (b *builder) resuppress(t *Table) error {
	if !b.public {
		return nil
	}
	primary(t, b.opt.K)
	if b.opt.Suppressor != nil {
		if err := b.opt.Suppressor.Suppress(t, b.opt.K); err != nil {
			return fmt.Errorf("report: suppress %s: %w", t.ID, err)
		}
	}
	return nil
}

func (b *builder) notes() []string {
	var out []string
	if b.public {
		out = append(out, fmt.Sprintf("Counts from 1 to %d are suppressed, with further cells where they could be worked out from the rest (shown —); percentages of suppressed counts are not shown.", b.opt.K-1))
	}
	out = append(out,
		"Percentages are of each group's participants in the analysis sample, rounded half-up to one decimal.",
		"A participant endorses an item if any consensus coding in any of their interviews carries it or a code below it; derived items are computed from their sibling items and not ranked.")
	return out
}

// itemLabel returns the label of the item at path ("section/slug") among
// the plan's sections, or the path when the plan shows no such item.
func (b *builder) itemLabel(path string) string {
	section, slug, _ := strings.Cut(path, "/")
	for _, s := range b.res.Sections {
		if s.Slug != section {
			continue
		}
		for _, it := range s.Items {
			if it.Slug == slug {
				return cmp.Or(it.Label, path)
			}
		}
	}
	return path
}

// variableLabel returns the label of a crosstab variable: an item's (see
// itemLabel) or a tabulated attribute's, else its name.
func (b *builder) variableLabel(name string) string {
	if strings.Contains(name, "/") {
		return b.itemLabel(name)
	}
	return b.attrLabel(name)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
