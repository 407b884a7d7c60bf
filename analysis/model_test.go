package analysis

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// TestModelOneFactor checks a model against its closed form and the
// crosstab of the same sample: with one categorical predictor the
// estimates are the log odds of the reference level and the log odds
// ratios of the others, with standard errors √(1/a + 1/b) and
// √(1/a + 1/b + 1/c + 1/d) (Agresti, Categorical Data Analysis, 3rd ed.,
// §3.1.1 and §5.2), where the counts are the crosstab's cells.
func TestModelOneFactor(t *testing.T) {
	in := genInput(t, 800, 2, 20, 7)
	plan := mustPlan(t, fmt.Sprintf(genPlanJSON, 700))
	for _, tc := range []struct {
		pred, ref, wantRef, rule string
	}{
		{"region", "", "", "most frequent"},
		{"region", "Balkans", "Balkans", "chosen"},
		{"travelled", "", "", "most frequent"},
	} {
		spec := ModelSpec{Outcome: "section0/item2", Predictors: []string{tc.pred}, Interval: stats.IntervalWald}
		if tc.ref != "" {
			spec.Ref = map[string]string{tc.pred: tc.ref}
		}
		res, err := Model(in, plan, spec)
		if err != nil {
			t.Fatal(err)
		}
		p := plan
		p.Crosstabs = []CrosstabSpec{{Rows: tc.pred, Cols: "section0/item2"}}
		run, err := Run(in, p)
		if err != nil {
			t.Fatal(err)
		}
		x := run.Crosstabs[0]
		counts := map[string][2]float64{} // value -> with, without
		top, mostFrequent := -1, ""
		for r, v := range x.RowValues {
			counts[v] = [2]float64{float64(x.Counts[r][0]), float64(x.Counts[r][1])}
			if n := x.Counts[r][0] + x.Counts[r][1]; n > top {
				top, mostFrequent = n, v
			}
		}
		pr := res.Predictors[0]
		want := tc.wantRef
		if want == "" {
			want = mostFrequent
		}
		if pr.Reference != want || pr.ReferenceRule != tc.rule {
			t.Errorf("%s: reference %s (%s), want %s (%s)", tc.pred, pr.Reference, pr.ReferenceRule, want, tc.rule)
		}
		if res.N != res.SampleSize-x.Excluded || res.Dropped != x.Excluded || res.MissingBy[tc.pred] != x.Excluded {
			t.Errorf("%s: n %d dropped %d missing %v; the crosstab excludes %d of %d", tc.pred, res.N, res.Dropped, res.MissingBy, x.Excluded, res.SampleSize)
		}
		ref := counts[pr.Reference]
		for _, c := range res.Fit.Coefficients {
			var est, se float64
			if c.Term == "(Intercept)" {
				est, se = math.Log(ref[0]/ref[1]), math.Sqrt(1/ref[0]+1/ref[1])
			} else {
				lv := counts[strings.TrimPrefix(c.Term, tc.pred+"=")]
				est = math.Log(lv[0] / lv[1] / (ref[0] / ref[1]))
				se = math.Sqrt(1/ref[0] + 1/ref[1] + 1/lv[0] + 1/lv[1])
			}
			if math.Abs(c.Estimate-est) > 1e-9 || math.Abs(c.SE-se) > 1e-9 {
				t.Errorf("%s %s: %v (%v), closed form %v (%v)", tc.pred, c.Term, c.Estimate, c.SE, est, se)
			}
		}
		for _, l := range pr.Levels {
			if c := counts[l.Value]; float64(l.Events) != c[0] || float64(l.N) != c[0]+c[1] {
				t.Errorf("%s = %s: %d of %d, crosstab %v", tc.pred, l.Value, l.Events, l.N, c)
			}
		}
	}
}

// TestModelNumeric: a date enters as its calendar year and an integer as
// given, so the design is the one stats.FitLogistic gets from the values.
func TestModelNumeric(t *testing.T) {
	in := genInput(t, 600, 2, 20, 9)
	for i, p := range in.Participants {
		p.Values["birth_year"] = mustValue(t, ownwords.AttrInteger, fmt.Sprint(1970+i%30))
	}
	plan := mustPlan(t, fmt.Sprintf(genPlanJSON, 0))
	res, err := Model(in, plan, ModelSpec{Outcome: "section0/item4", Predictors: []string{"interview_date", "birth_year", "gender"}})
	if err != nil {
		t.Fatal(err)
	}
	if u := res.Predictors[0].Unit; u != "calendar year" {
		t.Errorf("date unit %q", u)
	}
	sample, _ := SampleOf(in, plan)
	m, _ := buildMatrix(in, sample)
	set := m.items[m.byPath["section0/item4"]].set
	var x [][]float64
	var y []bool
	for i, p := range sample {
		d := p.Values["interview_date"]
		if d.Missing || d.Type == "" {
			continue
		}
		woman := 0.0
		if p.Values["gender"].Str == "woman" {
			woman = 1
		}
		x = append(x, []float64{float64(d.Date.Year), float64(p.Values["birth_year"].Int), woman})
		y = append(y, set.Has(i))
	}
	want, err := stats.FitLogistic(x, y, []string{"interview_date", "birth_year", "gender=woman"}, stats.LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for j, c := range res.Fit.Coefficients {
		if w := want.Coefficients[j]; c.Term != w.Term || c.Estimate != w.Estimate || *c.High != *w.High {
			t.Errorf("%s %v %v, want %s %v %v", c.Term, c.Estimate, *c.High, w.Term, w.Estimate, *w.High)
		}
	}
}

// TestModelRefusals: what a model refuses, each with EINVALID and a
// message that says why; a low events-per-parameter fit allowed carries
// the warning.
func TestModelRefusals(t *testing.T) {
	in := genInput(t, 300, 2, 20, 11)
	plan := mustPlan(t, fmt.Sprintf(genPlanJSON, 0))
	for _, p := range in.Participants {
		p.Values["birth_year"] = mustValue(t, ownwords.AttrInteger, "1990") // the same for everyone
	}
	tests := []struct {
		name string
		spec ModelSpec
		want string
	}{
		{"unknown item", ModelSpec{Outcome: "section0/nope", Predictors: []string{"gender"}}, "not an item"},
		{"attribute as outcome", ModelSpec{Outcome: "gender", Predictors: []string{"origin"}}, "not an item"},
		{"no predictors", ModelSpec{Outcome: "section0/item1"}, "at least one predictor"},
		{"unknown predictor", ModelSpec{Outcome: "section0/item1", Predictors: []string{"shoe_size"}}, "not an attribute"},
		{"twice", ModelSpec{Outcome: "section0/item1", Predictors: []string{"gender", "gender"}}, "named twice"},
		{"unknown level", ModelSpec{Outcome: "section0/item1", Predictors: []string{"gender"}, Ref: map[string]string{"gender": "other"}}, `reference level "other"`},
		{"ref of no predictor", ModelSpec{Outcome: "section0/item1", Predictors: []string{"gender"}, Ref: map[string]string{"origin": "local"}}, "not a predictor"},
		{"ref of a number", ModelSpec{Outcome: "section0/item1", Predictors: []string{"interview_date"}, Ref: map[string]string{"interview_date": "2015"}}, "no reference level"},
		{"collinear", ModelSpec{Outcome: "section0/item1", Predictors: []string{"origin", "birth_year"}}, "birth_year is a linear combination"},
		{"low EPV", ModelSpec{Outcome: "section0/item1", Predictors: []string{"country"}}, "rule of ten"},
	}
	for _, tc := range tests {
		_, err := Model(in, plan, tc.spec)
		if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want EINVALID with %q", tc.name, err, tc.want)
		}
	}
	res, err := Model(in, plan, ModelSpec{Outcome: "section0/item1", Predictors: []string{"region", "origin", "ses"}, AllowLowEPV: true})
	if err != nil {
		t.Fatal(err)
	}
	rareN := min(res.Events, res.N-res.Events)
	if res.EPV != float64(rareN)/6 {
		t.Errorf("EPV %v, want %d/6", res.EPV, rareN)
	}
	if res.EPV < MinEventsPerParameter && len(res.Warnings) != 1 || res.EPV >= MinEventsPerParameter && len(res.Warnings) != 0 {
		t.Errorf("EPV %v, warnings %q", res.EPV, res.Warnings)
	}
}

// TestModelSeparation: a level whose participants all have the code is
// refused by name before the fit.
func TestModelSeparation(t *testing.T) {
	in := genInput(t, 300, 2, 20, 13)
	plan := mustPlan(t, fmt.Sprintf(genPlanJSON, 0))
	// every woman gets item6 by a consensus segment of her first interview
	first := map[string]string{}
	for _, iv := range in.Interviews {
		if _, ok := first[iv.ParticipantID]; !ok {
			first[iv.ParticipantID] = iv.ID
		}
	}
	for _, p := range in.Participants {
		if p.Values["gender"].Str == "woman" {
			in.Segments = append(in.Segments, &ownwords.Segment{ID: "sep-" + p.ID, StudyID: "st", InterviewID: first[p.ID], CodeID: "s0-i6", CoderID: "u", Layer: ownwords.LayerConsensus})
		}
	}
	_, err := Model(in, plan, ModelSpec{Outcome: "section0/item6", Predictors: []string{"gender", "origin"}})
	if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), "quasi-complete separation: all of the participants with gender = woman") {
		t.Errorf("got %v", err)
	}
}

// BenchmarkModel20000 fits a model of one item on gender, origin, region,
// the interview year and travelled (missing for some) over 20,000
// participants, with profile-likelihood intervals: the bound is 1 s.
func BenchmarkModel20000(b *testing.B) {
	in := genInput(b, 20000, 10, 30, 42)
	p := mustPlan(b, fmt.Sprintf(genPlanJSON, 0))
	spec := ModelSpec{Outcome: "section3/item2", Predictors: []string{"gender", "origin", "region", "interview_date", "travelled"}}
	for b.Loop() {
		if _, err := Model(in, p, spec); err != nil {
			b.Fatal(err)
		}
	}
}
