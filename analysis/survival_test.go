package analysis

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/stats"
)

// mustTimelines builds Timelines from rows "CODE gender kind@date …"
// (gender "-" for none) over fixtureAttrs and fixtureCodebook.
func mustTimelines(tb testing.TB, rows []string, segments []*ownwords.Segment, links map[string]string) *Timelines {
	tb.Helper()
	in := &TimelineInput{Input: &Input{Study: &ownwords.Study{ID: "st", Name: "Fixture"}, Attributes: fixtureAttrs, Codebook: onsetCodebook()}}
	for _, row := range rows {
		f := strings.Fields(row)
		p := &ownwords.Participant{ID: "id-" + f[0], StudyID: "st", Code: f[0], Values: map[string]ownwords.Value{}}
		if f[1] != "-" {
			p.Values["gender"] = mustValue(tb, ownwords.AttrCategory, f[1])
		}
		in.Participants = append(in.Participants, p)
		in.Interviews = append(in.Interviews, &ownwords.Interview{ID: "iv-" + f[0], StudyID: "st", ParticipantID: p.ID})
		for i, ke := range f[2:] {
			kind, date, _ := strings.Cut(ke, "@")
			e := &ownwords.Event{ID: f[0] + "/" + kind + "/" + string(rune('a'+i)), StudyID: "st", ParticipantID: p.ID, Kind: kind, Date: mustPeriod(tb, date)}
			e.SegmentID = links[e.ID]
			in.Events = append(in.Events, e)
		}
	}
	in.Segments = segments
	tl, err := NewTimelines(in)
	if err != nil {
		tb.Fatal(err)
	}
	return tl
}

var survivalRows = []string{
	"P-01 man joined@2015-01-01 first_doubts@2015-03-02 left@2015-06-01",   // event, 60 days
	"P-02 man joined@2015-01-01 left@2015-04-11",                           // censored, 100 days
	"P-03 woman joined@2015-02 first_doubts@2015-02 left@2016",             // event, 0..27 days
	"P-04 woman joined@2015-01-01 captured@2015-01-31 interviewed@2017-03", // censored, 30 days
	"P-05 woman joined@2015-01-01 interviewed@2018",                        // no end
	"P-06 man joined@2016-01-01 first_doubts@2015-06",                      // reversed
	"P-07 - joined@2015-01-01 first_doubts@2015-01-21",                     // event, 20 days, no gender
	"P-08 man travelled@2014",                                              // never joined
}

func months(days float64) float64 { return days / DaysPerMonth }

func TestSurvival(t *testing.T) {
	tl := mustTimelines(t, survivalRows, nil, nil)
	tests := []struct {
		name     string
		spec     SurvivalSpec
		groups   map[string][]stats.Subject
		excluded map[string]int
		logRank  bool
	}{
		{"ByGender", SurvivalSpec{From: "joined", To: "first_doubts", By: "gender"},
			map[string][]stats.Subject{
				"man":   {{Time: months(60), Event: true}, {Time: months(100)}},
				"woman": {{Time: months(13.5), Event: true}, {Time: months(30)}},
			},
			map[string]int{ExcludedNoEnd: 1, ExcludedReversed: 1, ExcludedNoGroupBy: 1}, true},
		{"AllCensoredAtInterview", SurvivalSpec{From: "joined", To: "first_doubts", CensorAt: []string{"interviewed"}},
			map[string][]stats.Subject{"all": {
				{Time: months(60), Event: true}, {Time: months(13.5), Event: true}, {Time: months((790 + 820) / 2.0)},
				{Time: months((1096 + 1460) / 2.0)}, {Time: months(20), Event: true},
			}},
			map[string]int{ExcludedNoEnd: 1, ExcludedReversed: 1}, false},
		{"PublicMergesSmallGroupsIntoEveryone", SurvivalSpec{From: "joined", To: "first_doubts", By: "gender", K: 3},
			map[string][]stats.Subject{"all": {
				{Time: months(60), Event: true}, {Time: months(100)}, {Time: months(13.5), Event: true}, {Time: months(30)},
				{Time: months(20), Event: true},
			}},
			map[string]int{ExcludedNoEnd: 1, ExcludedReversed: 1}, false},
		{"ByYearOfJoining", SurvivalSpec{From: "joined", To: "left", By: ByFromYear},
			map[string][]stats.Subject{"2015": {
				{Time: months(151), Event: true}, {Time: months(100), Event: true}, {Time: months((307 + 699) / 2.0), Event: true},
				{Time: months(30)},
			}},
			map[string]int{ExcludedNoEnd: 3}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tl.Survival(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(res.Excluded, tt.excluded) {
				t.Errorf("excluded %v, want %v", res.Excluded, tt.excluded)
			}
			if names := groupNames(res); !slices.Equal(names, slices.Sorted(maps.Keys(tt.groups))) {
				t.Fatalf("groups %v", names)
			}
			for _, g := range res.Groups {
				want := tt.groups[g.Name]
				if want == nil {
					if !g.Suppressed || g.Fit != nil || g.N != 0 {
						t.Errorf("group %s shown: %+v", g.Name, g)
					}
					continue
				}
				wantFit, err := stats.KaplanMeier(want, stats.ConfLog)
				if err != nil {
					t.Fatal(err)
				}
				if g.N != len(want) || !sameFit(*g.Fit, wantFit) {
					t.Errorf("group %s: N %d fit %+v, want %d %+v", g.Name, g.N, g.Fit, len(want), wantFit)
				}
			}
			if (res.LogRank != nil) != tt.logRank || (res.LogRank == nil) == (res.LogRankNote == "") {
				t.Errorf("log-rank %+v note %q", res.LogRank, res.LogRankNote)
			}
		})
	}
}

func groupNames(res *SurvivalResult) []string {
	var out []string
	for _, g := range res.Groups {
		out = append(out, g.Name)
	}
	return out
}

// sameFit compares the steps of two fits within rounding of the times.
func sameFit(a, b stats.KMFit) bool {
	if a.N != b.N || a.Events != b.Events || len(a.Steps) != len(b.Steps) {
		return false
	}
	for i := range a.Steps {
		x, y := a.Steps[i], b.Steps[i]
		if math.Abs(x.Time-y.Time) > 1e-9 || x.NRisk != y.NRisk || x.Events != y.Events || x.Censored != y.Censored || x.Survival != y.Survival {
			return false
		}
	}
	return true
}

func TestSurvivalErrors(t *testing.T) {
	tl := mustTimelines(t, survivalRows, nil, nil)
	for _, spec := range []SurvivalSpec{
		{From: "", To: "left"},
		{From: "joined", To: "left", By: "nonexistent"},
		{From: "joined", To: "left", By: "Bad Slug"},
	} {
		if _, err := tl.Survival(spec); ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Errorf("Survival(%+v) err = %v, want EINVALID", spec, err)
		}
	}
}

// onsetCodebook extends the fixture codebook with a disillusionment
// section: food (with a child, hunger), violence and a derived item.
func onsetCodebook() *ownwords.Codebook {
	codes := slices.Clone(fixtureCodebook().Codes)
	c := func(id, parent, slug string) *ownwords.Code {
		return &ownwords.Code{ID: id, StudyID: "st", ParentID: parent, Slug: slug}
	}
	codes = append(codes, c("s-dis", "", "disillusionment"), c("c-food", "s-dis", "food"),
		c("c-viol", "s-dis", "violence"), c("c-any", "s-dis", "any_hardship"), c("c-hunger", "c-food", "hunger"))
	codes[len(codes)-2].Derived = &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"food", "violence"}}
	return ownwords.NewCodebook("st", 1, codes)
}

func TestOnsets(t *testing.T) {
	seg := func(id, code, participant string) *ownwords.Segment {
		return &ownwords.Segment{ID: id, StudyID: "st", InterviewID: "iv-" + participant, CodeID: code, Layer: ownwords.LayerConsensus}
	}
	segments := []*ownwords.Segment{
		seg("s1", "c-hunger", "P-01"), seg("s3", "c-food", "P-03"), seg("s2", "c-viol", "P-02"),
		seg("s6", "c-viol", "P-06"), seg("s4", "c-pov", "P-04"),
	}
	// P-01's first doubts are linked to the passage on hunger; the others
	// fall back to their first doubts.
	tl := mustTimelines(t, survivalRows, segments, map[string]string{"P-01/first_doubts/b": "s1"})
	got, err := tl.Onsets("disillusionment", "joined", "first_doubts")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Item != "disillusionment/food" || got[1].Item != "disillusionment/violence" {
		t.Fatalf("onsets %+v", got)
	}
	food, viol := got[0], got[1]
	if food.Endorsed != 2 || food.Dated != 2 || food.Linked != 1 || food.Median == nil {
		t.Fatalf("food %+v", food)
	}
	want := OnsetMedian{Months: months((60 + 13.5) / 2), MinMonths: months(30), MaxMonths: months(43.5)}
	if *food.Median != want {
		t.Errorf("food median %+v, want %+v", *food.Median, want)
	}
	// P-02 has no first doubts; P-06's are dated before joining.
	if viol.Endorsed != 2 || viol.Dated != 0 || viol.Median != nil || len(viol.Spans) != 1 || !viol.Spans[0].Reversed {
		t.Errorf("violence %+v", viol)
	}
	if _, err := tl.Onsets("nonexistent", "joined", "first_doubts"); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Errorf("unknown section: %v", err)
	}
}

func TestDurations(t *testing.T) {
	tl := mustTimelines(t, survivalRows, nil, nil)
	ds := tl.Durations("joined", "left")
	var got []string
	for _, d := range ds {
		s := d.Participant
		switch {
		case d.To == nil:
			s += ":none"
		case d.Reversed:
			s += ":reversed"
		default:
			s += ":" + strings.Join([]string{strconv.Itoa(d.Span.Min), strconv.Itoa(d.Span.Max)}, "-")
		}
		got = append(got, s)
	}
	want := []string{"P-01:151-151", "P-02:100-100", "P-03:307-699", "P-04:none", "P-05:none", "P-06:none", "P-07:none"}
	if !slices.Equal(got, want) {
		t.Fatalf("Durations = %v, want %v", got, want)
	}
}
