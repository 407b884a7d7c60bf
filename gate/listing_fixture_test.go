package gate

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// listingFixture is a study for the use cases that list study text
// (search, quotes, retrieval), in a real store. k is 2. Six participants,
// each with one interview; the comparison of the odd ones (iv[0], iv[2],
// iv[4]) is open, that of the even ones still closed (blind coding):
//
//	P-01, P-02  woman, foreign, returnee
//	P-03, P-04  man, local, prisoner
//	P-05, P-06  woman, local, defector
//
// Each also has an alias (an identifier), notes (free text) and an intake
// number that orders the defectors first, then the prisoners.
//
// Every transcript says "the hisbah came" and "no food" and ends in a
// marker TEXT-0n. The consensus codes "the hisbah came" as
// influences/family in every interview; the coder codes "no food" as
// influences/online in their own layer in every interview; coder2 codes
// "the hisbah came" as influences/online in theirs, in every interview.
type listingFixture struct {
	st             ownwords.Store
	g              *Gate
	study          *ownwords.Study
	users          map[ownwords.Role]*ownwords.User
	coder2         *ownwords.User
	family, online *ownwords.Code
	parts          []*ownwords.Participant
	ivs            []*ownwords.Interview
}

// listingRoles are the callers of the table-driven tests, by name.
var listingRoles = []string{"owner", "coder", "analyst", "viewer", "public"}

func fatalIf(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// listingTranscript is the transcript of the n-th interview (from 1).
func listingTranscript(n int) string {
	return fmt.Sprintf("Interviewer: Why did you go?\nP-%02d: We had no food, and the hisbah came every day. TEXT-%02d\n", n, n)
}

func newListingFixture(tb testing.TB, st ownwords.Store) *listingFixture {
	tb.Helper()
	ctx := context.Background()
	f := &listingFixture{st: st, users: map[ownwords.Role]*ownwords.User{}}
	f.study = &ownwords.Study{Name: "Listings", Settings: ownwords.StudySettings{DisclosureK: 2, Languages: []string{"en"}}}
	fatalIf(tb, st.CreateStudy(ctx, f.study))
	f.g = New(st, f.study.ID)
	for _, r := range []ownwords.Role{ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer} {
		u := &ownwords.User{Name: string(r), PasswordHash: "unused"}
		fatalIf(tb, st.CreateUser(ctx, u))
		fatalIf(tb, st.SetRole(ctx, f.study.ID, u.ID, r))
		f.users[r] = u
	}
	f.coder2 = &ownwords.User{Name: "coder2", PasswordHash: "unused"}
	fatalIf(tb, st.CreateUser(ctx, f.coder2))
	fatalIf(tb, st.SetRole(ctx, f.study.ID, f.coder2.ID, ownwords.RoleCoder))
	for i, a := range []*ownwords.Attribute{
		{Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
		{Slug: "origin", Type: ownwords.AttrCategory},
		{Slug: "status", Type: ownwords.AttrCategory},
		{Slug: "returned", Type: ownwords.AttrBoolean},
		{Slug: "alias", Type: ownwords.AttrCategory, Tag: ownwords.TagIdentifier},
		{Slug: "notes", Type: ownwords.AttrText},
		{Slug: "intake", Type: ownwords.AttrInteger},
	} {
		a.StudyID, a.Position = f.study.ID, i
		fatalIf(tb, st.CreateAttribute(ctx, a))
	}
	section := &ownwords.Code{StudyID: f.study.ID, Slug: "influences", Label: "Influences"}
	fatalIf(tb, st.CreateCode(ctx, section))
	f.family = &ownwords.Code{StudyID: f.study.ID, ParentID: section.ID, Slug: "family", Label: "Family"}
	f.online = &ownwords.Code{StudyID: f.study.ID, ParentID: section.ID, Slug: "online", Label: "Online"}
	fatalIf(tb, st.CreateCode(ctx, f.family))
	fatalIf(tb, st.CreateCode(ctx, f.online))
	people := [][3]string{{"woman", "foreign", "returnee"}, {"woman", "foreign", "returnee"}, {"man", "local", "prisoner"},
		{"man", "local", "prisoner"}, {"woman", "local", "defector"}, {"woman", "local", "defector"}}
	cat := func(s string) ownwords.Value { return ownwords.Value{Type: ownwords.AttrCategory, Str: s} }
	for i, who := range people {
		n := i + 1
		p := &ownwords.Participant{StudyID: f.study.ID, Code: fmt.Sprintf("P-%02d", n), Values: map[string]ownwords.Value{
			"gender": cat(who[0]), "origin": cat(who[1]), "status": cat(who[2]),
			"returned": {Type: ownwords.AttrBoolean, Bool: who[2] == "returnee"},
			"alias":    cat(fmt.Sprintf("Umm %02d", n)), "notes": {Type: ownwords.AttrText, Str: "NOTE"},
			"intake": {Type: ownwords.AttrInteger, Int: int64([]int{5, 6, 3, 4, 1, 2}[i])}}}
		fatalIf(tb, st.CreateParticipant(ctx, p))
		iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: p.ID, Title: fmt.Sprintf("Interview %02d", n), Language: "en",
			Transcript: listingTranscript(n)}
		fatalIf(tb, st.CreateInterview(ctx, iv))
		f.parts, f.ivs = append(f.parts, p), append(f.ivs, iv)
		f.code(tb, iv, f.family, f.users[ownwords.RoleOwner], ownwords.LayerConsensus, "the hisbah came")
		f.code(tb, iv, f.online, f.users[ownwords.RoleCoder], ownwords.LayerCoder, "no food")
		f.code(tb, iv, f.online, f.coder2, ownwords.LayerCoder, "the hisbah came")
		if i%2 == 0 {
			fatalIf(tb, st.OpenComparison(ctx, iv.ID))
		}
	}
	plan := `{"name": "reference", "groups": [{"name": "women", "filter": {"gender": "woman"}}], "sections": ["influences"], "quotes_per_item": 2}`
	fatalIf(tb, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(plan)}))
	return f
}

// code codes the first occurrence of quote in iv.
func (f *listingFixture) code(tb testing.TB, iv *ownwords.Interview, c *ownwords.Code, by *ownwords.User, layer, quote string) *ownwords.Segment {
	tb.Helper()
	i := strings.Index(iv.Transcript, quote)
	if i < 0 {
		tb.Fatalf("%q not in %s", quote, iv.Title)
	}
	start := len([]rune(iv.Transcript[:i]))
	seg := &ownwords.Segment{StudyID: f.study.ID, InterviewID: iv.ID, CodeID: c.ID, CoderID: by.ID, Layer: layer,
		Start: start, End: start + len([]rune(quote)), TextHash: ownwords.HashText(quote)}
	fatalIf(tb, f.st.CreateSegment(context.Background(), seg))
	return seg
}

// caller returns the caller of a role name of listingRoles.
func (f *listingFixture) caller(role string) Caller {
	if role == "public" {
		return Public()
	}
	r := ownwords.Role(role)
	return Member(f.users[r], r)
}

// audited returns "actor action object detail" of the study's audit
// entries whose action has the prefix.
func (f *listingFixture) audited(tb testing.TB, prefix string) []string {
	tb.Helper()
	var out []string
	fatalIf(tb, f.st.AuditEntries(context.Background(), func(e *ownwords.AuditEntry) bool {
		if e.StudyID == f.study.ID && strings.HasPrefix(e.Action, prefix) {
			out = append(out, strings.TrimSpace(e.Actor+" "+e.Action+" "+e.Object+" "+e.Detail))
		}
		return true
	}))
	return out
}

// auditsSince returns a function giving the audit entries with the prefix
// (as audited gives them) recorded since auditsSince was called.
func (f *listingFixture) auditsSince(tb testing.TB, prefix string) func() []string {
	before := len(f.audited(tb, prefix))
	return func() []string { return f.audited(tb, prefix)[before:] }
}

// refused checks that err has the code want ("" for none) and that a
// refused call left no audit entry; it reports whether the call was
// refused.
func refused(tb testing.TB, err error, want string, audits func() []string) bool {
	tb.Helper()
	wantErrCode(tb, err, want)
	if err != nil && len(audits()) > 0 {
		tb.Errorf("a refused call was audited: %q", audits())
	}
	return err != nil
}

// eachListing runs fn on a fresh fixture in SQLite and PostgreSQL.
func eachListing(t *testing.T, fn func(t *testing.T, f *listingFixture)) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) { fn(t, newListingFixture(t, st)) })
}

// wantCode fails unless err has the code want ("" wants no error).
func wantErrCode(tb testing.TB, err error, want string) {
	tb.Helper()
	if got := ownwords.ErrorCode(err); (err == nil) != (want == "") || (err != nil && got != want) {
		tb.Fatalf("err = %v (%s), want %q", err, got, want)
	}
}
