package quotes

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// Accounts of the fixture study: two owners, a coder, an analyst.
const (
	ownerA  = "ann"
	ownerB  = "bob"
	coder   = "cat"
	analyst = "dan"
)

// fixture is a small study in a real store: nine participants, each with
// one interview whose consensus coding of vulnerabilities/poverty is the
// sentence passage(i). k is 3; the redaction list names "Abu Omar".
//
//	P-01..P-04  woman, foreign, returnee
//	P-05..P-08  man, Mosul, prisoner
//	P-09        woman, Mosul, defector (too rare to be worded beyond "a woman")
type fixture struct {
	st      ownwords.Store
	study   *ownwords.Study
	users   map[string]*ownwords.User
	poverty *ownwords.Code
	ivs     []*ownwords.Interview // by participant
}

func passage(i int) string {
	return fmt.Sprintf("We had no food for %d days, so I listened to them.", i)
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// newFixture fills st with the fixture study.
func newFixture(tb testing.TB, st ownwords.Store) *fixture {
	tb.Helper()
	ctx := context.Background()
	f := &fixture{st: st, users: map[string]*ownwords.User{}}
	f.study = &ownwords.Study{Name: "Quotes", Settings: ownwords.StudySettings{DisclosureK: 3, Redactions: []string{"Abu Omar"}}}
	must(tb, st.CreateStudy(ctx, f.study))
	for name, role := range map[string]ownwords.Role{ownerA: ownwords.RoleOwner, ownerB: ownwords.RoleOwner, coder: ownwords.RoleCoder, analyst: ownwords.RoleAnalyst} {
		u := &ownwords.User{Name: name, PasswordHash: "unused"}
		must(tb, st.CreateUser(ctx, u))
		must(tb, st.SetRole(ctx, f.study.ID, u.ID, role))
		f.users[name] = u
	}
	for i, slug := range []string{"gender", "origin", "status"} {
		must(tb, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: slug, Type: ownwords.AttrCategory, Position: i}))
	}
	section := &ownwords.Code{StudyID: f.study.ID, Slug: "vulnerabilities", Label: "Vulnerabilities"}
	must(tb, st.CreateCode(ctx, section))
	f.poverty = &ownwords.Code{StudyID: f.study.ID, ParentID: section.ID, Slug: "poverty", Label: "Poverty"}
	must(tb, st.CreateCode(ctx, f.poverty))
	for range 4 {
		f.addParticipant(tb, "woman", "foreign", "returnee", "")
	}
	for range 4 {
		f.addParticipant(tb, "man", "Mosul", "prisoner", "")
	}
	f.addParticipant(tb, "woman", "Mosul", "defector", "")
	plan := `{"name": "reference", "groups": [{"name": "women", "filter": {"gender": "woman"}},
		{"name": "defectors", "filter": {"status": "defector"}}], "sections": ["vulnerabilities"], "attributes": ["gender"]}`
	must(tb, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(plan)}))
	return f
}

// addParticipant adds the next participant with an interview whose
// passage (passage(n) for the n-th, or quote if given) is coded poverty in consensus.
func (f *fixture) addParticipant(tb testing.TB, gender, origin, status, quote string) {
	tb.Helper()
	ctx := context.Background()
	n := len(f.ivs) + 1
	cat := func(s string) ownwords.Value { return ownwords.Value{Type: ownwords.AttrCategory, Str: s} }
	p := &ownwords.Participant{StudyID: f.study.ID, Code: fmt.Sprintf("P-%02d", n),
		Values: map[string]ownwords.Value{"gender": cat(gender), "origin": cat(origin), "status": cat(status)}}
	must(tb, f.st.CreateParticipant(ctx, p))
	if quote == "" {
		quote = passage(n)
	}
	transcript := "Interviewer: Why did you go?\n" + p.Code + ": " + quote + "\nInterviewer: Thank you."
	iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: p.ID, Title: "Interview " + p.Code, Language: "en", Transcript: transcript}
	must(tb, f.st.CreateInterview(ctx, iv))
	f.ivs = append(f.ivs, iv)
	f.code(tb, iv, quote)
}

// code codes the first occurrence of quote in iv as poverty, in consensus.
func (f *fixture) code(tb testing.TB, iv *ownwords.Interview, quote string) {
	tb.Helper()
	start := len([]rune(iv.Transcript[:strings.Index(iv.Transcript, quote)]))
	must(tb, f.st.CreateSegment(context.Background(), &ownwords.Segment{StudyID: f.study.ID, InterviewID: iv.ID, CodeID: f.poverty.ID,
		CoderID: f.users[ownerA].ID, Layer: ownwords.LayerConsensus, Start: start, End: start + len([]rune(quote)),
		TextHash: ownwords.HashText(quote)}))
}

// addText gives iv an Arabic original, aligned with its transcript.
func (f *fixture) addText(tb testing.TB, iv *ownwords.Interview, original string) {
	tb.Helper()
	must(tb, f.st.PutInterviewText(context.Background(), &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: iv.ID,
		Language: "ar", Role: ownwords.TextOriginal, Text: original}))
}

// setRedactions replaces the study's redaction list.
func (f *fixture) setRedactions(tb testing.TB, terms ...string) {
	tb.Helper()
	f.study.Settings.Redactions = terms
	must(tb, f.st.UpdateStudy(context.Background(), f.study))
}

// as returns a context whose actor is the named account.
func as(tb testing.TB, name string) context.Context {
	return ownwords.WithActor(tb.Context(), name)
}

// entries returns the study's audit entries with the given action.
func (f *fixture) entries(tb testing.TB, action string) []*ownwords.AuditEntry {
	tb.Helper()
	var out []*ownwords.AuditEntry
	must(tb, f.st.AuditEntries(tb.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Action == action && e.StudyID == f.study.ID {
			out = append(out, e)
		}
		return true
	}))
	return out
}

// each runs fn on a fresh fixture in SQLite and PostgreSQL.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) { fn(t, newFixture(t, st)) })
}

// fresh returns a new fixture in a new store of f's dialect, for a test
// case that changes the study: the others share one fixture per store,
// which a store per case would make several times slower.
func (f *fixture) fresh(t *testing.T) *fixture {
	t.Helper()
	if f.st.Dialect() == "postgres" {
		return newFixture(t, sqldbtest.OpenPostgres(t))
	}
	db, _ := sqldbtest.OpenSQLite(t)
	return newFixture(t, db)
}
