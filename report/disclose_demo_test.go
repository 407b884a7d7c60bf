package report

import (
	"bytes"
	"context"
	"encoding/json"
	"ownwords"
	"strings"
	"testing"

	"ownwords/demo"
	"ownwords/disclosure"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// mustDemoReports builds the demo study's team and public reports from a
// real store.
func mustDemoReports(t *testing.T) (team, public *Report) {
	t.Helper()
	team, public, _, _ = mustDemoStudyReports(t)
	return team, public
}

// mustDemoStudyReports is mustDemoReports with the store and the study's ID.
func mustDemoStudyReports(t *testing.T) (team, public *Report, db ownwords.Store, id string) {
	t.Helper()
	ctx := context.Background()
	db, _ = sqldbtest.OpenSQLite(t)
	id, err := demo.Load(ctx, db, demo.Generate(demo.DefaultSeed), vault.HashPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		audience string
		dst      **Report
	}{{AudienceTeam, &team}, {AudiencePublic, &public}} {
		rep, _, err := ForStudy(ctx, db, id, StudyOptions{Options: Options{Audience: p.audience}, WithQuotes: true})
		if err != nil {
			t.Fatalf("%s report: %v", p.audience, err)
		}
		*p.dst = rep
	}
	return team, public, db, id
}

// countTables lists a report's tables of participant counts.
func countTables(rep *Report) []*Table {
	out := []*Table{rep.Sample}
	for _, s := range rep.Sections {
		out = append(out, s.Table)
	}
	out = append(out, rep.Attributes...)
	for _, x := range rep.Crosstabs {
		out = append(out, x.Table)
	}
	return out
}

// TestPublicDemoReportDiscloses nothing small: in the public report of the
// demo, no shown participant count lies in 1..k-1 (JSON figures and
// co-occurrence included), and no hidden count can be worked out from what
// is shown: for every table, the exact feasible range of each hidden cell —
// solved by linear programming over the true counts, the shown cells, the
// group sizes and the relations between groups — protects it.
func TestPublicDemoReportDisclosesNothingSmall(t *testing.T) {
	team, public := mustDemoReports(t)
	k := public.K
	if k < 2 {
		t.Fatalf("k = %d", k)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, public); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Figures []struct {
			Section, Item, Group string
			N                    *int
		}
		Cooccurrence []struct {
			Group          string
			NAB, NA, NB, N *int
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	small := func(n *int) bool { return n != nil && *n >= 1 && *n < k }
	hidden := 0
	for _, f := range out.Figures {
		if f.N == nil {
			hidden++
		}
		// Distinct figures count attribute values, not people.
		if f.Section != "distinct" && small(f.N) {
			t.Errorf("public figure %s/%s/%s shows %d", f.Section, f.Item, f.Group, *f.N)
		}
	}
	if hidden == 0 {
		t.Fatal("the public demo report hides nothing: the test cannot fail")
	}
	for _, c := range out.Cooccurrence {
		for _, n := range []*int{c.NAB, c.NA, c.NB, c.N} {
			if small(n) {
				t.Errorf("public co-occurrence in %s shows %d", c.Group, *n)
			}
		}
	}

	teamTables := map[string]*Table{}
	for _, tb := range countTables(team) {
		teamTables[tb.ID] = tb
	}
	audited := 0
	for _, pub := range countTables(public) {
		truth := teamTables[pub.ID]
		if truth == nil {
			t.Fatalf("table %s missing from the team report", pub.ID)
		}
		// The true counts with the public report's marks, matched by row
		// and column key.
		dt := toDisclosure(truth)
		pubRow := map[string]int{}
		for r, row := range pub.Rows {
			pubRow[row.Key] = r
		}
		pubCol := map[string]int{}
		for c, col := range pub.Columns {
			pubCol[col.Key] = c
		}
		if len(pub.Rows) != len(truth.Rows) || len(pub.Columns) != len(truth.Columns) {
			t.Fatalf("table %s: public %dx%d, team %dx%d", pub.ID, len(pub.Rows), len(pub.Columns), len(truth.Rows), len(truth.Columns))
		}
		for r, row := range truth.Rows {
			for c, col := range truth.Columns {
				dt.Suppressed[r][c] = pub.Rows[pubRow[row.Key]].Cells[pubCol[col.Key]].Suppressed
			}
		}
		for c, col := range truth.Columns {
			dt.ColTotalSuppressed[c] = pub.Totals[pubCol[col.Key]].Suppressed
		}
		for r, row := range truth.Rows {
			if truth.RowTotals != nil {
				dt.RowTotalSuppressed[r] = pub.RowTotals[pubRow[row.Key]].Suppressed
			}
		}
		exps, err := disclosure.Audit(dt, groupRelations(truth), k)
		if err != nil {
			t.Fatalf("audit %s: %v", pub.ID, err)
		}
		for _, e := range exps {
			t.Errorf("table %s: %s", pub.ID, e)
		}
		audited++
	}
	t.Logf("%d hidden figures; %d tables audited", hidden, audited)
}

// TestPublicQuotesRespectRedactions sets the study's redaction list to a
// word found in a public quote and checks that no public quote contains it
// afterwards, while the team report still quotes it.
func TestPublicQuotesRespectRedactions(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.OpenSQLite(t)
	id, err := demo.Load(ctx, db, demo.Generate(demo.DefaultSeed), vault.HashPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	build := func(audience string) *Report {
		rep, _, err := ForStudy(ctx, db, id, StudyOptions{Options: Options{Audience: audience}, WithQuotes: true})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	quotes := func(rep *Report) (out []Quote) {
		for _, s := range rep.Sections {
			out = append(out, s.Quotes...)
		}
		return out
	}
	before := quotes(build(AudiencePublic))
	if len(before) == 0 {
		t.Fatal("the public demo report has no quotes")
	}
	word := "food" // a word of the lack_of_food passages
	hits := 0
	for _, q := range before {
		if len(disclosure.Scan(q.Text, []string{word})) > 0 {
			hits++
		}
	}
	if hits == 0 {
		t.Fatalf("no public quote mentions %q: pick another word", word)
	}
	study, err := db.Study(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	study.Settings.Redactions = []string{word}
	if err := db.UpdateStudy(ctx, study); err != nil {
		t.Fatal(err)
	}
	for _, q := range quotes(build(AudiencePublic)) {
		if len(disclosure.Scan(q.Text, []string{word})) > 0 {
			t.Fatalf("public quote contains redacted %q: %s", word, q.Text)
		}
	}
	team := 0
	for _, q := range quotes(build(AudienceTeam)) {
		team += len(disclosure.Scan(q.Text, []string{word}))
	}
	if team == 0 {
		t.Fatal("the team report lost its quotes too")
	}
}

// TestGroupRelations pins the relations derived from filters: a group with
// two more attributes than another is not one of its parts, whatever order
// a map yields its keys in.
func TestGroupRelations(t *testing.T) {
	col := func(key string, n int, f map[string]string) (Column, Cell) {
		return Column{Key: key, Filter: f}, Cell{N: n}
	}
	tb := &Table{}
	for _, c := range []struct {
		key string
		n   int
		f   map[string]string
	}{
		{"all", 10, map[string]string{}},
		{"men", 6, map[string]string{"gender": "man"}},
		{"women", 4, map[string]string{"gender": "woman"}},
		{"local", 5, map[string]string{"origin": "local"}},
		{"local_men", 3, map[string]string{"gender": "man", "origin": "local"}},
		{"local_women", 2, map[string]string{"gender": "woman", "origin": "local"}},
		{"european_women", 2, map[string]string{"gender": "woman", "region": "Western Europe"}},
	} {
		column, total := col(c.key, c.n, c.f)
		tb.Columns = append(tb.Columns, column)
		tb.Totals = append(tb.Totals, total)
	}
	for range 50 { // map order varies between calls
		var got []string
		for _, r := range groupRelations(tb) {
			got = append(got, r.String())
		}
		want := "all = men + women; local = local_men + local_women"
		if strings.Join(got, "; ") != want {
			t.Fatalf("relations = %q, want %q", strings.Join(got, "; "), want)
		}
	}
}
