package gate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/disclosure"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
)

// The public adversary (issue 14). It is anyone without an account: it
// asks the gate for everything the public may have about a study — the
// public report and a public crosstab of every pair of variables — and
// models all the published counts at once as linear equalities over the
// unknown counts of exact atoms: participants per combination of
// attribute values (missing included) and pattern of endorsed items.
// Every published count is the sum of its atoms, so the system holds
// everything the outputs say about each other: complements, groups
// against everyone, unions of groups, one table against another, the
// report against a crosstab, repeated queries. For every hidden count
// that the rule protects (a true count 1..k−1, or any count of a group
// or row of 1..k−1 people) it computes the feasible range by exact linear
// programming; a range narrower than k−1 — a count pinned, or confined
// inside 1..k−1 — fails the test, and so does a protected count shown
// anywhere. It also checks that rankings list hidden items in codebook
// order, not by their hidden size.

// advQuantity is a count the adversary has seen, shown or hidden, in one
// or more outputs.
type advQuantity struct {
	atoms     []int
	truth     int
	labels    []string
	sensitive bool
	shown     bool
	value     int
}

// adversary collects the published counts of one study.
type adversary struct {
	s *advStudy
	// radix is each attribute's number of slots: its values, plus one for
	// missing when the public knows that someone lacks a value.
	radix  []int
	nAtoms int
	byKey  map[string]*advQuantity
	order  []string
	fails  []string
}

func newAdversary(s *advStudy, missing []bool) *adversary {
	a := &adversary{s: s, byKey: map[string]*advQuantity{}, nAtoms: 1 << len(s.items)}
	for i, at := range s.attrs {
		r := len(at.values)
		if missing[i] {
			r++
		}
		a.radix = append(a.radix, r)
		a.nAtoms *= r
	}
	return a
}

// atom decodes atom index x into attribute slots (len(values) = missing)
// and endorsements.
func (a *adversary) atom(x int) ([]int, []bool) {
	items := make([]bool, len(a.s.items))
	for i := range items {
		items[i] = x&1 == 1
		x >>= 1
	}
	vals := make([]int, len(a.radix))
	for i, r := range a.radix {
		vals[i], x = x%r, x/r
	}
	return vals, items
}

// pred is a predicate on a participant (attribute slots, endorsements).
type pred func(vals []int, items []bool) bool

func and(ps ...pred) pred {
	return func(v []int, it []bool) bool {
		for _, p := range ps {
			if !p(v, it) {
				return false
			}
		}
		return true
	}
}

func everyone(vals []int, items []bool) bool { return true }

func (a *adversary) attrIndex(slug string) int {
	return slices.IndexFunc(a.s.attrs, func(at advAttr) bool { return at.slug == slug })
}

// attrIs holds for participants with value v ("" = missing) of attribute slug.
func (a *adversary) attrIs(tb testing.TB, slug, v string) pred {
	ai := a.attrIndex(slug)
	if ai < 0 {
		tb.Fatalf("unknown attribute %q", slug)
	}
	slot := len(a.s.attrs[ai].values)
	if v != "" {
		slot = slices.Index(a.s.attrs[ai].values, v)
	}
	return func(vals []int, _ []bool) bool { return vals[ai] == slot }
}

// known holds for participants with a value of attribute slug (items always have one).
func (a *adversary) known(slug string) pred {
	ai := a.attrIndex(slug)
	if ai < 0 {
		return everyone
	}
	return func(vals []int, _ []bool) bool { return vals[ai] < len(a.s.attrs[ai].values) }
}

func (a *adversary) itemIs(tb testing.TB, path string, v bool) pred {
	ii := slices.Index(a.s.items, path)
	if ii < 0 {
		tb.Fatalf("unknown item %q", path)
	}
	return func(_ []int, items []bool) bool { return items[ii] == v }
}

// variable returns the predicate of a crosstab side's value.
func (a *adversary) variable(tb testing.TB, name, v string) pred {
	if strings.Contains(name, "/") {
		return a.itemIs(tb, name, v == "true")
	}
	return a.attrIs(tb, name, v)
}

func (a *adversary) group(tb testing.TB, name string) pred {
	f, ok := a.s.groups[name]
	if !ok {
		tb.Fatalf("unknown group %q", name)
	}
	var ps []pred
	for slug, v := range f {
		ps = append(ps, a.attrIs(tb, slug, v))
	}
	return and(ps...)
}

// truth counts the participants p holds for.
func (a *adversary) truth(p pred) int {
	n := 0
	for _, person := range a.s.people {
		vals := slices.Clone(person.vals)
		for i, v := range vals {
			if v < 0 {
				vals[i] = len(a.s.attrs[i].values)
			}
		}
		if p(vals, person.items) {
			n++
		}
	}
	return n
}

func (a *adversary) small(n int) bool { return n >= 1 && n < a.s.k }

// see records a count of output label: shown (n not nil) or hidden. lines
// are the predicates of the totals whose percentages it belongs to (its
// group, a crosstab's row and column): a count of a line of 1..k−1
// people is protected whatever its value.
func (a *adversary) see(tb testing.TB, label string, p pred, n *int, lines ...pred) {
	tb.Helper()
	var atoms []int
	for x := range a.nAtoms {
		if p(a.atom(x)) {
			atoms = append(atoms, x)
		}
	}
	key := fmt.Sprint(atoms)
	q := a.byKey[key]
	if q == nil {
		q = &advQuantity{atoms: atoms, truth: a.truth(p)}
		a.byKey[key] = q
		a.order = append(a.order, key)
	}
	q.labels = append(q.labels, label)
	sens := a.small(q.truth)
	for _, l := range lines {
		sens = sens || a.small(a.truth(l))
	}
	if len(atoms) == 0 {
		sens = false // contradictory conditions: everyone knows it is 0
	}
	if n == nil {
		q.sensitive = q.sensitive || sens
		return
	}
	if *n != q.truth {
		tb.Fatalf("%s: published %d, the adversary's model counts %d", label, *n, q.truth)
	}
	q.shown, q.value = true, *n
	if sens {
		a.fail("%s = %d is shown, but the rule protects it", label, q.truth)
	}
}

func (a *adversary) fail(format string, args ...any) {
	a.fails = append(a.fails, fmt.Sprintf(format, args...))
}

// advReport is the part of the public report's JSON the adversary reads.
type advReport struct {
	SampleSize int `json:"sample_size"`
	Groups     []struct {
		Name string `json:"name"`
	} `json:"groups"`
	Figures []struct {
		Section, Item, Group string
		Value                *string
		N, Denominator       *int
	} `json:"figures"`
	Cooccurrence []struct {
		Group, A, B    string
		NAB, NA, NB, N *int
	} `json:"cooccurrence"`
	Rankings []struct {
		Section, Group string
		Items          []struct {
			Item       string
			N          *int
			Suppressed bool
		}
	} `json:"rankings"`
	Crosstabs []struct {
		Rows      string     `json:"rows"`
		Cols      string     `json:"cols"`
		RowValues []string   `json:"row_values"`
		ColValues []string   `json:"col_values"`
		Counts    [][]*int   `json:"counts"`
		RowTotals []*int     `json:"row_totals"`
		ColTotals []*int     `json:"col_totals"`
		Stats     *yesOrNull `json:"stats"`
	} `json:"crosstabs"`
}

// yesOrNull is any JSON value: the adversary only needs to know whether
// tests were published.
type yesOrNull = json.RawMessage

// publicReport gets the public report as the public prints it.
func publicReport(tb testing.TB, s *advStudy) *advReport {
	tb.Helper()
	rep, err := s.g.Report(context.Background(), Public(), ReportRequest{Audience: AudiencePublic, Format: "json"})
	fatalIf(tb, err)
	var buf bytes.Buffer
	fatalIf(tb, report.WriteJSON(&buf, rep.Report))
	var out advReport
	fatalIf(tb, json.Unmarshal(buf.Bytes(), &out))
	return &out
}

// readReport records every count of the public report.
func (a *adversary) readReport(tb testing.TB, r *advReport) {
	n := r.SampleSize
	a.see(tb, "report: sample size", everyone, &n)
	for _, f := range r.Figures {
		g := a.group(tb, f.Group)
		where := fmt.Sprintf("report: %s / %s / %s", f.Section, f.Item, f.Group)
		if f.Section == "sample" { // a group's share of the whole sample
			a.see(tb, where+" (of)", everyone, f.Denominator)
		} else if f.Denominator != nil && f.Section != "distinct" {
			a.see(tb, "report: size of "+f.Group+" ("+f.Section+"/"+f.Item+")", g, f.Denominator)
		}
		switch {
		case f.Section == "sample":
			a.see(tb, where, g, f.N)
		case f.Section == "distinct":
		case f.Section == "mode":
			if f.Value != nil && *f.Value != "" {
				a.see(tb, where+" = "+*f.Value, and(g, a.attrIs(tb, f.Item, *f.Value)), f.N, g)
			}
		case strings.HasPrefix(f.Section, "attributes."):
			a.see(tb, where, and(g, a.attrIs(tb, strings.TrimPrefix(f.Section, "attributes."), f.Item)), f.N, g)
		default:
			a.see(tb, where, and(g, a.itemIs(tb, f.Section+"/"+f.Item, true)), f.N, g)
		}
	}
	for _, c := range r.Cooccurrence {
		g := a.group(tb, c.Group)
		where := fmt.Sprintf("report: co-occurrence %s × %s / %s", c.A, c.B, c.Group)
		a.see(tb, where, and(g, a.itemIs(tb, c.A, true), a.itemIs(tb, c.B, true)), c.NAB, g)
		a.see(tb, where+" (a)", and(g, a.itemIs(tb, c.A, true)), c.NA, g)
		a.see(tb, where+" (b)", and(g, a.itemIs(tb, c.B, true)), c.NB, g)
		a.see(tb, where+" (n)", g, c.N)
	}
	for _, x := range r.Crosstabs {
		a.crosstab(tb, "report: crosstab", x.Rows, x.Cols, x.RowValues, x.ColValues, x.Counts, x.RowTotals, x.ColTotals)
		if x.Stats != nil && string(*x.Stats) != "null" && a.anyHidden(x.Counts) {
			a.fail("report: crosstab %s × %s publishes its tests with hidden counts", x.Rows, x.Cols)
		}
	}
	a.rankings(r)
}

func (a *adversary) anyHidden(counts [][]*int) bool {
	for _, row := range counts {
		if slices.Contains(row, nil) {
			return true
		}
	}
	return false
}

// crosstab records a crosstab's counts and, where given, totals.
func (a *adversary) crosstab(tb testing.TB, what, rows, cols string, rowValues, colValues []string, counts [][]*int, rowTotals, colTotals []*int) {
	rowsKnown, colsKnown := a.known(rows), a.known(cols)
	for ri, rv := range rowValues {
		rowLine := and(a.variable(tb, rows, rv), colsKnown)
		for ci, cv := range colValues {
			colLine := and(a.variable(tb, cols, cv), rowsKnown)
			a.see(tb, fmt.Sprintf("%s %s × %s: %s / %s", what, rows, cols, rv, cv),
				and(a.variable(tb, rows, rv), a.variable(tb, cols, cv)), counts[ri][ci], rowLine, colLine)
		}
		if rowTotals != nil {
			a.see(tb, fmt.Sprintf("%s %s × %s: row %s", what, rows, cols, rv), rowLine, rowTotals[ri])
		}
	}
	for ci, cv := range colValues {
		if colTotals != nil {
			a.see(tb, fmt.Sprintf("%s %s × %s: column %s", what, rows, cols, cv), and(a.variable(tb, cols, cv), rowsKnown), colTotals[ci])
		}
	}
}

// rankings checks that a ranking lists its hidden items after the shown
// ones and in codebook order: an order by hidden size would bound them.
func (a *adversary) rankings(r *advReport) {
	for _, rk := range r.Rankings {
		var hidden []int
		shownAfter := false
		for _, e := range rk.Items {
			place := slices.Index(a.s.items, rk.Section+"/"+e.Item)
			switch {
			case e.Suppressed:
				hidden = append(hidden, place)
			case len(hidden) > 0 && e.N != nil && *e.N > 0:
				shownAfter = true
			}
		}
		if !slices.IsSorted(hidden) || shownAfter {
			a.fail("report: ranking %s / %s lists hidden items out of codebook order or before shown ones", rk.Section, rk.Group)
		}
	}
}

// variables lists every attribute and item a crosstab may name.
func (s *advStudy) variables() []string {
	var out []string
	for _, at := range s.attrs {
		out = append(out, at.slug)
	}
	return append(out, s.items...)
}

// readCrosstabs asks the gate, as the public, for a crosstab of every
// ordered pair of variables and records what it publishes; it returns
// how many it got.
func (a *adversary) readCrosstabs(tb testing.TB) int {
	got := 0
	for _, rows := range a.s.variables() {
		for _, cols := range a.s.variables() {
			if rows == cols {
				continue
			}
			x, err := a.s.g.Crosstab(context.Background(), Public(), CrosstabRequest{Rows: rows, Cols: cols, Audience: AudiencePublic})
			if ownwords.ErrorCode(err) == ownwords.EFORBIDDEN {
				continue
			}
			fatalIf(tb, err)
			var pub Crosstab
			mustJSON(tb, x, &pub)
			got++
			a.crosstab(tb, "crosstab", rows, cols, pub.RowValues, pub.ColValues, pub.Counts, nil, nil)
			excluded := and(func(v []int, it []bool) bool { return !a.known(rows)(v, it) || !a.known(cols)(v, it) })
			a.see(tb, fmt.Sprintf("crosstab %s × %s: excluded", rows, cols), excluded, pub.Excluded)
			if pub.Stats != nil && a.anyHidden(pub.Counts) {
				a.fail("crosstab %s × %s publishes its tests with hidden counts", rows, cols)
			}
		}
	}
	return got
}

// solve computes the range of every protected hidden count under all the
// published counts at once, and records those narrower than k−1.
func (a *adversary) solve(tb testing.TB) {
	var cons []disclosure.LinearConstraint
	var targets []*advQuantity
	for _, key := range a.order {
		q := a.byKey[key]
		switch {
		case q.shown:
			c := disclosure.LinearConstraint{Coef: make([]int64, a.nAtoms), RHS: int64(q.value)}
			for _, x := range q.atoms {
				c.Coef[x] = 1
			}
			cons = append(cons, c)
		case q.sensitive:
			targets = append(targets, q)
		}
	}
	if len(targets) == 0 {
		return
	}
	n := a.nAtoms + len(targets)
	var idx []int
	for j, q := range targets {
		c := disclosure.LinearConstraint{Coef: make([]int64, n)}
		for _, x := range q.atoms {
			c.Coef[x] = 1
		}
		c.Coef[a.nAtoms+j] = -1
		cons = append(cons, c)
		idx = append(idx, a.nAtoms+j)
	}
	rs, err := disclosure.Ranges(n, cons, idx, a.s.k-1)
	fatalIf(tb, err)
	for j, q := range targets {
		if rs[j].Narrower(a.s.k-1) && !a.zeroImplied(q, rs[j]) {
			a.fail("%s = %d is hidden but lies in [%d, %d] (also %s)", q.labels[0], q.truth, rs[j].Min, rs[j].Max, strings.Join(q.labels[1:], "; "))
		}
	}
}

// zeroImplied reports whether r pins q at 0 because a count of a larger
// population (a superset of q's atoms) is shown as 0: the rule shows zeros
// of groups of at least k ("none of the 40 women"), which says the same of
// every subgroup ("none of the 3 local women").
func (a *adversary) zeroImplied(q *advQuantity, r disclosure.Range) bool {
	if r.Min != 0 || r.Max != 0 {
		return false
	}
	for _, w := range a.byKey {
		if w.shown && w.value == 0 && !slices.ContainsFunc(q.atoms, func(x int) bool { return !slices.Contains(w.atoms, x) }) {
			return true
		}
	}
	return false
}

// attack runs the adversary on one study and returns its findings.
func attack(tb testing.TB, s *advStudy) (*adversary, int) {
	r := publicReport(tb, s)
	missing := make([]bool, len(s.attrs))
	for _, f := range r.Figures {
		if strings.HasPrefix(f.Section, "attributes.") && f.Item == "" {
			missing[slices.IndexFunc(s.attrs, func(at advAttr) bool { return "attributes."+at.slug == f.Section })] = true
		}
	}
	a := newAdversary(s, missing)
	a.readReport(tb, r)
	n := a.readCrosstabs(tb)
	a.solve(tb)
	return a, n
}

// TestPublicAdversary runs the adversary over random small studies on
// both stores and fails on any count 1..k−1 (or any count of a group of
// 1..k−1) it can pin or confine to a range narrower than k−1.
func TestPublicAdversary(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		for seed := range uint64(advSeeds) {
			t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
				s := newAdvStudy(t, st, seed)
				a, crosstabs := attack(t, s)
				t.Logf("k=%d, %d participants, %d atoms, %d counts seen, %d public crosstabs", s.k, len(s.people), a.nAtoms, len(a.byKey), crosstabs)
				for i, f := range a.fails {
					if i == 12 {
						t.Errorf("… and %d more", len(a.fails)-i)
						break
					}
					t.Error(f)
				}
			})
		}
	})
}

// advSeeds is the number of random studies per store.
const advSeeds = 8

// TestPublicCrosstabIsTheReports: the public gets a crosstab only when the
// plan's public report publishes it, either way round, with the report's
// cells; any other is refused with a message that says how to get it.
func TestPublicCrosstabIsTheReports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := context.Background()
		s := newAdvStudy(t, st, 3)
		r := publicReport(t, s)
		for _, x := range r.Crosstabs {
			got, err := s.g.Crosstab(ctx, Public(), CrosstabRequest{Rows: x.Rows, Cols: x.Cols, Audience: AudiencePublic})
			fatalIf(t, err)
			var pub Crosstab
			mustJSON(t, got, &pub)
			if fmt.Sprint(pub.Counts) != fmt.Sprint(x.Counts) {
				t.Errorf("%s × %s: crosstab %v, report %v", x.Rows, x.Cols, pub.Counts, x.Counts)
			}
			back, err := s.g.Crosstab(ctx, Public(), CrosstabRequest{Rows: x.Cols, Cols: x.Rows, Audience: AudiencePublic})
			fatalIf(t, err)
			for ri := range x.Counts {
				for ci := range x.Counts[ri] {
					if (x.Counts[ri][ci] == nil) != (back.Counts[ci][ri] == nil) {
						t.Errorf("%s × %s transposed: cell %d,%d differs", x.Rows, x.Cols, ri, ci)
					}
				}
			}
		}
		_, err := s.g.Crosstab(ctx, Public(), CrosstabRequest{Rows: "gender", Cols: "origin", Audience: AudiencePublic})
		wantErrCode(t, err, ownwords.EFORBIDDEN)
		if msg := ownwords.ErrorMessage(err); !strings.Contains(msg, "plan's crosstabs") || !strings.Contains(msg, "team audience") {
			t.Errorf("refusal %q does not say how to get the table", msg)
		}
	})
}
