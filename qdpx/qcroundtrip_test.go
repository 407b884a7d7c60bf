package qdpx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
	"ownwords/demo"
	"ownwords/qdpx"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// mustOwnerReport is the team report as `ownwords report --audience team
// --format json` gives it to an owner: with quotes, which read the
// transcripts at the segments' positions.
func mustOwnerReport(tb testing.TB, st ownwords.Store, studyID string) []byte {
	tb.Helper()
	rep, _, err := report.ForStudy(context.Background(), st, studyID, report.StudyOptions{Options: report.Options{Audience: report.AudienceTeam}, WithQuotes: true})
	fatal(tb, err)
	var buf bytes.Buffer
	fatal(tb, report.WriteJSON(&buf, rep))
	if !bytes.Contains(buf.Bytes(), []byte(`"quotes": [`)) || !bytes.Contains(buf.Bytes(), []byte(`"text": "`)) {
		tb.Fatalf("the report has no quotes:\n%.2000s", buf.Bytes())
	}
	return storeIDs.ReplaceAll(buf.Bytes(), []byte("ID"))
}

// eachStore runs fn on SQLite and on PostgreSQL (skipped without
// OWNWORDS_TEST_POSTGRES); open opens a fresh store of that kind.
func eachStore(t *testing.T, fn func(t *testing.T, open func(testing.TB) ownwords.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, func(tb testing.TB) ownwords.Store { db, _ := sqldbtest.OpenSQLite(tb); return db })
	})
	t.Run("postgres", func(t *testing.T) {
		sqldbtest.PostgresDSN(t)
		fn(t, func(tb testing.TB) ownwords.Store { return sqldbtest.OpenPostgres(tb) })
	})
}

// freshStudy creates an empty study like src's (name and settings, which
// REFI-QDA does not carry) in dst.
func freshStudy(tb testing.TB, src, dst ownwords.Store, id string) *ownwords.Study {
	tb.Helper()
	study, err := src.Study(context.Background(), id)
	fatal(tb, err)
	fresh := &ownwords.Study{Name: study.Name, Settings: study.Settings}
	fatal(tb, dst.CreateStudy(context.Background(), fresh))
	return fresh
}

// copyPlans exports src's analysis plans as a plan file and imports that
// file into dst, as `ownwords export --format plan` and `ownwords import
// PLAN.json` do.
func copyPlans(tb testing.TB, src ownwords.Store, srcID string, dst ownwords.Store, dstID string) {
	tb.Helper()
	ctx := context.Background()
	stored, err := src.Plans(ctx, srcID)
	fatal(tb, err)
	var plans []*analysis.Plan
	for _, s := range ownwords.AnalysisPlans(stored) {
		p, err := analysis.ParsePlan(s.Body)
		fatal(tb, err)
		plans = append(plans, p)
	}
	file, err := analysis.MarshalPlanFile(plans)
	fatal(tb, err)
	parsed, err := analysis.ParsePlanFile(file)
	fatal(tb, err)
	fatal(tb, dst.Update(ctx, func(svc ownwords.Services) error {
		_, err := analysis.SavePlans(ctx, svc, dstID, "plans.json", parsed, false)
		return err
	}))
}

// codingCounts counts a study's segments by code path, coder name and
// layer: "path|coder|layer".
func codingCounts(tb testing.TB, st ownwords.Store, studyID string) map[string]int {
	tb.Helper()
	ctx := context.Background()
	cb, names := codebookAndUsers(tb, st, studyID)
	segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: studyID})
	fatal(tb, err)
	out := map[string]int{}
	for _, s := range segs {
		out[cb.Path(cb.ByID(s.CodeID))+"|"+names[s.CoderID]+"|"+s.Layer]++
	}
	return out
}

// sameLines fails tb at the first line where got differs from want.
func sameLines(tb testing.TB, what string, want, got []string) {
	tb.Helper()
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			tb.Fatalf("%s differs:\nwant %s\ngot  %s", what, want[i], got[i])
		}
	}
	if len(want) != len(got) {
		tb.Fatalf("%s: %d lines, want %d", what, len(got), len(want))
	}
}

// replaceEntry returns archive b with entry name's content replaced.
func replaceEntry(tb testing.TB, b []byte, name string, content []byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	fatal(tb, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		body := content
		if f.Name != name {
			body = mustUnzipEntry(tb, b, f.Name)
		}
		w, err := zw.Create(f.Name)
		fatal(tb, err)
		_, err = w.Write(body)
		fatal(tb, err)
	}
	fatal(tb, zw.Close())
	return buf.Bytes()
}

// TestQualCoderRoundTripReproducesTheReport: the synthetic study goes
// ownwords → .qdpx → QualCoder (asQualCoder: fresh GUIDs, cases without
// SourceRefs though the user links them to their files, colours of its
// palette, one user per coding) → ownwords, into a fresh store, and with
// its plan file gives the same team report, byte for byte; codes (but for
// their colours), attributes, interviews and the codings per code and
// coder are the same, the consensus layer among them, and no account
// "consensus" is made. The import report lists each repair and each
// entry dropped. TestReplayQualCoder does the same with files the real
// QualCoder wrote.
func TestQualCoderRoundTripReproducesTheReport(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) ownwords.Store) {
		src := open(t)
		study := syntheticStudy(t, src)
		qc := asQualCoder(t, mustExport(t, src, study.ID), qcOptions{linkCases: true})
		checkSyntheticFromQualCoder(t, src, study.ID, open(t), "qc.qdpx", qc)
	})
}

// checkSyntheticFromQualCoder imports qc, the synthetic study of src
// after QualCoder, into a fresh study of dst, applies the original's plan
// and compares: the same team report byte for byte, the same study but
// for the colours QualCoder gives codes, the same codings per code and
// coder with consensus as its own layer, no account "consensus", no
// participant split in two, and an import report that lists each repair
// and each entry dropped. It returns the import report.
func checkSyntheticFromQualCoder(t *testing.T, src ownwords.Store, studyID string, dst ownwords.Store, name string, qc []byte) *qdpx.Report {
	t.Helper()
	fresh := freshStudy(t, src, dst, studyID)
	rep := mustApply(t, dst, fresh.ID, mustRead(t, name, qc))
	copyPlans(t, src, studyID, dst, fresh.ID)
	if want, got := mustOwnerReport(t, src, studyID), mustOwnerReport(t, dst, fresh.ID); !bytes.Equal(want, got) {
		t.Fatalf("the report differs from the original's:\n%s", firstDiff(want, got))
	}
	// QualCoder gives every code a colour of its palette (the original's
	// #aa3300 comes back as #BF360C, colourless codes get one at random)
	// and REFI-QDA cannot say whether the user chose it: the import takes
	// the file's colours.
	sameLines(t, "the study", withoutColours(fingerprint(t, src, studyID)), withoutColours(fingerprint(t, dst, fresh.ID)))
	a, b := codingCounts(t, src, studyID), codingCounts(t, dst, fresh.ID)
	if !maps.Equal(a, b) {
		t.Errorf("codings per code and coder:\nwant %v\ngot  %v", a, b)
	}
	if a["influences/online_videos|ada|consensus"] == 0 {
		t.Fatalf("the study has no consensus codings to compare: %v", a)
	}
	if _, err := dst.UserByName(t.Context(), qdpx.ConsensusUser); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		t.Errorf("the consensus layer became an account (err %v)", err)
	}
	owners, n := interviewOwners(t, dst, fresh.ID)
	for title, code := range owners {
		if !strings.HasPrefix(title, code+"_") {
			t.Errorf("interview %s belongs to %s", title, code)
		}
	}
	segs := 0
	for _, k := range a {
		segs += k
	}
	if k := rep.Kept; n != 6 || k.Participants != 6 || rep.Created.Participants != 6 || k.Sources != 6 || k.Codes != 11 || k.Codings != segs || k.Attributes != 8 {
		t.Errorf("%d participants; kept %+v, want 6 participants and sources, 11 codes, 8 attributes, %d codings", n, k, segs)
	}
	// QualCoder writes no case SourceRefs for text sources (even linked
	// to their cases), so each source goes to its case by ownwords' data;
	// its second copy of each text is no source's.
	if rep.DroppedCount("case reference") != 0 || countNotes(rep, "by ownwords' data") != 6 {
		t.Errorf("case links:\n%s", rep)
	}
	if rep.DroppedCount("archive entry") != 6 || len(rep.Dropped) != 6 {
		t.Errorf("dropped:\n%s", rep)
	}
	if countNotes(rep, "attributed to ada, the adjudicator") != 1 {
		t.Errorf("the adjudicator of consensus codings is not reported:\n%s", rep)
	}
	// Every memo comes back once, on its target, with its title, author,
	// body and anchor: QualCoder keeps the notes of memos without an
	// anchor as journals (name, text, date; the author only if a user who
	// coded) and the anchored memo as an annotation (span, text, author);
	// ownwords' data names each one's target, title and author.
	want := memoLines(t, src, studyID)
	sameLines(t, "the memos", want, memoLines(t, dst, fresh.ID))
	// What is not restored: each memo's creation time (the store sets it),
	// which the report says.
	if len(want) != 6 || rep.Kept.Memos != 6 || rep.Annotations != 1 || countNotes(rep, "placed on their memo's target") != 1 ||
		countNotes(rep, "6 memo(s) take the time of this import") != 1 {
		t.Errorf("%d memos, %d kept, %d annotations; want 6, 6, 1:\n%s", len(want), rep.Kept.Memos, rep.Annotations, rep)
	}
	return rep
}

// TestQualCoderRoundTripWithoutCaseLinks: a QualCoder user who does not
// link files to cases exports cases without SourceRefs; the sources still
// go to their participants (by ownwords' data), none split in two.
func TestQualCoderRoundTripWithoutCaseLinks(t *testing.T) {
	src, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, src)
	qc := asQualCoder(t, mustExport(t, src, study.ID), qcOptions{})
	dst, fresh, rep := mustImport(t, "qc.qdpx", qc)
	owners, n := interviewOwners(t, dst, fresh.ID)
	for title, code := range owners {
		if !strings.HasPrefix(title, code+"_") {
			t.Errorf("interview %s belongs to %s", title, code)
		}
	}
	if n != 6 || rep.DroppedCount("case reference") != 0 || countNotes(rep, "by ownwords' data") != 6 {
		t.Errorf("%d participants; report:\n%s", n, rep)
	}
}

// interviewOwners returns the participant code of each interview by
// title, and the number of participants.
func interviewOwners(tb testing.TB, st ownwords.Store, studyID string) (map[string]string, int) {
	tb.Helper()
	ps, err := st.Participants(context.Background(), ownwords.ParticipantFilter{StudyID: studyID})
	fatal(tb, err)
	ivs, err := st.Interviews(context.Background(), ownwords.InterviewFilter{StudyID: studyID})
	fatal(tb, err)
	codes := map[string]string{}
	for _, p := range ps {
		codes[p.ID] = p.Code
	}
	out := map[string]string{}
	for _, iv := range ivs {
		out[iv.Title] = codes[iv.ParticipantID]
	}
	return out, len(ps)
}

// TestDirectRoundTripKeepsEverything: export → import without another
// tool keeps the study whole (the fingerprint, the report with the plan
// file) and drops nothing; ownwords' data is matched by GUID, so a code
// renamed by a tool that keeps GUIDs keeps its slug and takes its new
// name as label.
func TestDirectRoundTripKeepsEverything(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) ownwords.Store) {
		src := open(t)
		study := syntheticStudy(t, src)
		out := mustExport(t, src, study.ID)
		mustValidate(t, out, "")
		dst := open(t)
		fresh := freshStudy(t, src, dst, study.ID)
		rep := mustApply(t, dst, fresh.ID, mustRead(t, "out.qdpx", out))
		if len(rep.Dropped) != 0 || countNotes(rep, "linked") != 0 || countNotes(rep, "plain code") != 0 {
			t.Errorf("the direct round trip reported:\n%s", rep)
		}
		copyPlans(t, src, study.ID, dst, fresh.ID)
		if want, got := mustOwnerReport(t, src, study.ID), mustOwnerReport(t, dst, fresh.ID); !bytes.Equal(want, got) {
			t.Fatalf("the report changed after the round trip:\n%s", firstDiff(want, got))
		}
		sameLines(t, "the study", fingerprint(t, src, study.ID), fingerprint(t, dst, fresh.ID))
		// Every memo once, on its target, with its title, author, body
		// and anchor: notes are matched by NoteRef, else by ownwords' data.
		want := memoLines(t, src, study.ID)
		sameLines(t, "the memos", want, memoLines(t, dst, fresh.ID))
		if len(want) != 6 || rep.Kept.Memos != 6 || rep.Annotations != 1 {
			t.Errorf("%d memos, %d kept, %d annotations; want 6, 6, 1:\n%s", len(want), rep.Kept.Memos, rep.Annotations, rep)
		}
	})
}

// TestMetadataMatchesByGUID: a tool that keeps GUIDs but renames a code
// and a variable: ownwords' data still applies to them by GUID.
func TestMetadataMatchesByGUID(t *testing.T) {
	src, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, src)
	out := mustExport(t, src, study.ID)
	qde := string(mustUnzipEntry(t, out, "project.qde"))
	for _, r := range [][2]string{{`name="Revenge (Will to fight)"`, `name="Vengeance"`}, {`name="Age at interview"`, `name="Age"`}} {
		if !strings.Contains(qde, r[0]) {
			t.Fatalf("no %s in the export", r[0])
		}
		qde = strings.Replace(qde, r[0], r[1], 1)
	}
	dst, fresh, rep := mustImport(t, "renamed.qdpx", replaceEntry(t, out, "project.qde", []byte(qde)))
	got := mustCodes(t, dst, fresh.ID)
	if c := got["will/revenge"]; c == nil || c.Label != "Vengeance" || c.Description != "fought on to avenge someone" {
		t.Errorf("will/revenge: %+v\n%s", c, rep)
	}
	if c := got["atrocities/revenge"]; c == nil || c.Label != "Revenge" {
		t.Errorf("atrocities/revenge: %+v", c)
	}
	attrs, err := dst.Attributes(t.Context(), fresh.ID)
	fatal(t, err)
	var age *ownwords.Attribute
	for _, a := range attrs {
		if a.Slug == "age" {
			age = a
		}
	}
	if age == nil || age.Label != "Age" || age.Type != ownwords.AttrInteger {
		t.Errorf("age: %+v", age)
	}
}

// TestLegacyMetadataStillImports: a file of an earlier ownwords, whose
// elements carry "ownwords: {json}" lines and whose derived code is not
// codable (testdata/refi-qda/ownwords-legacy-meta.qdpx, the synthetic
// study as exported then), imports whole; through QualCoder, which
// detaches such a code from its section, the code arrives as a plain code
// with a line of the report, and no participant is split in two.
func TestLegacyMetadataStillImports(t *testing.T) {
	legacy := mustReadFile(t, fixture("ownwords-legacy-meta.qdpx"))
	if !bytes.Contains(mustUnzipEntry(t, legacy, "project.qde"), []byte("ownwords: {")) {
		t.Fatal("the fixture has no ownwords lines")
	}
	src, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, src)
	dst, fresh, rep := mustImport(t, "legacy.qdpx", legacy)
	if len(rep.Dropped) != 0 {
		t.Errorf("dropped:\n%s", rep)
	}
	sameLines(t, "the study", fingerprint(t, src, study.ID), fingerprint(t, dst, fresh.ID))

	// QualCoder's import stops on the file as written then, whose notes
	// have no date (TestNotesCarryTheirDate); date them as exports do now.
	qde := bytes.ReplaceAll(mustUnzipEntry(t, legacy, "project.qde"), []byte("<Note "), []byte(`<Note creationDateTime="2026-08-01T00:00:00Z" `))
	dated := replaceEntry(t, legacy, "project.qde", qde)
	dst, fresh, rep = mustImport(t, "legacy-qc.qdpx", asQualCoder(t, dated, qcOptions{linkCases: true}))
	if countNotes(rep, `code "Online (any)": derived in ownwords (any of online_videos, internet_recruiter), but "online_videos" is not a code beside it; imported as a plain code`) != 1 {
		t.Errorf("the derived code's fate is not reported:\n%s", rep)
	}
	c := mustCodes(t, dst, fresh.ID)["online_any"]
	if c == nil || c.Derived != nil || c.Description != "influenced online in some way" {
		t.Errorf("online_any: %+v", c)
	}
	ps, err := dst.Participants(t.Context(), ownwords.ParticipantFilter{StudyID: fresh.ID})
	fatal(t, err)
	if len(ps) != 6 || countNotes(rep, "by name") != 6 {
		t.Errorf("%d participants, want 6:\n%s", len(ps), rep)
	}
}

// TestDerivedCodeCodedElsewhere: a derived code that arrives with codings
// made in another tool is imported as a plain code with its codings, and
// the report says so; the import is never refused over a derivation.
func TestDerivedCodeCodedElsewhere(t *testing.T) {
	src, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, src)
	out := mustExport(t, src, study.ID)
	p := mustRead(t, "out.qdpx", out)
	var derived, videos string
	var walk func([]*qdpx.Code)
	walk = func(cs []*qdpx.Code) {
		for _, c := range cs {
			switch c.Name {
			case "Online (any)":
				derived = c.GUID
			case "Online videos (passive viewing)":
				videos = c.GUID
			}
			walk(c.Codes)
		}
	}
	walk(p.CodeBook.Codes.Codes)
	if !strings.Contains(p.CodeBook.Codes.Codes[2].Codes[3].Description, "Derived in ownwords: any of Online videos (passive viewing), Internet recruiter; not coded directly.") {
		t.Errorf("derived code's description: %q", p.CodeBook.Codes.Codes[2].Codes[3].Description)
	}
	n := 0
	for _, s := range p.Sources.Text {
		for _, sel := range s.Selections {
			if len(sel.Codings) > 0 && sel.Codings[0].Code.Target == videos {
				sel.Codings[0].Code.Target = derived
				n++
			}
		}
	}
	dst, _ := sqldbtest.OpenSQLite(t)
	fresh := sqldbtest.MustStudy(t, dst, "copy")
	rep := mustApply(t, dst, fresh.ID, p)
	if countNotes(rep, fmt.Sprintf("the file has %d coding(s) of it, made in another tool; imported as a plain code", n)) != 1 {
		t.Errorf("report:\n%s", rep)
	}
	if got := codingCounts(t, dst, fresh.ID); got["influences/online_any|ada|consensus"] == 0 {
		t.Errorf("the codings of the code were not kept: %v", got)
	}
}

func countNotes(r *qdpx.Report, sub string) int {
	n := 0
	for _, l := range r.Notes {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

// firstDiff shows where two documents first differ.
func firstDiff(want, got []byte) string {
	i := 0
	for i < min(len(want), len(got)) && want[i] == got[i] {
		i++
	}
	from := max(i-200, 0)
	return fmt.Sprintf("at byte %d:\nwant …%s…\ngot  …%s…", i, want[from:min(i+200, len(want))], got[from:min(i+200, len(got))])
}

// TestDemoThroughQualCoder: the whole demo study through QualCoder and
// back, with its plan file, gives the same team report, on both stores,
// and makes no memo the demo does not have (it has none: ownwords' data
// in the project Description is not a memo).
func TestDemoThroughQualCoder(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole demo study twice")
	}
	eachStore(t, func(t *testing.T, open func(testing.TB) ownwords.Store) {
		ctx := t.Context()
		src := open(t)
		id, err := demo.Load(ctx, src, demo.Generate(demo.DefaultSeed), vault.HashPassword, nil)
		fatal(t, err)
		want := mustOwnerReport(t, src, id)
		qc := asQualCoder(t, mustExport(t, src, id), qcOptions{linkCases: true})
		dst := open(t)
		fresh := freshStudy(t, src, dst, id)
		rep := mustApply(t, dst, fresh.ID, mustRead(t, "demo-qc.qdpx", qc))
		copyPlans(t, src, id, dst, fresh.ID)
		if got := mustOwnerReport(t, dst, fresh.ID); !bytes.Equal(want, got) {
			t.Fatalf("the demo report changed after the round trip through QualCoder:\n%s", firstDiff(want, got))
		}
		if a, b := codingCounts(t, src, id), codingCounts(t, dst, fresh.ID); !maps.Equal(a, b) {
			t.Errorf("codings per code and coder differ (%d vs %d keys)", len(a), len(b))
		}
		sameLines(t, "the memos", memoLines(t, src, id), memoLines(t, dst, fresh.ID))
		_, n := interviewOwners(t, dst, fresh.ID)
		if n != demo.Interviewed || countNotes(rep, "by ownwords' data") != demo.Interviewed || rep.DroppedCount("case reference") != 0 {
			t.Errorf("%d participants, want %d:\n%s", n, demo.Interviewed, rep)
		}
	})
}

// TestCaseLinksByName: sources no case refers to go to the case whose
// name they are or begin with before "_", " " or "-" (the longest such
// name); a source that fits two cases equally goes to neither, and the
// report says so.
func TestCaseLinksByName(t *testing.T) {
	var cases, sources strings.Builder
	for i, name := range []string{"Anna", "Anna Lee", "P-1", "p-1"} {
		fmt.Fprintf(&cases, `<Case guid="00000000-0000-4000-8000-00000000000%d" name="%s"><SourceRef targetGUID="00000000-0000-4000-8000-0000000000f%d"/></Case>`, i, name, i)
	}
	entries := []entry{}
	for i, name := range []string{"Anna Lee_2017-03-01", "Anna_2", "Annabel", "P-1-x", "Bob"} {
		g := fmt.Sprintf("00000000-0000-4000-8000-0000000001%02d", i)
		fmt.Fprintf(&sources, `<TextSource guid="%s" name="%s" plainTextPath="internal://%s.txt"/>`, g, name, g)
		entries = append(entries, entry{name: "sources/" + g + ".txt", body: "Some words of " + name + "."})
	}
	qde := `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="links" origin="test"><Cases>` +
		cases.String() + `</Cases><Sources>` + sources.String() + `</Sources></Project>`
	st, study, rep := mustImport(t, "links.qdpx", mustZip(t, append(entries, entry{name: "project.qde", body: qde})...))
	got, _ := interviewOwners(t, st, study.ID)
	for title, want := range map[string]string{"Anna Lee_2017-03-01": "Anna_Lee", "Anna_2": "Anna", "Annabel": "Annabel", "P-1-x": "P-1-x", "Bob": "Bob"} {
		if got[title] != want {
			t.Errorf("source %s went to participant %s, want %s", title, got[title], want)
		}
	}
	if n := rep.DroppedCount("case reference"); n != 4 {
		t.Errorf("%d dangling references reported, want 4:\n%s", n, rep)
	}
	if n := rep.DroppedCount("case link"); n != 1 || !strings.Contains(rep.String(), `case link P-1-x: the source's name fits 2 cases equally well (P-1, p-1)`) {
		t.Errorf("the ambiguous source is not reported:\n%s", rep)
	}
	if n := countNotes(rep, "by name"); n != 2 {
		t.Errorf("%d links by name reported, want 2:\n%s", n, rep)
	}
}

// TestCodebookCarriesOwnwordsData: a .qdc codebook has no Description;
// ownwords' data travels in a set without members, so slugs, definitions
// and the derived code come back.
func TestCodebookCarriesOwnwordsData(t *testing.T) {
	src, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, src)
	var qdc bytes.Buffer
	fatal(t, qdpx.ExportCodebook(t.Context(), src, study.ID, &qdc))
	mustValidate(t, nil, qdc.String())
	if strings.Contains(qdc.String(), "ownwords: {") {
		t.Error("a code's Description carries an ownwords line")
	}
	dst, fresh, rep := mustImport(t, "codes.qdc", qdc.Bytes())
	if len(rep.Dropped) != 0 {
		t.Errorf("dropped:\n%s", rep)
	}
	var want, got []string
	for _, l := range fingerprint(t, src, study.ID) {
		if strings.HasPrefix(l, "code ") {
			want = append(want, l)
		}
	}
	for _, l := range fingerprint(t, dst, fresh.ID) {
		if strings.HasPrefix(l, "code ") {
			got = append(got, l)
		}
	}
	sameLines(t, "the codebook", want, got)
}
