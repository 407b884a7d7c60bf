package analysis

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"ownwords"
	"ownwords/stats"
)

// MinEventsPerParameter is the least number of the rarer outcome per
// estimated coefficient (the intercept not counted) a model is fitted
// with: the rule of ten of Peduzzi et al. (1996, J Clin Epidemiol
// 49:1373–1379), below which logistic estimates are biased and their
// intervals too narrow.
const MinEventsPerParameter = 10

// Kinds of ModelPredictor.
const (
	KindCategorical = "categorical"
	KindNumeric     = "numeric"
)

// ModelSpec says what a model explains and by what.
type ModelSpec struct {
	// Outcome is an item "section/slug": a participant has the code (1)
	// or not (0), by the consensus codings like every figure.
	Outcome string `json:"outcome"`
	// Predictors are attribute slugs: categories and booleans enter with
	// one indicator per level but the reference, integers and numbers as
	// given, dates as their calendar year.
	Predictors []string `json:"predictors"`
	// Ref names a categorical predictor's reference level; by default it
	// is the most frequent level (the first in the attribute's order on a
	// tie).
	Ref map[string]string `json:"ref,omitempty"`
	// Interval and Level are passed to stats.FitLogistic (default: 95%
	// profile likelihood).
	Interval string  `json:"interval,omitempty"`
	Level    float64 `json:"level,omitempty"`
	// AllowLowEPV fits below MinEventsPerParameter, with a warning.
	AllowLowEPV bool `json:"allow_low_epv,omitempty"`
}

// ModelResult is a fitted model over a plan's analysis sample.
type ModelResult struct {
	Outcome string `json:"outcome"`
	// SampleSize is the analysis sample; N of them are in the model and
	// Dropped were left out for a missing predictor value (MissingBy
	// counts the missing values of each predictor: one participant may
	// miss several).
	SampleSize int              `json:"sample_size"`
	N          int              `json:"n"`
	Events     int              `json:"events"`
	Dropped    int              `json:"dropped_missing"`
	MissingBy  map[string]int   `json:"missing_by"`
	Predictors []ModelPredictor `json:"predictors"`
	// EPV is the events per parameter: the rarer outcome's count over the
	// coefficients besides the intercept.
	EPV      float64            `json:"events_per_parameter"`
	Fit      *stats.LogisticFit `json:"fit"`
	Warnings []string           `json:"warnings,omitempty"`
	// Cells count the participants of the model and their events by
	// every combination of the levels of its categorical predictors
	// (none when a predictor is numeric): the figures the model is a
	// function of, which a public model checks against the report.
	Cells []ModelCell `json:"-"`
}

// ModelPredictor is one predictor as the model uses it.
type ModelPredictor struct {
	Slug string `json:"slug"`
	Kind string `json:"kind"`
	// Reference is a categorical predictor's reference level, and
	// ReferenceRule why: "most frequent" or "chosen".
	Reference     string `json:"reference,omitempty"`
	ReferenceRule string `json:"reference_rule,omitempty"`
	// Unit says how a numeric predictor enters ("calendar year" for a date).
	Unit string `json:"unit,omitempty"`
	// Levels are a categorical predictor's levels in the model, in the
	// attribute's order, with their participants and events.
	Levels []ModelLevel `json:"levels,omitempty"`
}

// ModelLevel counts one level of a categorical predictor in the model.
type ModelLevel struct {
	Value  string `json:"value"`
	N      int    `json:"n"`
	Events int    `json:"events"`
}

// ModelCell counts the model's participants with one combination of
// categorical levels (Values parallel to the predictors).
type ModelCell struct {
	Values    []string
	N, Events int
}

// Model fits a logistic regression of spec.Outcome on spec.Predictors
// over plan's analysis sample (the sample the report and crosstabs
// describe). Participants missing a predictor value are left out and
// counted. Errors are EINVALID: an unknown item or attribute, a text
// attribute, an unknown reference level, too few events per parameter,
// separation (a level whose participants all have, or all lack, the
// code, or a combination of predictors that predicts it perfectly), or
// collinear predictors.
func Model(in *Input, plan *Plan, spec ModelSpec) (*ModelResult, error) {
	attrs, sample, m, err := prepare(in, plan)
	if err != nil {
		return nil, err
	}
	if len(spec.Predictors) == 0 {
		return nil, invalid("name at least one predictor (an attribute slug)")
	}
	for i, slug := range spec.Predictors {
		a := attrs[slug]
		switch {
		case a == nil:
			return nil, invalid("predictor %q is not an attribute of the study", slug)
		case a.Type == ownwords.AttrText:
			return nil, invalid("predictor %s is free text, neither a category nor a number", slug)
		case slices.Contains(spec.Predictors[:i], slug):
			return nil, invalid("predictor %s is named twice", slug)
		}
	}
	for slug := range spec.Ref {
		if !slices.Contains(spec.Predictors, slug) {
			return nil, invalid("a reference level for %s, which is not a predictor", slug)
		}
	}
	idx, ok := m.byPath[spec.Outcome]
	if !isItemName(spec.Outcome) || !ok {
		return nil, invalid("outcome %q is not an item of the codebook (section/item)", spec.Outcome)
	}
	outcome := m.items[idx].set
	res := &ModelResult{Outcome: spec.Outcome, SampleSize: len(sample), MissingBy: map[string]int{}}
	// complete cases, and the values of each predictor for them
	cols := columns(sample, spec.Predictors)
	var keep []int
	for i := range sample {
		complete := true
		for _, slug := range spec.Predictors {
			if cols[slug][i] == "" {
				res.MissingBy[slug]++
				complete = false
			}
		}
		if complete {
			keep = append(keep, i)
		}
	}
	res.N, res.Dropped = len(keep), len(sample)-len(keep)
	y := make([]bool, len(keep))
	for r, i := range keep {
		y[r] = outcome.Has(i)
		if y[r] {
			res.Events++
		}
	}
	x := make([][]float64, len(keep))
	var names []string
	for _, slug := range spec.Predictors {
		a := attrs[slug]
		p, terms, err := res.predictor(a, sample, keep, y, spec.Ref[slug], x)
		if err != nil {
			return nil, err
		}
		res.Predictors = append(res.Predictors, p)
		names = append(names, terms...)
	}
	if res.Events == 0 || res.Events == res.N {
		return nil, invalid("%d of the %d participants in the model have %s: there is nothing to explain", res.Events, res.N, spec.Outcome)
	}
	rare := min(res.Events, res.N-res.Events)
	res.EPV = float64(rare) / float64(len(names))
	if res.EPV < MinEventsPerParameter {
		msg := fmt.Sprintf("%.1f events per parameter (%d of the rarer outcome for %d coefficients) is below %d, the rule of ten (Peduzzi et al. 1996): estimates are biased away from 0 and intervals too narrow",
			res.EPV, rare, len(names), MinEventsPerParameter)
		if !spec.AllowLowEPV {
			return nil, invalid("%s; use fewer predictors or levels, or --allow-low-epv to fit anyway with this warning", msg)
		}
		res.Warnings = append(res.Warnings, msg)
	}
	if err := res.levelSeparation(); err != nil {
		return nil, err
	}
	fit, err := stats.FitLogistic(x, y, names, stats.LogisticOptions{Interval: spec.Interval, Level: spec.Level})
	var sep *stats.SeparationError
	if errors.As(err, &sep) {
		return nil, invalid("complete or quasi-complete separation: %s predict whether participants have %s perfectly for some of them, so no estimate exists (its coefficients grow without bound); drop or merge predictors or levels",
			strings.Join(sep.Terms, ", "), spec.Outcome)
	}
	if err != nil {
		return nil, err
	}
	res.Fit = fit
	res.Warnings = append(res.Warnings, fit.Warnings...)
	res.cells(cols, keep, y)
	return res, nil
}

// predictor fills x's columns for attribute a over the kept sample members
// and returns how it enters the model, with its terms' names.
func (res *ModelResult) predictor(a *ownwords.Attribute, sample []*ownwords.Participant, keep []int, y []bool, ref string, x [][]float64) (ModelPredictor, []string, error) {
	p := ModelPredictor{Slug: a.Slug, Kind: KindNumeric}
	switch a.Type {
	case ownwords.AttrInteger, ownwords.AttrNumber, ownwords.AttrDate:
		if a.Type == ownwords.AttrDate {
			p.Unit = "calendar year"
		}
		if ref != "" {
			return p, nil, invalid("%s is numeric: it has no reference level", a.Slug)
		}
		for r, i := range keep {
			v := valueOf(sample[i], a.Slug)
			switch a.Type {
			case ownwords.AttrInteger:
				x[r] = append(x[r], float64(v.Int))
			case ownwords.AttrNumber:
				x[r] = append(x[r], v.Num)
			default:
				x[r] = append(x[r], float64(v.Date.Year))
			}
		}
		return p, []string{a.Slug}, nil
	}
	p.Kind = KindCategorical
	values := make([]string, len(keep))
	seen := map[string]int{}
	for r, i := range keep {
		values[r] = valueOf(sample[i], a.Slug).String()
		seen[values[r]]++
	}
	for _, v := range valueOrder(a, seen) {
		if seen[v] == 0 {
			continue // a level nobody in the model has: no column
		}
		l := ModelLevel{Value: v}
		for r := range keep {
			if values[r] == v {
				l.N++
				if y[r] {
					l.Events++
				}
			}
		}
		p.Levels = append(p.Levels, l)
	}
	if ref != "" {
		if v, err := ownwords.ParseValue(a.Type, ref); err == nil {
			ref = v.String()
		}
		if !slices.ContainsFunc(p.Levels, func(l ModelLevel) bool { return l.Value == ref }) {
			var have []string
			for _, l := range p.Levels {
				have = append(have, l.Value)
			}
			return p, nil, invalid("reference level %q of %s: the model's levels are %s", ref, a.Slug, strings.Join(have, ", "))
		}
		p.Reference, p.ReferenceRule = ref, "chosen"
	} else {
		top := -1
		for _, l := range p.Levels {
			if l.N > top {
				p.Reference, top = l.Value, l.N
			}
		}
		p.ReferenceRule = "most frequent"
	}
	var terms []string
	for _, l := range p.Levels {
		if l.Value == p.Reference {
			continue
		}
		terms = append(terms, a.Slug+"="+l.Value)
		for r := range keep {
			ind := 0.0
			if values[r] == l.Value {
				ind = 1
			}
			x[r] = append(x[r], ind)
		}
	}
	if len(terms) == 0 {
		return p, nil, invalid("all %d participants in the model (those of the %d in the sample with a value of every predictor) have %s = %s: a predictor needs two levels", len(keep), len(sample), a.Slug, p.Reference)
	}
	return p, terms, nil
}

// levelSeparation refuses a model in which a level of a categorical
// predictor has only participants with the code, or only without: the
// commonest separation in small studies, named in the study's terms
// (FitLogistic would detect it too, by its diverging coefficient).
func (res *ModelResult) levelSeparation() error {
	for _, p := range res.Predictors {
		for _, l := range p.Levels {
			if l.Events == 0 || l.Events == l.N {
				which := "none"
				if l.Events == l.N {
					which = "all"
				}
				return invalid("quasi-complete separation: %s of the participants with %s = %s (%d) have %s, so its coefficient grows without bound and no estimate exists; merge or drop the level, or leave %s out",
					which, p.Slug, l.Value, l.N, res.Outcome, p.Slug)
			}
		}
	}
	return nil
}

// cells counts the model's participants and events by combination of
// categorical levels, when every predictor is categorical.
func (res *ModelResult) cells(cols map[string][]string, keep []int, y []bool) {
	for _, p := range res.Predictors {
		if p.Kind != KindCategorical {
			return
		}
	}
	byKey := map[string]int{}
	for r, i := range keep {
		vals := make([]string, len(res.Predictors))
		for j, p := range res.Predictors {
			vals[j] = cols[p.Slug][i]
		}
		key := strings.Join(vals, "\x00")
		c, ok := byKey[key]
		if !ok {
			c = len(res.Cells)
			byKey[key] = c
			res.Cells = append(res.Cells, ModelCell{Values: vals})
		}
		res.Cells[c].N++
		if y[r] {
			res.Cells[c].Events++
		}
	}
}
