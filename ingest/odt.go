package ingest

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// XML namespaces of OpenDocument.
const (
	nsODFOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsODFText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsODFTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsSVG       = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
)

// maxODFRepeat caps table:number-columns-repeated, which spreadsheets set
// to thousands for trailing empty cells.
const maxODFRepeat = 1024

// nsDC is the Dublin Core namespace of a comment's author and date.
const nsDC = "http://purl.org/dc/elements/1.1/"

// odtSkipped are elements whose text is not the document's: the
// tracked-changes log (it holds deleted text; its changes are counted),
// a note's citation (the number shown; ownwords numbers notes itself),
// and image titles and descriptions. Footnotes, endnotes and comments
// are read apart (odtWalker.sub).
var odtSkipped = map[xml.Name]bool{
	{Space: nsODFText, Local: "tracked-changes"}: true,
	{Space: nsODFText, Local: "note-citation"}:   true,
	{Space: nsSVG, Local: "title"}:               true,
	{Space: nsSVG, Local: "desc"}:                true,
}

var (
	odtNote          = xml.Name{Space: nsODFText, Local: "note"}
	odtAnnotation    = xml.Name{Space: nsODFOffice, Local: "annotation"}
	odtAnnotationEnd = xml.Name{Space: nsODFOffice, Local: "annotation-end"}
)

// readODTDoc extracts the body text of an OpenDocument text file with
// its marks (see rawDoc), its footnotes, endnotes and comments, and counts
// its tracked changes. Character data is white-space collapsed as ODF 1.3
// §6.1.2 requires; text:s, text:tab and text:line-break carry the spaces,
// tabs and breaks that count.
func readODTDoc(name string, r io.Reader) (*rawDoc, error) {
	a, err := openArchive(name, r, defaultArchiveLimits, "an .odt file", "if it is an old .doc or .sxw file, save it as .odt")
	if err != nil {
		return nil, err
	}
	if mt, err := a.readEntry("mimetype"); err == nil {
		if m := strings.TrimSpace(string(mt)); !strings.HasPrefix(m, "application/vnd.oasis.opendocument.text") {
			return nil, inputErrorf(name, "", "the archive is a %q document, not a text document; import text documents (.odt) only", m)
		}
	} else if !errors.Is(err, errNoEntry) {
		return nil, err
	}
	rc, err := a.open("content.xml")
	if errors.Is(err, errNoEntry) {
		return nil, inputErrorf(name, "", "no content.xml in the archive; this is not an OpenDocument file")
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	o := &odtWalker{name: name, f: newFlattener(name), d: newRawDoc()}
	if err := walkXML(name, "content.xml", rc, o.token); err != nil {
		return nil, err
	}
	o.d.text, o.d.marks = o.f.result(), o.f.marks
	return o.d, nil
}

// odtWalker flattens content.xml.
type odtWalker struct {
	name    string
	f       *flattener
	d       *rawDoc
	skip    int      // depth inside a skipped element
	skipped xml.Name // the skipped element
	body    int      // depth inside office:body
	pending bool     // a collapsed space waits to be written before more text
	sub     *odtSub  // the note or comment being read
	notes   int
}

// odtSub is a note or comment read into a flattener of its own.
type odtSub struct {
	key     string
	comment *commentItem // nil for a note
	endnote bool
	depth   int
	main    *flattener
	pending bool
	field   *string // the dc:creator or dc:date being read
}

func (o *odtWalker) token(_ *xml.Decoder, tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		if o.skip > 0 || odtSkipped[t.Name] || o.sub != nil && (t.Name == odtNote || t.Name == odtAnnotation) {
			if o.skip == 0 {
				o.skipped = t.Name
			}
			o.skip++
			o.countChange(t)
			return nil
		}
		if t.Name.Space == nsODFOffice && t.Name.Local == "body" || o.body > 0 {
			o.body++
		}
		if o.body > 0 && (t.Name == odtNote || t.Name == odtAnnotation) {
			return o.openSub(t)
		}
		if o.sub != nil {
			o.sub.depth++
			if t.Name.Space == nsDC && o.sub.comment != nil {
				switch t.Name.Local {
				case "creator":
					o.sub.field = &o.sub.comment.author
				case "date":
					o.sub.field = &o.sub.comment.date
				}
			}
		} else if t.Name == odtAnnotationEnd && o.body > 0 {
			// The end of a comment's range; its start is the comment.
			o.f.start(frameNone)
			return o.f.mark(markEnd, "n:"+attr(t, nsODFOffice, "name"))
		}
		return o.start(t)
	case xml.EndElement:
		if o.skip > 0 {
			o.skip--
			return nil
		}
		if o.body > 0 {
			o.body--
		}
		if o.sub != nil {
			o.sub.field = nil
			if o.sub.depth--; o.sub.depth == 0 {
				return o.closeSub()
			}
		}
		if o.f.parent() == framePara {
			o.pending = false // trailing white space of a paragraph is ignored
		}
		return o.f.end()
	case xml.CharData:
		if o.sub != nil && o.sub.field != nil {
			*o.sub.field += string(t)
			return nil
		}
		if o.skip == 0 && o.body > 0 {
			return o.chars(string(t))
		}
	}
	return nil
}

// countChange counts the changes of the tracked-changes log.
func (o *odtWalker) countChange(t xml.StartElement) {
	if o.skipped != (xml.Name{Space: nsODFText, Local: "tracked-changes"}) || t.Name.Space != nsODFText {
		return
	}
	switch t.Name.Local {
	case "insertion":
		o.d.rev.Insertions++
	case "deletion":
		o.d.rev.Deletions++
	}
}

// openSub starts reading a note (marked where it stands) or a comment
// (its range starting here; a comment without office:name is on this
// point) into a flattener of its own.
func (o *odtWalker) openSub(t xml.StartElement) error {
	o.f.start(frameNone) // closed by the element's end in the main text
	s := &odtSub{depth: 1, main: o.f, pending: o.pending}
	if t.Name == odtNote {
		o.notes++
		s.key = "n" + strconv.Itoa(o.notes)
		s.endnote = attr(t, nsODFText, "note-class") == "endnote"
		if err := o.f.mark(markNote, s.key); err != nil {
			return err
		}
	} else {
		s.key = "n:" + attr(t, nsODFOffice, "name")
		if s.key == "n:" {
			s.key = "p" + strconv.Itoa(len(o.d.order))
		}
		s.comment = o.d.comment(s.key)
		if err := o.f.mark(markStart, s.key); err != nil {
			return err
		}
	}
	o.sub, o.f, o.pending = s, newFlattener(o.name), false
	return nil
}

// closeSub keeps what the note or comment said and returns to the text.
func (o *odtWalker) closeSub() error {
	s := o.sub
	text := stripMarks(o.f.result())
	o.sub, o.f, o.pending = nil, s.main, s.pending
	if s.comment == nil {
		o.d.notes[s.key] = noteItem{text: text, endnote: s.endnote}
	} else {
		s.comment.text = text
		if strings.HasPrefix(s.key, "p") {
			if err := o.f.mark(markEnd, s.key); err != nil {
				return err
			}
		}
	}
	return o.f.end()
}

// start records one element (see flattener.start).
func (o *odtWalker) start(t xml.StartElement) error {
	f := o.f
	if o.body == 0 {
		f.start(frameNone)
		return nil
	}
	switch t.Name {
	case xml.Name{Space: nsODFText, Local: "p"}, xml.Name{Space: nsODFText, Local: "h"}:
		f.start(framePara)
		o.pending = false
	case xml.Name{Space: nsODFTable, Local: "table"}:
		f.start(frameTable)
	case xml.Name{Space: nsODFTable, Local: "table-row"}:
		f.start(frameRow)
	case xml.Name{Space: nsODFTable, Local: "table-cell"}, xml.Name{Space: nsODFTable, Local: "covered-table-cell"}:
		fr := f.start(frameCell)
		if n, err := strconv.Atoi(attr(t, nsODFTable, "number-columns-repeated")); err == nil && n > 1 {
			fr.repeat = min(n, maxODFRepeat)
		}
	case xml.Name{Space: nsODFText, Local: "s"}:
		f.start(frameNone)
		n, err := strconv.Atoi(attr(t, nsODFText, "c"))
		if err != nil || n < 1 {
			n = 1
		}
		return o.literal(strings.Repeat(" ", min(n, maxODFRepeat)))
	case xml.Name{Space: nsODFText, Local: "tab"}:
		f.start(frameNone)
		return o.literal("\t")
	case xml.Name{Space: nsODFText, Local: "line-break"}:
		f.start(frameNone)
		return o.literal("\n")
	default:
		f.start(frameNone)
	}
	return nil
}

// literal writes text that is not subject to white-space collapsing.
func (o *odtWalker) literal(s string) error {
	if !o.f.inPara() {
		return nil
	}
	if err := o.flushSpace(); err != nil {
		return err
	}
	return o.f.write(s)
}

// chars writes character data, collapsing each run of white space to one
// space and dropping it at the start and end of a paragraph.
func (o *odtWalker) chars(s string) error {
	if !o.f.inPara() {
		return nil
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	if len(words) == 0 {
		if s != "" {
			o.markSpace()
		}
		return nil
	}
	if isODFSpace(s[0]) {
		o.markSpace()
	}
	for i, w := range words {
		if i > 0 {
			o.markSpace()
		}
		if err := o.flushSpace(); err != nil {
			return err
		}
		if err := o.f.write(w); err != nil {
			return err
		}
	}
	if isODFSpace(s[len(s)-1]) {
		o.markSpace()
	}
	return nil
}

func isODFSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// markSpace records collapsed white space, unless the paragraph has no
// text yet (leading white space is ignored).
func (o *odtWalker) markSpace() {
	top := o.f.stack[len(o.f.stack)-1]
	if top.text.Len() > 0 {
		o.pending = true
	}
}

// flushSpace writes a pending collapsed space before more text.
func (o *odtWalker) flushSpace() error {
	if !o.pending {
		return nil
	}
	o.pending = false
	return o.f.write(" ")
}
