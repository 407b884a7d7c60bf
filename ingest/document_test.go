package ingest_test

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
)

// part is one archive entry.
type part struct{ name, body string }

// mustZip builds a ZIP archive of deflated entries.
func mustZip(tb testing.TB, parts ...part) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

const docxRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

// mustDocx builds a minimal .docx whose body is the given WordprocessingML.
func mustDocx(tb testing.TB, body string) []byte {
	tb.Helper()
	return mustZip(tb,
		part{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		part{"_rels/.rels", docxRels},
		part{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document " + wordNS + "><w:body>" + body + "</w:body></w:document>"},
	)
}

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"`

// mustODT builds a minimal .odt whose office:text holds body.
func mustODT(tb testing.TB, body string) []byte {
	tb.Helper()
	return mustZip(tb,
		part{"mimetype", "application/vnd.oasis.opendocument.text"},
		part{"content.xml", `<?xml version="1.0" encoding="UTF-8"?>` + "\n<office:document-content " + odfNS + `><office:automatic-styles><style:style style:name="P1"><text:p>not body</text:p></style:style></office:automatic-styles><office:body><office:text>` + body + `</office:text></office:body></office:document-content>`},
	)
}

// sampleDocxBody exercises runs, tabs (and tab stops, which are not text),
// breaks, tracked changes, a field, a table and a text box given twice
// (mc:Choice and mc:Fallback).
const sampleDocxBody = `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Interviewer:</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">When did you leave? </w:t></w:r></w:p>` +
	`<w:p><w:r><w:t>P-0042:</w:t><w:tab/><w:t>In 2016.</w:t><w:br/><w:t>After the siege.</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del><w:ins><w:r><w:t xml:space="preserve"> Inserted.</w:t></w:r></w:ins></w:p>` +
	`<w:p/>` +
	`<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
	`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "http://example.org"</w:instrText></w:r><w:r><w:t>link</w:t></w:r>` +
	`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>` +
	`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box again</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
	`<w:p><w:r><w:t>Cafe&#x301; &amp; more</w:t></w:r></w:p>`

const sampleDocxText = "Interviewer:\tWhen did you leave? \n" +
	"P-0042:\tIn 2016.\nAfter the siege. Inserted.\n" +
	"\n" +
	"Name\tRole\nA B\tx y\n" +
	"link\nBox\n" +
	"Caf\u00e9 & more"

const sampleODTBody = `<text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>` +
	`<text:h text:outline-level="1">Interview   3</text:h>` +
	`<text:p>Interviewer:<text:tab/>When did you
   leave?</text:p>` +
	`<text:p>  P-0042: <text:span>In</text:span> 2016.<text:line-break/>After<text:s text:c="2"/>the siege.<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>footnote</text:p></text:note-body></text:note></text:p>` +
	`<text:p/>` +
	`<text:list><text:list-item><text:p>item one</text:p></text:list-item></text:list>` +
	`<table:table><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>Role</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/></table:table-row>` +
	`<table:table-row><table:table-cell><text:p>A</text:p><text:p>B</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="500"><table:table-cell table:number-columns-repeated="9"/></table:table-row></table:table>` +
	`<text:p>Yes<office:annotation><dc:creator>coder</dc:creator><text:p>a comment</text:p></office:annotation>.</text:p>` +
	`<text:tracked-changes><text:changed-region><text:deletion><text:p>deleted</text:p></text:deletion></text:changed-region></text:tracked-changes>`

const sampleODTText = "Interview 3\n" +
	"Interviewer:\tWhen did you leave?\n" +
	"P-0042: In 2016.\nAfter  the siege.\n" +
	"\n" +
	"item one\n" +
	"Name\t\t\tRole\nA B\n" +
	"Yes."

func TestReadTranscriptDocuments(t *testing.T) {
	tests := []struct {
		name string
		file string
		in   []byte
		want string
	}{
		{"DocxParagraphsTablesBreaks", "interview.docx", mustDocx(t, sampleDocxBody), sampleDocxText},
		{"DocxStrictNamespace", "strict.DOCX", mustZip(t, part{"word/document.xml",
			`<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>strict</w:t></w:r></w:p></w:body></w:document>`}), "strict"},
		{"DocxMainPartFromRelationships", "moved.docx", mustZip(t,
			part{"_rels/.rels", strings.Replace(docxRels, "word/document.xml", "/word/main.xml", 1)},
			part{"word/main.xml", "<w:document " + wordNS + "><w:body><w:p><w:r><w:t>main</w:t></w:r></w:p></w:body></w:document>"},
		), "main"},
		{"DocxExternalRelationshipIgnored", "ext.docx", mustZip(t,
			part{"_rels/.rels", strings.Replace(docxRels, `Target="word/document.xml"`, `Target="http://example.org/x.xml" TargetMode="External"`, 1)},
			part{"word/document.xml", "<w:document " + wordNS + "><w:body><w:p><w:r><w:t>local</w:t></w:r></w:p></w:body></w:document>"},
		), "local"},
		{"ODTParagraphsTablesSpaces", "interview.odt", mustODT(t, sampleODTBody), sampleODTText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ingest.ReadTranscript(tt.file, bytes.NewReader(tt.in), ingest.TextOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// rawEntry is an archive entry written as-is, with sizes that may lie.
type rawEntry struct {
	name       string
	packed     []byte
	size, crc  uint64
	compressed bool
}

func mustRawZip(tb testing.TB, entries ...rawEntry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Store, UncompressedSize64: e.size, CompressedSize64: uint64(len(e.packed)), CRC32: uint32(e.crc)}
		if e.compressed {
			h.Method = zip.Deflate
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(e.packed); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// mustDeflate returns the raw deflate stream of b, as stored in a ZIP entry.
func mustDeflate(tb testing.TB, b []byte) []byte {
	tb.Helper()
	z := mustZip(tb, part{"x", string(b)})
	r, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		tb.Fatal(err)
	}
	rc, err := r.File[0].OpenRaw()
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(rc); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

func TestReadTranscriptHostileDocuments(t *testing.T) {
	zeros := make([]byte, 4<<20)
	text := []byte("<w:document " + wordNS + "><w:body><w:p><w:r><w:t>" + strings.Repeat("a", 5000) + "</w:t></w:r></w:p></w:body></w:document>")
	many := make([]part, 10001)
	for i := range many {
		many[i] = part{name: "p/" + strconv.Itoa(i)}
	}
	tests := []struct {
		name  string
		file  string
		in    []byte
		parts []string
	}{
		{"ErrNotZip", "old.docx", []byte("\xd0\xcf\x11\xe0 an old .doc"), []string{"old.docx: not a .docx file", "save it as .docx"}},
		{"ErrHugeDeclaredSize", "bomb.docx", mustRawZip(t, rawEntry{name: "word/document.xml", packed: []byte("x"), size: 1 << 40}), []string{"bomb.docx:", `"word/document.xml" declares`, "zip bomb"}},
		{"ErrHighRatio", "bomb.docx", mustZip(t, part{"word/document.xml", string(zeros)}), []string{"bomb.docx:", "compressed more than 100:1", "zip bomb"}},
		{"ErrTooManyEntries", "many.odt", mustZip(t, many...), []string{"many.odt:", "10001 entries"}},
		{"ErrEntryInflatesPastDeclaredSize", "lie.docx", mustRawZip(t, rawEntry{name: "word/document.xml", packed: mustDeflate(t, text), size: 100, compressed: true, crc: uint64(crc32.ChecksumIEEE(text))}), []string{"lie.docx word/document.xml"}},
		{"ErrDoctype", "lol.docx", mustZip(t, part{"word/document.xml", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><w:document ` + wordNS + `><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>`}), []string{"lol.docx word/document.xml line 1:", "DOCTYPE or other <!...> declaration is refused"}},
		{"ErrDoctypeODT", "lol.odt", mustZip(t, part{"content.xml", `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE x SYSTEM "http://example.org/x.dtd"><office:document-content ` + odfNS + `/>`}), []string{"lol.odt content.xml line 2:", "DOCTYPE"}},
		{"ErrMalformedXML", "bad.docx", mustZip(t, part{"word/document.xml", "<w:document " + wordNS + ">\n<w:body><w:p></w:body>"}), []string{"bad.docx word/document.xml line 2: malformed XML"}},
		{"ErrNoMainDocument", "empty.docx", mustZip(t, part{"word/styles.xml", "<x/>"}), []string{"empty.docx: no main document (word/document.xml)"}},
		{"ErrODTSpreadsheet", "sheet.odt", mustZip(t, part{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, part{"content.xml", "<x/>"}), []string{"not a text document"}},
		{"ErrDeepNesting", "deep.docx", mustZip(t, part{"word/document.xml", strings.Repeat("<a>", 600) + strings.Repeat("</a>", 600)}), []string{"nested deeper than 512"}},
		{"ErrEmptyDocument", "blank.docx", mustDocx(t, "<w:p/><w:p/>"), []string{"blank.docx: the transcript is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.ReadTranscript(tt.file, bytes.NewReader(tt.in), ingest.TextOptions{})
			wantError(t, err, ownwords.EINVALID, tt.parts...)
		})
	}
}
