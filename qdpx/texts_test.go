package qdpx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
)

// withTexts gives the synthetic study's first interview (in French) an
// English translation and its second (English, held in Arabic) an Arabic
// original and a French machine draft, each aligned paragraph by
// paragraph with the transcript. It returns the texts' keys (see
// textKeys).
func withTexts(tb testing.TB, st ownwords.Store, studyID string) []string {
	tb.Helper()
	ctx := context.Background()
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	fatal(tb, err)
	slices.SortFunc(ivs, func(a, b *ownwords.Interview) int { return strings.Compare(a.Title, b.Title) })
	// Each line of the transcript, marked as the other text's: the
	// paragraphs pair one to one.
	mark := func(id, prefix string) string {
		iv, err := st.Interview(ctx, id)
		fatal(tb, err)
		var out []string
		for _, line := range strings.Split(strings.TrimRight(iv.Transcript, "\n"), "\n") {
			out = append(out, prefix+" "+line)
		}
		return strings.Join(out, "\n") + "\n"
	}
	date, err := ownwords.ParseDate("2017-09")
	fatal(tb, err)
	for _, t := range []*ownwords.InterviewText{
		{InterviewID: ivs[0].ID, Language: "en", Role: ownwords.TextTranslation, Translator: "T. Example", Method: ownwords.MethodTranslation, Date: date, Text: mark(ivs[0].ID, "(en)")},
		{InterviewID: ivs[1].ID, Language: "ar", Role: ownwords.TextOriginal, Text: mark(ivs[1].ID, "(بالعربية)")},
		{InterviewID: ivs[1].ID, Language: "fr", Role: ownwords.TextTranslation, Method: ownwords.MethodMachineReviewed, Text: mark(ivs[1].ID, "(fr)")},
	} {
		t.StudyID = studyID
		fatal(tb, st.PutInterviewText(ctx, t))
	}
	return textKeys(tb, st, studyID)
}

// textKeys lists every other text of a study's interviews as "interview
// title|language|role|translator|method|date|text", sorted.
func textKeys(tb testing.TB, st ownwords.Store, studyID string) []string {
	tb.Helper()
	ctx := context.Background()
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	fatal(tb, err)
	var out []string
	for _, iv := range ivs {
		ts, err := st.InterviewTexts(ctx, iv.ID)
		fatal(tb, err)
		for _, t := range ts {
			out = append(out, strings.Join([]string{iv.Title, t.Language, t.Role, t.Translator, t.Method, t.Date.String(), t.Text}, "|"))
		}
	}
	slices.Sort(out)
	return out
}

// interviewTitles lists a study's interview titles, sorted.
func interviewTitles(tb testing.TB, st ownwords.Store, studyID string) []string {
	tb.Helper()
	ivs, err := st.Interviews(context.Background(), ownwords.InterviewFilter{StudyID: studyID})
	fatal(tb, err)
	var out []string
	for _, iv := range ivs {
		out = append(out, iv.Title)
	}
	slices.Sort(out)
	return out
}

// exportWithTexts exports the synthetic study with texts (withTexts)
// from a new SQLite store.
func exportWithTexts(tb testing.TB) (ownwords.Store, *ownwords.Study, []byte) {
	tb.Helper()
	st, _ := sqldbtest.OpenSQLite(tb)
	study := syntheticStudy(tb, st)
	withTexts(tb, st, study.ID)
	return st, study, mustExport(tb, st, study.ID)
}

// TestRoundTripKeepsInterviewTexts: an interview's other texts leave as
// sources of their own, named after the interview and linked to its
// source by the "ownwords text" variables, without codings; the project
// is valid REFI-QDA; importing it rebuilds each interview once with its
// texts, and the codings on the transcripts.
func TestRoundTripKeepsInterviewTexts(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) ownwords.Store) {
		src := open(t)
		study := syntheticStudy(t, src)
		want := withTexts(t, src, study.ID)
		out := mustExport(t, src, study.ID)
		mustValidate(t, out, "")
		p := mustRead(t, "out.qdpx", out)
		titles := interviewTitles(t, src, study.ID)
		var texts []string
		for _, s := range p.Sources.Text {
			if i := strings.LastIndex(s.Name, " ["); i > 0 {
				texts = append(texts, s.Name)
				if !slices.Contains(titles, s.Name[:i]) || len(s.Selections) > 0 || len(s.Values) < 3 {
					t.Errorf("text source %q: %d selections, %d values; want a name after its interview's, none, the link", s.Name, len(s.Selections), len(s.Values))
				}
			}
		}
		slices.Sort(texts)
		wantNames := []string{titles[0] + " [en translation]", titles[1] + " [ar original]", titles[1] + " [fr translation]"}
		if !slices.Equal(texts, wantNames) {
			t.Fatalf("text sources %q, want %q", texts, wantNames)
		}
		dst := open(t)
		fresh := freshStudy(t, src, dst, study.ID)
		rep := mustApply(t, dst, fresh.ID, p)
		if rep.Kept.Sources != len(titles) || rep.Created.Texts != 3 || rep.Kept.Attributes != 8 {
			t.Errorf("report kept %d sources, %d attributes, created %d texts; want %d, 8, 3\n%s", rep.Kept.Sources, rep.Kept.Attributes, rep.Created.Texts, len(titles), rep)
		}
		if got := interviewTitles(t, dst, fresh.ID); !slices.Equal(got, titles) {
			t.Errorf("interviews after import %q, want %q", got, titles)
		}
		if got := textKeys(t, dst, fresh.ID); !slices.Equal(got, want) {
			t.Errorf("texts after import:\n%q\nwant\n%q", got, want)
		}
		again := mustRead(t, "again.qdpx", mustExport(t, dst, fresh.ID))
		if w, g := quotes(t, p), quotes(t, again); !slices.Equal(w, g) || len(w) == 0 {
			t.Errorf("codings differ after the round trip: %d, want %d", len(g), len(w))
		}
		for _, v := range []string{"ownwords_text_of", "ownwords_text_role"} {
			ats, err := dst.Attributes(t.Context(), fresh.ID)
			fatal(t, err)
			if slices.ContainsFunc(ats, func(a *ownwords.Attribute) bool { return a.Slug == v }) {
				t.Errorf("the link variable became attribute %s", v)
			}
		}
	})
}

// TestMisalignedTextFailsImport: a text that no longer aligns with its
// interview's transcript fails the import with the store's error naming
// the source and the first paragraph that differs.
func TestMisalignedTextFailsImport(t *testing.T) {
	st, study, out := exportWithTexts(t)
	var file string
	for _, s := range mustRead(t, "out.qdpx", out).Sources.Text {
		if strings.HasSuffix(s.Name, "[en translation]") {
			file = "sources/" + strings.TrimPrefix(s.PlainTextPath, "internal://")
		}
	}
	// Two paragraphs become one.
	bad := replaceEntry(t, out, file, bytes.Replace(mustUnzipEntry(t, out, file), []byte("\n"), []byte(" "), 1))
	dst, _ := sqldbtest.OpenSQLite(t)
	fresh := freshStudy(t, st, dst, study.ID)
	err := dst.Update(t.Context(), func(svc ownwords.Services) error {
		_, err := qdpx.Apply(t.Context(), svc, fresh.ID, mustRead(t, "bad.qdpx", bad))
		return err
	})
	msg := ownwords.ErrorMessage(err)
	if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(msg, "bad.qdpx") || !strings.Contains(msg, "[en translation]") ||
		!strings.Contains(msg, "does not align") || !strings.Contains(msg, "paragraph 7: the transcript has 7 paragraphs, the translation 6") {
		t.Fatalf("import of a misaligned text: %v", err)
	}
	if got := interviewTitles(t, dst, fresh.ID); len(got) != 0 {
		t.Errorf("a failed import left interviews %q", got)
	}
}

// TestTextsOfForeignProjects: without the link variables (a project of
// another tool, or one whose variables were removed there), every text
// source is an interview of its own, as before; a link naming no source
// of the file is reported and the text imported on its own.
func TestTextsOfForeignProjects(t *testing.T) {
	st, study, out := exportWithTexts(t)
	titles := interviewTitles(t, st, study.ID)
	for _, c := range []struct {
		name    string
		edit    func(p *qdpx.Project)
		sources int
		texts   int
		dropped int
	}{
		{"no variables", func(p *qdpx.Project) {
			p.Variables.Variables = slices.DeleteFunc(p.Variables.Variables, func(v *qdpx.Variable) bool { return strings.HasPrefix(v.Name, "ownwords text") })
		}, len(titles) + 3, 0, 0},
		{"fresh GUIDs", func(p *qdpx.Project) {
			for _, s := range p.Sources.Text {
				if strings.Contains(s.Name, " [") {
					continue
				}
				s.GUID = strings.Replace(s.GUID, s.GUID[:8], "00000000", 1)
			}
		}, len(titles), 3, 0},
		{"no interview", func(p *qdpx.Project) {
			for _, s := range p.Sources.Text {
				if strings.HasSuffix(s.Name, "[en translation]") {
					s.Name = "Translation"
				}
				if !strings.Contains(s.Name, " [") && s.Name != "Translation" {
					s.GUID = strings.Replace(s.GUID, s.GUID[:8], "00000000", 1)
				}
			}
		}, len(titles) + 1, 2, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := mustRead(t, "out.qdpx", out)
			c.edit(p)
			dst, _ := sqldbtest.OpenSQLite(t)
			fresh := freshStudy(t, st, dst, study.ID)
			rep := mustApply(t, dst, fresh.ID, p)
			if rep.Kept.Sources != c.sources || rep.Kept.Texts != c.texts || rep.DroppedCount("text link") != c.dropped {
				t.Errorf("kept %d sources, %d texts, dropped %d links; want %d, %d, %d\n%s",
					rep.Kept.Sources, rep.Kept.Texts, rep.DroppedCount("text link"), c.sources, c.texts, c.dropped, rep)
			}
			if got := len(textKeys(t, dst, fresh.ID)); got != c.texts {
				t.Errorf("%d texts stored, want %d", got, c.texts)
			}
		})
	}
}

// xlsxContent is the entries of an .xlsx but its document properties
// (which hold the time it was written), each its name and body, sorted.
func xlsxContent(tb testing.TB, b []byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	fatal(tb, err)
	var entries []string
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "docProps/") {
			entries = append(entries, f.Name+"\n"+string(mustUnzipEntry(tb, b, f.Name)))
		}
	}
	slices.Sort(entries) // excelize writes them in no fixed order
	return []byte(strings.Join(entries, "\n"))
}

// TestMatrixUnaffectedByTexts: the participant × item matrix (csv and
// xlsx exports) is the same with and without the interviews' other
// texts: codings stay on the transcripts and count once.
func TestMatrixUnaffectedByTexts(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, st)
	matrix := func() (csv, dict, xlsx []byte) {
		m, err := report.MatrixForStudy(t.Context(), st, study.ID, report.MatrixOptions{Audience: report.AudienceTeam, Tier: ownwords.TierFull})
		fatal(t, err)
		var c, d, x bytes.Buffer
		fatal(t, report.WriteMatrixCSV(&c, &d, m))
		fatal(t, report.WriteMatrixXLSX(&x, m))
		return c.Bytes(), d.Bytes(), xlsxContent(t, x.Bytes())
	}
	c1, d1, x1 := matrix()
	withTexts(t, st, study.ID)
	c2, d2, x2 := matrix()
	for _, c := range []struct {
		name          string
		before, after []byte
	}{{"csv", c1, c2}, {"dictionary", d1, d2}, {"xlsx", x1, x2}} {
		if len(c.before) == 0 || !bytes.Equal(c.before, c.after) {
			t.Errorf("%s: %d bytes before the texts, %d after; want the same bytes", c.name, len(c.before), len(c.after))
		}
	}
	if !bytes.Contains(c1, []byte("P-01")) {
		t.Errorf("the matrix has no rows:\n%s", c1)
	}
}

// TestTextsOfAHandWrittenProject: the convention as the package
// documentation describes it, written by hand (the fuzz seed textsQDE): one interview,
// its Arabic original, the selection on the transcript.
func TestTextsOfAHandWrittenProject(t *testing.T) {
	b := mustZip(t, entry{name: "project.qde", body: textsQDE}, entry{name: "sources/a.txt", body: "Interviewer: Hello?\nP: Hi.\n"},
		entry{name: "sources/b.txt", body: "المحاور: مرحبا؟\nالمترجم: أهلا.\n"})
	st, study, rep := mustImport(t, "texts.qdpx", b)
	got := textKeys(t, st, study.ID)
	want := []string{"iv|ar|original||||المحاور: مرحبا؟\nالمترجم: أهلا.\n"}
	if !slices.Equal(got, want) || rep.Kept.Sources != 1 || rep.Kept.Participants != 1 {
		t.Errorf("texts %q, %d sources, %d participants; want %q, 1, 1\n%s", got, rep.Kept.Sources, rep.Kept.Participants, want, rep)
	}
}
