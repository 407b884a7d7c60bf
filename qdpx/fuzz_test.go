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
