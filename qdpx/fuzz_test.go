package qdpx_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"ownwords"
	"ownwords/qdpx"
)

// FuzzReadProject feeds arbitrary XML to the project reader: it must not
// panic, and what it accepts is valid UTF-8 with normalised GUIDs.
func FuzzReadProject(f *testing.F) {
	f.Add([]byte(minimalQDE))
	f.Add([]byte(vendorQDE))
	f.Add([]byte(annotationQDE))
	f.Add([]byte(`<!DOCTYPE Project [<!ENTITY a "a">]><Project name="&a;"/>`))
	f.Add([]byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Notes><Note guid="n"><PlainTextContent>a & b <3</PlainTextContent></Note></Notes></Project>`))
	f.Add(mustUnzipEntry(f, mustReadFile(f, fixture("qc-1.3.2-demo.qdpx")), "project.qde")[:4000])
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := qdpx.ReadProject("fuzz.qde", bytes.NewReader(b))
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Fatalf("error code %s for bad input: %v", ownwords.ErrorCode(err), err)
			}
			return
		}
		if !utf8.ValidString(p.Name) || p.Report == nil {
			t.Fatalf("accepted project %q without a report", p.Name)
		}
	})
}

// FuzzReadArchive feeds arbitrary bytes to the archive reader: it must not
// panic, and every selection it places lies inside its source's text.
func FuzzReadArchive(f *testing.F) {
	f.Add(mustReadFile(f, fixture("qc-1.3.2-demo.qdpx")))
	f.Add(mustZip(f, entry{name: "My Project.qde", body: vendorQDE}, entry{name: "sources/texts/iv1.txt", body: vendorText}))
	f.Add(mustZip(f, entry{name: "project.qde", body: minimalQDE}, entry{name: "sources/s.txt", body: "text\r\n"}))
	f.Add(mustZip(f, entry{name: "project.qde", body: annotationQDE}, entry{name: "sources/iv1.txt", body: annotationText}))
	f.Add(mustZip(f, entry{name: "project.qde", body: textsQDE}, entry{name: "sources/a.txt", body: "Interviewer: Hello?\nP: Hi.\n"},
		entry{name: "sources/b.txt", body: "المحاور: مرحبا؟\nالمترجم: أهلا.\n"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := qdpx.Read("fuzz.qdpx", bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		if p.Sources == nil {
			return
		}
		for _, s := range p.Sources.Text {
			if s.Text == "" {
				continue
			}
			for _, sel := range s.Selections {
				if sel.Dropped != "" {
					continue
				}
				if _, ok := ownwords.Slice(s.Text, sel.Start, sel.End); !ok || sel.End <= sel.Start {
					t.Fatalf("selection [%d,%d) placed outside a text of %d code points", sel.Start, sel.End, utf8.RuneCountInString(s.Text))
				}
			}
		}
	})
}

// textsQDE is a project whose second source is the Arabic original of the
// first (texts.go), as ownwords exports it.
const textsQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Variables>
<Variable guid="22222222-2222-2222-2222-222222222221" name="ownwords text of" typeOfVariable="Text"/>
<Variable guid="22222222-2222-2222-2222-222222222222" name="ownwords text role" typeOfVariable="Text"/>
<Variable guid="22222222-2222-2222-2222-222222222223" name="ownwords text language" typeOfVariable="Text"/></Variables>
<Sources><TextSource guid="11111111-1111-1111-1111-111111111111" name="iv" plainTextPath="internal://a.txt">
<PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="13" endPosition="22"/></TextSource>
<TextSource guid="11111111-1111-1111-1111-111111111112" name="iv [ar original]" plainTextPath="internal://b.txt">
<VariableValue><VariableRef targetGUID="22222222-2222-2222-2222-222222222221"/><TextValue>11111111-1111-1111-1111-111111111111</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="22222222-2222-2222-2222-222222222222"/><TextValue>original</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="22222222-2222-2222-2222-222222222223"/><TextValue>ar</TextValue></VariableValue>
</TextSource></Sources></Project>`
