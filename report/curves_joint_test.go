package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"ownwords"
	"ownwords/analysis"
	"ownwords/demo"
	"ownwords/stats"
)

// This file is the public adversary of issue 14 for time-to-event curves:
// it collects every public curve (each spec, grouped by each groupable
// attribute, by year of joining and not at all) together with the public
// report's tables (the sample table, the attribute tables by plan group,
// the crosstab of every attribute pair, each as gate.Crosstab gives it
// too) and works out, by exact linear algebra, which counts follow from
// them. The unknowns are the counts of the atoms of the study: the
// combinations of a value (or none) of every attribute and a year of
// joining. A count is derivable when its vector over the unknowns lies in
// the span of the published ones. Besides linear equalities the adversary
// uses only what nonnegativity gives for free: a published 0 makes every
// atom it sums 0, and a curve of everyone as large as the sample makes the
// curves' participants the sample's, atom by atom.
//
// The test fails when a count of 1..k−1 (a group's participants, events,
// censored or yearly events; a pair of values' participants or events)
// is derivable with the curves but not from the tables alone: the tables'
// own suppression is tested elsewhere.

// jointPrime is the modulus of the span arithmetic. A vector lies in the
// span of others over the rationals iff it does modulo a large prime,
// except when the prime divides a minor of the 0/1 matrix, which for
// matrices of this size is practically never.
const jointPrime = 2147483647

// jointSpan is the span of published vectors, kept in echelon form.
type jointSpan struct {
	pivots []int
	rows   [][]int64 // rows[i][pivots[i]] == 1
}

// reduce reduces v by the span's rows in place and returns whether
// anything is left.
func (s *jointSpan) reduce(v []int64) bool {
	for i, row := range s.rows {
		f := v[s.pivots[i]]
		if f == 0 {
			continue
		}
		for j, x := range row {
			if x != 0 {
				v[j] = ((v[j]-f*x)%jointPrime + jointPrime) % jointPrime
			}
		}
	}
	return slices.ContainsFunc(v, func(x int64) bool { return x != 0 })
}

// add puts v into the span.
func (s *jointSpan) add(v []int64) {
	if !s.reduce(v) {
		return
	}
	p := slices.IndexFunc(v, func(x int64) bool { return x != 0 })
	inv := modPow(v[p], jointPrime-2)
	for j := range v {
		v[j] = v[j] * inv % jointPrime
	}
	s.pivots, s.rows = append(s.pivots, p), append(s.rows, v)
}

// modPow is b^e modulo jointPrime.
func modPow(b, e int64) int64 {
	r := int64(1)
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = r * b % jointPrime
		}
		b = b * b % jointPrime
	}
	return r
}

// jointSystem is what an adversary knows of one block of unknowns: the
// sets of unknowns whose sums are published, and the unknowns known to be
// 0.
type jointSystem struct {
	n    int
	sums [][]int
	zero []bool
}

func newJointSystem(n int) *jointSystem { return &jointSystem{n: n, zero: make([]bool, n)} }

// publish records that the sum of vars is published as value.
func (s *jointSystem) publish(vars []int, value int) {
	if value == 0 {
		for _, v := range vars {
			s.zero[v] = true
		}
		return
	}
	s.sums = append(s.sums, vars)
}

// vector is vars as a vector, without the unknowns known to be 0.
func (s *jointSystem) vector(vars []int) []int64 {
	v := make([]int64, s.n)
	for _, x := range vars {
		if !s.zero[x] {
			v[x] = 1
		}
	}
	return v
}

// span returns the span of the published sums.
func (s *jointSystem) span() *jointSpan {
	sp := &jointSpan{}
	for _, vars := range s.sums {
		sp.add(s.vector(vars))
	}
	return sp
}

// derives reports whether the sum of vars follows from sp.
func (s *jointSystem) derives(sp *jointSpan, vars []int) bool {
	return !sp.reduce(s.vector(vars))
}

// jointDim is one dimension of the atoms: an attribute, or the year of
// joining (jointYear); its values end with "" for none.
type jointDim struct {
	slug   string
	values []string
}

const jointYear = analysis.ByFromYear

// jointStudy is the adversary's model of a sample: the atoms are the
// combinations of a value (or none) of each dimension.
type jointStudy struct {
	dims   []jointDim
	atoms  int
	atomOf map[string]int // participant ID → atom
}

// value is the index in d's values of atom a's value of dimension d.
func (st *jointStudy) value(a, d int) int {
	for i := len(st.dims) - 1; i > d; i-- {
		a /= len(st.dims[i].values)
	}
	return a % len(st.dims[d].values)
}

// where lists the atoms whose values of the named dimensions are the
// given ones ("" for none); a value outside the dimension matches nothing.
// It reports false when a name is no dimension: the model cannot say it.
func (st *jointStudy) where(conds map[string]string) ([]int, bool) {
	for slug := range conds {
		if !slices.ContainsFunc(st.dims, func(d jointDim) bool { return d.slug == slug }) {
			return nil, false
		}
	}
	var out []int
	for a := range st.atoms {
		ok := true
		for d, dim := range st.dims {
			if want, has := conds[dim.slug]; has && dim.values[st.value(a, d)] != want {
				ok = false
			}
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, true
}

// newJointStudy builds the atoms of the sample in over the attributes
// slugs and the year of joining.
func newJointStudy(in *analysis.TimelineInput, slugs []string) *jointStudy {
	st := &jointStudy{atoms: 1, atomOf: map[string]int{}}
	joined := map[string]string{}
	for _, e := range in.Events {
		if e.Kind == ownwords.EventJoined {
			joined[e.ParticipantID] = strconv.Itoa(e.Date.From.Year)
		}
	}
	of := func(p *ownwords.Participant, slug string) string {
		if slug == jointYear {
			return joined[p.ID]
		}
		if v, ok := p.Values[slug]; ok && v.Type != "" {
			return v.String()
		}
		return ""
	}
	for _, slug := range slugs {
		var values []string
		for _, p := range in.Participants {
			if v := of(p, slug); v != "" && !slices.Contains(values, v) {
				values = append(values, v)
			}
		}
		slices.Sort(values)
		st.dims = append(st.dims, jointDim{slug: slug, values: append(values, "")})
		st.atoms *= len(values) + 1
	}
	for _, p := range in.Participants {
		a := 0
		for _, d := range st.dims {
			a = a*len(d.values) + slices.Index(d.values, of(p, d.slug))
		}
		st.atomOf[p.ID] = a
	}
	return st
}

// randomJointStudy is a small random study: gender, marital status and
// origin (each sometimes missing, some values rare), a year of joining,
// first doubts and a departure or capture; with censored false, everyone
// reaches one of them. Its plan has groups by gender, tabulates every
// attribute and crosses every pair (as gate.Crosstab would).
func randomJointStudy(tb testing.TB, r *rand.Rand, n int, censored bool) (*analysis.TimelineInput, *analysis.Plan) {
	tb.Helper()
	attrs := []*ownwords.Attribute{
		{Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
		{Slug: "marital", Type: ownwords.AttrCategory, Values: []string{"married", "single", "divorced"}},
		{Slug: "origin", Type: ownwords.AttrCategory, Values: []string{"local", "foreign"}},
	}
	pick := func(values []string, weights ...int) string {
		x := r.IntN(100)
		for i, w := range weights {
			if x < w {
				return values[i]
			}
			x -= w
		}
		return ""
	}
	in := &analysis.TimelineInput{Input: &analysis.Input{
		Study:      &ownwords.Study{ID: "st", Name: "Joint", Settings: ownwords.StudySettings{DisclosureK: 5}},
		Attributes: attrs,
		Codebook:   ownwords.NewCodebook("st", 1, []*ownwords.Code{{ID: "s", StudyID: "st", Slug: "roles"}, {ID: "f", StudyID: "st", ParentID: "s", Slug: "fighter"}}),
	}}
	period := func(y, m, d int) ownwords.Period {
		p, err := ownwords.ParsePeriod(fmt.Sprintf("%d-%02d-%02d", y, m, d))
		if err != nil {
			tb.Fatal(err)
		}
		return p
	}
	for i := range n {
		p := &ownwords.Participant{ID: fmt.Sprintf("id%02d", i), StudyID: "st", Code: fmt.Sprintf("P-%02d", i), Values: map[string]ownwords.Value{}}
		for _, v := range []struct{ slug, value string }{
			{"gender", pick(attrs[0].Values, 60, 35)},
			{"marital", pick(attrs[1].Values, 45, 35, 12)},
			{"origin", pick(attrs[2].Values, 55, 40)},
		} {
			if v.value != "" {
				p.Values[v.slug] = mustValue(tb, ownwords.AttrCategory, v.value)
			}
		}
		in.Participants = append(in.Participants, p)
		in.Interviews = append(in.Interviews, &ownwords.Interview{ID: "iv" + p.ID, StudyID: "st", ParticipantID: p.ID})
		year, month := 2013+r.IntN(4), 1+r.IntN(12)
		event := func(kind string, after int) {
			y, m := year+(month-1+after)/12, (month-1+after)%12+1
			in.Events = append(in.Events, &ownwords.Event{ID: fmt.Sprintf("%s/%s", p.ID, kind), StudyID: "st", ParticipantID: p.ID,
				Kind: kind, Date: period(y, m, 1+r.IntN(28))})
		}
		event(ownwords.EventJoined, 0)
		doubts := 2 + r.IntN(40)
		if r.IntN(10) < 6 {
			event(ownwords.EventFirstDoubts, doubts)
		}
		switch x := r.IntN(10); {
		case x == 0 && censored:
		case x < 3:
			event(ownwords.EventCaptured, doubts+r.IntN(20))
		default:
			event(ownwords.EventLeft, doubts+r.IntN(20))
		}
	}
	plan := &analysis.Plan{Name: "joint", Groups: []analysis.Group{
		{Name: "all", Filter: map[string]string{}},
		{Name: "men", Filter: map[string]string{"gender": "man"}},
		{Name: "women", Filter: map[string]string{"gender": "woman"}},
	}, Attributes: []string{"gender", "marital", "origin"}}
	slugs := []string{"gender", "marital", "origin"}
	for i, a := range slugs {
		for _, b := range slugs[i+1:] {
			plan.Crosstabs = append(plan.Crosstabs, analysis.CrosstabSpec{Rows: a, Cols: b})
		}
	}
	return in, plan
}

// jointOutputs is what the public gets of a study under one plan at
// threshold k: the public report (its tables and crosstabs) and the public
// curves of each spec by each grouping, with the truth to judge them by
// (each participant's subject of each spec).
type jointOutputs struct {
	k        int
	sample   *analysis.TimelineInput
	res      *analysis.Result
	rep      *Report
	specs    []analysis.SurvivalSpec
	bys      []string                     // "" first
	curves   [][]*analysis.PublicSurvival // by spec, then by grouping
	subjects []map[string]*stats.Subject  // by spec: participant ID → subject
}

// publicOutputs builds what the public gets of in under plan, as
// gate.Report, gate.Crosstab and gate.Timeline build it: the report of the
// plan, and curves over its analysis sample by the rule of both
// gate.Timeline and the report's charts (PublicSurvival with that report).
func publicOutputs(t *testing.T, in *analysis.TimelineInput, plan *analysis.Plan, specs []analysis.SurvivalSpec, bys []string, k int) *jointOutputs {
	t.Helper()
	out := &jointOutputs{k: k, specs: specs, bys: append([]string{""}, bys...)}
	var err error
	if out.res, err = analysis.Run(in.Input, plan); err != nil {
		t.Fatal(err)
	}
	if out.rep, err = Build(out.res, Options{Audience: AudiencePublic, K: k}); err != nil {
		t.Fatal(err)
	}
	sample := *in.Input
	sample.Participants = out.res.Sample()
	out.sample = &analysis.TimelineInput{Input: &sample}
	for _, e := range in.Events {
		if slices.ContainsFunc(sample.Participants, func(p *ownwords.Participant) bool { return p.ID == e.ParticipantID }) {
			out.sample.Events = append(out.sample.Events, e)
		}
	}
	tl, err := analysis.NewTimelines(out.sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range specs {
		var curves []*analysis.PublicSurvival
		for _, by := range out.bys {
			spec.By = by
			r, err := PublicSurvival(tl, spec, k, out.rep)
			if err != nil {
				t.Fatal(err)
			}
			curves = append(curves, r.Public(k))
		}
		out.curves = append(out.curves, curves)
		spec.By, spec.K = "", 0
		out.subjects = append(out.subjects, subjectsOf(t, out.sample, spec))
	}
	return out
}

// subjectsOf returns each participant's subject of spec (none when the
// curves leave them out), from a Timelines of that participant alone.
func subjectsOf(t *testing.T, in *analysis.TimelineInput, spec analysis.SurvivalSpec) map[string]*stats.Subject {
	t.Helper()
	events := map[string][]*ownwords.Event{}
	for _, e := range in.Events {
		events[e.ParticipantID] = append(events[e.ParticipantID], e)
	}
	out := map[string]*stats.Subject{}
	for _, p := range in.Participants {
		one := *in.Input
		one.Participants = []*ownwords.Participant{p}
		tl, err := analysis.NewTimelines(&analysis.TimelineInput{Input: &one, Events: events[p.ID]})
		if err != nil {
			t.Fatal(err)
		}
		res, err := tl.Survival(spec)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Groups) == 1 && len(res.Groups[0].Subjects) == 1 {
			out[p.ID] = &res.Groups[0].Subjects[0]
		}
	}
	return out
}

// jointAdversary holds what the public learns of a study in the model of
// st: the sizes (the sample's atoms, then each spec's curve participants)
// and each spec's events by atom and year of follow-up.
type jointAdversary struct {
	st     *jointStudy
	out    *jointOutputs
	slots  int
	linked []bool // per spec: its curves' participants are the sample
	sizes  *jointSystem
	tables *jointSystem // the sizes from the tables alone
	events []*jointSystem
	// truth: the sample's, each spec's curve participants and events.
	nS     []int
	nC, eC [][]int
}

// curveVar is the size unknown of atom a among spec i's curve
// participants (the sample's atom when linked).
func (ad *jointAdversary) curveVar(i, a int) int {
	if ad.linked[i] {
		return a
	}
	return (1+i)*ad.st.atoms + a
}

// eventVar is the unknown of atom a's events in year y (1-based) of
// follow-up.
func (ad *jointAdversary) eventVar(a, y int) int { return a*ad.slots + y - 1 }

// slotOf is the year of follow-up of a time in months.
func slotOf(months float64) int { return max(1, int(math.Ceil(months/analysis.PublicStepMonths))) }

// collect builds the adversary's knowledge, in the model st, of out.
func collect(st *jointStudy, out *jointOutputs) *jointAdversary {
	ad := &jointAdversary{st: st, out: out, nS: make([]int, st.atoms)}
	for _, p := range out.sample.Participants {
		ad.nS[st.atomOf[p.ID]]++
	}
	for _, subs := range out.subjects {
		for _, s := range subs {
			ad.slots = max(ad.slots, slotOf(s.Time))
		}
	}
	for _, subs := range out.subjects {
		nC, eC := make([]int, st.atoms), make([]int, st.atoms*ad.slots)
		for id, s := range subs {
			a := st.atomOf[id]
			nC[a]++
			if s.Event {
				eC[ad.eventVar(a, slotOf(s.Time))]++
			}
		}
		ad.nC, ad.eC = append(ad.nC, nC), append(ad.eC, eC)
	}
	// A curve of everyone as large as the sample: nobody is left out.
	for i := range out.specs {
		all := out.curves[i][0].Groups[0]
		ad.linked = append(ad.linked, !all.Suppressed && all.N == out.rep.SampleSize)
	}
	n := st.atoms * (1 + len(out.specs))
	ad.sizes, ad.tables = newJointSystem(n), newJointSystem(n)
	ad.publishTables()
	for i := range out.specs {
		ad.events = append(ad.events, newJointSystem(st.atoms*ad.slots))
		for _, pub := range out.curves[i] {
			ad.publishCurves(i, pub)
		}
	}
	// The curves' participants are some of the sample's, their events
	// some of their participants'.
	for i := range out.specs {
		for a := range st.atoms {
			if ad.sizes.zero[a] {
				ad.sizes.zero[ad.curveVar(i, a)] = true
			}
			if ad.sizes.zero[ad.curveVar(i, a)] {
				for y := 1; y <= ad.slots; y++ {
					ad.events[i].zero[ad.eventVar(a, y)] = true
				}
			}
		}
	}
	return ad
}

// publishSize records a published size of the sample's atoms meeting
// conds, less those meeting any of not, seen in the tables; the model
// skips what it cannot say.
func (ad *jointAdversary) publishSize(n int, conds map[string]string, not ...map[string]string) {
	atoms, ok := ad.st.where(conds)
	for _, c := range not {
		less, ok2 := ad.st.where(c)
		ok = ok && ok2
		atoms = slices.DeleteFunc(atoms, func(a int) bool { return slices.Contains(less, a) })
	}
	if ok {
		ad.sizes.publish(atoms, n)
		ad.tables.publish(atoms, n)
	}
}

// publishTables records the public report's tables: group sizes,
// attribute tables by group, crosstabs with their margins and (as
// gate.Crosstab gives it) the count of participants left out of each
// when every row total is shown.
func (ad *jointAdversary) publishTables() {
	res, rep := ad.out.res, ad.out.rep
	ad.publishSize(rep.SampleSize, nil)
	for j, c := range rep.Sample.Rows[0].Cells {
		if !c.Suppressed {
			ad.publishSize(c.N, res.Groups[j].Filter)
		}
	}
	for ti, t := range rep.Attributes {
		slug := res.Attributes[ti].Slug
		if !slices.ContainsFunc(t.Rows, func(r Row) bool { return r.Key == "" }) {
			ad.publishSize(0, map[string]string{slug: ""})
		}
		for _, r := range t.Rows {
			for j, c := range r.Cells {
				if !c.Suppressed {
					ad.publishSize(c.N, with(res.Groups[j].Filter, slug, r.Key))
				}
			}
		}
	}
	for xi, x := range res.Crosstabs {
		t := rep.Crosstabs[xi].Table
		for ri, v := range x.RowValues {
			for ci, w := range x.ColValues {
				if c := t.Rows[ri].Cells[ci]; !c.Suppressed {
					ad.publishSize(c.N, map[string]string{x.Rows: v, x.Cols: w})
				}
			}
			if c := t.RowTotals[ri]; !c.Suppressed {
				ad.publishSize(c.N, map[string]string{x.Rows: v}, map[string]string{x.Cols: ""})
			}
		}
		for ci, w := range x.ColValues {
			if c := t.Totals[ci]; !c.Suppressed {
				ad.publishSize(c.N, map[string]string{x.Cols: w}, map[string]string{x.Rows: ""})
			}
		}
		// gate.Crosstab shows the participants left out only when the
		// report gives them away anyway: every row total is shown.
		if !slices.ContainsFunc(t.RowTotals, func(c Cell) bool { return c.Suppressed }) {
			ad.publishSize(ad.out.rep.SampleSize-x.Excluded, nil, map[string]string{x.Rows: ""}, map[string]string{x.Cols: ""})
		}
	}
}

// publishCurves records the public curves of spec i grouped one way: each
// group's participants, events, and events by interval (and none outside
// its intervals). The model skips a grouping it cannot say.
func (ad *jointAdversary) publishCurves(i int, pub *analysis.PublicSurvival) {
	st := ad.st
	sets := make([][]int, len(pub.Groups))
	for gi, g := range pub.Groups {
		var ok bool
		switch g.Name {
		case "all":
			sets[gi], ok = st.where(nil)
		case analysis.NoValueGroup:
			sets[gi], ok = st.where(map[string]string{pub.Spec.By: ""})
		default:
			sets[gi], ok = st.where(map[string]string{pub.Spec.By: g.Name})
		}
		if !ok {
			return
		}
	}
	for gi, g := range pub.Groups {
		if g.Suppressed {
			continue
		}
		var vars []int
		for _, a := range sets[gi] {
			vars = append(vars, ad.curveVar(i, a))
		}
		ad.sizes.publish(vars, g.N)
		if g.Events == nil {
			continue
		}
		covered := make([]bool, ad.slots+1)
		for _, p := range g.Points {
			var vars []int
			for y := int(p.From)/analysis.PublicStepMonths + 1; y <= int(p.Until)/analysis.PublicStepMonths && y <= ad.slots; y++ {
				covered[y] = true
				for _, a := range sets[gi] {
					vars = append(vars, ad.eventVar(a, y))
				}
			}
			ad.events[i].publish(vars, p.Events)
		}
		for y := 1; y <= ad.slots; y++ {
			if !covered[y] {
				for _, a := range sets[gi] {
					ad.events[i].publish([]int{ad.eventVar(a, y)}, 0)
				}
			}
		}
	}
}

// with is filter and slug = value.
func with(filter map[string]string, slug, value string) map[string]string {
	out := map[string]string{slug: value}
	for s, v := range filter {
		if s == slug && v != value {
			return map[string]string{s: "\x00"} // nobody
		}
		out[s] = v
	}
	return out
}

// targets are the sets of atoms whose counts must stay hidden when small:
// every value, and every pair of values of two dimensions.
func (st *jointStudy) targets() []map[string]string {
	var out []map[string]string
	for d, dim := range st.dims {
		for _, v := range dim.values {
			out = append(out, map[string]string{dim.slug: v})
		}
		for _, other := range st.dims[d+1:] {
			for _, v := range dim.values {
				for _, w := range other.values {
					out = append(out, map[string]string{dim.slug: v, other.slug: w})
				}
			}
		}
	}
	return out
}

// sum is the total of truth over vars.
func sum(truth []int, vars []int) int {
	n := 0
	for _, v := range vars {
		n += truth[v]
	}
	return n
}

// leaks lists the small counts the curves give away: derivable with them,
// not from the tables alone.
func (ad *jointAdversary) leaks() []string {
	st, k := ad.st, ad.out.k
	small := func(n int) bool { return n >= 1 && n < k }
	sizes, tables := ad.sizes.span(), ad.tables.span()
	var events []*jointSpan
	for _, sys := range ad.events {
		events = append(events, sys.span())
	}
	var out []string
	for _, cond := range st.targets() {
		atoms, _ := st.where(cond)
		byTables := ad.tables.derives(tables, atoms)
		if n := sum(ad.nS, atoms); small(n) && ad.sizes.derives(sizes, atoms) && !byTables {
			out = append(out, fmt.Sprintf("sample size of %v = %d", cond, n))
		}
		for i, spec := range ad.out.specs {
			var vars, all []int
			for _, a := range atoms {
				vars = append(vars, ad.curveVar(i, a))
				for y := 1; y <= ad.slots; y++ {
					all = append(all, ad.eventVar(a, y))
				}
			}
			what := fmt.Sprintf("%s→%s, %v", spec.From, spec.To, cond)
			n, e := sum(ad.nC[i], atoms), sum(ad.eC[i], all)
			nd := ad.sizes.derives(sizes, vars)
			ed := ad.events[i].derives(events[i], all)
			switch {
			case small(n) && nd && !(ad.linked[i] && byTables):
				out = append(out, fmt.Sprintf("%s: participants = %d", what, n))
			case small(e) && ed:
				out = append(out, fmt.Sprintf("%s: events = %d", what, e))
			case small(n-e) && e > 0 && nd && ed:
				// With no events, censored is the size, checked above:
				// "none of the group had an event" is a zero about a
				// group of at least k, which the rule allows.
				out = append(out, fmt.Sprintf("%s: censored = %d", what, n-e))
			}
			if len(cond) > 1 {
				continue
			}
			for y := 1; y <= ad.slots; y++ {
				var slot []int
				for _, a := range atoms {
					slot = append(slot, ad.eventVar(a, y))
				}
				if e := sum(ad.eC[i], slot); small(e) && ad.events[i].derives(events[i], slot) {
					out = append(out, fmt.Sprintf("%s: events in year %d = %d", what, y, e))
				}
			}
		}
	}
	return out
}

// jointSpecs are the curves the adversary asks for in random studies.
var jointSpecs = []analysis.SurvivalSpec{
	{From: ownwords.EventJoined, To: ownwords.EventFirstDoubts},
	{From: ownwords.EventJoined, To: ownwords.EventLeft},
}

// TestPublicCurvesJointlyLeaveNoSmallCount is issue 14's adversary against
// the public curves: on random small studies, every public curve of every
// grouping together with the public report's tables and crosstabs must
// not give away a count of 1..k−1 the tables alone do not.
func TestPublicCurvesJointlyLeaveNoSmallCount(t *testing.T) {
	for seed := range uint64(60) {
		r := rand.New(rand.NewPCG(seed, 14))
		in, plan := randomJointStudy(t, r, 10+r.IntN(36), seed%2 == 0)
		st := newJointStudy(in, append(slices.Clone(plan.Attributes), jointYear))
		for _, k := range []int{3, 5} {
			out := publicOutputs(t, in, plan, jointSpecs, append(slices.Clone(plan.Attributes), jointYear), k)
			for _, l := range collect(st, out).leaks() {
				t.Errorf("seed %d, %d participants, k = %d: %s", seed, len(in.Participants), k, l)
			}
		}
	}
}

// TestPublicDemoCurvesJointlyLeaveNoSmallCount runs the adversary on the
// demo study under the reference plan, with a crosstab of every pair of
// its small attributes besides the plan's, one pair of dimensions at a
// time (the model of every attribute at once would be too large): the
// curves by each, by year of joining and of everyone, with every table
// the pair can express.
func TestPublicDemoCurvesJointlyLeaveNoSmallCount(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo's joint adversary takes a few seconds")
	}
	s := demo.Generate(demo.DefaultSeed)
	var consensus []*ownwords.Segment
	for _, sg := range s.Segments {
		if sg.Layer == ownwords.LayerConsensus {
			consensus = append(consensus, sg)
		}
	}
	in := &analysis.TimelineInput{Input: &analysis.Input{Study: &s.Info, Attributes: s.Attributes, Participants: s.Participants,
		Interviews: s.Interviews, Codebook: s.Codebook(), Segments: consensus}, Events: s.Events}
	plan, err := analysis.ParsePlan(demo.ReferencePlan())
	if err != nil {
		t.Fatal(err)
	}
	slugs := []string{"gender", "origin", "status", "region", "education", "ses", "marital_status_at_joining",
		"religious_background", "travelled", "knew_destination", "online_only_recruitment"}
	for i, a := range slugs {
		for _, b := range slugs[i+1:] {
			plan.Crosstabs = append(plan.Crosstabs, analysis.CrosstabSpec{Rows: a, Cols: b})
		}
	}
	dims := append(slices.Clone(slugs), jointYear)
	out := publicOutputs(t, in, plan, plan.Survival, dims, s.Info.Settings.DisclosureK)
	for i, a := range dims {
		for _, b := range dims[i+1:] {
			st := newJointStudy(out.sample, []string{a, b})
			for _, l := range collect(st, out).leaks() {
				t.Errorf("demo, %s × %s: %s", a, b, l)
			}
		}
	}
}
