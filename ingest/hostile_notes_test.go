package ingest_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/ingest"
)

// TestHostileNoteReferences: a .docx whose body refers to one footnote
// thousands of times, or holds thousands of comments on points, is read
// (or refused as too large) quickly and without building a transcript
// larger than the limit.
func TestHostileNoteReferences(t *testing.T) {
	note := strings.Repeat("word ", 2000) // 10 KB
	refs := strings.Repeat(`<w:r><w:footnoteReference w:id="2"/></w:r>`, 20000)
	var comments, cref strings.Builder
	for i := range 20000 {
		id := strconv.Itoa(i + 100)
		cref.WriteString(`<w:p><w:r><w:t>line</w:t></w:r><w:commentRangeStart w:id="` + id + `"/></w:p>`)
		comments.WriteString(`<w:comment w:id="` + id + `"><w:p><w:r><w:t>c</w:t></w:r></w:p></w:comment>`)
	}
	big := strings.Repeat("x", 2<<20)
	tests := []struct {
		name, body, notes, comments string
		check                       func(t *testing.T, doc *ingest.Document)
	}{
		{"one note referred to 20000 times", `<w:p><w:r><w:t>text</w:t></w:r>` + refs + `</w:p>`, note, "", func(t *testing.T, doc *ingest.Document) {
			// The note is appended once; every reference shows its number.
			if doc.Footnotes != 1 || strings.Count(doc.Text, "[1]") != 20001 || strings.Contains(doc.Text, "[2]") {
				t.Errorf("%d footnotes, %d markers [1]", doc.Footnotes, strings.Count(doc.Text, "[1]"))
			}
		}},
		{"20000 comments on points of a long text", `<w:p><w:r><w:t>` + big + `</w:t></w:r></w:p>` + cref.String(), "n", comments.String(), func(t *testing.T, doc *ingest.Document) {
			if len(doc.Comments) != 20000 {
				t.Fatalf("%d comments, want 20000", len(doc.Comments))
			}
			// Each is on its own line "line" (after the long first one).
			rs := []rune(doc.Text)
			for i, c := range doc.Comments {
				if c.Start < 0 || c.End > len(rs) || string(rs[c.Start:c.End]) != "line" {
					t.Fatalf("comment %d on %d..%d, not on its line", i, c.Start, c.End)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := mustZip(t,
				part{"_rels/.rels", docxRels},
				part{"word/document.xml", "<w:document " + wordNS + "><w:body>" + tt.body + "</w:body></w:document>"},
				part{"word/footnotes.xml", `<w:footnotes ` + wordNS + `><w:footnote w:id="2"><w:p><w:r><w:t>` + tt.notes + `</w:t></w:r></w:p></w:footnote></w:footnotes>`},
				part{"word/comments.xml", `<w:comments ` + wordNS + `>` + tt.comments + `</w:comments>`},
			)
			start := time.Now()
			doc, err := ingest.ReadDocument("hostile.docx", bytes.NewReader(data), ingest.TextOptions{})
			took := time.Since(start)
			if err != nil && ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Fatalf("error code %q: %v", ownwords.ErrorCode(err), err)
			}
			if err == nil && len(doc.Text) > ownwords.MaxTranscriptBytes {
				t.Errorf("a transcript of %d bytes, over the limit of %d", len(doc.Text), ownwords.MaxTranscriptBytes)
			}
			if err == nil {
				tt.check(t, doc)
			}
			if took > 10*time.Second {
				t.Errorf("reading took %v", took)
			}
		})
	}
}
