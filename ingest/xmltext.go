package ingest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"ownwords"
)

// maxXMLDepth bounds element nesting; real documents stay below 40.
const maxXMLDepth = 512

// walkXML feeds every token of one XML part to fn. It refuses DOCTYPE and
// other <!...> declarations (entity definitions are the route to "billion
// laughs" expansion, and no office format needs them) and absurd nesting, and
// turns syntax errors into input errors naming the part and line.
func walkXML(name, part string, r io.Reader, fn func(d *xml.Decoder, tok xml.Token) error) error {
	d := xml.NewDecoder(r)
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return inputErrorf(name, fmt.Sprintf("%s line %d", part, se.Line), "malformed XML (%s); the file is damaged: open and save it again", se.Msg)
			}
			return inputErrorf(name, part, "cannot read (%v); the file is damaged: open and save it again", err)
		}
		switch tok.(type) {
		case xml.Directive:
			// Office formats never need one; refuse all, not only DOCTYPE.
			line, _ := d.InputPos()
			return inputErrorf(name, fmt.Sprintf("%s line %d", part, line), "XML with a DOCTYPE or other <!...> declaration is refused (it can define entities that expand without bound); save the document again from a word processor")
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				line, _ := d.InputPos()
				return inputErrorf(name, fmt.Sprintf("%s line %d", part, line), "XML nested deeper than %d elements; refused", maxXMLDepth)
			}
		case xml.EndElement:
			depth--
		}
		if err := fn(d, tok); err != nil {
			return err
		}
	}
}

// attr returns the value of the attribute with the given namespace and
// local name, or "".
func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// Kinds of flattener frames.
const (
	frameDoc = iota
	frameTable
	frameRow
	frameCell
	framePara
	// Kinds from frameNone on add no structure; the text kinds mark
	// elements whose character data or children are document text.
	frameNone
	frameText // an element whose character data is text (w:t)
	frameRun  // a run (w:r), whose w:tab and w:br are text
)

// frame is an open structural element of a document being flattened.
type frame struct {
	kind   int
	parts  []string        // closed children: blocks, rows, cells or cell paragraphs
	text   strings.Builder // a paragraph's own text
	repeat int             // an empty cell stands for this many cells (ODF)
}

// flattener turns a document tree into text (see the package
// documentation for the layout). Every start element is recorded, with
// frameNone when it adds no structure, and every end element closes what
// its start opened, so frames stay balanced even for documents that nest
// tables and paragraphs oddly.
type flattener struct {
	name  string
	elems []int    // kind of each open XML element
	stack []*frame // open structural frames; stack[0] is the document
	size  int
	marks []mark // in text order
}

func newFlattener(name string) *flattener {
	return &flattener{name: name, stack: []*frame{{kind: frameDoc}}}
}

// start records a start element; for a structural kind it opens a frame
// and returns it, else it returns nil.
func (f *flattener) start(kind int) *frame {
	f.elems = append(f.elems, kind)
	if kind >= frameNone {
		return nil
	}
	fr := &frame{kind: kind, repeat: 1}
	f.stack = append(f.stack, fr)
	return fr
}

// end records an end element, closing its frame if it opened one: the
// frame's text goes to its parent.
func (f *flattener) end() error {
	if len(f.elems) == 0 {
		return nil
	}
	kind := f.elems[len(f.elems)-1]
	f.elems = f.elems[:len(f.elems)-1]
	if kind >= frameNone {
		return nil
	}
	fr := f.stack[len(f.stack)-1]
	f.stack = f.stack[:len(f.stack)-1]
	parent := f.stack[len(f.stack)-1]
	s := fr.render()
	if fr.kind == frameTable && s == "" {
		return nil
	}
	n := 1
	if s == "" {
		n = fr.repeat
	}
	// Separators and repeated empty cells count against the size limit too.
	if f.size += len(s) + n; f.size > ownwords.MaxTranscriptBytes {
		return tooLarge(f.name)
	}
	for range n {
		if parent.kind == framePara {
			parent.text.WriteString("\n" + s)
		} else {
			parent.parts = append(parent.parts, s)
		}
	}
	return nil
}

// render joins a frame's content according to its kind.
func (fr *frame) render() string {
	switch fr.kind {
	case framePara:
		return fr.text.String()
	case frameCell:
		return strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, strings.Join(fr.parts, " "))
	case frameRow:
		end := len(fr.parts)
		for end > 0 && fr.parts[end-1] == "" {
			end--
		}
		return strings.Join(fr.parts[:end], "\t")
	case frameTable:
		var rows []string
		for _, r := range fr.parts {
			if r != "" {
				rows = append(rows, r)
			}
		}
		return strings.Join(rows, "\n")
	}
	return strings.Join(fr.parts, "\n")
}

// parent returns the kind of the innermost open XML element, or frameNone.
func (f *flattener) parent() int {
	if len(f.elems) == 0 {
		return frameNone
	}
	return f.elems[len(f.elems)-1]
}

// inPara reports whether text written now lands in a paragraph.
func (f *flattener) inPara() bool { return f.stack[len(f.stack)-1].kind == framePara }

// write adds text to the innermost paragraph; text outside any paragraph
// is not document content and is dropped, and so are the noncharacters
// used as marks (see mark).
func (f *flattener) write(s string) error {
	if !f.inPara() {
		return nil
	}
	return f.put(stripMarks(s))
}

// stripMarks removes the noncharacters used as marks from s.
func stripMarks(s string) string {
	if !strings.ContainsAny(s, markChars) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(markChars, r) {
			return -1
		}
		return r
	}, s)
}

// mark puts mark r of key into the innermost paragraph, as rawDoc.document
// reads marks; outside a paragraph it puts none.
func (f *flattener) mark(r rune, key string) error {
	if !f.inPara() {
		return nil
	}
	f.marks = append(f.marks, mark{r: r, key: key})
	return f.put(string(r))
}

// put adds s to the innermost paragraph.
func (f *flattener) put(s string) error {
	if f.size += len(s); f.size > ownwords.MaxTranscriptBytes {
		return tooLarge(f.name)
	}
	f.stack[len(f.stack)-1].text.WriteString(s)
	return nil
}

// result returns the flattened document.
func (f *flattener) result() string { return f.stack[0].render() }
