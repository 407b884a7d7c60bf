package report

import (
	"fmt"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
)

// hostile is text a study might hold that must never act in a rendering:
// markup, a right-to-left override, a terminal escape and Markdown syntax.
const hostile = "<script>alert(\"x\")</script> \u202Egnp.exe & \x1b[31mred [link](http://evil.example) | # head"

// mustValue parses a value or fails the test.
func mustValue(tb testing.TB, t ownwords.AttrType, s string) ownwords.Value {
	tb.Helper()
	v, err := ownwords.ParseValue(t, s)
	if err != nil {
		tb.Fatalf("ParseValue(%s, %q): %v", t, s, err)
	}
	return v
}

// fixtureInput is a small synthetic study of 14 participants. Its country
// values and one item label hold hostile text. With k = 3, the public
// report must hide the two-member group european_women.
func fixtureInput(tb testing.TB) *analysis.Input {
	tb.Helper()
	attrs := []*ownwords.Attribute{
		{Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
		{Slug: "origin", Type: ownwords.AttrCategory, Values: []string{"local", "foreign"}},
		{Slug: "region", Type: ownwords.AttrCategory, Values: []string{"Iraq", "Western Europe"}},
		{Slug: "status", Type: ownwords.AttrCategory, Values: []string{"defector", "returnee", "prisoner"}},
		{Slug: "country", Type: ownwords.AttrCategory},
		{Slug: "interview_date", Type: ownwords.AttrDate},
	}
	c := func(id, parent, slug, label string) *ownwords.Code {
		return &ownwords.Code{ID: id, StudyID: "st", ParentID: parent, Slug: slug, Label: label}
	}
	codes := []*ownwords.Code{
		c("s1", "", "vulnerabilities", "Vulnerabilities to recruitment"),
		c("s2", "", "roles", "Roles inside the group"),
		c("pov", "s1", "poverty", "Poverty"),
		c("unemp", "s1", "unemployment", "Unemployment"),
		c("crim", "s1", "criminal_history", hostile),
		c("fight", "s2", "fighter", "Fighter"),
		c("ribat", "s2", "ribat", "Ribat (border patrol)"),
		c("wife", "s2", "wife_and_mother", "Wife and mother"),
		c("for", "s2", "fighter_or_ribat", "Fighter or ribat"),
	}
	codes[8].Derived = &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"fighter", "ribat"}}
	in := &analysis.Input{
		Study:      &ownwords.Study{ID: "st", Name: "Synthetic study <b>", Settings: ownwords.StudySettings{DisclosureK: 3}},
		Attributes: attrs,
		Codebook:   ownwords.NewCodebook("st", 1, codes),
	}
	// gender, origin, region, status, country, codes endorsed
	people := []struct {
		g, o, r, s, country string
		codes               []string
	}{
		{"man", "local", "Iraq", "defector", "Iraq", []string{"pov", "unemp", "fight"}},
		{"man", "local", "Iraq", "prisoner", "Iraq", []string{"pov", "fight"}},
		{"man", "local", "Iraq", "defector", "Iraq", []string{"pov", "unemp", "ribat"}},
		{"man", "foreign", "Western Europe", "returnee", "France", []string{"crim", "fight"}},
		{"man", "foreign", "Western Europe", "prisoner", hostile, []string{"crim", "pov", "fight", "ribat"}},
		{"man", "foreign", "Iraq", "returnee", "Tunisia", []string{"unemp", "fight"}},
		{"man", "local", "Iraq", "defector", "Iraq", []string{"pov"}},
		{"man", "foreign", "Iraq", "prisoner", "Tunisia", []string{"crim", "unemp", "fight"}},
		{"woman", "local", "Iraq", "defector", "Iraq", []string{"pov", "wife"}},
		{"woman", "local", "Iraq", "defector", "Iraq", []string{"pov", "wife"}},
		{"woman", "foreign", "Western Europe", "returnee", "France", []string{"wife", "crim"}},
		{"woman", "foreign", "Western Europe", "returnee", "Belgium", []string{"wife", "pov"}},
		{"woman", "local", "Iraq", "prisoner", "Syria", []string{"wife"}},
		{"woman", "foreign", "Iraq", "prisoner", "Tunisia", []string{"pov"}},
	}
	for i, p := range people {
		pt := &ownwords.Participant{ID: fmt.Sprintf("id%02d", i), StudyID: "st", Code: fmt.Sprintf("P-%02d", i+1), Values: map[string]ownwords.Value{
			"gender": mustValue(tb, ownwords.AttrCategory, p.g), "origin": mustValue(tb, ownwords.AttrCategory, p.o),
			"region": mustValue(tb, ownwords.AttrCategory, p.r), "status": mustValue(tb, ownwords.AttrCategory, p.s),
			"country":        mustValue(tb, ownwords.AttrCategory, p.country),
			"interview_date": mustValue(tb, ownwords.AttrDate, fmt.Sprintf("2016-%02d", i%12+1)),
		}}
		// As analysis.Load attaches it (SelectQuotes refuses evidence without).
		pt.Consent = ownwords.DefaultConsent(pt.StudyID, pt.ID)
		in.Participants = append(in.Participants, pt)
		iv := &ownwords.Interview{ID: "iv" + pt.ID, StudyID: "st", ParticipantID: pt.ID, Title: pt.Code}
		in.Interviews = append(in.Interviews, iv)
		for j, code := range p.codes {
			in.Segments = append(in.Segments, &ownwords.Segment{ID: fmt.Sprintf("seg-%s-%s", pt.Code, code), StudyID: "st",
				InterviewID: iv.ID, CodeID: code, CoderID: "u", Layer: ownwords.LayerConsensus, Start: j * 10, End: j*10 + 9})
		}
	}
	return in
}

const fixturePlan = `{
  "name": "fixture",
  "sample": {"order_by": "interview_date"},
  "groups": [
    {"name": "all", "filter": {}},
    {"name": "men", "filter": {"gender": "man"}},
    {"name": "women", "filter": {"gender": "woman"}},
    {"name": "european_women", "filter": {"gender": "woman", "region": "Western Europe"}}
  ],
  "sections": ["vulnerabilities", "roles"],
  "attributes": ["origin", "status", "country"],
  "distinct": ["country"],
  "cooccurrence": [{"a": "vulnerabilities/criminal_history", "b": "roles/fighter"}],
  "crosstabs": [{"rows": "origin", "cols": "vulnerabilities/poverty"}],
  "quotes_per_item": 2
}`

// mustResult runs the fixture plan on the fixture study.
func mustResult(tb testing.TB) *analysis.Result {
	tb.Helper()
	return mustResultFrom(tb, fixtureInput(tb))
}

// mustResultFrom runs the fixture plan on in.
func mustResultFrom(tb testing.TB, in *analysis.Input) *analysis.Result {
	tb.Helper()
	plan, err := analysis.ParsePlan([]byte(fixturePlan))
	if err != nil {
		tb.Fatal(err)
	}
	res, err := analysis.Run(in, plan)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// fixtureQuotes stands in for transcripts: each passage names its segment;
// P-05's criminal history passage is hostile.
func fixtureQuotes(seg *ownwords.Segment) (string, error) {
	if seg.ID == "seg-P-05-crim" {
		return "I was told: " + hostile, nil
	}
	return "Passage " + seg.ID + ", in the participant's own words.\nSecond line\u200F.", nil
}

// fixtureAligned stands in for the other texts of interviews: P-01's
// interview was held in Arabic (its original beside the quote, right to
// left), the others have none.
func fixtureAligned(seg *ownwords.Segment) (*AlignedPassage, error) {
	if !strings.HasPrefix(seg.ID, "seg-P-01-") {
		return nil, nil
	}
	return &AlignedPassage{Role: ownwords.TextOriginal, Language: "ar", Text: "كنا فقراء، بكلماتنا.\nسطر ثان.", QuoteLanguage: "en"}, nil
}

// lineComplement is a simple complementary suppressor for tests: in a
// partition table, a column (or, with row totals, a row) with exactly one
// suppressed cell also loses its smallest other non-zero cell, until no
// hidden cell can be worked out from a total alone.
type lineComplement struct{ calls []string }

func (s *lineComplement) Suppress(t *Table, k int) error {
	s.calls = append(s.calls, t.ID)
	if !t.Partition {
		return nil
	}
	for changed := true; changed; {
		changed = false
		for c := range t.Columns {
			var line []*Cell
			for r := range t.Rows {
				line = append(line, &t.Rows[r].Cells[c])
			}
			changed = complement(line) || changed
		}
		for r := range t.RowTotals {
			var line []*Cell
			for c := range t.Rows[r].Cells {
				line = append(line, &t.Rows[r].Cells[c])
			}
			changed = complement(line) || changed
		}
	}
	return nil
}

// complement suppresses the smallest non-zero shown cell of a line with
// exactly one suppressed cell, and reports whether it did.
func complement(line []*Cell) bool {
	hidden, best := 0, -1
	for i, c := range line {
		switch {
		case c.Suppressed:
			hidden++
		case c.N > 0 && (best < 0 || c.N < line[best].N):
			best = i
		}
	}
	if hidden == 1 && best >= 0 {
		line[best].Suppressed = true
		return true
	}
	return false
}

// mustBuild builds the fixture report for an audience.
func mustBuild(tb testing.TB, audience string) *Report {
	tb.Helper()
	res := mustResult(tb)
	// A name in Arabic script on the redaction list, so that the public
	// report may show P-01's Arabic original: the scan can read it.
	res.Redactions = append(res.Redactions, "أبو عمر")
	rep, err := Build(res, Options{Audience: audience, Suppressor: &lineComplement{}, Quotes: fixtureQuotes, Aligned: fixtureAligned})
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}
