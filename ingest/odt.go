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

// odtSkipped are elements whose text is not the document's: footnotes and
// endnotes, comments, the tracked-changes log (it holds deleted text), and
// image titles and descriptions.
var odtSkipped = map[xml.Name]bool{
	{Space: nsODFText, Local: "note"}:            true,
	{Space: nsODFText, Local: "tracked-changes"}: true,
	{Space: nsODFOffice, Local: "annotation"}:    true,
	{Space: nsSVG, Local: "title"}:               true,
	{Space: nsSVG, Local: "desc"}:                true,
}

// readODT extracts the body text of an OpenDocument text file. Character
// data is white-space collapsed as ODF 1.3 §6.1.2 requires; text:s, text:tab
// and text:line-break carry the spaces, tabs and breaks that count.
func readODT(name string, r io.Reader) (string, error) {
	a, err := openArchive(name, r, defaultArchiveLimits, "an .odt file", "if it is an old .doc or .sxw file, save it as .odt")
	if err != nil {
		return "", err
	}
	if mt, err := a.readEntry("mimetype"); err == nil {
		if m := strings.TrimSpace(string(mt)); !strings.HasPrefix(m, "application/vnd.oasis.opendocument.text") {
			return "", inputErrorf(name, "", "the archive is a %q document, not a text document; import text documents (.odt) only", m)
		}
	} else if !errors.Is(err, errNoEntry) {
		return "", err
	}
	rc, err := a.open("content.xml")
	if errors.Is(err, errNoEntry) {
		return "", inputErrorf(name, "", "no content.xml in the archive; this is not an OpenDocument file")
	}
	if err != nil {
		return "", err
	}
	defer rc.Close()
	o := &odtWalker{f: newFlattener(name)}
	if err := walkXML(name, "content.xml", rc, o.token); err != nil {
		return "", err
	}
	return o.f.result(), nil
}

// odtWalker flattens content.xml.
type odtWalker struct {
	f       *flattener
	skip    int  // depth inside a skipped element
	body    int  // depth inside office:body
	pending bool // a collapsed space waits to be written before more text
}

func (o *odtWalker) token(_ *xml.Decoder, tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		if o.skip > 0 || odtSkipped[t.Name] {
			o.skip++
			return nil
		}
		if t.Name.Space == nsODFOffice && t.Name.Local == "body" || o.body > 0 {
			o.body++
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
		if o.f.parent() == framePara {
			o.pending = false // trailing white space of a paragraph is ignored
		}
		return o.f.end()
	case xml.CharData:
		if o.skip == 0 && o.body > 0 {
			return o.chars(string(t))
		}
	}
	return nil
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
