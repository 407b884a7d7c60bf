package ingest_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
	"ownwords/sqldb/sqldbtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// revisedDocxBody has tracked changes (an insertion and a deletion, an
// inserted paragraph mark, which is no text change, and a move), a
// footnote and an endnote reference, a comment on a range and one on a
// point.
const revisedDocxBody = `<w:p><w:r><w:t>Interviewer: When did you leave?</w:t></w:r></w:p>` +
	`<w:p><w:r><w:t xml:space="preserve">P-0042: We left in </w:t></w:r><w:del w:id="1" w:author="ed"><w:r><w:delText>2015</w:delText></w:r></w:del>` +
	`<w:ins w:id="2" w:author="ed"><w:r><w:t>2016</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>` +
	`<w:p><w:pPr><w:rPr><w:ins w:id="9" w:author="ed"/></w:rPr></w:pPr><w:commentRangeStart w:id="0"/><w:r><w:t>The checkpoint was closed.</w:t></w:r>` +
	`<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:ins w:id="3"><w:r><w:t xml:space="preserve"> We waited.</w:t></w:r></w:ins></w:p>` +
	`<w:p><w:moveFrom w:id="4"><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom><w:r><w:t>Then we walked.</w:t></w:r><w:r><w:commentReference w:id="1"/></w:r>` +
	`<w:r><w:endnoteReference w:id="1"/></w:r></w:p>` +
	`<w:p><w:moveTo w:id="5"><w:r><w:t>Moved away.</w:t></w:r></w:moveTo></w:p>`

// mustRevisedDocx builds a .docx of revisedDocxBody with its footnotes
// (found through the document's relationships), endnotes and comments (at
// their default places).
func mustRevisedDocx(tb testing.TB) []byte {
	tb.Helper()
	item := func(root, el, attrs, text string) string {
		return `<w:` + root + ` ` + wordNS + `><w:` + el + ` w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:` + el + `>` +
			`<w:` + el + ` ` + attrs + `><w:p><w:r><w:` + el + `Ref/></w:r><w:r><w:t xml:space="preserve"> ` + text + `</w:t></w:r></w:p></w:` + el + `></w:` + root + `>`
	}
	return mustZip(tb,
		part{"_rels/.rels", docxRels},
		part{"word/_rels/document.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="notes/fn.xml"/></Relationships>`},
		part{"word/document.xml", "<w:document " + wordNS + "><w:body>" + revisedDocxBody + "</w:body></w:document>"},
		part{"word/notes/fn.xml", item("footnotes", "footnote", `w:id="2"`, "Date confirmed by the second interview.")},
		part{"word/endnotes.xml", item("endnotes", "endnote", `w:id="1"`, "Route: see map 3.")},
		part{"word/comments.xml", `<w:comments ` + wordNS + `>` +
			`<w:comment w:id="0" w:author="Coder A" w:date="2024-01-02T10:00:00Z"><w:p><w:r><w:t>Check the date of closure.</w:t></w:r></w:p></w:comment>` +
			`<w:comment w:id="1" w:author="Coder B"><w:p><w:r><w:t>Which road?</w:t></w:r></w:p></w:comment></w:comments>`},
	)
}

// revisedODTBody is revisedDocxBody in OpenDocument: the tracked-changes
// log, a footnote and an endnote, a comment on a range and one on a point.
const revisedODTBody = `<text:tracked-changes><text:changed-region text:id="c1"><text:insertion><office:change-info><dc:creator>ed</dc:creator></office:change-info></text:insertion></text:changed-region>` +
	`<text:changed-region text:id="c2"><text:deletion><office:change-info><dc:creator>ed</dc:creator></office:change-info><text:p>2015</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
	`<text:p>Interviewer: When did you leave?</text:p>` +
	`<text:p>P-0042: We left in <text:change text:change-id="c2"/><text:change-start text:change-id="c1"/>2016<text:change-end text:change-id="c1"/>.` +
	`<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Date confirmed by the second interview.</text:p></text:note-body></text:note></text:p>` +
	`<text:p><office:annotation office:name="a1"><dc:creator>Coder A</dc:creator><dc:date>2024-01-02T10:00:00</dc:date><text:p>Check the date of closure.</text:p></office:annotation>` +
	`The checkpoint was closed.<office:annotation-end office:name="a1"/> We waited.</text:p>` +
	`<text:p>Then we walked.<office:annotation><dc:creator>Coder B</dc:creator><text:p>Which road?</text:p></office:annotation>` +
	`<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>Route: see map 3.</text:p></text:note-body></text:note></text:p>` +
	`<text:p>Moved away.</text:p>`

// revisedPlain is what ReadTranscript reads of both: the body text with
// every change accepted, no note markers, no notes, as other tools count it.
const revisedPlain = "Interviewer: When did you leave?\nP-0042: We left in 2016.\nThe checkpoint was closed. We waited.\nThen we walked.\nMoved away."

// TestReadDocumentRevisionsNotesComments checks documents against golden
// files (-update rewrites them): the transcript with changes accepted and
// notes appended, then each comment with its span and the text it spans,
// then the summary line.
func TestReadDocumentRevisionsNotesComments(t *testing.T) {
	for _, tt := range []struct {
		golden, file string
		data         []byte
		summary      string
	}{
		{"revised-docx", "revised.docx", mustRevisedDocx(t),
			"4 tracked changes accepted (2 insertions, 1 deletion, 1 move), 1 footnote appended, 1 endnote appended, 2 comments kept as memos"},
		{"revised-odt", "revised.odt", mustODT(t, revisedODTBody),
			"2 tracked changes accepted (1 insertion, 1 deletion), 1 footnote appended, 1 endnote appended, 2 comments kept as memos"},
		{"plain-docx", "plain.docx", mustDocx(t, `<w:p><w:r><w:t>Nothing else here.</w:t></w:r></w:p>`), ""},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			doc, err := ingest.ReadDocument(tt.file, bytes.NewReader(tt.data), ingest.TextOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			sb.WriteString(doc.Text + "\n--- comments\n")
			for _, c := range doc.Comments {
				q, ok := ownwords.Slice(doc.Text, c.Start, c.End)
				if c.Anchor() != nil && !ok {
					t.Errorf("comment %q: span %d..%d outside the text", c.Text, c.Start, c.End)
				}
				fmt.Fprintf(&sb, "[%d,%d) %s (%s): %s | %q\n", c.Start, c.End, c.Author, c.Date, c.Text, q)
			}
			sb.WriteString("--- summary\n" + doc.Summary(len(doc.Comments)) + "\n")
			golden := filepath.Join("testdata", "documents", tt.golden+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(sb.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if sb.String() != string(want) {
				t.Errorf("got\n%s\nwant (%s)\n%s", sb.String(), golden, want)
			}
			if got := doc.Summary(len(doc.Comments)); got != tt.summary {
				t.Errorf("summary %q, want %q", got, tt.summary)
			}
			if tt.summary == "" {
				return
			}
			plain, err := ingest.ReadTranscript(tt.file, bytes.NewReader(tt.data), ingest.TextOptions{})
			if err != nil || plain != revisedPlain {
				t.Errorf("ReadTranscript = %q, %v; want %q", plain, err, revisedPlain)
			}
		})
	}
}

// TestDocumentMarksAreNotText: the noncharacters ownwords marks places
// with are dropped from a document's own text, so they cannot shift a
// comment.
func TestDocumentMarksAreNotText(t *testing.T) {
	body := `<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>a` + "\uFDD0\uFDD1\uFDD2" + `b</w:t></w:r><w:commentRangeEnd w:id="0"/></w:p>`
	data := mustZip(t, part{"word/document.xml", "<w:document " + wordNS + "><w:body>" + body + "</w:body></w:document>"},
		part{"word/comments.xml", `<w:comments ` + wordNS + `><w:comment w:id="0"><w:p><w:r><w:t>c` + "\uFDD1" + `</w:t></w:r></w:p></w:comment></w:comments>`})
	doc, err := ingest.ReadDocument("m.docx", bytes.NewReader(data), ingest.TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != "ab" || len(doc.Comments) != 1 || doc.Comments[0].Start != 0 || doc.Comments[0].End != 2 || doc.Comments[0].Text != "c" {
		t.Errorf("text %q, comments %+v", doc.Text, doc.Comments)
	}
}

// TestApplyKeepsCommentsAsAnchoredMemos: importing a revised document
// creates the interview with its comments as memos anchored to the text
// they comment on, and says so; importing it again changes nothing and
// says the memos were kept before.
func TestApplyKeepsCommentsAsAnchoredMemos(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "documents")
		path := filepath.Join(t.TempDir(), "revised.odt")
		if err := os.WriteFile(path, mustODT(t, revisedODTBody), 0o600); err != nil {
			t.Fatal(err)
		}
		var sums []*ingest.Summary
		for range 2 {
			var b ingest.Batch
			if err := b.AddFile(path, ingest.Options{Meta: ingest.TranscriptMeta{Participant: "P-0042"}}); err != nil {
				t.Fatal(err)
			}
			must := func(err error) {
				if err != nil {
					t.Fatal(err)
				}
			}
			must(st.Update(ctx, func(tx ownwords.Services) error {
				sum, err := ingest.Apply(ctx, tx, study.ID, &b)
				sums = append(sums, sum)
				return err
			}))
		}
		ms, err := st.Memos(ctx, study.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			iv, err := st.Interview(ctx, m.TargetID)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := m.Anchor.Quote(iv.Transcript)
			got = append(got, m.Title+": "+m.Body+" | "+q)
		}
		want := []string{"Comment by C.A.: Check the date of closure. | The checkpoint was closed.", "Comment by C.B.: Which road? | Then we walked.[2]"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("memos:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		first, again := sums[0].String(), sums[1].String()
		line := path + ": 2 tracked changes accepted (1 insertion, 1 deletion), 1 footnote appended, 1 endnote appended, 2 comments kept as memos\n"
		if !strings.Contains(first, line) {
			t.Errorf("first import summary lacks %q:\n%s", line, first)
		}
		if want := "2 comments (kept as memos when the interview was first imported)"; !strings.Contains(again, want) || sums[1].Interviews.Unchanged != 1 {
			t.Errorf("second import summary lacks %q:\n%s", want, again)
		}
		if d := sums[0].Documents; len(d) != 1 || d[0].Memos != 2 || d[0].Footnotes != 1 || d[0].Endnotes != 1 || d[0].Revisions.Insertions != 1 {
			t.Errorf("documents %+v", d)
		}
	})
}

// TestReadDocumentOddMarks: marks out of order or unmatched, notes
// without text and comments nested in notes give a readable document with
// every comment inside the text or on the whole interview.
func TestReadDocumentOddMarks(t *testing.T) {
	docx := func(body, comments string) []byte {
		return mustZip(t, part{"word/document.xml", "<w:document " + wordNS + "><w:body>" + body + "</w:body></w:document>"},
			part{"word/comments.xml", "<w:comments " + wordNS + ">" + comments + "</w:comments>"})
	}
	odt := func(body string) []byte { return mustODT(t, body) }
	one := `<w:comment w:id="0"><w:p><w:r><w:t>c</w:t></w:r></w:p></w:comment>`
	for _, tc := range []struct {
		name, file string
		data       []byte
		text       string
		spans      string // "start-end" of each comment, space-separated
	}{
		{"EndBeforeStart", "f.docx", docx(`<w:p><w:commentRangeEnd w:id="0"/><w:r><w:t>ab</w:t></w:r><w:commentRangeStart w:id="0"/></w:p>`, one), "ab", "0-2"},
		{"StartOnly", "f.docx", docx(`<w:p><w:r><w:t>ab</w:t></w:r></w:p><w:p><w:commentRangeStart w:id="0"/><w:r><w:t>cd</w:t></w:r></w:p>`, one), "ab\ncd", "3-5"},
		{"NoComment", "f.docx", docx(`<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>ab</w:t></w:r><w:commentRangeEnd w:id="7"/></w:p>`, one), "ab", "-1--1"}, // 7 has no text; 0 is on no text
		{"EmptyLine", "f.docx", docx(`<w:p><w:r><w:t>ab</w:t></w:r></w:p><w:p><w:commentRangeStart w:id="0"/></w:p>`, one), "ab\n", "-1--1"},
		{"NoteWithoutText", "f.docx", docx(`<w:p><w:r><w:t>ab</w:t><w:footnoteReference w:id="3"/></w:r></w:p>`, ""), "ab", ""},
		{"ODTEndWithoutAnnotation", "f.odt", odt(`<text:p>ab<office:annotation-end office:name="x"/></text:p>`), "ab", ""},
		{"ODTAnnotationInNote", "f.odt", odt(`<text:p>ab<text:note><text:note-body><text:p>n<office:annotation><text:p>c</text:p></office:annotation></text:p></text:note-body></text:note></text:p>`),
			"ab[1]\n\nNotes\n[1] n", ""},
		{"ODTNamedWithoutEnd", "f.odt", odt(`<text:p>ab<office:annotation office:name="x"><text:p>c</text:p></office:annotation>cd</text:p>`), "abcd", "0-4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkDocument(t, tc.file, tc.data)
			doc, err := ingest.ReadDocument(tc.file, bytes.NewReader(tc.data), ingest.TextOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var spans []string
			for _, c := range doc.Comments {
				spans = append(spans, fmt.Sprintf("%d-%d", c.Start, c.End))
			}
			if doc.Text != tc.text || strings.Join(spans, " ") != tc.spans {
				t.Errorf("text %q, comments %q; want %q, %q", doc.Text, strings.Join(spans, " "), tc.text, tc.spans)
			}
		})
	}
}
