package analysis

import (
	"testing"

	"ownwords"
)

// mustValue parses a value or fails the test.
func mustValue(tb testing.TB, t ownwords.AttrType, s string) ownwords.Value {
	tb.Helper()
	v, err := ownwords.ParseValue(t, s)
	if err != nil {
		tb.Fatalf("ParseValue(%s, %q): %v", t, s, err)
	}
	return v
}

var fixtureAttrs = []*ownwords.Attribute{
	{ID: "a1", StudyID: "st", Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
	{ID: "a2", StudyID: "st", Slug: "origin", Type: ownwords.AttrCategory, Values: []string{"local", "foreign"}},
	{ID: "a3", StudyID: "st", Slug: "region", Type: ownwords.AttrCategory, Values: []string{"Iraq", "Syria", "Western Europe", "Balkans"}},
	{ID: "a4", StudyID: "st", Slug: "status", Type: ownwords.AttrCategory, Values: []string{"defector", "returnee", "prisoner"}},
	{ID: "a5", StudyID: "st", Slug: "country", Type: ownwords.AttrCategory},
	{ID: "a6", StudyID: "st", Slug: "interview_date", Type: ownwords.AttrDate},
	{ID: "a7", StudyID: "st", Slug: "ses", Type: ownwords.AttrCategory, Values: []string{"poor", "middle", "wealthy"}},
	{ID: "a8", StudyID: "st", Slug: "travelled", Type: ownwords.AttrBoolean},
	{ID: "a9", StudyID: "st", Slug: "birth_year", Type: ownwords.AttrInteger},
}

// fixtureCodebook has two sections; criminal_history has a child (theft)
// and roles has an any_of and an all_of derived item.
func fixtureCodebook() *ownwords.Codebook {
	c := func(id, parent, slug string) *ownwords.Code {
		return &ownwords.Code{ID: id, StudyID: "st", ParentID: parent, Slug: slug}
	}
	codes := []*ownwords.Code{
		c("s-vul", "", "vulnerabilities"), c("s-roles", "", "roles"),
		c("c-pov", "s-vul", "poverty"), c("c-unemp", "s-vul", "unemployment"), c("c-crim", "s-vul", "criminal_history"),
		c("c-fight", "s-roles", "fighter"), c("c-ribat", "s-roles", "ribat"), c("c-eng", "s-roles", "engineer"),
		c("c-for", "s-roles", "fighter_or_ribat"), c("c-far", "s-roles", "fighter_and_ribat"),
		c("c-theft", "c-crim", "theft"),
	}
	codes[0].Label = "Vulnerabilities to recruitment"
	codes[8].Derived = &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"fighter", "ribat"}}
	codes[9].Derived = &ownwords.Derivation{Op: ownwords.DeriveAllOf, Items: []string{"fighter", "ribat"}}
	return ownwords.NewCodebook("st", 1, codes)
}

// fixtureInput is a small study: P-07 falls outside the first six by date
// and P-08 has no interview date, so the sample is P-01..P-06; P-02
// ("2015-05") and P-03 ("2015-05-01") tie on date and are ordered by code.
func fixtureInput(tb testing.TB) *Input {
	tb.Helper()
	rows := [][]string{
		// code, date, gender, origin, region, status, country, ses, travelled
		{"P-05", "2016-02-01", "man", "foreign", "Balkans", "returnee", "Kosovo", "middle", "true"},
		{"P-08", "", "woman", "foreign", "Western Europe", "returnee", "France", "poor", "true"},
		{"P-03", "2015-05-01", "man", "foreign", "Western Europe", "prisoner", "Belgium", "middle", "true"},
		{"P-01", "2015-03-01", "man", "local", "Iraq", "defector", "Iraq", "poor", "false"},
		{"P-07", "2018-01-01", "man", "local", "Iraq", "defector", "Iraq", "poor", "false"},
		{"P-02", "2015-05", "woman", "foreign", "Western Europe", "returnee", "France", "middle", ""},
		{"P-06", "2017-07-07", "woman", "foreign", "Western Europe", "returnee", "France", "", "true"},
		{"P-04", "2016-01-10", "woman", "local", "Syria", "defector", "Syria", "poor", "false"},
	}
	slugs := []string{"interview_date", "gender", "origin", "region", "status", "country", "ses", "travelled"}
	types := map[string]ownwords.AttrType{}
	for _, a := range fixtureAttrs {
		types[a.Slug] = a.Type
	}
	in := &Input{
		Study:      &ownwords.Study{ID: "st", Name: "Fixture study", Settings: ownwords.StudySettings{DisclosureK: 3}},
		Attributes: fixtureAttrs,
		Codebook:   fixtureCodebook(),
	}
	for _, r := range rows {
		p := &ownwords.Participant{ID: "id-" + r[0], StudyID: "st", Code: r[0], Values: map[string]ownwords.Value{}}
		for i, slug := range slugs {
			p.Values[slug] = mustValue(tb, types[slug], r[i+1])
		}
		in.Participants = append(in.Participants, p)
		in.Interviews = append(in.Interviews, &ownwords.Interview{ID: "iv-" + r[0], StudyID: "st", ParticipantID: p.ID, Title: r[0]})
	}
	in.Interviews = append(in.Interviews, &ownwords.Interview{ID: "iv-P-01b", StudyID: "st", ParticipantID: "id-P-01", Title: "P-01 second"})
	segs := [][]string{
		// id, interview, code, layer
		{"seg-1", "iv-P-01", "c-pov", "consensus"},
		{"seg-2", "iv-P-01b", "c-pov", "consensus"},
		{"seg-3", "iv-P-01b", "c-theft", "consensus"},
		{"seg-4", "iv-P-02", "c-pov", "consensus"},
		{"seg-5", "iv-P-02", "c-fight", "consensus"},
		{"seg-6", "iv-P-03", "c-ribat", "consensus"},
		{"seg-7", "iv-P-03", "c-fight", "consensus"},
		{"seg-8", "iv-P-04", "c-unemp", "consensus"},
		{"seg-9", "iv-P-05", "c-eng", "consensus"},
		{"seg-10", "iv-P-06", "c-pov", "coder"},
		{"seg-11", "iv-P-07", "c-pov", "consensus"},
		{"seg-12", "iv-P-06", "c-crim", "consensus"},
		{"seg-13", "iv-P-06", "s-vul", "consensus"},
		{"seg-14", "iv-P-04", "c-pov", "consensus"},
	}
	for i, s := range segs {
		in.Segments = append(in.Segments, &ownwords.Segment{
			ID: s[0], StudyID: "st", InterviewID: s[1], CodeID: s[2], CoderID: "u1",
			Layer: s[3], Start: i * 10, End: i*10 + 5,
		})
	}
	return in
}

const fixturePlanJSON = `{
  "name": "fixture",
  "sample": {"order_by": "interview_date", "first": 6},
  "groups": [
    {"name": "all", "filter": {}},
    {"name": "men", "filter": {"gender": "man"}},
    {"name": "women", "filter": {"gender": "woman"}},
    {"name": "european_women", "filter": {"gender": "woman", "region": "Western Europe"}}
  ],
  "sections": ["vulnerabilities", "roles"],
  "attributes": ["gender", "origin", "ses", "travelled"],
  "distinct": ["country"],
  "cooccurrence": [{"a": "roles/fighter_or_ribat", "b": "vulnerabilities/poverty"}],
  "crosstabs": [{"rows": "origin", "cols": "vulnerabilities/poverty"}],
  "quotes_per_item": 2
}`

// mustPlan parses a plan or fails the test.
func mustPlan(tb testing.TB, s string) *Plan {
	tb.Helper()
	p, err := ParsePlan([]byte(s))
	if err != nil {
		tb.Fatalf("ParsePlan: %v", err)
	}
	return p
}

// mustRun runs the plan or fails the test.
func mustRun(tb testing.TB, in *Input, p *Plan) *Result {
	tb.Helper()
	r, err := Run(in, p)
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	return r
}
