package gate

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// Caller names of the tests: the four roles, a second coder, the public
// and the key holder.
const (
	asOwner     = "owner"
	asCoder     = "coder"
	asCoder2    = "coder2"
	asAnalyst   = "analyst"
	asViewer    = "viewer"
	asPublic    = "public"
	asKeyHolder = "key holder"
)

// codingTranscript is the transcript of both test interviews.
const codingTranscript = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa EXAMPLE lambda mu."

// codingFixture is a study with members of every role, a codebook (a
// section, two codes, a derived and a deprecated one), and two interviews:
// iv coded by coder (family), coder2 (online) and the owner (consensus);
// iv2 uncoded. Comparison is closed everywhere.
type codingFixture struct {
	st      ownwords.Store
	g       *Gate
	study   *ownwords.Study
	users   map[string]*ownwords.User
	roles   map[string]ownwords.Role
	iv, iv2 *ownwords.Interview

	section, family, online, derived, retired *ownwords.Code
	seg, seg2, cons                           *ownwords.Segment
}

// mustCodingFixture fills st.
func mustCodingFixture(t *testing.T, st ownwords.Store) *codingFixture {
	t.Helper()
	ctx := t.Context()
	f := &codingFixture{st: st, users: map[string]*ownwords.User{}, roles: map[string]ownwords.Role{}}
	f.study = sqldbtest.MustStudy(t, st, "Coding")
	f.g = New(st, f.study.ID)
	for name, role := range map[string]ownwords.Role{asOwner: ownwords.RoleOwner, asCoder: ownwords.RoleCoder,
		asCoder2: ownwords.RoleCoder, asAnalyst: ownwords.RoleAnalyst, asViewer: ownwords.RoleViewer} {
		u := &ownwords.User{Name: name}
		mustOK(t, st.CreateUser(ctx, u))
		mustOK(t, st.SetRole(ctx, f.study.ID, u.ID, role))
		f.users[name], f.roles[name] = u, role
	}
	p := &ownwords.Participant{StudyID: f.study.ID, Code: "P-1"}
	mustOK(t, st.CreateParticipant(ctx, p))
	f.iv = &ownwords.Interview{StudyID: f.study.ID, ParticipantID: p.ID, Title: "one", Language: "en", Transcript: codingTranscript}
	f.iv2 = &ownwords.Interview{StudyID: f.study.ID, ParticipantID: p.ID, Title: "two", Language: "en", Transcript: codingTranscript}
	mustOK(t, st.CreateInterview(ctx, f.iv))
	mustOK(t, st.CreateInterview(ctx, f.iv2))
	f.section = &ownwords.Code{StudyID: f.study.ID, Slug: "influences"}
	mustOK(t, st.CreateCode(ctx, f.section))
	f.family = &ownwords.Code{StudyID: f.study.ID, ParentID: f.section.ID, Slug: "family", Example: "EXAMPLE quote"}
	f.online = &ownwords.Code{StudyID: f.study.ID, ParentID: f.section.ID, Slug: "online"}
	f.derived = &ownwords.Code{StudyID: f.study.ID, ParentID: f.section.ID, Slug: "any",
		Derived: &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"family", "online"}}}
	f.retired = &ownwords.Code{StudyID: f.study.ID, ParentID: f.section.ID, Slug: "retired", Deprecated: true}
	for _, k := range []*ownwords.Code{f.family, f.online, f.derived, f.retired} {
		mustOK(t, st.CreateCode(ctx, k))
	}
	f.seg = f.mustSegment(t, f.iv, f.family, asCoder, ownwords.LayerCoder, "Alpha beta gamma delta.")
	f.seg2 = f.mustSegment(t, f.iv, f.online, asCoder2, ownwords.LayerCoder, "Epsilon zeta eta theta.")
	f.cons = f.mustSegment(t, f.iv, f.family, asOwner, ownwords.LayerConsensus, "Alpha beta gamma delta.")
	return f
}

// mustSegment codes the first occurrence of quote in iv directly in the
// store.
func (f *codingFixture) mustSegment(t *testing.T, iv *ownwords.Interview, k *ownwords.Code, coder, layer, quote string) *ownwords.Segment {
	t.Helper()
	start, end := codePoints(t, iv.Transcript, quote)
	seg := &ownwords.Segment{StudyID: f.study.ID, InterviewID: iv.ID, CodeID: k.ID, CoderID: f.users[coder].ID,
		Layer: layer, Start: start, End: end, TextHash: ownwords.HashText(quote)}
	mustOK(t, f.st.CreateSegment(t.Context(), seg))
	return seg
}

// as returns the caller named who.
func (f *codingFixture) as(who string) Caller {
	switch who {
	case asPublic:
		return Public()
	case asKeyHolder:
		return KeyHolder()
	}
	return Member(f.users[who], f.roles[who])
}

// newSegment is a coding of quote in iv with code k.
func (f *codingFixture) newSegment(t *testing.T, iv *ownwords.Interview, k *ownwords.Code, quote, layer string) NewSegment {
	t.Helper()
	start, end := codePoints(t, iv.Transcript, quote)
	return NewSegment{InterviewID: iv.ID, CodeID: k.ID, Start: start, End: end, TextHash: ownwords.HashText(quote), Layer: layer}
}

// auditLog returns the audit log as "actor action object" lines.
func (f *codingFixture) auditLog(t *testing.T) []string {
	t.Helper()
	var out []string
	mustOK(t, f.st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		out = append(out, e.Actor+" "+e.Action+" "+e.Object)
		return true
	}))
	return out
}

// codePoints returns the code-point range of the first occurrence of
// quote in text.
func codePoints(t testing.TB, text, quote string) (int, int) {
	t.Helper()
	i := strings.Index(text, quote)
	if i < 0 {
		t.Fatalf("%q not in the transcript", quote)
	}
	start := len([]rune(text[:i]))
	return start, start + len([]rune(quote))
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails t unless err has code want ("" for none).
func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := ownwords.ErrorCode(err); got != want {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, want)
	}
}
