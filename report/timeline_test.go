package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
	"ownwords/stats"
)

// mustTimelineFixture builds twelve participants: eight men and four women
// (a group below k = 5), with day, month, year and range dates, and one
// attribute value and event note that try to break out of the SVG.
func mustTimelineFixture(tb testing.TB) *analysis.Timelines {
	tb.Helper()
	attrs := []*ownwords.Attribute{{ID: "a1", StudyID: "st", Slug: "gender", Type: ownwords.AttrCategory}}
	in := &analysis.TimelineInput{Input: &analysis.Input{Study: &ownwords.Study{ID: "st", Name: "Fixture"}, Attributes: attrs}}
	for i := range 12 {
		gender := "man"
		if i >= 8 {
			gender = `wo"man<script>`
		}
		p := &ownwords.Participant{ID: fmt.Sprint("id", i), StudyID: "st", Code: fmt.Sprintf("P-%02d", i+1),
			Values: map[string]ownwords.Value{"gender": {Type: ownwords.AttrCategory, Str: gender}}}
		in.Participants = append(in.Participants, p)
		add := func(kind, date, note string) {
			d, err := ownwords.ParsePeriod(date)
			if err != nil {
				tb.Fatal(err)
			}
			in.Events = append(in.Events, &ownwords.Event{ID: fmt.Sprint(len(in.Events)), StudyID: "st", ParticipantID: p.ID, Kind: kind, Date: d, Note: note})
		}
		join := 2013 + i%3
		add(ownwords.EventTravelled, fmt.Sprintf("%d-%02d", join, 1+i%6), "")
		add(ownwords.EventJoined, fmt.Sprintf("%d-%02d-%02d", join, 2+i%6, 1+i), "")
		if i%4 != 3 {
			add(ownwords.EventFirstDoubts, fmt.Sprintf("%d..%d", join+1, join+2), "<food & water>")
		}
		kind := ownwords.EventLeft
		if i%3 == 0 {
			kind = ownwords.EventCaptured
		}
		add(kind, fmt.Sprintf("%d-%02d", join+2+i%2, 1+i), "")
		add(ownwords.EventInterviewed, fmt.Sprint(join+4), "")
	}
	tl, err := analysis.NewTimelines(in)
	if err != nil {
		tb.Fatal(err)
	}
	return tl
}

func TestTimelineGolden(t *testing.T) {
	tl := mustTimelineFixture(t)
	spec := analysis.SurvivalSpec{From: ownwords.EventJoined, To: ownwords.EventFirstDoubts, By: "gender"}
	for _, audience := range []string{AudienceTeam, AudiencePublic} {
		opt := TimelineOptions{Audience: audience, K: 5, SortBy: "gender"}
		c, err := BuildTimelineCharts(tl, []analysis.SurvivalSpec{spec}, opt)
		if err != nil {
			t.Fatal(err)
		}
		charts := map[string]template.HTML{
			"swimlane": c.Swimlane, "survival": c.Survival[0], "histogram": c.Histogram,
			"participant": ParticipantTimelineSVG(tl.In.Events[:5], opt),
		}
		for name, svg := range charts {
			t.Run(name+"_"+audience, func(t *testing.T) {
				mustWellFormed(t, string(svg))
				checkGolden(t, "timeline_"+name+"_"+audience+".svg", []byte(svg))
			})
		}
		var buf bytes.Buffer
		if err := WriteTimelineHTML(&buf, c); err != nil {
			t.Fatal(err)
		}
		if strings.Count(buf.String(), "<svg") != 3 || strings.Contains(buf.String(), "<script") {
			t.Errorf("fragment: %d charts", strings.Count(buf.String(), "<svg"))
		}
	}
}

// TestTimelinePublicDisclosure checks the public charts: no participant
// code, no small group's curve or lanes, no day or month, no note.
func TestTimelinePublicDisclosure(t *testing.T) {
	tl := mustTimelineFixture(t)
	opt := TimelineOptions{Audience: AudiencePublic, K: 5, SortBy: "gender"}
	c, err := BuildTimelineCharts(tl, []analysis.SurvivalSpec{{From: "joined", To: "first_doubts", By: "gender"}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	all := string(c.Swimlane) + string(c.Survival[0]) + string(c.Histogram) + string(ParticipantTimelineSVG(tl.In.Events[:5], opt))
	for _, leak := range []string{"P-01", "P-12", "2013-02", "2015-0", "food", "wo&#34;man&lt;script&gt; (n", "(n = "} {
		if strings.Contains(all, leak) {
			t.Errorf("public chart shows %q", leak)
		}
	}
	// The groups (men: 2 censored, women: 4 participants) give way to
	// one curve of everyone, whose 3 censored withhold it; without a
	// report printing their sizes, the lanes too are one group of
	// everyone, the women's included.
	if !strings.Contains(string(c.Survival[0]), "one curve of everyone") || !strings.Contains(string(c.Survival[0]), "all: events or censorings 1 to 4, not shown") ||
		!strings.Contains(string(c.Swimlane), "not grouped by gender") || strings.Count(string(c.Swimlane), "<title>joined ") != 12 {
		t.Error("suppression is not stated")
	}
	team, _ := BuildTimelineCharts(tl, []analysis.SurvivalSpec{{From: "joined", To: "first_doubts", By: "gender"}}, TimelineOptions{Audience: AudienceTeam, SortBy: "gender"})
	if !strings.Contains(string(team.Swimlane), "P-12") || strings.Contains(string(team.Survival[0]), "not shown") ||
		!strings.Contains(string(team.Swimlane), "(n = 4)") {
		t.Error("team charts hide what the team may see")
	}
}

// TestPublicSwimlaneFollowsTheReport checks the rule of public lanes by
// group, that of public curves: grouped only where the public report at the
// same k prints every group's size, and each group has that many lanes;
// else one group of everyone, in the order of joining, never a group left
// out.
func TestPublicSwimlaneFollowsTheReport(t *testing.T) {
	tl := mustTimelineFixture(t)
	const woman = `wo"man<script>`
	// printed is a public report at k 4 printing the gender table's
	// "all" column: men 8, women as given, none missing.
	printed := func(women int, hide string) *Report {
		cell := func(key string, n int) Row {
			return Row{Key: key, Cells: []Cell{{N: n, Suppressed: key == hide}}}
		}
		return &Report{Audience: AudiencePublic, K: 4, Attributes: []*Table{{
			ID: "attributes.gender", Kind: KindAttribute, Partition: true,
			Columns: []Column{{Key: "all"}}, Totals: []Cell{{N: 8 + women}},
			Rows: []Row{cell("man", 8), cell(woman, women), cell("", 0)},
		}}}
	}
	for _, tc := range []struct {
		name    string
		k       int
		rep     *Report
		grouped bool
		lanes   int
	}{
		{"every size printed", 4, printed(4, "-"), true, 12},
		{"a value's size hidden", 4, printed(4, woman), false, 12},
		// No lane lacks a value: the hidden missing row is no group's
		// size (the report's own total less its values gives it).
		{"the missing row hidden, none missing", 4, printed(4, ""), true, 12},
		{"a size other than the lanes'", 4, printed(5, "-"), false, 12},
		{"a report at another k", 5, printed(4, "-"), false, 12},
		{"no report", 4, nil, false, 12},
		{"fewer than k in all", 13, nil, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := TimelineOptions{Audience: AudiencePublic, K: tc.k, SortBy: "gender", Report: tc.rep}
			svg := string(SwimlaneSVG(tl, opt))
			mustWellFormed(t, svg)
			if got := strings.Count(svg, "<title>joined "); got != tc.lanes {
				t.Errorf("%d lanes, want %d", got, tc.lanes)
			}
			grouped := strings.Contains(svg, "gender = man (n = 8)") && strings.Contains(svg, "gender = wo&#34;man&lt;script&gt; (n = 4)")
			if grouped != tc.grouped || !tc.grouped && (strings.Contains(svg, "(n = ") || !strings.Contains(svg, "not grouped by gender")) {
				t.Errorf("grouped %v, want %v:\n%s", grouped, tc.grouped, svg)
			}
			lanes, _, _ := swPublic(swLanes(tl, opt), opt)
			if !tc.grouped && !slices.IsSortedFunc(lanes, swByJoining) {
				t.Error("ungrouped lanes are in the order of groups")
			}
		})
	}
}

// mustWellFormed parses svg as XML: hand-written SVG must escape its text.
func mustWellFormed(tb testing.TB, svg string) {
	tb.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			tb.Fatalf("SVG is not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && strings.EqualFold(se.Name.Local, "script") {
			tb.Fatal("SVG contains a script element")
		}
	}
}

// checkGolden compares got with testdata/name.golden (-update rewrites it).
func checkGolden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from %s (run with -update after checking the change)", name, path)
	}
}

// A plan's survival comparisons are a family of tests (issue 19): each
// chart with a log-rank test gives its p adjusted by Holm and
// Benjamini–Hochberg over the family, beside the raw p; one comparison
// alone is not adjusted.
func TestTimelineLogRankFamily(t *testing.T) {
	tl := mustTimelineFixture(t)
	specs := []analysis.SurvivalSpec{
		{From: ownwords.EventJoined, To: ownwords.EventFirstDoubts, By: "gender"},
		{From: ownwords.EventJoined, To: ownwords.EventLeft, CensorAt: []string{ownwords.EventCaptured}, By: "gender"},
	}
	var ps []float64
	for _, spec := range specs {
		res, err := tl.Survival(spec)
		if err != nil {
			t.Fatal(err)
		}
		if res.LogRank == nil {
			t.Fatalf("%v: no log-rank test in the fixture: %s", spec, res.LogRankNote)
		}
		ps = append(ps, res.LogRank.P)
	}
	holm, bh := stats.Holm(ps), stats.BenjaminiHochberg(ps)
	c, err := BuildTimelineCharts(tl, specs, TimelineOptions{Audience: AudienceTeam, SortBy: "gender"})
	if err != nil {
		t.Fatal(err)
	}
	for i, svg := range c.Survival {
		want := fmt.Sprintf("adjusted for 2 tests: Holm p = %s, BH p = %s", pText(holm[i]), pText(bh[i]))
		if !strings.Contains(string(svg), want) || !strings.Contains(string(svg), "log-rank p of the 2 survival comparisons of the plan") {
			t.Errorf("chart %d lacks %q and the family's name", i, want)
		}
	}
	one, err := BuildTimelineCharts(tl, specs[:1], TimelineOptions{Audience: AudienceTeam, SortBy: "gender"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(one.Survival[0]), "adjusted for") {
		t.Error("one comparison alone is adjusted")
	}
}

// A public report adjusts only when every comparison shows its test.
func TestLogRankFamilyPublicWithheld(t *testing.T) {
	lr := func(p float64) *analysis.SurvivalResult {
		return &analysis.SurvivalResult{LogRank: &stats.LogRankResult{P: p}}
	}
	withheld := &analysis.SurvivalResult{LogRankNote: "withheld"}
	for _, tc := range []struct {
		name    string
		results []*analysis.SurvivalResult
		public  bool
		want    []bool // adjusted or not, per result
	}{
		{"team, all tested", []*analysis.SurvivalResult{lr(0.01), lr(0.04)}, false, []bool{true, true}},
		{"team, one without a test", []*analysis.SurvivalResult{lr(0.01), withheld, lr(0.04)}, false, []bool{true, false, true}},
		{"public, one withheld", []*analysis.SurvivalResult{lr(0.01), withheld, lr(0.04)}, true, []bool{false, false, false}},
		{"public, all shown", []*analysis.SurvivalResult{lr(0.01), lr(0.04)}, true, []bool{true, true}},
		{"one test only", []*analysis.SurvivalResult{lr(0.01), withheld}, false, []bool{false, false}},
	} {
		got := logRankFamily(tc.results, tc.public)
		for i := range tc.want {
			if (got[i] != nil) != tc.want[i] {
				t.Errorf("%s: result %d adjusted %v, want %v", tc.name, i, got[i] != nil, tc.want[i])
			}
		}
		if tc.name == "team, all tested" && (got[0].Holm != 0.02 || got[1].Holm != 0.04 || got[1].BH != 0.04 || got[0].BH != 0.02) {
			t.Errorf("%s: adjusted %+v %+v, want Holm 0.02, 0.04 and BH 0.02, 0.04", tc.name, *got[0], *got[1])
		}
	}
}
