package ingest_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ownwords"
	"ownwords/ingest"
)

// checkTranscript holds for every transcript ReadTranscript returns, and
// every error it returns on in-memory input is a user-facing EINVALID.
func checkTranscript(t *testing.T, text string, err error) {
	t.Helper()
	if err != nil {
		if code := ownwords.ErrorCode(err); code != ownwords.EINVALID {
			t.Fatalf("error code %q: %v", code, err)
		}
		return
	}
	if err := ownwords.CheckText(text); err != nil {
		t.Fatalf("output fails CheckText: %v", err)
	}
	if strings.ContainsRune(text, '\r') || len(text) > ownwords.MaxTranscriptBytes || strings.TrimSpace(text) == "" {
		t.Fatalf("output %q breaks the transcript rules", text)
	}
}

// checkDocument holds for every document ReadDocument returns: a valid
// transcript, comments inside it or without a place, counts not negative.
func checkDocument(t *testing.T, name string, data []byte) {
	t.Helper()
	doc, err := ingest.ReadDocument(name, bytes.NewReader(data), ingest.TextOptions{})
	if err != nil {
		checkTranscript(t, "", err)
		return
	}
	checkTranscript(t, doc.Text, nil)
	for _, c := range doc.Comments {
		if a := c.Anchor(); a != nil {
			if _, ok := a.Quote(doc.Text); !ok {
				t.Fatalf("comment at %d..%d outside a text of %d code points", c.Start, c.End, len([]rune(doc.Text)))
			}
		} else if c.Start != -1 || c.End != -1 {
			t.Fatalf("comment without a place at %d..%d", c.Start, c.End)
		}
	}
	if r := doc.Revisions; r.Insertions < 0 || r.Deletions < 0 || r.Moves < 0 || doc.Footnotes+doc.Endnotes < 0 {
		t.Fatalf("counts %+v", doc)
	}
}

var fuzzEncodings = []string{"", "utf-16le", "utf-16be", "windows-1252", "windows-1256", "windows-1251", "bogus"}

func FuzzReadTranscript(f *testing.F) {
	f.Add([]byte("I: Hello\r\nP: Cafe\u0301"), uint8(0))
	f.Add([]byte{0xFF, 0xFE, 'a', 0, 0x3D, 0xD8}, uint8(0))
	f.Add([]byte{0xD3, 0xE1, 0xC7, 0xE3}, uint8(4))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 'x', 0xE9}, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, enc uint8) {
		opt := ingest.TextOptions{Encoding: fuzzEncodings[int(enc)%len(fuzzEncodings)]}
		text, err := ingest.ReadTranscript("f.txt", bytes.NewReader(data), opt)
		checkTranscript(t, text, err)
	})
}

// FuzzReadDocx fuzzes whole archives and, since mutations rarely keep a
// ZIP's checksums intact, also the main document XML inside a valid one.
func FuzzReadDocx(f *testing.F) {
	f.Add(mustDocx(f, sampleDocxBody), false)
	f.Add([]byte("<w:document "+wordNS+"><w:body>"+sampleDocxBody+"</w:body></w:document>"), true)
	f.Add([]byte(`<w:tbl `+wordNS+`><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>in</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`), true)
	f.Add([]byte("PK\x03\x04"), false)
	f.Add(mustRevisedDocx(f), false)
	f.Add([]byte("<w:document "+wordNS+"><w:body>"+revisedDocxBody+"</w:body></w:document>"), true)
	f.Fuzz(func(t *testing.T, data []byte, asPart bool) {
		if asPart {
			data = mustZip(t, part{"word/document.xml", string(data)})
		}
		text, err := ingest.ReadTranscript("f.docx", bytes.NewReader(data), ingest.TextOptions{})
		checkTranscript(t, text, err)
		checkDocument(t, "f.docx", data)
	})
}

// FuzzReadODT fuzzes content.xml inside a valid archive.
func FuzzReadODT(f *testing.F) {
	f.Add([]byte(`<office:document-content ` + odfNS + `><office:body><office:text>` + sampleODTBody + `</office:text></office:body></office:document-content>`))
	f.Add([]byte(`<office:body ` + odfNS + `><text:p>a<text:s text:c="99999999"/>b</text:p></office:body>`))
	f.Add([]byte(`<office:document-content ` + odfNS + `><office:body><office:text>` + revisedODTBody + `</office:text></office:body></office:document-content>`))
	f.Fuzz(func(t *testing.T, content []byte) {
		data := mustZip(t, part{"content.xml", string(content)})
		text, err := ingest.ReadTranscript("f.odt", bytes.NewReader(data), ingest.TextOptions{})
		checkTranscript(t, text, err)
		checkDocument(t, "f.odt", data)
	})
}

// checkTable holds for every attribute table a reader returns.
func checkTable(t *testing.T, tab *ingest.AttributeTable, err error) {
	t.Helper()
	if err != nil {
		if code := ownwords.ErrorCode(err); code != ownwords.EINVALID {
			t.Fatalf("error code %q: %v", code, err)
		}
		return
	}
	defs := map[string]*ownwords.Attribute{}
	for _, d := range tab.Attributes {
		a := d.Attribute
		a.StudyID = "s"
		if err := a.Validate(); err != nil {
			t.Fatalf("definition %+v: %v", a, err)
		}
		defs[a.Slug] = &a
	}
	codes := map[string]bool{}
	for _, p := range tab.Participants {
		if err := (&ownwords.Participant{StudyID: "s", Code: p.Code}).Validate(); err != nil || codes[p.Code] {
			t.Fatalf("participant %q: %v (duplicate %v)", p.Code, err, codes[p.Code])
		}
		codes[p.Code] = true
		if len(p.Values) != len(defs) {
			t.Fatalf("participant %q has %d values for %d attributes", p.Code, len(p.Values), len(defs))
		}
		for slug, v := range p.Values {
			def := defs[slug]
			if def == nil || def.Check(v) != nil {
				t.Fatalf("value %s=%+v does not fit %+v", slug, v, def)
			}
			if err := ownwords.CheckText(v.Str); err != nil {
				t.Fatalf("value %s: %v", slug, err)
			}
			if v.Missing {
				continue
			}
			if back, err := ownwords.ParseValue(v.Type, v.String()); err != nil || back != v {
				t.Fatalf("value %s=%+v does not round-trip: %+v, %v", slug, v, back, err)
			}
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(peopleCSV, false)
	f.Add("id,a\nP1,\"x\"\"y\"\nP2,NA\n", true)
	f.Add("code;x\tb\n1;2\n", false)
	schema := mustReadSchema(f, `{"attributes": [{"slug": "age", "type": "integer"}, {"slug": "gender", "type": "category", "values": ["man", "woman"]}, {"slug": "d", "type": "date"}]}`)
	f.Fuzz(func(t *testing.T, text string, useSchema bool) {
		opt := ingest.TableOptions{}
		if useSchema {
			opt.Schema = schema
		}
		tab, err := ingest.ReadCSV("f.csv", strings.NewReader(text), opt)
		checkTable(t, tab, err)
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(peopleXLSX(f))
	f.Add(mustXLSX(f, func(x *excelize.File) {
		mustSet(f, x, "Sheet1", [][]any{{"id", "n"}, {"A", 1.5}, {"B", true}})
	}))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ingest.ReadXLSX("f.xlsx", bytes.NewReader(data), ingest.TableOptions{})
		checkTable(t, tab, err)
	})
}

func FuzzReadCodebook(f *testing.F) {
	f.Add(applyCodebook)
	f.Add(`{"sections": [{"slug": "a", "items": [{"slug": "b", "items": [{"slug": "c"}]}], "derived": [{"slug": "d", "all_of": ["b"]}]}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		cf, err := ingest.ReadCodebook("f.json", strings.NewReader(text))
		if err != nil {
			if code := ownwords.ErrorCode(err); code != ownwords.EINVALID {
				t.Fatalf("error code %q: %v", code, err)
			}
			return
		}
		for _, a := range cf.Attributes {
			c := *a
			c.StudyID = "s"
			if err := c.Validate(); err != nil {
				t.Fatalf("attribute %+v: %v", c, err)
			}
		}
		siblings := map[string][]string{} // parent path → plain item slugs
		seen := map[string]bool{}
		for _, r := range cf.Codes {
			c := r.Code
			c.StudyID = "s"
			if err := c.Validate(); err != nil || c.Color == "" {
				t.Fatalf("code %s: %v (colour %q)", r.Path, err, c.Color)
			}
			parent := ""
			if i := strings.LastIndex(r.Path, "/"); i >= 0 {
				parent = r.Path[:i]
				if !seen[parent] {
					t.Fatalf("%s before its parent", r.Path)
				}
			}
			if seen[r.Path] || !strings.HasSuffix("/"+r.Path, "/"+c.Slug) {
				t.Fatalf("path %s repeated or not ending in %s", r.Path, c.Slug)
			}
			seen[r.Path] = true
			if c.Derived == nil {
				siblings[parent] = append(siblings[parent], c.Slug)
				continue
			}
			for _, item := range c.Derived.Items {
				if !strings.Contains(" "+strings.Join(siblings[parent], " ")+" ", " "+item+" ") {
					t.Fatalf("%s derives from %q, not a sibling item", r.Path, item)
				}
			}
		}
	})
}
