package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// XML namespaces of WordprocessingML (transitional and strict), markup
// compatibility and OPC relationships.
const (
	nsWordML       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordMLStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMarkupCompat = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsPackageRels  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// docxSkipped are WordprocessingML elements whose text is not document
// content: deleted and moved-away revisions, field instructions, embedded
// field data.
var docxSkipped = map[string]bool{
	"delText": true, "instrText": true, "delInstrText": true,
	"moveFrom": true, "fldData": true,
}

// readDocx extracts the main document's text from a .docx file.
func readDocx(name string, r io.Reader) (string, error) {
	a, err := openArchive(name, r, defaultArchiveLimits, "a .docx file", "if it is an old .doc file, save it as .docx")
	if err != nil {
		return "", err
	}
	part, err := docxMainPart(a)
	if err != nil {
		return "", err
	}
	rc, err := a.open(part)
	if errors.Is(err, errNoEntry) {
		return "", inputErrorf(name, "", "no main document (%s) in the archive; this is not a Word document", part)
	}
	if err != nil {
		return "", err
	}
	defer rc.Close()
	f := newFlattener(name)
	skip := 0
	err = walkXML(name, part, rc, func(_ *xml.Decoder, tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 || docxSkip(t.Name) {
				skip++
				return nil
			}
			return docxStart(f, t)
		case xml.EndElement:
			if skip > 0 {
				skip--
				return nil
			}
			return f.end()
		case xml.CharData:
			if skip == 0 && f.parent() == frameText {
				return f.write(string(t))
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return f.result(), nil
}

func isWordML(n xml.Name) bool { return n.Space == nsWordML || n.Space == nsWordMLStrict }

func docxSkip(n xml.Name) bool {
	// mc:Fallback repeats the content of mc:Choice for older readers.
	return isWordML(n) && docxSkipped[n.Local] || n.Space == nsMarkupCompat && n.Local == "Fallback"
}

// docxText maps run-level WordprocessingML elements to the text they
// stand for. w:tab also defines tab stops inside w:pPr, so these count only
// directly inside a run.
var docxText = map[string]string{"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}

// docxStart handles a start element; every call records exactly one
// element (see flattener.start) so that the matching end closes it.
func docxStart(f *flattener, t xml.StartElement) error {
	if !isWordML(t.Name) {
		f.start(frameNone)
		return nil
	}
	switch t.Name.Local {
	case "p":
		f.start(framePara)
	case "tbl":
		f.start(frameTable)
	case "tr":
		f.start(frameRow)
	case "tc":
		f.start(frameCell)
	case "r":
		f.start(frameRun)
	case "t":
		f.start(frameText)
	default:
		inRun := f.parent() == frameRun
		f.start(frameNone)
		if s, ok := docxText[t.Name.Local]; ok && inRun {
			return f.write(s)
		}
	}
	return nil
}

// docxMainPart finds the main document part through the package
// relationships, defaulting to word/document.xml. External targets are
// ignored: nothing is ever fetched.
func docxMainPart(a *archive) (string, error) {
	const fallback = "word/document.xml"
	b, err := a.readEntry("_rels/.rels")
	if errors.Is(err, errNoEntry) {
		return fallback, nil
	}
	if err != nil {
		return "", err
	}
	target := ""
	err = walkXML(a.name, "_rels/.rels", bytes.NewReader(b), func(_ *xml.Decoder, tok xml.Token) error {
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Space != nsPackageRels || t.Name.Local != "Relationship" || target != "" {
			return nil
		}
		if strings.HasSuffix(attr(t, "", "Type"), "/officeDocument") && attr(t, "", "TargetMode") != "External" {
			target = attr(t, "", "Target")
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	target = path.Clean("/" + target)[1:]
	if target == "" || target == "." {
		return fallback, nil
	}
	return target, nil
}
