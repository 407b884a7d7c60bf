package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"slices"
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
	"del": true, "delText": true, "instrText": true, "delInstrText": true,
	"moveFrom": true, "fldData": true,
}

// readDocxDoc extracts the main document of a .docx file with its marks
// (see rawDoc), counts its tracked changes, and reads the footnotes,
// endnotes and comments it refers to.
func readDocxDoc(name string, r io.Reader) (*rawDoc, error) {
	a, err := openArchive(name, r, defaultArchiveLimits, "a .docx file", "if it is an old .doc file, save it as .docx")
	if err != nil {
		return nil, err
	}
	part, err := docxMainPart(a)
	if err != nil {
		return nil, err
	}
	rc, err := a.open(part)
	if errors.Is(err, errNoEntry) {
		return nil, inputErrorf(name, "", "no main document (%s) in the archive; this is not a Word document", part)
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := newRawDoc()
	w := &docxWalker{f: newFlattener(name), d: d, started: map[string]bool{}}
	if err := walkXML(name, part, rc, w.token); err != nil {
		return nil, err
	}
	d.text, d.marks = w.f.result(), w.f.marks
	if len(d.marks) == 0 {
		return d, nil
	}
	dir := path.Dir(part)
	targets, err := docxRelTargets(a, path.Join(dir, "_rels", path.Base(part)+".rels"), dir)
	if err != nil {
		return nil, err
	}
	for _, kind := range []string{"footnotes", "endnotes", "comments"} {
		target := targets[kind]
		if target == "" {
			target = path.Join(dir, kind+".xml")
		}
		b, err := a.readEntry(target)
		if errors.Is(err, errNoEntry) {
			continue
		}
		if err != nil {
			return nil, err
		}
		item := strings.TrimSuffix(kind, "s") // footnote, endnote, comment
		err = docxItems(name, target, b, item, func(t xml.StartElement, text string) {
			id := attr(t, t.Name.Space, "id")
			switch item {
			case "comment":
				c := d.comment(id)
				c.author, c.date, c.text = attr(t, t.Name.Space, "author"), attr(t, t.Name.Space, "date"), text
			default:
				if typ := attr(t, t.Name.Space, "type"); typ == "" || typ == "normal" {
					d.notes[item[:1]+id] = noteItem{text: text, endnote: item == "endnote"}
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// docxWalker flattens WordprocessingML. With d set (the main document) it
// counts tracked changes and marks comment ranges and note references;
// without (a footnote or comment's own text) it only flattens.
type docxWalker struct {
	f       *flattener
	d       *rawDoc
	skip    int
	open    []string        // local names of the open elements not skipped
	started map[string]bool // comments whose range start was seen
}

func (w *docxWalker) token(_ *xml.Decoder, tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		if w.skip > 0 {
			w.skip++
			return nil
		}
		if err := w.revision(t); err != nil {
			return err
		}
		if docxSkip(t.Name) {
			w.skip++
			return nil
		}
		w.open = append(w.open, t.Name.Local)
		return docxStart(w.f, t)
	case xml.EndElement:
		if w.skip > 0 {
			w.skip--
			return nil
		}
		if len(w.open) > 0 {
			w.open = w.open[:len(w.open)-1]
		}
		return w.f.end()
	case xml.CharData:
		if w.skip == 0 && w.f.parent() == frameText {
			return w.f.write(string(t))
		}
	}
	return nil
}

// revision counts a tracked change and marks a comment or note reference
// of the main document. w:ins and w:del inside properties (w:rPr, w:trPr
// …) mark a paragraph mark or row, not text: they are not counted.
func (w *docxWalker) revision(t xml.StartElement) error {
	if w.d == nil || !isWordML(t.Name) || slices.ContainsFunc(w.open, func(n string) bool { return strings.HasSuffix(n, "Pr") }) {
		return nil
	}
	id := attr(t, t.Name.Space, "id")
	switch t.Name.Local {
	case "ins":
		w.d.rev.Insertions++
	case "del":
		w.d.rev.Deletions++
	case "moveFrom":
		w.d.rev.Moves++
	case "footnoteReference":
		return w.f.mark(markNote, "f"+id)
	case "endnoteReference":
		return w.f.mark(markNote, "e"+id)
	case "commentRangeStart":
		w.started[id] = true
		w.d.comment(id)
		return w.f.mark(markStart, id)
	case "commentRangeEnd":
		return w.f.mark(markEnd, id)
	case "commentReference":
		if w.started[id] {
			return nil
		}
		// A comment without a range: on the point of its reference.
		w.started[id] = true
		w.d.comment(id)
		if err := w.f.mark(markStart, id); err != nil {
			return err
		}
		return w.f.mark(markEnd, id)
	}
	return nil
}

// docxItems flattens each item element (w:footnote, w:endnote, w:comment)
// of a part and calls fn with its start element and text.
func docxItems(name, part string, b []byte, item string, fn func(t xml.StartElement, text string)) error {
	var cur *docxWalker
	var start xml.StartElement
	depth := 0
	return walkXML(name, part, bytes.NewReader(b), func(dec *xml.Decoder, tok xml.Token) error {
		if cur == nil {
			if t, ok := tok.(xml.StartElement); ok && isWordML(t.Name) && t.Name.Local == item {
				cur, start, depth = &docxWalker{f: newFlattener(name)}, t.Copy(), 1
			}
			return nil
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth--; depth == 0 {
				fn(start, stripMarks(cur.f.result()))
				cur = nil
				return nil
			}
		}
		return cur.token(dec, tok)
	})
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
	targets, err := docxRelTargets(a, "_rels/.rels", "")
	if err != nil {
		return "", err
	}
	if t := targets["officeDocument"]; t != "" {
		return t, nil
	}
	return fallback, nil
}

// docxRelTargets reads a relationships part: the first internal target of
// each relationship type (named by the last element of its URI), resolved
// against dir. A missing part has none.
func docxRelTargets(a *archive, rels, dir string) (map[string]string, error) {
	out := map[string]string{}
	b, err := a.readEntry(rels)
	if errors.Is(err, errNoEntry) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	err = walkXML(a.name, rels, bytes.NewReader(b), func(_ *xml.Decoder, tok xml.Token) error {
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Space != nsPackageRels || t.Name.Local != "Relationship" || attr(t, "", "TargetMode") == "External" {
			return nil
		}
		typ := path.Base(attr(t, "", "Type"))
		target := attr(t, "", "Target")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Clean(path.Join(dir, target))
		}
		if out[typ] == "" && target != "" && target != "." {
			out[typ] = target
		}
		return nil
	})
	return out, err
}
