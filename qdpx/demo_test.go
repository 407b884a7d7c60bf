package qdpx_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/demo"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// storeIDs matches the UUIDs a store assigns, which differ between stores.
var storeIDs = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func mustTeamReport(tb testing.TB, st ownwords.Store, studyID string) []byte {
	tb.Helper()
	rep, _, err := report.ForStudy(context.Background(), st, studyID, report.StudyOptions{Options: report.Options{Audience: report.AudienceTeam}})
	if err != nil {
		tb.Fatalf("report: %v", err)
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, rep); err != nil {
		tb.Fatal(err)
	}
	return storeIDs.ReplaceAll(buf.Bytes(), []byte("ID"))
}

// TestDemoRoundTripKeepsTheReport exports the demo study, imports it into
// a fresh store and checks that the team report is byte-for-byte the same.
// Analysis plans are not part of REFI-QDA, so the test copies the plan.
func TestDemoRoundTripKeepsTheReport(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole demo study twice")
	}
	ctx := t.Context()
	src, _ := sqldbtest.OpenSQLite(t)
	id, err := demo.Load(ctx, src, demo.Generate(demo.DefaultSeed), vault.HashPassword, nil)
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	want := mustTeamReport(t, src, id)
	out := mustExport(t, src, id)
	mustValidate(t, out, "")

	study, err := src.Study(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := sqldbtest.OpenSQLite(t)
	fresh := &ownwords.Study{Name: study.Name, Settings: study.Settings}
	if err := dst.CreateStudy(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	rep := mustApply(t, dst, fresh.ID, mustRead(t, "demo.qdpx", out))
	if len(rep.Dropped) != 0 {
		t.Errorf("the round trip dropped %d things, e.g. %+v", len(rep.Dropped), rep.Dropped[0])
	}
	plans, err := src.Plans(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		p.StudyID = fresh.ID
		if err := dst.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got := mustTeamReport(t, dst, fresh.ID)
	if !bytes.Equal(want, got) {
		t.Fatalf("the report changed after the round trip (%d vs %d bytes)", len(want), len(got))
	}
	a, b := fingerprint(t, src, id), fingerprint(t, dst, fresh.ID)
	if len(a) < 1000 || !slices.ContainsFunc(a, func(l string) bool { return strings.HasPrefix(l, "text ") }) {
		t.Fatalf("fingerprint of the demo has only %d lines, or no other text of an interview", len(a))
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			t.Fatalf("study differs after the round trip:\nwant %s\ngot  %s", a[i], b[i])
		}
	}
	if len(a) != len(b) {
		t.Fatalf("%d lines after the round trip, want %d", len(b), len(a))
	}
}

// fingerprint lists a study's codebook, attributes, participants,
// interviews with their other texts, and segments by their stable names, without store IDs.
func fingerprint(tb testing.TB, st ownwords.Store, studyID string) []string {
	tb.Helper()
	ctx := context.Background()
	var out []string
	cb, _ := st.Codebook(ctx, studyID)
	for _, c := range cb.Codes {
		out = append(out, fmt.Sprintf("code %s %q %q %q %q %q %q %v %v %v", cb.Path(c), c.Label, c.Description, c.Inclusion, c.Exclusion, c.Example, c.Color, c.Derived, c.Deprecated, c.Published))
	}
	attrs, _ := st.Attributes(ctx, studyID)
	for _, a := range attrs {
		out = append(out, fmt.Sprintf("attr %s %q %s %v %q %s %d", a.Slug, a.Label, a.Type, a.Values, a.Description, a.Tag, a.Position))
	}
	ps, _ := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: studyID})
	codes := map[string]string{}
	for _, p := range ps {
		codes[p.ID] = p.Code
		for _, a := range attrs {
			out = append(out, fmt.Sprintf("value %s %s %q", p.Code, a.Slug, p.Values[a.Slug].String()))
		}
	}
	ivs, _ := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID, WithText: true})
	titles := map[string]string{}
	for _, iv := range ivs {
		titles[iv.ID] = iv.Title
		out = append(out, fmt.Sprintf("interview %q %s %s %q %q %q %q %s %s", iv.Title, codes[iv.ParticipantID], iv.Date, iv.Place, iv.Language, iv.Interpreter, iv.Status, ownwords.HashText(iv.Transcript), ownwords.HashText(iv.Translation)))
		texts, _ := st.InterviewTexts(ctx, iv.ID)
		for _, t := range texts {
			out = append(out, fmt.Sprintf("text %q %s %s %q %s %s %s", iv.Title, t.Language, t.Role, t.Translator, t.Method, t.Date, ownwords.HashText(t.Text)))
		}
	}
	users, _ := st.Users(ctx)
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	segs, _ := st.Segments(ctx, ownwords.SegmentFilter{StudyID: studyID})
	for _, s := range segs {
		out = append(out, fmt.Sprintf("segment %q %s %s %s %d %d %s %q", titles[s.InterviewID], cb.Path(cb.ByID(s.CodeID)), names[s.CoderID], s.Layer, s.Start, s.End, s.TextHash, s.Memo))
	}
	slices.Sort(out)
	return out
}

// memoLines lists a study's memos by their targets' stable names, with
// title, author, body and anchor, without store IDs.
func memoLines(tb testing.TB, st ownwords.Store, studyID string) []string {
	tb.Helper()
	ctx := context.Background()
	cb, names := codebookAndUsers(tb, st, studyID)
	key := map[string]string{studyID: "study"}
	ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: studyID})
	fatal(tb, err)
	for _, p := range ps {
		key[p.ID] = p.Code
	}
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	fatal(tb, err)
	for _, iv := range ivs {
		key[iv.ID] = iv.Title
	}
	for _, c := range cb.Codes {
		key[c.ID] = cb.Path(c)
	}
	segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: studyID})
	fatal(tb, err)
	for _, s := range segs {
		key[s.ID] = fmt.Sprintf("%s %s %s %s [%d,%d)", key[s.InterviewID], cb.Path(cb.ByID(s.CodeID)), names[s.CoderID], s.Layer, s.Start, s.End)
	}
	ms, err := st.Memos(ctx, studyID, "", "")
	fatal(tb, err)
	var out []string
	for _, m := range ms {
		anchor := ""
		if m.Anchor != nil {
			anchor = fmt.Sprintf(" at [%d,%d)", m.Anchor.Start, m.Anchor.End)
		}
		out = append(out, fmt.Sprintf("memo on %s %s%s %q by %s: %q", m.TargetType, key[m.TargetID], anchor, m.Title, names[m.AuthorID], m.Body))
	}
	slices.Sort(out)
	return out
}

// codebookAndUsers returns a study's codebook and the names of all users
// by ID.
func codebookAndUsers(tb testing.TB, st ownwords.Store, studyID string) (*ownwords.Codebook, map[string]string) {
	tb.Helper()
	cb, err := st.Codebook(context.Background(), studyID)
	fatal(tb, err)
	users, err := st.Users(context.Background())
	fatal(tb, err)
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return cb, names
}
