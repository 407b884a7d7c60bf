package qdpx_test

import (
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/qdpx"
)

// annotationQDE writes annotations each way tools do, over a text counted
// with CRLF as two code points: a selection without coding that refers
// to a note (the standard; ATLAS.ti), one with only a description
// (MAXQDA), a note holding its selection that the source refers to
// (QualCoder), a coded selection whose coding is dropped but whose note
// is not, a plain note on the source, and an annotation out of range.
const annotationQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="annotations" origin="SomeTool 2">
 <Users><User guid="aaaaaaaa-0000-0000-0000-000000000001" name="ana"/></Users>
 <Sources>
  <TextSource guid="ffffffff-0000-0000-0000-000000000001" name="Interview 1" plainTextPath="internal://iv1.txt">
   <PlainTextSelection guid="99999999-0000-0000-0000-000000000001" startPosition="13" endPosition="19" creatingUser="aaaaaaaa-0000-0000-0000-000000000001">
    <NoteRef targetGUID="77777777-0000-0000-0000-000000000001"/>
   </PlainTextSelection>
   <PlainTextSelection guid="99999999-0000-0000-0000-000000000002" startPosition="46" endPosition="54"><Description>Night departure.</Description></PlainTextSelection>
   <PlainTextSelection guid="99999999-0000-0000-0000-000000000004" startPosition="0" endPosition="8">
    <Coding guid="99999999-0000-0000-0000-0000000000a4"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000009"/></Coding>
    <NoteRef targetGUID="77777777-0000-0000-0000-000000000004"/>
   </PlainTextSelection>
   <PlainTextSelection guid="99999999-0000-0000-0000-000000000006" startPosition="500" endPosition="510"><NoteRef targetGUID="77777777-0000-0000-0000-000000000006"/></PlainTextSelection>
   <NoteRef targetGUID="77777777-0000-0000-0000-000000000003"/>
   <NoteRef targetGUID="77777777-0000-0000-0000-000000000005"/>
  </TextSource>
 </Sources>
 <Notes>
  <Note guid="77777777-0000-0000-0000-000000000001" name="Papers" creatingUser="aaaaaaaa-0000-0000-0000-000000000001"><PlainTextContent>Check the date of the burning.</PlainTextContent></Note>
  <Note guid="77777777-0000-0000-0000-000000000003"><PlainTextContent>The whole second line.</PlainTextContent><PlainTextSelection guid="99999999-0000-0000-0000-000000000003" startPosition="10" endPosition="31"/></Note>
  <Note guid="77777777-0000-0000-0000-000000000004" name="Opening"><PlainTextContent>Kept although its code is gone.</PlainTextContent></Note>
  <Note guid="77777777-0000-0000-0000-000000000005" name="General"><PlainTextContent>On the interview as a whole.</PlainTextContent></Note>
  <Note guid="77777777-0000-0000-0000-000000000006" name="Lost span"><PlainTextContent>Its span is past the end.</PlainTextContent></Note>
  <Note guid="77777777-0000-0000-0000-000000000007" name="Orphan"><PlainTextContent>No source refers to me.</PlainTextContent><PlainTextSelection guid="99999999-0000-0000-0000-000000000007" startPosition="0" endPosition="4"/></Note>
 </Notes>
</Project>`

const annotationText = "Line one\r\nWe burned the papers.\r\nThen we left at night.\r\n"

// interviewMemos lists a study's interview memos as "quote|title|body",
// the quote empty for a memo on the whole interview; sorted.
func interviewMemos(tb testing.TB, st ownwords.Store, studyID string) []string {
	tb.Helper()
	ctx := tb.Context()
	ms, err := st.Memos(ctx, studyID, "", "")
	fatal(tb, err)
	var out []string
	for _, m := range ms {
		if m.TargetType != ownwords.MemoInterview {
			continue
		}
		quote := ""
		if m.Anchor != nil {
			iv, err := st.Interview(ctx, m.TargetID)
			fatal(tb, err)
			q, ok := m.Anchor.Quote(iv.Transcript)
			if !ok {
				tb.Fatalf("memo %q: anchor %+v outside the transcript", m.Title, m.Anchor)
			}
			quote = q
		}
		out = append(out, quote+"|"+m.Title+"|"+m.Body)
	}
	slices.Sort(out)
	return out
}

func TestAnnotationsBecomeAnchoredMemos(t *testing.T) {
	b := mustZip(t, entry{name: "project.qde", body: annotationQDE}, entry{name: "sources/iv1.txt", body: annotationText})
	st, study, rep := mustImport(t, "annotations.qdpx", b)
	want := []string{
		"Line one|Opening|Kept although its code is gone.",
		"We burned the papers.||The whole second line.",
		"at night|Annotation|Night departure.",
		"burned|Papers|Check the date of the burning.",
		"|General|On the interview as a whole.", // no span
		"|Lost span|Its span is past the end.",
	}
	if got := interviewMemos(t, st, study.ID); !slices.Equal(got, want) {
		t.Fatalf("interview memos:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Annotations != 4 || rep.Kept.Memos != 7 || rep.Created.Memos != 7 {
		t.Errorf("annotations %d, memos kept %d created %d; want 4, 7 (one on the study), 7", rep.Annotations, rep.Kept.Memos, rep.Created.Memos)
	}
	text := rep.String()
	for _, line := range []string{"annotations: 4 kept as memos anchored to their span",
		"annotation at Interview 1 [500,510): 1 note(s) kept as memos on the whole interview, as the span could not be placed (range lies outside the source text)",
		"coding Interview 1 [0,8): names code cccccccc-0000-0000-0000-000000000009, which is not in the codebook",
		`note "Orphan" holds a selection but no source refers to it: kept as a memo on the study, without its span`} {
		if !strings.Contains(text, line) {
			t.Errorf("the report lacks %q:\n%s", line, text)
		}
	}
	ms, _ := st.Memos(t.Context(), study.ID, "", "")
	users, _ := st.Users(t.Context())
	for _, m := range ms {
		if m.Title == "Papers" && (len(users) == 0 || m.AuthorID != users[0].ID || users[0].Name != "ana") {
			t.Errorf("memo Papers has author %q, want ana's account", m.AuthorID)
		}
	}

	// The round trip keeps every memo, its interview and its span; the export writes
	// each anchored memo as a selection without coding that refers to
	// its note and carries the text as description (QualCoder reads that).
	out := mustExport(t, st, study.ID)
	p := mustRead(t, "out.qdpx", out)
	var anns int
	for _, s := range p.Sources.Text {
		for _, sel := range s.Selections {
			if len(sel.Codings) == 0 && len(sel.NoteRefs) == 1 && sel.Description != "" {
				anns++
			}
		}
		// The 2 memos on the whole interview are notes no element refers
		// to (QualCoder drops a note a source refers to unless it holds a
		// selection); ownwords' data names their interview.
		if len(s.NoteRefs) != 0 {
			t.Errorf("source %s refers to %d notes, want none", s.Name, len(s.NoteRefs))
		}
	}
	if anns != 4 {
		t.Errorf("export has %d annotation selections, want 4", anns)
	}
	st2, study2, rep2 := mustImport(t, "out.qdpx", out)
	if got := interviewMemos(t, st2, study2.ID); !slices.Equal(got, want) {
		t.Errorf("after the round trip:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep2.Annotations != 4 || rep2.Kept.Memos != 7 {
		t.Errorf("re-import: annotations %d, memos %d; want 4 and 7\n%s", rep2.Annotations, rep2.Kept.Memos, rep2)
	}
	mustValidate(t, out, "") // last: it skips without xmllint
}

// TestQualCoderAnnotationNotesAreLifted: a note holding a selection,
// referred to by a source, becomes a selection of that source; a note no
// source refers to keeps its selection untouched.
func TestQualCoderAnnotationNotesAreLifted(t *testing.T) {
	p, err := qdpx.ReadProject("p.qde", strings.NewReader(annotationQDE))
	fatal(t, err)
	s := p.Sources.Text[0]
	last := s.Selections[len(s.Selections)-1]
	if len(s.Selections) != 5 || last.Start != 10 || last.End != 31 || len(last.NoteRefs) != 1 || last.NoteRefs[0].Target != "77777777-0000-0000-0000-000000000003" {
		t.Errorf("selections of the source: %d, last %+v", len(s.Selections), last)
	}
	if len(s.NoteRefs) != 1 || s.NoteRefs[0].Target != "77777777-0000-0000-0000-000000000005" {
		t.Errorf("source note refs = %+v, want the plain note only", s.NoteRefs)
	}
}

// TestDocxSourceExtrasReported: a source given as .docx only is imported
// by its body text (which its selections count); its tracked changes are
// accepted and said so, its notes and comments are listed as not
// imported.
func TestDocxSourceExtrasReported(t *testing.T) {
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	docx := mustZip(t,
		entry{name: "word/document.xml", body: `<w:document ` + w + `><w:body><w:p><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">We left </w:t></w:r>` +
			`<w:del w:id="1"><w:r><w:delText>late</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>early</w:t></w:r></w:ins><w:commentRangeEnd w:id="0"/>` +
			`<w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body></w:document>`},
		entry{name: "word/footnotes.xml", body: `<w:footnotes ` + w + `><w:footnote w:id="1"><w:p><w:r><w:t>In May.</w:t></w:r></w:p></w:footnote></w:footnotes>`},
		entry{name: "word/comments.xml", body: `<w:comments ` + w + `><w:comment w:id="0"><w:p><w:r><w:t>Check.</w:t></w:r></w:p></w:comment></w:comments>`})
	qde := `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="docx">
 <Sources><TextSource guid="ffffffff-0000-0000-0000-000000000001" name="Rich" richTextPath="internal://rich.docx"/></Sources></Project>`
	st, study, rep := mustImport(t, "docx.qdpx", mustZip(t, entry{name: "project.qde", body: qde}, entry{name: "sources/rich.docx", body: string(docx)}))
	ivs, err := st.Interviews(t.Context(), ownwords.InterviewFilter{StudyID: study.ID, WithText: true})
	fatal(t, err)
	if len(ivs) != 1 || ivs[0].Transcript != "We left early" {
		t.Fatalf("interviews %+v, want the body text with changes accepted", ivs)
	}
	text := rep.String()
	for _, want := range []string{"note: source Rich: 2 tracked change(s) of its .docx accepted (1 insertion(s), 1 deletion(s), 0 move(s))",
		"  - notes Rich: 1 footnote(s) and endnote(s) of the .docx are not imported",
		"  - comments Rich: 1 comment(s) of the .docx are not imported"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}
